"""The Reports API of the sandbox: summary and detailed reports, as JSON or CSV, as Clockify
answers them on its reports host (``/v1/…`` globally, ``/report/v1/…`` on regional hosts).

The shapes follow the live API where it differs from the spec (``_id``, ``timeentries``;
see shared notes and tests/contract/PROVENANCE.md): durations are whole seconds, dates are the
wall clock in the body's ``timeZone`` (else the user's profile zone), amounts are in cents.
Running timers are not reported. Members see their own entries; admins and owners see all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tray_app.sandbox.state import Entry, SandboxState
from tray_app.sandbox.wire import ApiError, Json

GROUPS = ("PROJECT", "CLIENT", "TASK", "TAG", "USER", "DATE", "WEEK", "MONTH", "TIMEENTRY")
MAX_PAGE_SIZE = 1000


class Report:
    """The entries one report body selects, with what they are shown with."""

    def __init__(self, state: SandboxState, workspace_id: str, user: Json, body: Any) -> None:
        if not isinstance(body, dict):
            raise ApiError(400, "Request body is missing or is not a JSON object", 501)
        self.state = state
        self.workspace_id = workspace_id
        self.body = body
        self.zone = _zone(body.get("timeZone") or user["settings"].get("timeZone") or "UTC")
        start = self._wall_time("dateRangeStart")
        end = self._wall_time("dateRangeEnd")
        if end < start:
            raise ApiError(400, "dateRangeEnd must not be before dateRangeStart", 501)
        show_amounts = body.get("amountShown", "EARNED") != "HIDE_AMOUNT"
        self.show_amounts = show_amounts
        seen = state.entries_of_workspace(workspace_id)
        if not state.is_admin(workspace_id, user["id"]):
            seen = [e for e in seen if e.user_id == user["id"]]
        self.entries = [
            e for e in seen if e.end is not None and start <= e.start <= end and self._kept(e)
        ]

    def _wall_time(self, key: str) -> datetime:
        value = self.body.get(key)
        if not isinstance(value, str):
            raise ApiError(400, f"Field '{key}' is required", 501)
        # The live API reads the clock time in timeZone and ignores a Z or an offset.
        text = value.rstrip("Z")
        for sign in ("+", "-"):
            cut = text.rfind(sign)
            if cut > 10:
                text = text[:cut]
        try:
            return datetime.fromisoformat(text).replace(tzinfo=self.zone)
        except ValueError:
            raise ApiError(400, f"Field '{key}' has an invalid date-time: {value}", 501) from None

    def _kept(self, entry: Entry) -> bool:
        body = self.body
        if isinstance(body.get("billable"), bool) and entry.billable != body["billable"]:
            return False
        text = body.get("description")
        if isinstance(text, str) and text and text.casefold() not in entry.description.casefold():
            return False
        project = self.state.projects.get(entry.project_id or "")
        client_id = project["clientId"] if project else ""
        checks: list[tuple[str, list[str]]] = [
            ("users", [entry.user_id]),
            ("projects", [entry.project_id or ""]),
            ("clients", [client_id]),
            ("tasks", [entry.task_id or ""]),
            ("tags", list(entry.tag_ids)),
        ]
        return all(_matches(body.get(key), values) for key, values in checks)

    # --- what an entry is shown as ---------------------------------------------------------

    def seconds(self, entry: Entry) -> int:
        assert entry.end is not None
        return int((entry.end - entry.start).total_seconds())

    def amount(self, entry: Entry) -> int:
        """Cents earned: the rate (cents an hour) times the hours, for billable entries."""
        if not self.show_amounts or not entry.billable or not entry.hourly_rate:
            return 0
        return round(int(entry.hourly_rate.get("amount") or 0) * self.seconds(entry) / 3600)

    def keys(self, entry: Entry, group: str) -> list[tuple[str, str]]:
        """(id, name) of the group(s) ``entry`` falls into; a tag group may give several."""
        state = self.state
        project = state.projects.get(entry.project_id or "")
        local = entry.start.astimezone(self.zone)
        if group == "PROJECT":
            return [(project["id"], project["name"])] if project else [("", "Without project")]
        if group == "CLIENT":
            if project and project["clientId"]:
                return [(project["clientId"], project["clientName"])]
            return [("", "Without client")]
        if group == "TASK":
            task = state.tasks.get(entry.task_id or "")
            return [(task["id"], task["name"])] if task else [("", "Without task")]
        if group == "TAG":
            tags = [state.tags[t] for t in entry.tag_ids if t in state.tags]
            return [(t["id"], t["name"]) for t in tags] or [("", "Without tag")]
        if group == "USER":
            user = state.users[entry.user_id]
            return [(user["id"], user["name"])]
        if group == "DATE":
            return [(local.date().isoformat(), local.date().isoformat())]
        if group == "WEEK":
            monday = local.date() - timedelta(days=local.weekday())
            return [(monday.isoformat(), monday.isoformat())]
        if group == "MONTH":
            return [(f"{local:%Y-%m}", f"{local:%Y-%m}")]
        return [(entry.id, entry.description)]  # TIMEENTRY

    def totals(self) -> list[Json]:
        entries = self.entries
        return [
            {
                "_id": "",
                "totalTime": sum(self.seconds(e) for e in entries),
                "totalBillableTime": sum(self.seconds(e) for e in entries if e.billable),
                "entriesCount": len(entries),
                "totalAmount": sum(self.amount(e) for e in entries),
                "amounts": [],
            }
        ]


def summary(state: SandboxState, workspace_id: str, user: Json, body: Any) -> Json:
    report = Report(state, workspace_id, user, body)
    summary_filter = body.get("summaryFilter")
    groups = summary_filter.get("groups") if isinstance(summary_filter, dict) else None
    if not isinstance(groups, list) or not 1 <= len(groups) <= 3:
        raise ApiError(400, "summaryFilter.groups needs one to three groups", 501)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise ApiError(400, f"Unknown group '{unknown[0]}'", 501)
    by_duration = summary_filter.get("sortColumn") == "DURATION"
    return {
        "totals": report.totals(),
        "groupOne": _grouped(report, report.entries, groups, by_duration),
    }


def _grouped(
    report: Report, entries: list[Entry], groups: list[str], by_duration: bool
) -> list[Json]:
    group, rest = groups[0], groups[1:]
    buckets: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        for bucket in report.keys(entry, group):
            buckets.setdefault(bucket, []).append(entry)
    rows = []
    for (key, name), members in buckets.items():
        row: Json = {
            "_id": key,
            "name": name,
            "nameLowerCase": name.casefold(),
            "duration": sum(report.seconds(e) for e in members),
            "amount": sum(report.amount(e) for e in members),
            "amounts": [],
        }
        if group == "PROJECT":
            project = report.state.projects.get(key)
            row["color"] = project["color"] if project else "#999999"
            row["clientName"] = project["clientName"] if project else ""
        if rest:
            row["children"] = _grouped(report, members, rest, by_duration)
        rows.append(row)
    if by_duration:
        return sorted(rows, key=lambda r: -r["duration"])
    return sorted(rows, key=lambda r: r["nameLowerCase"])


def detailed(state: SandboxState, workspace_id: str, user: Json, body: Any) -> Json:
    report = Report(state, workspace_id, user, body)
    detailed_filter = body.get("detailedFilter")
    if not isinstance(detailed_filter, dict):
        raise ApiError(400, "detailedFilter is required", 501)
    page, size = detailed_filter.get("page", 1), detailed_filter.get("pageSize", 50)
    if not isinstance(page, int) or not isinstance(size, int) or page < 1 or size < 1:
        raise ApiError(400, "page and pageSize must be whole numbers of at least 1", 501)
    if size > MAX_PAGE_SIZE:
        raise ApiError(400, f"pageSize cannot be greater than {MAX_PAGE_SIZE}", 501)
    newest_first = body.get("sortOrder", "DESCENDING") != "ASCENDING"
    ordered = sorted(report.entries, key=lambda e: (e.start, e.id), reverse=newest_first)
    shown = ordered[(page - 1) * size : page * size]
    options = detailed_filter.get("options")
    excluded = isinstance(options, dict) and options.get("totals") == "EXCLUDE"
    return {
        "totals": [] if excluded else report.totals(),
        "timeentries": [_detailed_row(report, entry) for entry in shown],
    }


def _detailed_row(report: Report, entry: Entry) -> Json:
    state = report.state
    project = state.projects.get(entry.project_id or "")
    task = state.tasks.get(entry.task_id or "")
    user = state.users[entry.user_id]
    assert entry.end is not None
    rate = entry.hourly_rate.get("amount") if entry.hourly_rate and entry.billable else 0
    return {
        "_id": entry.id,
        "description": entry.description,
        "userId": user["id"],
        "userName": user["name"],
        "userEmail": user["email"],
        "billable": entry.billable,
        "projectId": project["id"] if project else None,
        "projectName": project["name"] if project else None,
        "projectColor": project["color"] if project else None,
        "clientId": (project["clientId"] or None) if project else None,
        "clientName": (project["clientName"] or None) if project else None,
        "taskId": task["id"] if task else None,
        "taskName": task["name"] if task else None,
        "tags": [
            {"_id": t, "name": state.tags[t]["name"]} for t in entry.tag_ids if t in state.tags
        ],
        "timeInterval": {
            "start": entry.start.astimezone(report.zone).isoformat(),
            "end": entry.end.astimezone(report.zone).isoformat(),
            "duration": report.seconds(entry),
        },
        "rate": rate if report.show_amounts else 0,
        "amount": report.amount(entry),
        "locked": state.is_locked(entry.workspace_id, entry.user_id, entry.start),
        "approvalRequestId": None,
    }


def detailed_csv(state: SandboxState, workspace_id: str, user: Json, body: Any) -> bytes:
    """The detailed report's rows as Clockify's CSV export lays them out (every page)."""
    report = Report(state, workspace_id, user, body)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Project", "Client", "Description", "Task", "User", "Email", "Tags", "Billable",
            "Start Date", "Start Time", "End Date", "End Time", "Duration (h)",
            "Duration (decimal)", "Billable Rate (USD)", "Billable Amount (USD)",
        ]
    )  # fmt: skip
    for entry in sorted(report.entries, key=lambda e: e.start):
        row = _detailed_row(report, entry)
        start = entry.start.astimezone(report.zone)
        assert entry.end is not None
        end = entry.end.astimezone(report.zone)
        seconds = report.seconds(entry)
        writer.writerow(
            [
                row["projectName"] or "", row["clientName"] or "", entry.description,
                row["taskName"] or "", row["userName"], row["userEmail"],
                ", ".join(t["name"] for t in row["tags"]), "Yes" if entry.billable else "No",
                f"{start:%Y-%m-%d}", f"{start:%H:%M:%S}", f"{end:%Y-%m-%d}", f"{end:%H:%M:%S}",
                f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}",
                f"{seconds / 3600:.2f}", f"{row['rate'] / 100:.2f}", f"{row['amount'] / 100:.2f}",
            ]
        )  # fmt: skip
    return out.getvalue().encode()


def summary_csv(state: SandboxState, workspace_id: str, user: Json, body: Any) -> bytes:
    """The summary's first group as CSV: name, time as h:mm:ss and decimal hours, amount."""
    answer = summary(state, workspace_id, user, body)
    group = body["summaryFilter"]["groups"][0].capitalize()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([group, "Time (h)", "Time (decimal)", "Amount (USD)"])
    for row in answer["groupOne"]:
        seconds = row["duration"]
        writer.writerow(
            [
                row["name"],
                f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}",
                f"{seconds / 3600:.2f}",
                f"{row['amount'] / 100:.2f}",
            ]
        )
    return out.getvalue().encode()


EXPORTS: dict[str, Callable[[SandboxState, str, Json, Any], bytes]] = {
    "summary": summary_csv,
    "detailed": detailed_csv,
}


def _zone(name: Any) -> ZoneInfo:
    if not isinstance(name, str):
        raise ApiError(400, "Field 'timeZone' must be a time zone name", 501)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ApiError(400, f"Unknown time zone '{name}'", 501) from None


def _matches(selection: Any, values: list[str]) -> bool:
    """A filter such as ``{"ids": [...], "contains": "CONTAINS"}`` against an entry's ids."""
    if not isinstance(selection, dict):
        return True
    ids = selection.get("ids")
    if not isinstance(ids, list) or not ids:
        return True
    wanted = {str(i) for i in ids}
    contains = selection.get("contains", "CONTAINS")
    found = bool(wanted & set(values))
    if contains == "DOES_NOT_CONTAIN":
        return not found
    if contains == "CONTAINS_ONLY":
        return bool(values) and set(values) <= wanted
    return found
