"""Time off: a workspace's policies ("Vacation", "Sick leave") and its members' requests on
them, with Clockify's rules (a request on working days of a policy one belongs to, half days
where the policy allows them, no two requests on the same days, approved or rejected by admins);
built on the workday (``workday``), under the accounts' lock.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tray_app.sandbox.wire import (
    ApiError,
    Json,
    optional_flag,
    optional_text,
    read_date,
    read_time,
    wire_time,
)
from tray_app.sandbox.workday import Workday, is_id_list, one_of, sub_object

TIME_UNITS = ("DAYS", "HOURS")
HALVES = ("FIRST_HALF", "SECOND_HALF", "NOT_DEFINED")
REQUEST_STATES = ("PENDING", "APPROVED", "REJECTED", "ALL")


class TimeOff(Workday):
    """Time off policies and requests, on top of the workday; every method takes the lock."""

    def __init__(self, *, seed: int = 7) -> None:
        super().__init__(seed=seed)
        self.policies: dict[str, Json] = {}  # PolicyDtoV1, as served
        self.time_offs: dict[str, Json] = {}

    # --- policies ----------------------------------------------------------------------------

    def create_policy(self, workspace_id: str, body: Json) -> Json:
        name = optional_text(body, "name", limit=100)
        if name is None or len(name.strip()) < 2:
            raise ApiError(400, "Field 'name' is required (2 to 100 characters)", 501)
        approve = body.get("approve")
        if not isinstance(approve, dict):
            raise ApiError(400, "Field 'approve' is required", 501)
        flags = {
            key: bool(optional_flag(body, key))
            for key in ("allowHalfDay", "allowNegativeBalance", "archived", "everyoneIncludingNew")
        }
        unit = one_of(body, "timeUnit", TIME_UNITS) or "DAYS"
        one_of(
            body,
            "icon",
            {"UMBRELLA", "SNOWFLAKE", "FAMILY", "PLANE", "STETHOSCOPE"}
            | {"HEALTH_METRICS", "CHILDCARE", "LUGGAGE", "MONETIZATION", "CALENDAR"},
        )
        accrual = _amount(body, "automaticAccrual", unit)
        negative = _amount(body, "negativeBalance", unit)
        if negative is not None:
            negative["shouldReset"] = bool(
                optional_flag(sub_object(body, "negativeBalance"), "shouldReset")
            )
        users = sub_object(body, "users").get("ids") or []
        approvers = approve.get("userIds") or []
        with self.lock:
            members = self.members[workspace_id]
            for ids in (users, approvers):
                if not is_id_list(ids) or set(ids) - members:
                    raise ApiError(400, "User doesn't belong to Workspace", 501)
            if any(
                p["workspaceId"] == workspace_id and p["name"].casefold() == name.strip().casefold()
                for p in self.policies.values()
            ):
                raise ApiError(400, f"Policy with name '{name.strip()}' already exists", 501)
            automatic = sub_object(body, "automaticTimeEntryCreation")
            defaults = sub_object(automatic, "defaultEntities")
            policy: Json = {
                "id": self.new_id(),
                "name": name.strip(),
                "workspaceId": workspace_id,
                **flags,
                "approve": {
                    "requiresApproval": bool(optional_flag(approve, "requiresApproval")),
                    "specificMembers": bool(optional_flag(approve, "specificMembers")),
                    "teamManagers": bool(optional_flag(approve, "teamManagers")),
                    "userIds": list(approvers),
                },
                "automaticAccrual": accrual,
                "automaticTimeEntryCreation": {
                    "enabled": bool(optional_flag(automatic, "enabled")),
                    "defaultEntities": {
                        "projectId": optional_text(defaults, "projectId"),
                        "taskId": optional_text(defaults, "taskId"),
                    },
                },
                "negativeBalance": negative,
                "projectId": None,
                "timeUnit": unit,
                "userGroupIds": [],
                "userIds": [] if flags["everyoneIncludingNew"] else list(users),
            }
            self.policies[policy["id"]] = policy
            return policy

    def policy_in(self, workspace_id: str, policy_id: str) -> Json:
        with self.lock:
            policy = self.policies.get(policy_id)
            if policy is None or policy["workspaceId"] != workspace_id:
                raise ApiError(404, "Policy not found", 501)
            return policy

    # --- requests ------------------------------------------------------------------------------

    def request_time_off(
        self,
        workspace_id: str,
        user_id: str,
        policy_id: str,
        body: Json,
        *,
        at: datetime | None = None,
    ) -> Json:
        """A member's request on a policy: PENDING where the policy asks for approval, else
        APPROVED at once."""
        period_body = sub_object(body, "timeOffPeriod")
        span = period_body.get("period")
        if not isinstance(span, dict):
            raise ApiError(400, "Field 'timeOffPeriod.period' is required", 501)
        note = optional_text(body, "note", limit=3000) or ""
        half = bool(optional_flag(period_body, "isHalfDay"))
        half_period = one_of(period_body, "halfDayPeriod", HALVES) or one_of(
            period_body, "timeOffHalfDayPeriod", HALVES
        )
        with self.lock:
            policy = self.policy_in(workspace_id, policy_id)
            if policy["archived"]:
                raise ApiError(400, "Policy is archived", 501)
            if not (policy["everyoneIncludingNew"] or user_id in policy["userIds"]):
                raise ApiError(400, "User is not assigned to this policy", 501)
            start, end, amount = self._period(workspace_id, user_id, policy, span, half)
            if half:
                half_period = half_period if half_period in HALVES[:2] else "FIRST_HALF"
            for other in self.time_offs.values():
                if (
                    other["workspaceId"] == workspace_id
                    and other["userId"] == user_id
                    and other["status"]["statusType"] in ("PENDING", "APPROVED")
                    and other["start"] <= end
                    and other["end"] >= start
                ):
                    raise ApiError(400, "Time off request overlaps with an existing one", 501)
            moment = at or self.clock()
            approved = not policy["approve"]["requiresApproval"]
            made: Json = {
                "id": self.new_id(),
                "workspaceId": workspace_id,
                "policyId": policy_id,
                "userId": user_id,
                "requesterUserId": user_id,
                "start": start,
                "end": end,
                "halfDay": half,
                "halfDayPeriod": half_period if half else "NOT_DEFINED",
                "note": note,
                "createdAt": wire_time(moment),
                "balanceDiff": amount,
                "status": _status("APPROVED" if approved else "PENDING", moment, None, "", ""),
            }
            self.time_offs[made["id"]] = made
            return made

    def _period(
        self, workspace_id: str, user_id: str, policy: Json, span: Json, half: bool
    ) -> tuple[datetime, datetime, float]:
        """The request's start and end (UTC) and what it takes of the balance."""
        if policy["timeUnit"] == "HOURS":
            start, end = read_time(span.get("start"), "start"), read_time(span.get("end"), "end")
            if end <= start or half:
                raise ApiError(400, "Time off in hours needs a start before its end", 501)
            return start, end, round((end - start).total_seconds() / 3600, 2)
        first = self.day_of(user_id, span.get("start"), "start")
        days = span.get("days")
        if span.get("end") is None and isinstance(days, int) and 1 <= days <= 999:
            last = first + timedelta(days=min(days - 1, (date.max - first).days))
        else:
            last = self.day_of(user_id, span.get("end"), "end")
        if last < first:
            raise ApiError(400, "The time off's end is before its start", 501)
        if (last - first).days > 999:
            raise ApiError(400, "Time off can last at most 999 days", 501)
        if half and (last != first or not policy["allowHalfDay"]):
            raise ApiError(400, "A half day is one day, of a policy that allows half days", 501)
        off = self.days_off(workspace_id, user_id, first, last)
        working = (last - first).days + 1 - len(off)
        if not working:
            raise ApiError(400, "There are no working days in the selected period", 501)
        start, end = self.day_span(user_id, first, last)
        return start, end, 0.5 if half else float(working)

    def day_of(self, user_id: str, value: Any, field_name: str) -> date:
        """A day written as a date, or as a moment (its day in the member's zone)."""
        if isinstance(value, str) and len(value) > 10:
            return self.local_day(user_id, read_time(value, field_name))
        return read_date(value, field_name)

    def time_off_in(self, workspace_id: str, policy_id: str, request_id: str) -> Json:
        with self.lock:
            found = self.time_offs.get(request_id)
            if found is None or (found["workspaceId"], found["policyId"]) != (
                workspace_id,
                policy_id,
            ):
                raise ApiError(404, "Time off request not found", 501)
            return found

    def decide_time_off(
        self,
        workspace_id: str,
        admin_id: str,
        policy_id: str,
        request_id: str,
        body: Json,
        *,
        at: datetime | None = None,
    ) -> Json:
        """An admin's answer to a request: APPROVED or REJECTED, with a note."""
        if not self.is_admin(workspace_id, admin_id):
            raise ApiError(403, "Access Denied", 1003)
        wanted = one_of(body, "status", ("APPROVED", "REJECTED"))
        if wanted is None:
            raise ApiError(400, "Field 'status' is required (APPROVED or REJECTED)", 501)
        note = optional_text(body, "note", limit=3000) or ""
        with self.lock:
            found = self.time_off_in(workspace_id, policy_id, request_id)
            now_state = found["status"]["statusType"]
            if now_state == wanted or now_state == "REJECTED":
                raise ApiError(400, f"Time off request is already {now_state.lower()}", 501)
            found["status"] = _status(
                wanted,
                at or self.clock(),
                admin_id,
                self.users[admin_id]["name"],
                self.users[found["userId"]]["name"],
                note,
            )
            return found

    def search_time_off(
        self, workspace_id: str, asker_id: str, body: Json
    ) -> tuple[int, list[Json]]:
        """GetTimeOffRequestsV1Request: the count of matches and one page of them, latest
        first; a member's search finds their own requests only."""
        users = body.get("users") or []
        statuses = body.get("statuses") or []
        if not is_id_list(users):
            raise ApiError(400, "Field 'users' must be a list of ids", 501)
        if not is_id_list(statuses) or set(statuses) - set(REQUEST_STATES):
            raise ApiError(400, "Field 'statuses' holds an unknown status", 501)
        page, size = body.get("page", 1), body.get("pageSize", 50)
        if not (isinstance(page, int) and isinstance(size, int) and 1 <= page <= 1000):
            raise ApiError(400, "Field 'page' must be a whole number from 1 to 1000", 501)
        if not 1 <= size <= 200:
            raise ApiError(400, "Field 'pageSize' must be a whole number from 1 to 200", 501)
        since = read_time(body["start"], "start") if body.get("start") is not None else None
        until = read_time(body["end"], "end") if body.get("end") is not None else None
        if not self.is_admin(workspace_id, asker_id):
            users = [asker_id]
        wanted = set(statuses) - {"ALL"} if "ALL" not in statuses else set()
        with self.lock:
            found = [
                r
                for r in self.time_offs.values()
                if r["workspaceId"] == workspace_id
                and (not users or r["userId"] in users)
                and (not wanted or r["status"]["statusType"] in wanted)
                and (since is None or r["end"] >= since)
                and (until is None or r["start"] <= until)
            ]
        found.sort(key=lambda r: (r["start"], r["id"]), reverse=True)
        return len(found), found[(page - 1) * size : page * size]

    def balance(self, policy_id: str, user_id: str) -> float:
        """What is left of a policy for a member: its accrual less what was approved."""
        with self.lock:
            accrual = self.policies[policy_id]["automaticAccrual"] or {}
            used = sum(
                r["balanceDiff"]
                for r in self.time_offs.values()
                if r["policyId"] == policy_id
                and r["userId"] == user_id
                and r["status"]["statusType"] == "APPROVED"
            )
        return float(accrual.get("amount", 0)) - used

    def time_off_json(self, found: Json, *, full: bool) -> Json:
        """TimeOffRequestFullV1Dto (``full``) or TimeOffRequestV1Dto."""
        half = found["halfDay"]
        middle = found["start"] + (found["end"] - found["start"]) / 2
        halves = {"FIRST_HALF": (found["start"], middle), "SECOND_HALF": (middle, found["end"])}
        half_hours = halves.get(found["halfDayPeriod"]) if half else None
        short = {
            "id": found["id"],
            "workspaceId": found["workspaceId"],
            "policyId": found["policyId"],
            "userId": found["userId"],
            "note": found["note"],
            "createdAt": found["createdAt"],
            "balanceDiff": found["balanceDiff"],
            "status": dict(found["status"]),
            "timeOffPeriod": {
                "period": {"start": wire_time(found["start"]), "end": wire_time(found["end"])},
                "halfDay": half,
                "halfDayPeriod": found["halfDayPeriod"],
                "halfDayHours": {"start": wire_time(half_hours[0]), "end": wire_time(half_hours[1])}
                if half_hours
                else None,
            },
        }
        if not full:
            return short
        with self.lock:
            user, policy = self.users[found["userId"]], self.policies[found["policyId"]]
            return {
                **short,
                "balance": self.balance(found["policyId"], found["userId"]),
                "policyName": policy["name"],
                "timeUnit": policy["timeUnit"],
                "requesterUserId": found["requesterUserId"],
                "requesterUserName": self.users[found["requesterUserId"]]["name"],
                "userEmail": user["email"],
                "userName": user["name"],
                "userTimeZone": user["settings"]["timeZone"],
            }


def _amount(body: Json, key: str, unit: str) -> Json | None:
    """An accrual or a negative balance: {amount ≥ 0, period MONTH|YEAR, timeUnit}."""
    given = sub_object(body, key)
    if not given:
        return None
    amount = given.get("amount")
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
        raise ApiError(400, f"Field '{key}.amount' must be a number, at least 0", 501)
    return {
        "amount": float(amount),
        "period": one_of(given, "period", ("MONTH", "YEAR")) or "YEAR",
        "timeUnit": one_of(given, "timeUnit", TIME_UNITS) or unit,
    }


def _status(
    state: str,
    moment: datetime,
    by: str | None,
    by_name: str,
    for_name: str,
    note: str = "",
) -> Json:
    """TimeOffRequestStatus."""
    return {
        "statusType": state,
        "changedAt": wire_time(moment),
        "changedByUserId": by,
        "changedByUserName": by_name or None,
        "changedForUserName": for_name or None,
        "note": note or None,
    }
