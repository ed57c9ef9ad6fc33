"""ClockifyClient: one method per API operation over one ``httpx.Client``, with one retry loop."""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from tray_app import APP_ID, __version__
from tray_app.clockify.errors import (
    BadResponse,
    NotFound,
    error_from_response,
    network_error,
    retry_after_seconds,
)
from tray_app.clockify.models import Client, Project, Tag, Task, TimeEntry, User, Workspace
from tray_app.clockify.regions import resolve_base_url
from tray_app.clockify.timefmt import format_utc

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_PAGE_SIZE = 5000
_MAX_PAGES = 10_000
_IDEMPOTENT = frozenset({"GET", "PUT", "DELETE"})
_ENTRY_FIELDS = frozenset(f.name for f in dataclasses.fields(TimeEntry)) - {
    "id",
    "user_id",
    "workspace_id",
}

ModelT = TypeVar("ModelT")


class ClockifyClient:
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

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        http: httpx.Client | None = None,
        max_retries: int = 4,
        backoff_base: float = 0.25,
        backoff_cap: float = 8.0,
        retry_after_cap: float = 60.0,
        page_size: int = MAX_PAGE_SIZE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not api_key or not api_key.strip():
            raise ValueError("an API key is needed")
        self.base_url = resolve_base_url(base_url)
        self._headers = {
            "X-Api-Key": api_key.strip(),
            "User-Agent": f"{APP_ID}/{__version__}",
            "Accept": "application/json",
        }
        self._http = http if http is not None else httpx.Client(timeout=DEFAULT_TIMEOUT)
        self._max_retries = max_retries
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._retry_after_cap = retry_after_cap
        self._page_size = min(page_size, MAX_PAGE_SIZE)
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"ClockifyClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ClockifyClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- the operations -------------------------------------------------------------------

    def get_user(self) -> User:
        return self._parse(self._request("GET", "/user"), User.from_json)

    def list_workspaces(self) -> list[Workspace]:
        return self._parse_list(self._request("GET", "/workspaces"), Workspace.from_json)

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
            raise NotFound("No timer is running.", status=err.status, code=err.code) from err
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
        merged = dataclasses.replace(self.get_time_entry(workspace_id, entry_id), **changes)
        body = _entry_body(
            start=merged.start,
            end=merged.end,
            description=merged.description,
            project_id=merged.project_id,
            task_id=merged.task_id,
            tag_ids=merged.tag_ids,
            billable=merged.billable,
        )
        path = f"/workspaces/{workspace_id}/time-entries/{entry_id}"
        return self._parse(self._request("PUT", path, body=body), TimeEntry.from_json)

    def delete_time_entry(self, workspace_id: str, entry_id: str) -> None:
        self._request("DELETE", f"/workspaces/{workspace_id}/time-entries/{entry_id}")

    # --- plumbing -------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        """Send one request, retrying what is safe to retry; raise ``ClockifyError`` otherwise."""
        url = self.base_url + path
        idempotent = method in _IDEMPOTENT
        attempt = 0
        while True:
            try:
                response = self._http.request(
                    method, url, params=params, json=body, headers=self._headers
                )
            except httpx.TransportError as err:
                # A connect failure means nothing reached the server, so even a POST is safe to
                # send again; after that, only idempotent requests are.
                never_sent = isinstance(err, (httpx.ConnectError, httpx.ConnectTimeout))
                if (never_sent or idempotent) and attempt < self._max_retries:
                    logger.info("%s %s failed (%s); retrying", method, path, type(err).__name__)
                    self._wait(attempt, None)
                    attempt += 1
                    continue
                raise network_error(err) from err
            status = response.status_code
            retryable = status == 429 or (status >= 500 and idempotent)
            if retryable and attempt < self._max_retries:
                logger.info("%s %s answered %d; retrying", method, path, status)
                self._wait(attempt, retry_after_seconds(response))
                attempt += 1
                continue
            if status >= 400:
                raise error_from_response(response)
            return response

    def _wait(self, attempt: int, retry_after: float | None) -> None:
        """Sleep before retry number ``attempt + 1``: ``Retry-After`` if given (capped), else
        exponential backoff with jitter, so many clients do not retry in step."""
        if retry_after is not None:
            delay = min(retry_after, self._retry_after_cap)
        else:
            ceiling = min(self._backoff_cap, self._backoff_base * 2**attempt)
            delay = ceiling / 2 + random.uniform(0, ceiling / 2)
        self._sleep(delay)

    def _get_all(
        self, path: str, params: Mapping[str, str], parse: Callable[[Any], ModelT]
    ) -> list[ModelT]:
        """Read every page of a list; Clockify's lists are paged even when nobody asks."""
        items: list[ModelT] = []
        for page in range(1, _MAX_PAGES + 1):
            query = {**params, "page": str(page), "page-size": str(self._page_size)}
            response = self._request("GET", path, params=query)
            batch = self._parse_list(response, parse)
            items.extend(batch)
            last_page = response.headers.get("Last-Page", "").lower() == "true"
            if last_page or len(batch) < self._page_size:
                return items
        raise BadResponse(f"Clockify kept sending pages of {path}; stopped after {_MAX_PAGES}.")

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise BadResponse(
                "Clockify sent an answer that could not be read (not valid JSON). "
                "Try again shortly.",
                status=response.status_code,
            ) from err

    def _parse(self, response: httpx.Response, parse: Callable[[Any], ModelT]) -> ModelT:
        return _convert(self._json(response), parse, response.status_code)

    def _parse_list(self, response: httpx.Response, parse: Callable[[Any], ModelT]) -> list[ModelT]:
        data = self._json(response)
        if not isinstance(data, list):
            raise BadResponse(
                "Clockify sent something other than the expected list.", status=response.status_code
            )
        return [_convert(item, parse, response.status_code) for item in data]


def _convert(data: Any, parse: Callable[[Any], ModelT], status: int) -> ModelT:
    """Build a model from JSON, turning a shape we do not understand into ``BadResponse``."""
    try:
        return parse(data)
    except (ValueError, TypeError, AttributeError, KeyError) as err:
        raise BadResponse(
            f"Clockify sent an answer this app does not understand ({err}).", status=status
        ) from err


def _bool(value: bool) -> str:
    return "true" if value else "false"


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
