"""The main API's handlers for the workday: member profiles, holidays, time off policies and
requests, and timesheet approval, one method per operation, answering in Clockify's shapes.

``Handlers`` (``handlers``) takes these in, so the route table names them as it names the rest.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tray_app.sandbox.state import Entry, SandboxState
from tray_app.sandbox.wire import Answer, ApiError, Json, Request, iso_duration, json_object
from tray_app.sandbox.workday import holiday_full_json, holiday_json

_ZERO = timedelta(0)
SORT_COLUMNS = {"ID": "id", "USER_ID": "ownerId", "START": "start", "UPDATED_AT": "updatedAt"}


class WorkdayHandlers:
    """The workday's operations over the sandbox's state (``state``, set by ``Handlers``)."""

    state: SandboxState

    def _check_admin(self, request: Request) -> None:
        if not self.state.is_admin(request.params["wid"], request.user["id"]):
            raise ApiError(403, "Access Denied", 1003)

    # --- member profiles ---------------------------------------------------------------------

    def _profile(self, workspace_id: str, user_id: str) -> Json:
        return {
            **self.state.profile_json(workspace_id, user_id),
            "hasPendingApprovalRequest": self.state.has_pending_approval(workspace_id, user_id),
        }

    def get_member_profile(self, request: Request) -> Answer:
        return 200, self._profile(request.params["wid"], request.params["uid"]), []

    def update_member_profile(self, request: Request) -> Answer:
        workspace, user = request.params["wid"], request.params["uid"]
        self.state.update_profile(workspace, request.user["id"], user, json_object(request.body))
        return 200, self._profile(workspace, user), []

    # --- holidays ------------------------------------------------------------------------------

    def _member(self, request: Request, user_id: str | None) -> str:
        """A user the asker may ask about: themself, or (for an admin) a member."""
        workspace, me = request.params["wid"], request.user["id"]
        if not user_id:
            raise ApiError(400, "Parameter 'assigned-to' is required", 501)
        if user_id != me and not self.state.is_admin(workspace, me):
            raise ApiError(403, "Access Denied", 1003)
        if user_id not in self.state.members[workspace]:
            raise ApiError(404, "User not found in workspace", 501)
        return user_id

    def list_holidays(self, request: Request) -> Answer:
        assigned = request.arg("assigned-to")
        user = self._member(request, assigned) if assigned else None
        rows = self.state.holidays_of(request.params["wid"], user)
        return 200, [holiday_json(h) for h in rows], []

    def holidays_in_period(self, request: Request) -> Answer:
        user = self._member(request, request.arg("assigned-to"))
        first = self.state.day_of(user, request.arg("start"), "start")
        last = self.state.day_of(user, request.arg("end"), "end")
        if last < first:
            raise ApiError(400, "The period's end is before its start", 501)
        rows = self.state.holidays_between(request.params["wid"], user, first, last)
        return 200, [holiday_json(h) for h in rows], []

    def create_holiday(self, request: Request) -> Answer:
        self._check_admin(request)
        made = self.state.create_holiday(request.params["wid"], json_object(request.body))
        return 200, holiday_json(made), []  # the spec's 200, not 201

    def update_holiday(self, request: Request) -> Answer:
        self._check_admin(request)
        workspace, holiday = request.params["wid"], request.params["hid"]
        changed = self.state.update_holiday(workspace, holiday, json_object(request.body))
        return 200, holiday_json(changed), []

    def delete_holiday(self, request: Request) -> Answer:
        self._check_admin(request)
        gone = self.state.delete_holiday(request.params["wid"], request.params["hid"])
        return 200, holiday_full_json(gone, lambda u: self.state.users[u]["name"]), []

    # --- time off ------------------------------------------------------------------------------

    def list_policies(self, request: Request) -> Answer:
        rows = self.state.in_workspace(self.state.policies, request.params["wid"])
        status = request.arg("status") or "ACTIVE"
        if status not in ("ACTIVE", "ARCHIVED", "ALL"):
            raise ApiError(400, f"Unknown status '{status}'", 501)
        if status != "ALL":
            rows = [p for p in rows if p["archived"] == (status == "ARCHIVED")]
        name = request.arg("name")
        if name:
            rows = [p for p in rows if name.casefold() in p["name"].casefold()]
        return _paged(sorted(rows, key=lambda p: p["name"].casefold()), request)

    def create_policy(self, request: Request) -> Answer:
        self._check_admin(request)
        return 201, self.state.create_policy(request.params["wid"], json_object(request.body)), []

    def get_policy(self, request: Request) -> Answer:
        return 200, self.state.policy_in(request.params["wid"], request.params["pid"]), []

    def request_time_off(self, request: Request) -> Answer:
        made = self.state.request_time_off(
            request.params["wid"],
            request.user["id"],
            request.params["pid"],
            json_object(request.body),
        )
        return 200, self.state.time_off_json(made, full=True), []

    def decide_time_off(self, request: Request) -> Answer:
        decided = self.state.decide_time_off(
            request.params["wid"],
            request.user["id"],
            request.params["pid"],
            request.params["rid"],
            json_object(request.body),
        )
        return 200, self.state.time_off_json(decided, full=False), []

    def search_time_off(self, request: Request) -> Answer:
        body = json_object(request.body)
        count, rows = self.state.search_time_off(request.params["wid"], request.user["id"], body)
        found = [self.state.time_off_json(row, full=True) for row in rows]
        return 200, {"count": count, "requests": found}, []

    # --- approvals -----------------------------------------------------------------------------

    def submit_approval(self, request: Request) -> Answer:
        record = self.state.submit_approval(
            request.params["wid"], request.user["id"], json_object(request.body)
        )
        return 201, self.state.approval_json(record), []

    def update_approval(self, request: Request) -> Answer:
        record = self.state.update_approval(
            request.params["wid"],
            request.user["id"],
            request.params["aid"],
            json_object(request.body),
        )
        return 200, self.state.approval_json(record), []

    def list_approvals(self, request: Request) -> Answer:
        rows = self.state.approvals_seen_by(request.params["wid"], request.user["id"])
        status = request.arg("status")
        if status is not None and status not in (
            "PENDING",
            "APPROVED",
            "REJECTED",
            "WITHDRAWN_SUBMISSION",
            "WITHDRAWN_APPROVAL",
        ):
            raise ApiError(400, f"Unknown status '{status}'", 501)
        if status:
            rows = [r for r in rows if r["state"] == status]
        column = request.arg("sort-column") or "START"
        order = request.arg("sort-order") or "DESCENDING"
        if column not in SORT_COLUMNS or order not in ("ASCENDING", "DESCENDING"):
            raise ApiError(400, "Unknown sort-column or sort-order", 501)
        rows.sort(key=lambda r: (r[SORT_COLUMNS[column]], r["id"]), reverse=order == "DESCENDING")
        return _paged([self._details(r) for r in rows], request)

    def _details(self, record: Json) -> Json:
        """ApprovalDetailsDtoV1: the request, the period's entries and their totals."""
        entries = [
            e
            for e in self.state.entries_of(record["workspaceId"], record["ownerId"])
            if e.end is not None and record["start"] <= e.start <= record["end"]
        ]
        seconds = sum(_seconds(e) for e in entries)
        billable = [e for e in entries if e.billable]
        state = record["state"]
        return {
            "approvalRequest": self.state.approval_json(record),
            "entries": [self._entry_info(e, record["id"]) for e in entries],
            "expenses": [],
            "expenseTotal": 0.0,
            "trackedTime": iso_duration(seconds),
            "billableTime": iso_duration(sum(_seconds(e) for e in billable)),
            "approvedTime": iso_duration(seconds if state == "APPROVED" else 0),
            "pendingTime": iso_duration(seconds if state == "PENDING" else 0),
            "breakTime": "PT0S",
            "billableAmount": sum(_amount(e.hourly_rate, e) for e in billable),
            "costAmount": sum(_amount(e.cost_rate, e) for e in entries),
        }

    def _entry_info(self, entry: Entry, approval_id: str) -> Json:
        """TimeEntryInfoDto: an entry as an approval request lists it."""
        row = self.state.entry_json(entry)
        project = self.state.projects.get(entry.project_id or "")
        task = self.state.tasks.get(entry.task_id or "")
        zone = self.state.zone_of(entry.user_id)
        start, end = entry.start.astimezone(zone), (entry.end or entry.start).astimezone(zone)
        return {
            "id": entry.id,
            "description": entry.description,
            "billable": entry.billable,
            "isLocked": row["isLocked"],
            "type": "REGULAR",
            "approvalRequestId": approval_id,
            "hourlyRate": row["hourlyRate"],
            "costRate": row["costRate"],
            "customFieldValues": [
                {
                    "customFieldId": v["customFieldId"],
                    "sourceType": "TIMEENTRY",
                    "timeEntryId": entry.id,
                    "value": v["value"],
                }
                for v in row["customFieldValues"]
            ],
            "project": {k: project[k] for k in ("id", "name", "color", "clientId", "clientName")}
            if project
            else None,
            "task": {"id": task["id"], "name": task["name"]} if task else None,
            "tags": [
                {k: self.state.tags[t][k] for k in ("id", "name", "archived", "workspaceId")}
                for t in entry.tag_ids
                if t in self.state.tags
            ],
            "timeInterval": {
                **row["timeInterval"],
                "timeZone": str(zone),
                "zonedStart": start.isoformat(),
                "zonedEnd": end.isoformat(),
                "offsetStart": int((start.utcoffset() or _ZERO).total_seconds()),
                "offsetEnd": int((end.utcoffset() or _ZERO).total_seconds()),
            },
        }


def _paged(rows: list[Any], request: Request) -> Answer:
    """One page by ``page`` and ``page-size`` (default 50), with ``Last-Page``."""
    try:
        page = int(request.arg("page") or 1)
        size = int(request.arg("page-size") or 50)
    except ValueError:
        raise ApiError(400, "page and page-size must be whole numbers", 501) from None
    if not (page >= 1 and 1 <= size <= 5000):
        raise ApiError(400, "page must be at least 1, page-size from 1 to 5000", 501)
    last = page * size >= len(rows)
    return 200, rows[(page - 1) * size : page * size], [("Last-Page", str(last).lower())]


def _seconds(entry: Entry) -> int:
    return int(((entry.end or entry.start) - entry.start).total_seconds())


def _amount(rate: Json | None, entry: Entry) -> float:
    """What an entry earns or costs at ``rate`` (cents an hour), in cents."""
    return round((rate or {}).get("amount", 0) * _seconds(entry) / 3600, 2)
