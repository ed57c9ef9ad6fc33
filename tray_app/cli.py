"""Command line: the tray app (default), ``sandbox``, and ``api <action>`` printing one JSON object.

``api`` actions print ``{"status": "success", …}`` and exit 0, or ``{"status": "error",
"message": …}`` and exit 2 for a usage or configuration problem, 1 for an API or network one.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from tray_app import APP_ID, __version__

if TYPE_CHECKING:
    from datetime import datetime

EXIT_API_ERROR = 1
EXIT_USAGE = 2
ENV_API_KEY = "CLOCKIFY_API_KEY"
ENV_API_URL = "CLOCKIFY_API_URL"

Result = dict[str, Any]


class UsageError(Exception):
    """The command cannot run as given; the message says what to change."""


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter without its ``import shutil`` (6 ms before the tray shows)."""

    def __init__(self, prog: str) -> None:
        try:
            width = os.get_terminal_size().columns
        except OSError:
            width = 100
        super().__init__(prog, width=max(width - 2, 40))


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser using ``_Formatter`` unless told otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


class _JsonArgumentParser(_Parser):
    """An argparse parser whose errors become ``UsageError`` (printed as JSON by ``api``)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see: clockify-tray api --help)")


def _bool_text(value: str) -> bool:
    lowered = value.lower()
    if lowered not in ("true", "false"):
        raise argparse.ArgumentTypeError(f"'{value}' is not true or false")
    return lowered == "true"


def _time_text(value: str) -> datetime:
    from tray_app.clockify.timefmt import parse_utc

    try:
        return parse_utc(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_ID,
        description="A light tray timer for Clockify. Without a command it starts the tray app.",
    )
    parser.add_argument("--version", action="version", version=f"clockify-tray {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run on a built-in demo server with sample data; nothing reaches Clockify",
    )
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="how much to log (default: WARNING)",
    )
    actions = parser.add_mutually_exclusive_group()
    for flag, what in [
        ("--quick-start", "open the quick-start dialog (in the running app, if there is one)"),
        ("--manual-entry", "open the manual entry form"),
        ("--toggle", "start or stop the timer, as a left click on the tray icon does"),
        ("--stop", "stop the running timer"),
        ("--quit", "quit the running app"),
    ]:
        actions.add_argument(
            flag, dest="app_command", action="store_const", const=flag[2:], help=what
        )
    parser.add_argument(
        "--api-url",
        default=None,
        metavar="URL",
        help="the Clockify server for this run: a region (global, euc1, …: see `api --help`) "
        f"or a URL; default ${ENV_API_URL}, else the one you signed in to",
    )
    parser.add_argument("--autostart", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sandbox = commands.add_parser(
        "sandbox", help="run the Clockify-compatible demo server on 127.0.0.1"
    )
    sandbox.add_argument(
        "--port", type=int, default=0, help="port to listen on (default: any free)"
    )

    commands.add_parser(
        "api",
        help="scriptable Clockify actions that print JSON (clockify-tray api --help)",
        add_help=False,
    )
    return parser


def build_api_parser() -> argparse.ArgumentParser:
    api = _JsonArgumentParser(
        prog="clockify-tray api",
        description=(
            f"Each action prints one JSON object. The API key comes from ${ENV_API_KEY}, else "
            "from the keyring entry the tray app saves when you sign in."
        ),
    )
    _add_api_actions(api)
    return api


def _add_api_actions(api: argparse.ArgumentParser) -> None:
    from tray_app.clockify.regions import REGIONS

    api.add_argument(
        "--api-url",
        default=None,
        help=f"API base URL or region ({', '.join(REGIONS)}); default ${ENV_API_URL}, "
        "else the global server",
    )
    actions = api.add_subparsers(dest="action", metavar="ACTION", parser_class=_JsonArgumentParser)
    actions.required = True

    actions.add_parser("whoami", help="the signed-in user: id, name, email, active workspace")
    actions.add_parser("list-workspaces", help="the workspaces you belong to")

    projects = actions.add_parser("list-projects", help="every project of a workspace")
    projects.add_argument("--workspace-id", required=True)
    projects.add_argument(
        "--archived",
        type=_bool_text,
        default=None,
        metavar="true|false",
        help="only archived (true) or only active (false) projects; both when absent",
    )

    project = actions.add_parser("create-project", help="add a project")
    project.add_argument("--workspace-id", required=True)
    project.add_argument("--name", required=True)
    project.add_argument("--client-id")
    project.add_argument("--private", action="store_true", help="visible only to its members")

    entry = actions.add_parser("create-time-entry", help="add a time entry (running without --end)")
    entry.add_argument("--workspace-id", required=True)
    entry.add_argument("--project-id", required=True)
    entry.add_argument(
        "--start", required=True, type=_time_text, help="ISO 8601, e.g. 2026-01-28T09:00:00Z"
    )
    entry.add_argument(
        "--end", type=_time_text, help="ISO 8601; leave out to keep the entry running"
    )
    entry.add_argument("--description", default="")

    start = actions.add_parser("start-timer", help="start a timer now")
    start.add_argument("--workspace-id", required=True)
    start.add_argument("--description", default="")
    start.add_argument("--project-id")
    start.add_argument(
        "--stop-running", action="store_true", help="stop a timer that is already running first"
    )

    stop = actions.add_parser("stop-timer", help="stop the running timer now")
    stop.add_argument("--workspace-id", required=True)
    stop.add_argument("--user-id", required=True)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["api"]:
        return _run_api(args_list[1:])
    args = build_parser().parse_args(args_list)
    if args.command == "sandbox":
        logging.basicConfig(level=args.log_level)
        return _run_sandbox(args.port)
    api_url = args.api_url or ""
    if api_url:
        from tray_app.clockify.regions import resolve_base_url

        try:
            resolve_base_url(api_url)
        except ValueError as err:
            build_parser().error(f"--api-url: {err}")
    from tray_app.app import run_gui
    from tray_app.core.logs import setup_logging

    setup_logging(args.log_level)
    return run_gui(
        demo=args.demo,
        command=args.app_command or "",
        autostart=args.autostart,
        api_url=api_url,
    )


def _run_sandbox(port: int) -> int:
    from tray_app.sandbox import Sandbox

    sandbox = Sandbox(port)
    print(f"Clockify sandbox listening on {sandbox.url}", flush=True)
    print(f"Demo API key: {sandbox.api_key}", flush=True)
    print(
        f"Try: CLOCKIFY_API_URL={sandbox.url} CLOCKIFY_API_KEY={sandbox.api_key} "
        "clockify-tray api list-workspaces",
        flush=True,
    )
    with contextlib.suppress(KeyboardInterrupt):
        sandbox.serve_forever()
    return 0


def _print_json(payload: Result) -> None:
    import json

    print(json.dumps(payload, sort_keys=True, ensure_ascii=False), flush=True)


def _run_api(args_list: list[str]) -> int:
    """Run one ``api`` action and print its JSON; never lets a traceback reach a script."""
    from tray_app.clockify import ClockifyClient, ClockifyError

    try:
        args = build_api_parser().parse_args(args_list)
        action = _ACTIONS[args.action]
        client = ClockifyClient(_api_key(), _api_url(args.api_url))
    except (UsageError, ValueError) as err:
        _print_json({"status": "error", "message": str(err)})
        return EXIT_USAGE
    try:
        with client:
            result = action(client, args)
    except UsageError as err:
        _print_json({"status": "error", "message": str(err)})
        return EXIT_USAGE
    except ClockifyError as err:
        _print_json({"status": "error", "message": err.message})
        return EXIT_API_ERROR
    _print_json({**result, "status": "success"})
    return 0


def _api_key() -> str:
    key = os.environ.get(ENV_API_KEY, "").strip()
    if key:
        return key
    from tray_app.platform.keystore import CredentialsError
    from tray_app.platform.keystore.system import get_api_key

    how = (
        f"Set {ENV_API_KEY} (your key is under Profile settings → API on clockify.me), "
        "or sign in once from the tray app to keep it in the system keyring."
    )
    try:
        stored = get_api_key()
    except CredentialsError as err:
        raise UsageError(f"No API key: {ENV_API_KEY} is not set and {err} {how}") from err
    if not stored:
        raise UsageError(f"No API key. {how}")
    return stored


def _api_url(option: str | None) -> str | None:
    return option or os.environ.get(ENV_API_URL) or None


# --- the actions: each takes the client and the parsed arguments, returns the success fields ---


def _whoami(client: Any, args: argparse.Namespace) -> Result:
    user = client.get_user()
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "active_workspace_id": user.active_workspace,
    }


def _list_workspaces(client: Any, args: argparse.Namespace) -> Result:
    workspaces = client.list_workspaces()
    return {
        "count": len(workspaces),
        "workspaces": [{"id": w.id, "name": w.name} for w in workspaces],
    }


def _list_projects(client: Any, args: argparse.Namespace) -> Result:
    projects = client.list_projects(args.workspace_id, archived=args.archived)
    return {
        "count": len(projects),
        "projects": [{"archived": p.archived, "id": p.id, "name": p.name} for p in projects],
    }


def _create_project(client: Any, args: argparse.Namespace) -> Result:
    name = args.name.strip()
    if not name:
        raise UsageError("--name must not be empty")
    project = client.create_project(
        args.workspace_id, name, client_id=args.client_id, is_public=not args.private
    )
    return {"id": project.id, "name": project.name}


def _project_billable(client: Any, workspace_id: str, project_id: str | None) -> bool:
    """Clockify stores a missing ``billable`` as false, so send the project's own default."""
    if not project_id:
        return False
    from tray_app.clockify import NotFound, ValidationError

    try:
        return bool(client.get_project(workspace_id, project_id).billable)
    except NotFound as err:
        raise ValidationError(
            f"Project '{project_id}' does not exist in workspace '{workspace_id}'.",
            status=err.status,
            code=err.code,
        ) from err


def _create_time_entry(client: Any, args: argparse.Namespace) -> Result:
    from tray_app.clockify.timefmt import format_utc

    if args.end is not None and args.end < args.start:
        raise UsageError(
            f"The end ({format_utc(args.end)}) is before the start ({format_utc(args.start)})."
        )
    entry = client.create_time_entry(
        args.workspace_id,
        start=args.start,
        end=args.end,
        description=args.description,
        project_id=args.project_id,
        billable=_project_billable(client, args.workspace_id, args.project_id),
    )
    return {
        "id": entry.id,
        "description": entry.description,
        "start": format_utc(entry.start),
        "end": format_utc(entry.end) if entry.end else None,
    }


def _start_timer(client: Any, args: argparse.Namespace) -> Result:
    from tray_app.clockify import ValidationError
    from tray_app.clockify.timefmt import format_utc

    user = client.get_user()
    running = client.get_running_entry(args.workspace_id, user.id)
    if running is not None:
        if not args.stop_running:
            what = f" ('{running.description}')" if running.description else ""
            raise ValidationError(
                f"A timer is already running{what} since {format_utc(running.start)}. "
                "Stop it first, or pass --stop-running."
            )
        client.stop_timer(args.workspace_id, user.id)
    entry = client.start_timer(
        args.workspace_id,
        description=args.description,
        project_id=args.project_id,
        billable=_project_billable(client, args.workspace_id, args.project_id),
    )
    return {"id": entry.id, "description": entry.description, "start": format_utc(entry.start)}


def _stop_timer(client: Any, args: argparse.Namespace) -> Result:
    from tray_app.clockify.timefmt import format_utc

    entry = client.stop_timer(args.workspace_id, args.user_id)
    return {"id": entry.id, "end": format_utc(entry.end)}


_ACTIONS: dict[str, Callable[[Any, argparse.Namespace], Result]] = {
    "whoami": _whoami,
    "list-workspaces": _list_workspaces,
    "list-projects": _list_projects,
    "create-project": _create_project,
    "create-time-entry": _create_time_entry,
    "start-timer": _start_timer,
    "stop-timer": _stop_timer,
}
