"""Timesheet approval and the locks it sets: a member submits a period of the workspace's kind
(WEEKLY by default, from their week start), admins approve or reject it, the member may withdraw
a pending one; an approved period, and anything before the workspace's ``lockTimeEntries``,
is locked to members. Built on time off (``timeoff``), under the accounts' lock.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

from tray_app.sandbox.timeoff import TimeOff
from tray_app.sandbox.wire import ApiError, Json, optional_text, read_time, wire_time
from tray_app.sandbox.workday import WEEKDAYS, one_of

PERIODS = ("WEEKLY", "SEMI_MONTHLY", "MONTHLY")
STATES = ("PENDING", "APPROVED", "WITHDRAWN_SUBMISSION", "WITHDRAWN_APPROVAL", "REJECTED")
LOCKED_MESSAGE = "Can't add time to locked period."  # Clockify's own words (its extension)
# What an admin's answer may turn a request from, and what a member's withdrawal may.
ADMIN_MOVES = {
    "APPROVED": ("PENDING",),
    "REJECTED": ("PENDING",),
    "WITHDRAWN_APPROVAL": ("APPROVED",),
    "WITHDRAWN_SUBMISSION": ("PENDING",),
}


class Approvals(TimeOff):
    """Approval requests and the locks on entries, on top of time off; every method takes the
    lock.

    Attributes:
        approval_periods: each workspace's approval period (WEEKLY unless set).
    """

    def __init__(self, *, seed: int = 7) -> None:
        super().__init__(seed=seed)
        self.approvals: dict[str, Json] = {}
        self.approval_periods: dict[str, str] = {}

    def approval_period(self, workspace_id: str) -> str:
        with self.lock:
            return self.approval_periods.get(workspace_id, "WEEKLY")

    def _period_days(self, workspace_id: str, user_id: str, body: Json) -> tuple[date, date, str]:
        """The first and last day of the period a submission names, checked against the
        workspace's period and the member's week start."""
        text = optional_text(body, "periodStart")
        if not text:
            raise ApiError(400, "Field 'periodStart' is required", 501)
        moment = read_time(text, "periodStart")
        # A day written at UTC midnight (Clockify's own example) is that day; any other
        # moment is the member's local day it falls on.
        first = moment.date() if moment.time() == time(0) else self.local_day(user_id, moment)
        period = self.approval_period(workspace_id)
        asked = one_of(body, "period", PERIODS)
        if asked is not None and asked != period:
            raise ApiError(400, f"The workspace's approval period is {period}, not {asked}", 501)
        month_end = calendar.monthrange(first.year, first.month)[1]
        if period == "WEEKLY":
            week_start = self.profile_of(workspace_id, user_id)["weekStart"]
            starts = WEEKDAYS[first.weekday()] == week_start
            last = first + timedelta(days=min(6, (date.max - first).days))
        elif period == "SEMI_MONTHLY":
            starts = first.day in (1, 16)
            last = first.replace(day=15 if first.day == 1 else month_end)
        else:
            starts, last = first.day == 1, first.replace(day=month_end)
        if not starts:
            raise ApiError(400, f"{first} is not the first day of a {period} period", 501)
        return first, last, period

    def submit_approval(
        self, workspace_id: str, user_id: str, body: Json, *, at: datetime | None = None
    ) -> Json:
        """A member's own period, submitted: PENDING. Refused while that period is pending or
        approved; a rejected or withdrawn one is submitted again (the same request)."""
        first, last, period = self._period_days(workspace_id, user_id, body)
        with self.lock:
            moment, name = at or self.clock(), self.users[user_id]["name"]
            for record in self.approvals.values():
                if (record["workspaceId"], record["ownerId"], record["first"]) != (
                    workspace_id,
                    user_id,
                    first,
                ):
                    continue
                if record["state"] in ("PENDING", "APPROVED"):
                    raise ApiError(
                        400,
                        f"Timesheet for this period is already submitted "
                        f"({record['state'].lower()})",
                        501,
                    )
                record.update(state="PENDING", note=None, updatedAt=moment)
                record.update(updatedBy=user_id, updatedByName=name)
                return record
            start, end = self.day_span(user_id, first, last)
            record = {
                "id": self.new_id(),
                "workspaceId": workspace_id,
                "ownerId": user_id,
                "creatorId": user_id,
                "first": first,
                "start": start,
                "end": end,
                "period": period,
                "state": "PENDING",
                "note": None,
                "updatedAt": moment,
                "updatedBy": user_id,
                "updatedByName": name,
            }
            self.approvals[record["id"]] = record
            return record

    def update_approval(
        self,
        workspace_id: str,
        writer_id: str,
        approval_id: str,
        body: Json,
        *,
        at: datetime | None = None,
    ) -> Json:
        """Admins and owners approve, reject or withdraw an approval; a member may withdraw
        their own pending submission, nothing else."""
        wanted = one_of(body, "state", STATES)
        if wanted is None:
            raise ApiError(400, "Field 'state' is required", 501)
        note = optional_text(body, "note", limit=3000)
        with self.lock:
            record = self.approvals.get(approval_id)
            if record is None or record["workspaceId"] != workspace_id:
                raise ApiError(404, "Approval request not found", 501)
            own_withdrawal = wanted == "WITHDRAWN_SUBMISSION" and record["ownerId"] == writer_id
            if not (self.is_admin(workspace_id, writer_id) or own_withdrawal):
                raise ApiError(403, "Access Denied", 1003)
            if record["state"] not in ADMIN_MOVES.get(wanted, ()):
                raise ApiError(
                    400, f"An approval request that is {record['state']} cannot be {wanted}", 501
                )
            record.update(state=wanted, note=note, updatedAt=at or self.clock())
            record.update(updatedBy=writer_id, updatedByName=self.users[writer_id]["name"])
            return record

    def approvals_seen_by(self, workspace_id: str, user_id: str) -> list[Json]:
        """The requests a user may see: an admin's, everyone's; a member's, their own."""
        everyone = self.is_admin(workspace_id, user_id)
        with self.lock:
            return [
                r
                for r in self.approvals.values()
                if r["workspaceId"] == workspace_id and (everyone or r["ownerId"] == user_id)
            ]

    def has_pending_approval(self, workspace_id: str, user_id: str) -> bool:
        with self.lock:
            return any(
                (r["workspaceId"], r["ownerId"], r["state"]) == (workspace_id, user_id, "PENDING")
                for r in self.approvals.values()
            )

    def approval_json(self, record: Json) -> Json:
        """ApprovalRequestDtoV1."""
        with self.lock:
            owner, creator = self.users[record["ownerId"]], self.users[record["creatorId"]]
            week_start = self.profile_of(record["workspaceId"], owner["id"])["weekStart"]
            return {
                "id": record["id"],
                "workspaceId": record["workspaceId"],
                "dateRange": {"start": wire_time(record["start"]), "end": wire_time(record["end"])},
                "status": {
                    "state": record["state"],
                    "note": record["note"],
                    "updatedAt": wire_time(record["updatedAt"]),
                    "updatedBy": record["updatedBy"],
                    "updatedByUserName": record["updatedByName"],
                },
                "owner": {
                    "userId": owner["id"],
                    "userName": owner["name"],
                    "timeZone": owner["settings"]["timeZone"],
                    "startOfWeek": week_start,
                },
                "creator": {
                    "userId": creator["id"],
                    "userName": creator["name"],
                    "userEmail": creator["email"],
                },
            }

    # --- locks ---------------------------------------------------------------------------------

    def lock_entries_before(self, workspace_id: str, moment: datetime | None) -> None:
        """Set the workspace's ``lockTimeEntries``: entries that start before it are locked."""
        with self.lock:
            settings = self.workspaces[workspace_id]["workspaceSettings"]
            settings["lockTimeEntries"] = wire_time(moment) if moment else None

    def is_locked(self, workspace_id: str, user_id: str, moment: datetime) -> bool:
        """Whether an entry of ``user_id`` starting at ``moment`` is locked: before the
        workspace's lock date, or in one of the member's approved periods."""
        with self.lock:
            lock_date = self.workspaces[workspace_id]["workspaceSettings"].get("lockTimeEntries")
            if lock_date and moment < read_time(lock_date, "lockTimeEntries"):
                return True
            return any(
                r["workspaceId"] == workspace_id
                and r["ownerId"] == user_id
                and r["state"] == "APPROVED"
                and r["start"] <= moment <= r["end"]
                for r in self.approvals.values()
            )

    def check_unlocked(
        self, workspace_id: str, writer_id: str | None, owner_id: str, *moments: datetime
    ) -> None:
        """Refuse a member's write of an entry starting at any of ``moments`` in a locked
        period, as Clockify does; admins and owners, and the sandbox itself (``writer_id``
        None: seeds, tests), may still write there."""
        if writer_id is None or self.is_admin(workspace_id, writer_id):
            return
        if any(self.is_locked(workspace_id, owner_id, moment) for moment in moments):
            raise ApiError(400, LOCKED_MESSAGE, 501)


def utc_midnight(day: date) -> datetime:
    """``day`` at 00:00 UTC, as a periodStart is written."""
    return datetime.combine(day, time(0), tzinfo=UTC)
