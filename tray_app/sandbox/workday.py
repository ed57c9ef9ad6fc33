"""The workday a workspace expects of its members: each member's profile (work capacity, working
days, week start) and the workspace's holidays, with Clockify's rules for changing them; built
on the catalog (``catalog``), under the accounts' lock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tray_app.sandbox.catalog import Catalog
from tray_app.sandbox.wire import ApiError, Json, optional_flag, optional_text, read_date

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
# A day's capacity as Clockify writes it: whole hours and minutes, at most a day.
CAPACITY = re.compile(r"^PT(?:(?P<h>\d{1,2})H)?(?:(?P<m>\d{1,2})M)?$")
HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_PROFILE: Json = {
    "workCapacity": "PT8H",
    "workingDays": list(WEEKDAYS[:5]),
}
# What a member may change in their own profile; the rest (capacity, working days) is the
# workspace's to set, so admins and owners only.
OWN_PROFILE_FIELDS = {"name", "imageUrl", "removeProfileImage", "weekStart", "userCustomFields"}


def one_of(body: Json, key: str, allowed: tuple[str, ...] | set[str]) -> str | None:
    """An enum field, or None when absent or null; anything else is Clockify's 400."""
    value = body.get(key)
    if value is not None and (not isinstance(value, str) or value not in allowed):
        raise ApiError(400, f"Field '{key}' must be one of {', '.join(sorted(allowed))}", 501)
    return value


def is_id_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def sub_object(body: Json, key: str) -> Json:
    """A nested object field ({} when absent or null); anything else is Clockify's 400."""
    value = body.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ApiError(400, f"Field '{key}' must be an object", 501)
    return value


class Workday(Catalog):
    """Member profiles and holidays, on top of the catalog; every method takes the lock.

    Attributes:
        clock: the moment changes are stamped with (tests and seeds give their own).
    """

    def __init__(self, *, seed: int = 7) -> None:
        super().__init__(seed=seed)
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC).replace(microsecond=0)
        self.profiles: dict[tuple[str, str], Json] = {}  # (workspace, user) -> what is set
        self.holidays: dict[str, Json] = {}

    # --- time in a member's zone -----------------------------------------------------------

    def zone_of(self, user_id: str) -> ZoneInfo:
        try:
            return ZoneInfo(self.users[user_id]["settings"]["timeZone"])
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def day_span(self, user_id: str, first: date, last: date) -> tuple[datetime, datetime]:
        """From the start of ``first`` to the last second of ``last``, in the member's zone,
        as Clockify writes whole days (in UTC)."""
        zone = self.zone_of(user_id)
        try:
            start = datetime.combine(first, time(0), tzinfo=zone)
            end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
            return start.astimezone(UTC), (end - timedelta(seconds=1)).astimezone(UTC)
        except OverflowError:  # the first or the last day of the calendar
            raise ApiError(400, f"The period {first} to {last} is out of range", 501) from None

    def local_day(self, user_id: str, moment: datetime) -> date:
        """The member's day ``moment`` falls on."""
        try:
            return moment.astimezone(self.zone_of(user_id)).date()
        except OverflowError:
            raise ApiError(400, f"{moment} is out of range", 501) from None

    # --- member profiles --------------------------------------------------------------------

    def profile_of(self, workspace_id: str, user_id: str) -> Json:
        """What the workspace expects of a member (made with the defaults at first sight)."""
        with self.lock:
            stored = self.profiles.get((workspace_id, user_id))
            if stored is None:
                week_start = self.users[user_id]["settings"].get("weekStart", "MONDAY")
                stored = {**DEFAULT_PROFILE, "weekStart": week_start}
                stored["workingDays"] = list(DEFAULT_PROFILE["workingDays"])
                self.profiles[(workspace_id, user_id)] = stored
            return stored

    def profile_json(self, workspace_id: str, user_id: str) -> Json:
        """MemberProfileDtoV1 (without ``hasPendingApprovalRequest``, which approvals know)."""
        with self.lock:
            profile, user = self.profile_of(workspace_id, user_id), self.users[user_id]
            return {
                "email": user["email"],
                "hasPassword": True,
                "imageUrl": user["profilePicture"],
                "name": user["name"],
                "userCustomFieldValues": [],
                "weekStart": profile["weekStart"],
                "workCapacity": profile["workCapacity"],
                "workingDays": list(profile["workingDays"]),
                "workspaceNumber": len(self.workspaces_of(user_id)),
            }

    def update_profile(self, workspace_id: str, writer_id: str, user_id: str, body: Json) -> None:
        """Change a member's profile: admins and owners anything, a member their own name,
        picture and week start (capacity and working days are the workspace's to set)."""
        if not self.is_admin(workspace_id, writer_id) and (
            writer_id != user_id or set(body) - OWN_PROFILE_FIELDS
        ):
            raise ApiError(403, "Access Denied", 1003)
        capacity = optional_text(body, "workCapacity")
        match = CAPACITY.match(capacity) if capacity is not None else None
        if capacity is not None and (
            match is None
            or capacity == "PT"
            or int(match["h"] or 0) * 60 + int(match["m"] or 0) > 24 * 60
            or int(match["m"] or 0) >= 60
        ):
            raise ApiError(400, f"Invalid work capacity: {capacity}", 501)
        days = body.get("workingDays")
        if days is not None and (
            not isinstance(days, list)
            or not all(isinstance(d, str) and d in WEEKDAYS for d in days)
        ):
            raise ApiError(400, "Field 'workingDays' must be a list of days of the week", 501)
        week_start = one_of(body, "weekStart", WEEKDAYS)
        name = optional_text(body, "name", limit=100)
        if name is not None and not name.strip():
            raise ApiError(400, "Field 'name' cannot be blank", 501)
        image = optional_text(body, "imageUrl")
        remove_image = optional_flag(body, "removeProfileImage")
        custom = body.get("userCustomFields")
        if custom is not None and not isinstance(custom, list):
            raise ApiError(400, "Field 'userCustomFields' must be a list", 501)
        if custom:  # no user custom fields exist here
            raise ApiError(400, "Custom field doesn't belong to Workspace", 501)
        with self.lock:
            profile = self.profile_of(workspace_id, user_id)
            if capacity is not None:
                profile["workCapacity"] = capacity
            if days is not None:
                profile["workingDays"] = [d for d in WEEKDAYS if d in days]
            if week_start is not None:
                profile["weekStart"] = week_start
            user = self.users[user_id]
            if name is not None:
                user["name"] = name.strip()
            if image is not None:
                user["profilePicture"] = image
            if remove_image:
                user["profilePicture"] = ""

    # --- holidays ----------------------------------------------------------------------------

    def add_holiday(
        self,
        workspace_id: str,
        name: str,
        first: date,
        last: date | None = None,
        *,
        user_ids: list[str] | None = None,
        annual: bool = False,
    ) -> str:
        """A holiday for everyone in the workspace (or for ``user_ids`` only)."""
        body = {
            "name": name,
            "datePeriod": {"startDate": first.isoformat(), "endDate": (last or first).isoformat()},
            "occursAnnually": annual,
            "everyoneIncludingNew": user_ids is None,
            "users": {"contains": "CONTAINS", "ids": user_ids or []},
        }
        return str(self.create_holiday(workspace_id, body)["id"])

    def _holiday_fields(self, workspace_id: str, body: Json, *, update: bool) -> Json:
        name = optional_text(body, "name", limit=100)
        if name is None or len(name.strip()) < (1 if update else 2):
            raise ApiError(400, "Field 'name' is required (2 to 100 characters)", 501)
        period = sub_object(body, "datePeriod")
        first = read_date(period.get("startDate"), "datePeriod.startDate")
        last = read_date(period.get("endDate"), "datePeriod.endDate")
        if last < first:
            raise ApiError(400, "The holiday's end date is before its start date", 501)
        color = optional_text(body, "color")
        if color is not None and not HEX_COLOR.match(color):
            raise ApiError(400, "Field 'color' must be a color such as #8BC34A", 501)
        annual = optional_flag(body, "occursAnnually")
        if update and annual is None:
            raise ApiError(400, "Field 'occursAnnually' is required", 501)
        everyone = bool(optional_flag(body, "everyoneIncludingNew"))
        users = sub_object(body, "users")
        contains = one_of(users, "contains", {"CONTAINS", "DOES_NOT_CONTAIN", "CONTAINS_ONLY"})
        ids = users.get("ids") or []
        if not is_id_list(ids):
            raise ApiError(400, "Field 'users.ids' must be a list of ids", 501)
        members = self.members[workspace_id]
        if set(ids) - members:
            raise ApiError(400, "User doesn't belong to Workspace", 501)
        if sub_object(body, "userGroups").get("ids"):  # no user groups exist here
            raise ApiError(400, "User group doesn't belong to Workspace", 501)
        chosen = sorted(members - set(ids)) if contains == "DOES_NOT_CONTAIN" else list(ids)
        automatic = sub_object(body, "automaticTimeEntryCreation")
        defaults = sub_object(automatic, "defaultEntities")
        project_id = optional_text(defaults, "projectId") or None
        if project_id and self.project_in(workspace_id, project_id) is None:
            raise ApiError(400, "Project doesn't belong to Workspace", 501)
        return {
            "name": name.strip(),
            "first": first,
            "last": last,
            "color": color or "#8BC34A",
            "occursAnnually": bool(annual),
            "everyoneIncludingNew": everyone,
            "userIds": [] if everyone else chosen,
            "automatic": bool(optional_flag(automatic, "enabled")),
            "projectId": project_id,
            "taskId": optional_text(defaults, "taskId") or None,
        }

    def create_holiday(self, workspace_id: str, body: Json) -> Json:
        with self.lock:
            fields = self._holiday_fields(workspace_id, body, update=False)
            holiday = {"id": self.new_id(), "workspaceId": workspace_id, **fields}
            self.holidays[holiday["id"]] = holiday
            return holiday

    def holiday_in(self, workspace_id: str, holiday_id: str) -> Json:
        with self.lock:
            holiday = self.holidays.get(holiday_id)
            if holiday is None or holiday["workspaceId"] != workspace_id:
                raise ApiError(404, "Holiday not found", 501)
            return holiday

    def update_holiday(self, workspace_id: str, holiday_id: str, body: Json) -> Json:
        with self.lock:
            holiday = self.holiday_in(workspace_id, holiday_id)
            holiday.update(self._holiday_fields(workspace_id, body, update=True))
            return holiday

    def delete_holiday(self, workspace_id: str, holiday_id: str) -> Json:
        with self.lock:
            return self.holidays.pop(self.holiday_in(workspace_id, holiday_id)["id"])

    def holidays_of(self, workspace_id: str, user_id: str | None = None) -> list[Json]:
        """The workspace's holidays (those of ``user_id`` only, when given), earliest first."""
        with self.lock:
            found = [
                h
                for h in self.holidays.values()
                if h["workspaceId"] == workspace_id
                and (user_id is None or h["everyoneIncludingNew"] or user_id in h["userIds"])
            ]
        return sorted(found, key=lambda h: (h["first"], h["id"]))

    def holidays_between(
        self, workspace_id: str, user_id: str, first: date, last: date
    ) -> list[Json]:
        """The member's holidays on any day from ``first`` to ``last``; a yearly one as it
        falls in those years."""
        found = []
        for holiday in self.holidays_of(workspace_id, user_id):
            shifts, since = [0], holiday["first"].year
            if holiday["occursAnnually"]:  # from its first year on
                shifts = list(range(max(0, first.year - since - 1), last.year - since + 1))
            for years in shifts:
                start, end = _in_year(holiday["first"], years), _in_year(holiday["last"], years)
                if start is not None and end is not None and start <= last and end >= first:
                    found.append({**holiday, "first": start, "last": end})
                    break
        return found

    def days_off(self, workspace_id: str, user_id: str, first: date, last: date) -> set[date]:
        """The days from ``first`` to ``last`` a member is not expected to work: days outside
        their working days, and holidays."""
        working = set(self.profile_of(workspace_id, user_id)["workingDays"])
        span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        off = {day for day in span if WEEKDAYS[day.weekday()] not in working}
        for holiday in self.holidays_between(workspace_id, user_id, first, last):
            off |= {day for day in span if holiday["first"] <= day <= holiday["last"]}
        return off


def holiday_json(holiday: Json) -> Json:
    """HolidayDtoV1."""
    return {
        "id": holiday["id"],
        "name": holiday["name"],
        "workspaceId": holiday["workspaceId"],
        "datePeriod": {
            "startDate": holiday["first"].isoformat(),
            "endDate": holiday["last"].isoformat(),
        },
        "occursAnnually": holiday["occursAnnually"],
        "everyoneIncludingNew": holiday["everyoneIncludingNew"],
        "userIds": list(holiday["userIds"]),
        "userGroupIds": [],
        "automaticTimeEntryCreation": holiday["automatic"],
        "projectId": holiday["projectId"],
        "taskId": holiday["taskId"],
    }


def holiday_full_json(holiday: Json, names: Callable[[str], str]) -> Json:
    """HolidayDto, as a deleted holiday is answered: its users by name, its automatic entries'
    defaults spelled out."""
    short = holiday_json(holiday)
    return {
        **{k: v for k, v in short.items() if k not in ("projectId", "taskId")},
        "color": holiday["color"],
        "users": [{"id": u, "name": names(u)} for u in holiday["userIds"]],
        "userGroups": [],
        "automaticTimeEntryCreation": {
            "enabled": holiday["automatic"],
            "defaultEntities": {"projectId": holiday["projectId"], "taskId": holiday["taskId"]},
        },
    }


def _in_year(day: date, years: int) -> date | None:
    """``day`` moved by ``years`` (None for a 29 February that year has not)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return None
