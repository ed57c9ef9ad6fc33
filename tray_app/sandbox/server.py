"""The sandbox's WSGI application and its threaded server on 127.0.0.1.

The app takes a request through the faults, the route table (``routes``), the key and workspace
checks, and a handler (``handlers``, or ``reports`` on the reports host's paths); ``Sandbox``
runs it on a port of its own, in a thread, for the demo and the tests.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from tray_app.sandbox import files, reports
from tray_app.sandbox.faults import DropConnection, Faults
from tray_app.sandbox.handlers import Handlers, Request
from tray_app.sandbox.routes import API_PREFIX, REPORT_PATH, route_of
from tray_app.sandbox.seeds import seed_demo
from tray_app.sandbox.state import SandboxState
from tray_app.sandbox.wire import ApiError, Reply, json_object, read_body

# Not a secret: the key of the demo user that only this local server knows.
DEMO_API_KEY = "sandbox-demo-key-not-a-secret"
FILE_TYPES = {
    "CSV": ("text/csv; charset=utf-8", "csv"),
    "XLSX": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "PDF": ("application/pdf", "pdf"),
}

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class RequestRecord:
    """One request the sandbox answered, for tests and request-count benchmarks."""

    method: str
    path: str
    query: str
    status: int


class SandboxApp:
    """The WSGI application: faults, routing, auth and the reports host, before the handlers.

    Args:
        state: the data it serves.
        faults: faults to inject.
    """

    def __init__(self, state: SandboxState, faults: Faults) -> None:
        self.state = state
        self.faults = faults
        self.handlers = Handlers(state, faults)
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

    def _answer(self, environ: dict[str, Any], method: str, path: str, query_text: str) -> Reply:
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
            handler, params = route_of(method, route)
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
                user, params, parse_qs(query_text, keep_blank_values=True), read_body(environ)
            )
            status, payload, extra = handler(self.handlers, request)
        except ApiError as err:
            status, payload, extra = err.status, {"message": err.message, "code": err.code}, []
        if payload is None:
            return status, extra, b""
        body = json.dumps(payload).encode()
        return status, [("Content-Type", "application/json"), *extra], body

    def _report(self, environ: dict[str, Any], workspace_id: str, kind: str) -> Reply:
        """A summary or detailed report, on the reports host's paths (POST only)."""
        try:
            if environ["REQUEST_METHOD"] != "POST":
                raise ApiError(
                    405, f"Request method '{environ['REQUEST_METHOD']}' is not supported", 405
                )
            user = self.state.user_for_key(environ.get("HTTP_X_API_KEY"))
            self.state.check_workspace(user["id"], workspace_id)
            body = json_object(read_body(environ))
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
