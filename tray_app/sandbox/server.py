"""The sandbox's WSGI application, its threaded server on 127.0.0.1, and fault injection."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from tray_app.sandbox import files, reports
from tray_app.sandbox.state import ApiError, Entry, SandboxState, read_time, seed_demo

# Not a secret: the key of the demo user that only this local server knows.
DEMO_API_KEY = "sandbox-demo-key-not-a-secret"
API_PREFIX = "/api/v1"
# The reports host: /v1/… on the global one (reports.api.clockify.me), /report/v1/… on regional
# hosts; this server answers both, beside the main API under /api/v1.
FILE_TYPES = {
    "CSV": ("text/csv; charset=utf-8", "csv"),
    "XLSX": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "PDF": ("application/pdf", "pdf"),
}
REPORT_PATH = re.compile(
    r"^(?:/report)?/v1/workspaces/(?P<wid>\w+)/reports/(?P<kind>summary|detailed)$"
)
MAX_PAGE_SIZE = 5000

StartResponse = Callable[..., Any]
Json = dict[str, Any]


class DropConnection(Exception):
    """Raised by the app to close the socket without answering (a lost response)."""


@dataclass(frozen=True)
class RequestRecord:
    """One request the sandbox answered, for tests and request-count benchmarks."""

    method: str
    path: str
    query: str
    status: int


class Faults:
    """Faults to inject into the next requests; all counters are consumed one request each.

    Attributes:
        latency: seconds added before every answer.
        offline: close every connection unanswered and unprocessed, as a dead network would.
        clock: the sandbox's sense of time for ``rate_limit_for`` (tests speed it up).
        ignore_page: paged lists answer page 1 whatever ``page`` asks, with no ``Last-Page``
            header (a server that keeps sending the same page).
        page_cap: paged lists send at most this many items, whatever ``page-size`` asks, and
            no ``Last-Page`` header (a server that silently shortens pages).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latency = 0.0
        self.offline = False
        self.clock: Callable[[], float] = time.monotonic
        self._rate_limited_until = 0.0
        self._rate_limited = 0
        self._retry_after: int | None = None
        self._server_errors = 0
        self._server_error_status = 500
        self._drops = 0
        self._garbles = 0
        self._malformed = 0
        self.ignore_page = False
        self.page_cap: int | None = None
        self._refusals: list[tuple[str, re.Pattern[str], int, str, int]] = []

    def refuse(
        self,
        path: str,
        status: int = 403,
        message: str = "Access Denied",
        code: int = 1003,
        *,
        method: str = "GET",
    ) -> None:
        """Refuse every ``method`` request whose path (after /api/v1) matches the regular
        expression ``path``, with ``status`` and Clockify's ``{"message", "code"}`` body."""
        with self._lock:
            self._refusals.append((method, re.compile(path), status, message, code))

    def allow(self, path: str) -> None:
        """Stop refusing what ``refuse(path, …)`` refused."""
        with self._lock:
            self._refusals = [r for r in self._refusals if r[1].pattern != path]

    def take_refusal(self, method: str, route: str) -> tuple[int, str, int] | None:
        with self._lock:
            for refused_method, pattern, status, message, code in self._refusals:
                if refused_method == method and pattern.search(route):
                    return status, message, code
        return None

    def rate_limit_next(self, count: int, retry_after: int | None = None) -> None:
        """Answer the next ``count`` requests with 429 and an empty body, as Clockify may."""
        with self._lock:
            self._rate_limited, self._retry_after = count, retry_after

    def rate_limit_for(self, seconds: float) -> None:
        """Answer every request with 429 (empty body) for ``seconds`` of ``clock`` time."""
        with self._lock:
            self._rate_limited_until = self.clock() + seconds

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer the next ``count`` requests with a server error, changing nothing."""
        with self._lock:
            self._server_errors, self._server_error_status = count, status

    def drop_next_writes(self, count: int) -> None:
        """Commit the next ``count`` writes, then close the connection without an answer."""
        with self._lock:
            self._drops = count

    def garble_next_writes(self, count: int) -> None:
        """Commit the next ``count`` writes, then answer 200/201 with a body that is not JSON."""
        with self._lock:
            self._garbles = count

    def malform_next(self, count: int) -> None:
        """Answer the next ``count`` requests with 200 and a body that is not JSON."""
        with self._lock:
            self._malformed = count

    def reset(self) -> None:
        with self._lock:
            self.latency = 0.0
            self.offline = False
            self._rate_limited_until = 0.0
            self._rate_limited = self._server_errors = self._drops = 0
            self._garbles = self._malformed = 0
            self.ignore_page = False
            self.page_cap = None
            self._refusals = []

    def take_before(self) -> tuple[int, Iterable[tuple[str, str]], bytes] | None:
        """The canned answer for this request, if a fault takes it before any work is done."""
        with self._lock:
            if self.clock() < self._rate_limited_until:
                return 429, [], b""
            if self._rate_limited:
                self._rate_limited -= 1
                headers = [("Retry-After", str(self._retry_after))] if self._retry_after else []
                return 429, headers, b""
            if self._server_errors:
                self._server_errors -= 1
                body = json.dumps({"message": "Internal server error", "code": 500}).encode()
                return self._server_error_status, [("Content-Type", "application/json")], body
            if self._malformed:
                self._malformed -= 1
                return 200, [("Content-Type", "application/json")], b'{"id": "truncated'
        return None

    def take_drop(self) -> bool:
        with self._lock:
            if self._drops:
                self._drops -= 1
                return True
        return False

    def take_garble(self) -> bool:
        with self._lock:
            if self._garbles:
                self._garbles -= 1
                return True
        return False


ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    (method, re.compile("^" + pattern + "$"), handler)
    for method, pattern, handler in [
        ("GET", r"/user", "get_user"),
        ("GET", r"/workspaces", "list_workspaces"),
        ("GET", r"/workspaces/(?P<wid>\w+)", "get_workspace"),
        ("GET", r"/workspaces/(?P<wid>\w+)/users", "list_users"),
        ("PUT", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)", "update_project"),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)", "delete_project"),
        ("POST", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks", "create_task"),
        ("POST", r"/workspaces/(?P<wid>\w+)/clients", "create_client"),
        ("GET", r"/workspaces/(?P<wid>\w+)/clients/(?P<iid>\w+)", "get_client"),
        ("PUT", r"/workspaces/(?P<wid>\w+)/clients/(?P<iid>\w+)", "update_client"),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/clients/(?P<iid>\w+)", "delete_client"),
        ("GET", r"/workspaces/(?P<wid>\w+)/tags/(?P<iid>\w+)", "get_tag"),
        ("PUT", r"/workspaces/(?P<wid>\w+)/tags/(?P<iid>\w+)", "update_tag"),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/tags/(?P<iid>\w+)", "delete_tag"),
        ("GET", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks/(?P<iid>\w+)", "get_task"),
        (
            "PUT",
            r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks/(?P<iid>\w+)",
            "update_task",
        ),
        (
            "DELETE",
            r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks/(?P<iid>\w+)",
            "delete_task",
        ),
        ("POST", r"/workspaces/(?P<wid>\w+)/tags", "create_tag"),
        (
            "GET",
            r"/workspaces/(?P<wid>\w+)/time-entries/status/in-progress",
            "list_in_progress",
        ),
        ("POST", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", "create_entry_for"),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", "delete_many"),
        ("PUT", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", "replace_many"),
        ("GET", r"/workspaces/(?P<wid>\w+)/projects", "list_projects"),
        ("POST", r"/workspaces/(?P<wid>\w+)/projects", "create_project"),
        ("GET", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)", "get_project"),
        ("GET", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks", "list_tasks"),
        ("GET", r"/workspaces/(?P<wid>\w+)/clients", "list_clients"),
        ("GET", r"/workspaces/(?P<wid>\w+)/tags", "list_tags"),
        ("POST", r"/workspaces/(?P<wid>\w+)/time-entries", "create_entry"),
        ("GET", r"/workspaces/(?P<wid>\w+)/time-entries/(?P<eid>\w+)", "get_entry"),
        ("PUT", r"/workspaces/(?P<wid>\w+)/time-entries/(?P<eid>\w+)", "replace_entry"),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/time-entries/(?P<eid>\w+)", "delete_entry"),
        ("GET", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", "list_entries"),
        ("PATCH", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", "stop_timer"),
    ]
]


def route_of(method: str, route: str) -> tuple[str, dict[str, str]]:
    """The handler's name and the path's parameters for a request; 404 or 405 as Clockify."""
    path_known = False
    for route_method, pattern, handler_name in ROUTES:
        match = pattern.match(route)
        if match:
            path_known = True
            if route_method == method:
                return handler_name, match.groupdict()
    if path_known:
        raise ApiError(405, f"Request method '{method}' is not supported", 405)
    raise ApiError(404, "Not found", 404)


class Request:
    """What a handler needs of one request: the user, path parameters, query and body."""

    def __init__(self, user: Json, params: dict[str, str], query: dict[str, list[str]], body: Any):
        self.user = user
        self.params = params
        self.query = query
        self.body = body

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def flag(self, name: str) -> bool | None:
        value = self.arg(name)
        if value is None or value == "":
            return None
        if value.lower() not in ("true", "false"):
            raise ApiError(400, f"Parameter '{name}' must be true or false", 501)
        return value.lower() == "true"


class SandboxApp:
    """The WSGI application: routing, auth, paging, and the handlers.

    Args:
        state: the data it serves.
        faults: faults to inject.
    """

    def __init__(self, state: SandboxState, faults: Faults) -> None:
        self.state = state
        self.faults = faults
        self.requests: list[RequestRecord] = []
        self._log_lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query_text = environ.get("QUERY_STRING", "")
        if self.faults.offline:
            raise DropConnection
        if self.faults.latency:
            time.sleep(self.faults.latency)
        canned = self.faults.take_before()
        if canned is not None:
            status, headers, body = canned
        else:
            status, headers, body = self._answer(environ, method, path, query_text)
        with self._log_lock:
            self.requests.append(RequestRecord(method, path, query_text, status))
        if status < 400 and method != "GET":
            if self.faults.take_drop():
                raise DropConnection
            if self.faults.take_garble():
                body = b'{"id": "cut short'
        reason = {200: "OK", 201: "Created", 204: "No Content"}.get(status, "Error")
        start_response(f"{status} {reason}", [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _answer(
        self, environ: dict[str, Any], method: str, path: str, query_text: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        try:
            report = REPORT_PATH.match(path)
            if report is not None:
                refusal = self.faults.take_refusal(method, path)  # tests match the full path
                if refusal is not None:
                    raise ApiError(*refusal)
                return self._report(environ, report["wid"], report["kind"])
            if not path.startswith(API_PREFIX):
                raise ApiError(404, "Not found", 404)
            route = path[len(API_PREFIX) :] or "/"
            handler_name, params = route_of(method, route)
            user = self.state.user_for_key(environ.get("HTTP_X_API_KEY"))
            refusal = self.faults.take_refusal(method, route)
            if refusal is not None:
                raise ApiError(*refusal)
            if "wid" in params:
                self.state.check_workspace(user["id"], params["wid"])
            acting_for = params.get("uid", user["id"])
            if acting_for != user["id"]:
                # Admins may work on their members' entries; members only on their own.
                if not self.state.is_admin(params["wid"], user["id"]):
                    raise ApiError(403, "Access Denied", 1003)
                if acting_for not in self.state.members.get(params["wid"], set()):
                    raise ApiError(404, "User not found in workspace", 501)
            request = Request(
                user, params, parse_qs(query_text, keep_blank_values=True), _read_body(environ)
            )
            status, payload, extra = getattr(self, handler_name)(request)
        except ApiError as err:
            status, payload, extra = err.status, {"message": err.message, "code": err.code}, []
        if payload is None:
            return status, extra, b""
        body = json.dumps(payload).encode()
        return status, [("Content-Type", "application/json"), *extra], body

    def _page(self, rows: list[Any], request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        """One page of ``rows`` by ``page`` (1-based) and ``page-size`` (default 50, at most
        5000), with ``Last-Page`` as Clockify sends it (unless a paging fault is set)."""
        try:
            page = int(request.arg("page") or 1)
            size = int(request.arg("page-size") or 50)
        except ValueError:
            raise ApiError(400, "page and page-size must be whole numbers", 501) from None
        if page < 1 or size < 1:
            raise ApiError(400, "page and page-size must be at least 1", 501)
        if size > MAX_PAGE_SIZE:
            raise ApiError(400, f"page-size cannot be greater than {MAX_PAGE_SIZE}", 501)
        if self.faults.ignore_page:
            return 200, rows[:size], []
        if self.faults.page_cap is not None:
            size = min(size, self.faults.page_cap)
            return 200, rows[(page - 1) * size : page * size], []
        chunk = rows[(page - 1) * size : page * size]
        last = page * size >= len(rows)
        return 200, chunk, [("Last-Page", "true" if last else "false")]

    def _report(
        self, environ: dict[str, Any], workspace_id: str, kind: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        """A summary or detailed report, on the reports host's paths (POST only)."""
        try:
            if environ["REQUEST_METHOD"] != "POST":
                raise ApiError(
                    405, f"Request method '{environ['REQUEST_METHOD']}' is not supported", 405
                )
            user = self.state.user_for_key(environ.get("HTTP_X_API_KEY"))
            self.state.check_workspace(user["id"], workspace_id)
            body = _object(_read_body(environ))
            export = body.get("exportType") or "JSON"
            if export in FILE_TYPES:
                data = reports.EXPORTS[kind](self.state, workspace_id, user, body)
                if export != "CSV":
                    rows = list(csv.reader(io.StringIO(data.decode())))
                    title = f"Clockify Time Report ({kind})"
                    data = files.xlsx(rows) if export == "XLSX" else files.pdf(title, rows)
                media, extension = FILE_TYPES[export]
                name = f"Clockify_Time_Report_{kind.capitalize()}.{extension}"
                headers = [
                    ("Content-Type", media),
                    ("Content-Disposition", f'attachment; filename="{name}"'),
                ]
                return 200, headers, data
            if export not in ("JSON", "JSON_V1"):
                raise ApiError(
                    400, f"This server exports JSON, CSV, XLSX and PDF, not {export}", 501
                )
            make = reports.summary if kind == "summary" else reports.detailed
            payload: Any = make(self.state, workspace_id, user, body)
            status = 200
        except ApiError as err:
            status, payload = err.status, {"message": err.message, "code": err.code}
        return status, [("Content-Type", "application/json")], json.dumps(payload).encode()

    # --- handlers: each returns (status, JSON payload or None, extra headers) --------------

    def get_user(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return 200, request.user, []

    def list_workspaces(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        user_id = request.user["id"]
        workspaces = self.state.workspaces_of(user_id)
        roles = set(request.query.get("roles", []))
        unknown = roles - {"WORKSPACE_ADMIN", "OWNER", "TEAM_MANAGER", "PROJECT_MANAGER"}
        if unknown:
            raise ApiError(400, f"Unknown role '{sorted(unknown)[0]}'", 501)
        if roles:
            # "Owners are not counted as admins when filtering" (the spec).
            workspaces = [w for w in workspaces if self.state.role_of(w["id"], user_id) in roles]
        return 200, workspaces, []

    def get_workspace(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return 200, self.state.workspaces[request.params["wid"]], []

    def list_users(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        workspace = request.params["wid"]
        rows = [self.state.users[u] for u in sorted(self.state.members[workspace])]
        email, name = request.arg("email"), request.arg("name")
        if email:
            rows = [u for u in rows if email.casefold() in u["email"].casefold()]
        if name:
            rows = [u for u in rows if name.casefold() in u["name"].casefold()]
        status = request.arg("status")
        if status and status not in ("PENDING", "ACTIVE", "DECLINED", "INACTIVE", "ALL"):
            raise ApiError(400, f"Unknown status '{status}'", 501)
        if status and status != "ALL":
            rows = [u for u in rows if u["status"] == status]
        memberships = request.arg("memberships") or "NONE"
        shown = []
        for user in rows:
            row = dict(user)
            row["memberships"] = (
                [
                    {
                        "userId": user["id"],
                        "targetId": workspace,
                        "membershipType": "WORKSPACE",
                        "membershipStatus": "ACTIVE",
                        "hourlyRate": None,
                        "costRate": None,
                    }
                ]
                if memberships in ("ALL", "WORKSPACE")
                else []
            )
            shown.append(row)
        return self._page(sorted(shown, key=lambda u: u["name"].casefold()), request)

    def update_project(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        workspace, project = request.params["wid"], request.params["pid"]
        self.state.check_admin_for(workspace, request.user["id"], "onlyAdminsCreateProject")
        return 200, self.state.update_project(workspace, project, _object(request.body)), []

    def delete_project(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        workspace, project = request.params["wid"], request.params["pid"]
        self.state.check_admin_for(workspace, request.user["id"], "onlyAdminsCreateProject")
        return 200, self.state.delete_project(workspace, project), []

    def create_task(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        task = self.state.create_task(
            request.params["wid"], request.user["id"], request.params["pid"], _object(request.body)
        )
        return 201, task, []

    def create_client(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        body = _object(request.body)
        return (
            201,
            self.state.create_named("client", request.params["wid"], request.user["id"], body),
            [],
        )

    def create_tag(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        body = _object(request.body)
        return (
            201,
            self.state.create_named("tag", request.params["wid"], request.user["id"], body),
            [],
        )

    # Clients, tags and tasks by id: one pattern for the three.

    def _item_args(self, request: Request) -> tuple[str, str, str]:
        return request.params["wid"], request.params["iid"], request.params.get("pid", "")

    def _get_item(self, kind: str, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        workspace, item, project = self._item_args(request)
        return 200, self.state.item(kind, workspace, item, project), []

    def _update_item(self, kind: str, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        workspace, item, project = self._item_args(request)
        user, body = request.user["id"], _object(request.body)
        return 200, self.state.update_item(kind, workspace, user, item, body, project), []

    def _delete_item(self, kind: str, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        workspace, item, project = self._item_args(request)
        return 200, self.state.delete_item(kind, workspace, request.user["id"], item, project), []

    def get_client(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._get_item("client", request)

    def update_client(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._update_item("client", request)

    def delete_client(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._delete_item("client", request)

    def get_tag(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._get_item("tag", request)

    def update_tag(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._update_item("tag", request)

    def delete_tag(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._delete_item("tag", request)

    def get_task(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._get_item("task", request)

    def update_task(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._update_item("task", request)

    def delete_task(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._delete_item("task", request)

    def list_in_progress(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        """Running entries: everyone's for an admin, one's own for a member."""
        workspace, me = request.params["wid"], request.user["id"]
        users = self.state.members[workspace] if self.state.is_admin(workspace, me) else {me}
        running = [
            entry.to_json()
            for user in sorted(users)
            if (entry := self.state.running_entry(workspace, user)) is not None
        ]
        return self._page(running, request)

    def create_entry_for(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        entry = self.state.create_entry(
            request.params["wid"], request.params["uid"], _object(request.body)
        )
        return 201, entry.to_json(), []

    def replace_many(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        """Replace several entries of a user at once: all of them, or none (one bad one refuses
        the lot, so a client never has to work out which half was saved)."""
        items = request.body
        if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
            raise ApiError(400, "The body must be a list of time entries with their ids", 501)
        workspace, user = request.params["wid"], request.params["uid"]
        with self.state.lock:
            for item in items:
                entry_id = item.get("id")
                if not isinstance(entry_id, str):
                    raise ApiError(400, "Every time entry needs its id", 501)
                self.state.entry_of(workspace, user, entry_id)
                self.state.check_entry_body(workspace, item)
            replaced = [
                self.state.replace_entry(workspace, user, item["id"], item) for item in items
            ]
        return 200, [entry.to_json() for entry in replaced], []

    def delete_many(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        ids = request.query.get("time-entry-ids", [])
        wanted = [part for value in ids for part in value.split(",") if part]
        if not wanted:
            raise ApiError(400, "Parameter 'time-entry-ids' is required", 501)
        gone = self.state.delete_many(request.params["wid"], request.params["uid"], wanted)
        return 200, [entry.to_json() for entry in gone], []

    def list_projects(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        rows = self.state.in_workspace(self.state.projects, request.params["wid"])
        archived = request.flag("archived")
        if archived is not None:
            rows = [p for p in rows if p["archived"] == archived]
        rows = _name_filter(rows, request)
        return self._page(sorted(rows, key=lambda p: p["name"].casefold()), request)

    def get_project(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        project = self.state.project_in(request.params["wid"], request.params["pid"])
        if project is None:
            raise ApiError(404, "Project not found", 501)
        return 200, project, []

    def create_project(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        workspace = request.params["wid"]
        self.state.check_admin_for(workspace, request.user["id"], "onlyAdminsCreateProject")
        return 201, self.state.create_project(request.params["wid"], _object(request.body)), []

    def list_tasks(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        if self.state.project_in(request.params["wid"], request.params["pid"]) is None:
            raise ApiError(404, "Project not found", 501)
        rows = self.state.tasks_of(request.params["pid"])
        active = request.flag("is-active")
        if active:
            rows = [t for t in rows if t["status"] == "ACTIVE"]
        return self._page(_name_filter(rows, request), request)

    def list_clients(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._list_archivable(self.state.clients, request)

    def list_tags(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        return self._list_archivable(self.state.tags, request)

    def _list_archivable(
        self, table: dict[str, Json], request: Request
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        rows = self.state.in_workspace(table, request.params["wid"])
        archived = request.flag("archived")
        if archived is not None:
            rows = [row for row in rows if row["archived"] == archived]
        rows = _name_filter(rows, request)
        return self._page(sorted(rows, key=lambda row: row["name"].casefold()), request)

    def create_entry(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        entry = self.state.create_entry(
            request.params["wid"], request.user["id"], _object(request.body)
        )
        return 201, entry.to_json(), []

    def get_entry(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        entry = self.state.entry_of(
            request.params["wid"], request.user["id"], request.params["eid"]
        )
        return 200, entry.to_json(), []

    def replace_entry(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        entry = self.state.replace_entry(
            request.params["wid"], request.user["id"], request.params["eid"], _object(request.body)
        )
        return 200, entry.to_json(), []

    def delete_entry(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        self.state.delete_entry(request.params["wid"], request.user["id"], request.params["eid"])
        return 204, None, []

    def list_entries(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        entries: list[Entry] = self.state.entries_of(request.params["wid"], request.params["uid"])
        in_progress = request.flag("in-progress")
        if in_progress is not None:
            entries = [e for e in entries if (e.end is None) == in_progress]
        since, until = request.arg("start"), request.arg("end")
        if since:
            start_bound = read_time(since, "start")
            entries = [e for e in entries if e.start >= start_bound]
        if until:
            end_bound = read_time(until, "end")
            entries = [e for e in entries if e.start <= end_bound]
        project = request.arg("project")
        if project:
            entries = [e for e in entries if e.project_id == project]
        description = request.arg("description")
        if description:
            entries = [e for e in entries if description.casefold() in e.description.casefold()]
        task = request.arg("task")
        if task:
            entries = [e for e in entries if e.task_id == task]
        tags = {t for value in request.query.get("tags", []) for t in value.split(",") if t}
        if tags:
            entries = [e for e in entries if tags & set(e.tag_ids)]
        if request.flag("project-required"):
            entries = [e for e in entries if e.project_id]
        if request.flag("task-required"):
            entries = [e for e in entries if e.task_id]
        rows = [e.to_json() for e in entries]
        if request.flag("hydrated"):
            rows = [self._hydrated(row) for row in rows]
        return self._page(rows, request)

    def _hydrated(self, row: Json) -> Json:
        """An entry with its project, task and tags inline, as ``hydrated=true`` asks."""
        state = self.state
        return {
            **row,
            "project": state.projects.get(row["projectId"] or ""),
            "task": state.tasks.get(row["taskId"] or ""),
            "tags": [state.tags[t] for t in row["tagIds"] if t in state.tags],
        }

    def stop_timer(self, request: Request) -> tuple[int, Any, list[tuple[str, str]]]:
        entry = self.state.stop_running(
            request.params["wid"], request.params["uid"], _object(request.body)
        )
        return 200, entry.to_json(), []


def _read_body(environ: dict[str, Any]) -> Any:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if not length:
        return None
    raw = environ["wsgi.input"].read(length)
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(400, "Malformed JSON request", 501) from None


def _object(body: Any) -> Json:
    if not isinstance(body, dict):
        raise ApiError(400, "Request body is missing or is not a JSON object", 501)
    return body


def _name_filter(rows: list[Json], request: Request) -> list[Json]:
    name = request.arg("name")
    if not name:
        return rows
    if request.flag("strict-name-search"):
        return [row for row in rows if row["name"] == name]
    return [row for row in rows if name.casefold() in row["name"].casefold()]


class _Handler(WSGIRequestHandler):
    """Quiet request handler that can drop a connection on the app's request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline or not self.parse_request():
            return
        handler = _DroppingServerHandler(
            self.rfile,
            self.wfile,  # type: ignore[arg-type]
            sys.stderr,
            self.get_environ(),
            multithread=True,
        )
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]


class _DroppingServerHandler(ServerHandler):
    def handle_error(self) -> None:
        if isinstance(sys.exc_info()[1], DropConnection):
            connection: socket.socket = self.request_handler.connection  # type: ignore[attr-defined]
            connection.shutdown(socket.SHUT_RDWR)
            return
        super().handle_error()


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class Sandbox:
    """A running sandbox: ``with Sandbox() as sandbox: sandbox.url, sandbox.api_key``.

    Args:
        port: 0 picks any free port.
        demo_data: seed the demo user, workspaces, projects and two weeks of entries.
        seed_moment: the moment the demo's entries end before (default: now); tests pin it.

    Attributes:
        state: the data, to inspect or change directly in tests.
        faults: faults to inject into the next requests.
        api_key: the demo user's key.
    """

    def __init__(
        self, port: int = 0, *, demo_data: bool = True, seed_moment: datetime | None = None
    ) -> None:
        self.state = SandboxState()
        self.faults = Faults()
        self.api_key = DEMO_API_KEY
        if demo_data:
            seed_demo(self.state, self.api_key, now=seed_moment)
        self.app = SandboxApp(self.state, self.faults)
        self._server = _ThreadingServer(("127.0.0.1", port), _Handler)
        self._server.set_app(self.app)
        self._port = int(self._server.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        """The API base URL, as a client's ``base_url``."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def requests(self) -> list[RequestRecord]:
        return self.app.requests

    def start(self) -> Sandbox:
        # No polling while idle (an idle demo app must not wake up): stop() wakes the loop.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(3600,), name="sandbox", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            stopper = threading.Thread(target=self._server.shutdown, daemon=True)
            stopper.start()
            while stopper.is_alive():  # a connection wakes the waiting loop to see the request
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                stopper.join(0.05)
            self._thread.join(timeout=5)
        self._server.server_close()

    def go_down(self) -> None:
        """Close the port, as a server or network that is down: connections are refused, so
        a client knows nothing was sent (unlike ``faults.offline``, which drops them)."""
        self.stop()

    def come_back(self) -> Sandbox:
        """Listen again on the same port, with the same data and faults."""
        self._server = _ThreadingServer(("127.0.0.1", self._port), _Handler)
        self._server.set_app(self.app)
        return self.start()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
