"""ClockifyClient: one method per API operation over one ``httpx.Client``, with one retry loop."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from tray_app.clockify.errors import (
    NotFound,
)
from tray_app.clockify.fields import CustomField, CustomValue, request_body
from tray_app.clockify.models import Client, Project, Tag, Task, TimeEntry, User, Workspace
from tray_app.clockify.regions import resolve_base_url
from tray_app.clockify.reports import ReportsClient, reports_base_url
from tray_app.clockify.timefmt import format_utc
from tray_app.clockify.transport import MAX_PAGE_SIZE, Transport, _convert
from tray_app.clockify.workday import ApprovalRequest, Holiday, MemberProfile, TimeOff
from tray_app.i18n import _

logger = logging.getLogger(__name__)

_ENTRY_FIELDS = frozenset(f.name for f in dataclasses.fields(TimeEntry)) - {
    "id",
    "user_id",
    "workspace_id",
}


class ClockifyClient(Transport):
    """Talks to one Clockify server with one API key.

    Every method is one API operation and returns typed models or raises a ``ClockifyError``.
    429 and 5xx answers and dropped connections are retried here, in ``_request``, and nowhere
    else: 429 always (the server did nothing), 5xx and broken connections only for idempotent
    methods, and connect failures always (the request never left this machine).

    Args:
        api_key: the user's Clockify API key; sent as ``X-Api-Key`` and never shown.
        base_url: a region name or a server URL; ``None`` means the global server.
        http: an ``httpx.Client`` to send with (tests add event hooks); one is made if absent.
        max_retries: how many times one request is tried again.
        backoff_base: the first backoff delay in seconds; doubles per retry up to ``backoff_cap``.
        retry_after_cap: the longest ``Retry-After`` honoured, in seconds.
        page_size: items asked for per page when reading whole lists.
        sleep: how to wait between retries (tests record the delays instead of waiting).
    """

    def __repr__(self) -> str:
        return f"ClockifyClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def reports_client(self, base_url: str | None = None) -> ReportsClient:
        """A client of the reports host for the same key: ``base_url``, else the host Clockify
        documents for this server (see ``reports_base_url``)."""
        url = resolve_base_url(base_url or reports_base_url(self.base_url))
        return ReportsClient(self._headers["X-Api-Key"], url, sleep=self._sleep)

    def __enter__(self) -> ClockifyClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- the operations -------------------------------------------------------------------

    def get_user(self) -> User:
        return self._parse(self._request("GET", "/user"), User.from_json)

    def list_workspaces(self, *, roles: Iterable[str] = ()) -> list[Workspace]:
        """The user's workspaces; with ``roles`` (WORKSPACE_ADMIN, OWNER, TEAM_MANAGER,
        PROJECT_MANAGER) only those where the user has any of them."""
        wanted = list(roles)
        response = self._request("GET", "/workspaces", params={"roles": wanted} if wanted else None)
        return self._parse_list(response, Workspace.from_json)

    def list_projects(
        self, workspace_id: str, *, archived: bool | None = None, name: str | None = None
    ) -> list[Project]:
        """Every project over all pages; ``archived=None`` returns archived and active ones."""
        params: dict[str, str] = {}
        if archived is not None:
            params["archived"] = _bool(archived)
        if name:
            params["name"] = name
        return self._get_all(f"/workspaces/{workspace_id}/projects", params, Project.from_json)

    def get_project(self, workspace_id: str, project_id: str) -> Project:
        response = self._request("GET", f"/workspaces/{workspace_id}/projects/{project_id}")
        return self._parse(response, Project.from_json)

    def create_project(
        self,
        workspace_id: str,
        name: str,
        *,
        client_id: str | None = None,
        is_public: bool = True,
        billable: bool = False,
        color: str | None = None,
    ) -> Project:
        body: dict[str, Any] = {"name": name, "isPublic": is_public, "billable": billable}
        if client_id:
            body["clientId"] = client_id
        if color:
            body["color"] = color
        response = self._request("POST", f"/workspaces/{workspace_id}/projects", body=body)
        return self._parse(response, Project.from_json)

    def list_clients(self, workspace_id: str, *, archived: bool | None = None) -> list[Client]:
        params = {} if archived is None else {"archived": _bool(archived)}
        return self._get_all(f"/workspaces/{workspace_id}/clients", params, Client.from_json)

    def list_tasks(self, workspace_id: str, project_id: str) -> list[Task]:
        path = f"/workspaces/{workspace_id}/projects/{project_id}/tasks"
        return self._get_all(path, {}, Task.from_json)

    def list_custom_fields(self, workspace_id: str) -> list[CustomField]:
        """The workspace's custom fields for time entries, whatever their status."""
        path = f"/workspaces/{workspace_id}/custom-fields"
        response = self._request("GET", path, params={"entity-type": "TIMEENTRY"})
        return self._parse_list(response, CustomField.from_json)

    def list_tags(self, workspace_id: str, *, archived: bool | None = None) -> list[Tag]:
        params = {} if archived is None else {"archived": _bool(archived)}
        return self._get_all(f"/workspaces/{workspace_id}/tags", params, Tag.from_json)

    def get_running_entry(self, workspace_id: str, user_id: str) -> TimeEntry | None:
        path = f"/workspaces/{workspace_id}/user/{user_id}/time-entries"
        response = self._request("GET", path, params={"in-progress": "true", "page-size": "1"})
        entries = self._parse_list(response, TimeEntry.from_json)
        return entries[0] if entries else None

    def start_timer(
        self,
        workspace_id: str,
        *,
        description: str = "",
        project_id: str | None = None,
        task_id: str | None = None,
        tag_ids: Iterable[str] = (),
        billable: bool = False,
        start: datetime | None = None,
        custom_fields: Iterable[CustomValue] = (),
    ) -> TimeEntry:
        """Start a timer (an entry with no end). Clockify runs one timer per user and workspace:
        stop the running one first."""
        return self.create_time_entry(
            workspace_id,
            start=start or datetime.now(UTC),
            end=None,
            description=description,
            project_id=project_id,
            task_id=task_id,
            tag_ids=tag_ids,
            billable=billable,
            custom_fields=custom_fields,
        )

    def stop_timer(
        self, workspace_id: str, user_id: str, *, end: datetime | None = None
    ) -> TimeEntry:
        """Stop the running timer at ``end`` (now by default).

        Raises:
            NotFound: no timer is running.
        """
        path = f"/workspaces/{workspace_id}/user/{user_id}/time-entries"
        body = {"end": format_utc(end or datetime.now(UTC))}
        try:
            response = self._request("PATCH", path, body=body)
        except NotFound as err:
            raise NotFound(_("No timer is running."), status=err.status, code=err.code) from err
        return self._parse(response, TimeEntry.from_json)

    def create_time_entry(
        self,
        workspace_id: str,
        *,
        start: datetime,
        end: datetime | None = None,
        description: str = "",
        project_id: str | None = None,
        task_id: str | None = None,
        tag_ids: Iterable[str] = (),
        billable: bool = False,
        custom_fields: Iterable[CustomValue] = (),
    ) -> TimeEntry:
        """Create an entry; without ``end`` it is left running, as Clockify does."""
        body = _entry_body(
            start=start,
            end=end,
            description=description,
            project_id=project_id,
            task_id=task_id,
            tag_ids=tuple(tag_ids),
            billable=billable,
        )
        values = request_body(custom_fields)
        if values:
            body["customFields"] = values
        response = self._request("POST", f"/workspaces/{workspace_id}/time-entries", body=body)
        return self._parse(response, TimeEntry.from_json)

    def list_time_entries(
        self,
        workspace_id: str,
        user_id: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        page: int = 1,
        page_size: int = 50,
    ) -> list[TimeEntry]:
        """One page of the user's entries, newest first, started within ``since``..``until``."""
        params = {"page": str(page), "page-size": str(min(page_size, MAX_PAGE_SIZE))}
        if since is not None:
            params["start"] = format_utc(since)
        if until is not None:
            params["end"] = format_utc(until)
        path = f"/workspaces/{workspace_id}/user/{user_id}/time-entries"
        return self._parse_list(self._request("GET", path, params=params), TimeEntry.from_json)

    def list_all_time_entries(
        self,
        workspace_id: str,
        user_id: str,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[TimeEntry]:
        """Every entry of the user started within ``since``..``until``, over all pages."""
        params: dict[str, str] = {}
        if since is not None:
            params["start"] = format_utc(since)
        if until is not None:
            params["end"] = format_utc(until)
        path = f"/workspaces/{workspace_id}/user/{user_id}/time-entries"
        return self._get_all(path, params, TimeEntry.from_json)

    def get_time_entry(self, workspace_id: str, entry_id: str) -> TimeEntry:
        response = self._request("GET", f"/workspaces/{workspace_id}/time-entries/{entry_id}")
        return self._parse(response, TimeEntry.from_json)

    def update_time_entry(self, workspace_id: str, entry_id: str, **changes: Any) -> TimeEntry:
        """Change some fields of an entry, keeping the rest.

        Clockify's PUT replaces the whole entry, so this reads it, merges ``changes`` (names of
        ``TimeEntry`` fields, e.g. ``description="…"``, ``end=None`` to make it run) and puts
        the result back.
        """
        unknown = set(changes) - _ENTRY_FIELDS
        if unknown:
            raise TypeError(f"cannot change {', '.join(sorted(unknown))} of a time entry")
        path = f"/workspaces/{workspace_id}/time-entries/{entry_id}"
        current = self._json(self._request("GET", path))
        merged = dataclasses.replace(_convert(current, TimeEntry.from_json, 200), **changes)
        body = _entry_body(
            start=merged.start,
            end=merged.end,
            description=merged.description,
            project_id=merged.project_id,
            task_id=merged.task_id,
            tag_ids=merged.tag_ids,
            billable=merged.billable,
        )
        # Custom field values must survive the full replace too: as read (whatever their
        # shape), unless they are what changes.
        if "custom_fields" in changes:
            kept = request_body(merged.custom_fields)
        else:
            kept = _custom_fields(current)
        if kept:
            body["customFields"] = kept
        return self._parse(self._request("PUT", path, body=body), TimeEntry.from_json)

    def delete_time_entry(self, workspace_id: str, entry_id: str) -> None:
        self._request("DELETE", f"/workspaces/{workspace_id}/time-entries/{entry_id}")

    # --- the workday: capacity, holidays, time off, approvals -----------------------------

    def get_member_profile(self, workspace_id: str, user_id: str) -> MemberProfile:
        path = f"/workspaces/{workspace_id}/member-profile/{user_id}"
        return self._parse(self._request("GET", path), MemberProfile.from_json)

    def list_holidays(
        self, workspace_id: str, user_id: str, since: datetime, until: datetime
    ) -> list[Holiday]:
        """The holidays of ``user_id`` within ``since``..``until``."""
        params = {"assigned-to": user_id, "start": format_utc(since), "end": format_utc(until)}
        path = f"/workspaces/{workspace_id}/holidays/in-period"
        return self._parse_list(self._request("GET", path, params=params), Holiday.from_json)

    def list_time_off(
        self, workspace_id: str, user_id: str, since: datetime, until: datetime
    ) -> list[TimeOff]:
        """The time off requests of ``user_id`` overlapping ``since``..``until`` (any status)."""
        body = {
            "users": [user_id],
            "start": format_utc(since),
            "end": format_utc(until),
            "page": 1,
            "pageSize": 200,
        }
        path = f"/workspaces/{workspace_id}/time-off/requests"
        answer = self._json(self._request("POST", path, body=body))
        requests = answer.get("requests") if isinstance(answer, dict) else None
        return _convert(requests if isinstance(requests, list) else [], _time_offs, 200)

    def list_approval_requests(
        self, workspace_id: str, *, status: str | None = None
    ) -> list[ApprovalRequest]:
        """The approval requests this user may see (their own; an admin's, everyone's)."""
        params = {"status": status} if status else {}
        path = f"/workspaces/{workspace_id}/approval-requests"
        return self._get_all(path, params, ApprovalRequest.from_json)

    def submit_for_approval(
        self, workspace_id: str, period_start: datetime, period: str = "WEEKLY"
    ) -> ApprovalRequest:
        """Submit the period starting at ``period_start`` (the workspace's period) for
        approval; a rejected or withdrawn one is submitted again the same way."""
        body = {"periodStart": format_utc(period_start), "period": period}
        path = f"/workspaces/{workspace_id}/approval-requests"
        return self._parse(self._request("POST", path, body=body), ApprovalRequest.from_json)


def _time_offs(items: list[Any]) -> list[TimeOff]:
    return [TimeOff.from_json(item) for item in items]


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _custom_fields(entry: Any) -> list[dict[str, Any]]:
    """An entry's custom field values as the PUT body wants them back."""
    values = entry.get("customFieldValues") if isinstance(entry, dict) else None
    if not isinstance(values, list):
        return []
    return [
        {"customFieldId": value["customFieldId"], "value": value.get("value")}
        for value in values
        if isinstance(value, dict) and isinstance(value.get("customFieldId"), str)
    ]


def _entry_body(
    *,
    start: datetime,
    end: datetime | None,
    description: str,
    project_id: str | None,
    task_id: str | None,
    tag_ids: tuple[str, ...],
    billable: bool,
) -> dict[str, Any]:
    """The JSON body of a time entry; ``billable`` is always sent (absent means false)."""
    body: dict[str, Any] = {"start": format_utc(start), "billable": billable}
    if end is not None:
        body["end"] = format_utc(end)
    if description:
        body["description"] = description
    if project_id:
        body["projectId"] = project_id
    if task_id:
        body["taskId"] = task_id
    if tag_ids:
        body["tagIds"] = list(tag_ids)
    return body
