"""``clockify-tray api <action>``: its parser, and the runner that prints one JSON object."""

from __future__ import annotations

import argparse
import io
import os
import sys
from datetime import date, datetime
from typing import NoReturn

from tray_app.cli.actions import ACTIONS, Result
from tray_app.cli.usage import (
    ENV_API_KEY,
    ENV_API_URL,
    EXIT_API_ERROR,
    EXIT_USAGE,
    Parser,
    UsageError,
)
from tray_app.cli.workday import add_workday_actions


class JsonArgumentParser(Parser):
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


def _day_text(value: str) -> date:
    """A date, or the date of an ISO 8601 date-time as written."""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-11-23") from None


def build_api_parser() -> argparse.ArgumentParser:
    api = JsonArgumentParser(
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
    actions = api.add_subparsers(dest="action", metavar="ACTION", parser_class=JsonArgumentParser)
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
    _entry_fields(entry)

    start = actions.add_parser("start-timer", help="start a timer now")
    start.add_argument("--workspace-id", required=True)
    start.add_argument("--description", default="")
    start.add_argument("--project-id")
    _entry_fields(start)
    start.add_argument(
        "--stop-running", action="store_true", help="stop a timer that is already running first"
    )

    stop = actions.add_parser("stop-timer", help="stop the running timer now")
    stop.add_argument("--workspace-id", required=True)
    stop.add_argument("--user-id", required=True)

    listing = actions.add_parser(
        "list-time-entries", help="the entries of a user that start in a range (every page)"
    )
    listing.add_argument("--workspace-id", required=True)
    listing.add_argument("--user-id", required=True)
    listing.add_argument("--start", required=True, type=_time_text, help="ISO 8601")
    listing.add_argument("--end", required=True, type=_time_text, help="ISO 8601")
    listing.add_argument(
        "--format", choices=["json", "csv"], default="json", help="csv prints a header row"
    )

    update = actions.add_parser(
        "update-time-entry", help="change some fields of an entry; the others are kept"
    )
    update.add_argument("--workspace-id", required=True)
    update.add_argument("--id", required=True)
    update.add_argument("--description")
    update.add_argument("--project-id")
    update.add_argument("--task-id")
    update.add_argument(
        "--tag-id", action="append", help="repeat for several; replaces the entry's tags"
    )
    update.add_argument("--billable", type=_bool_text, metavar="true|false")
    _custom_field_option(update)
    update.add_argument("--start", type=_time_text, help="ISO 8601")
    update.add_argument("--end", type=_time_text, help="ISO 8601")

    report = actions.add_parser(
        "report",
        help="totals of the days --start..--end (the profile's zone), grouped; Clockify's "
        "summary report, else counted from the entries",
    )
    report.add_argument("--workspace-id", required=True)
    report.add_argument("--start", required=True, type=_day_text, help="a date, e.g. 2026-11-23")
    report.add_argument("--end", required=True, type=_day_text, help="a date (included)")
    report.add_argument("--group", choices=["project", "client", "tag", "date"], default="project")
    report.add_argument(
        "--format", choices=["json", "csv"], default="json", help="csv prints a header row"
    )
    report.add_argument(
        "--reports-url",
        default=None,
        help="the reports host; default $CLOCKIFY_REPORTS_URL, else the one Clockify "
        "documents for the API's server",
    )

    delete = actions.add_parser("delete-time-entry", help="delete an entry")
    delete.add_argument("--workspace-id", required=True)
    delete.add_argument("--id", required=True)

    # --api-url after the action too (`api whoami --api-url URL`), as people type it; not
    # given there, the one before the action (or none) stands.
    add_workday_actions(actions, _day_text)
    for parser in actions.choices.values():
        parser.add_argument("--api-url", default=argparse.SUPPRESS, help="as before the action")


def _print_json(payload: Result) -> None:
    import json

    print(json.dumps(payload, sort_keys=True, ensure_ascii=False), flush=True)


def _utf8_stdout() -> None:
    """JSON is UTF-8 (RFC 8259), and the CSV is too. On Windows a pipe gets the ANSI code page
    (cp1252 in the West), which has no "→" and none of most of the world's names: the print
    raised, and a script got a traceback instead of the answer (tests/windows/test_cli.py)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")


def _entry_fields(parser: argparse.ArgumentParser) -> None:
    """The options a new entry shares: task, tags and billable."""
    parser.add_argument("--task-id", help="a task of --project-id")
    parser.add_argument("--tag-id", action="append", help="repeat for several tags")
    parser.add_argument(
        "--billable",
        type=_bool_text,
        default=None,
        metavar="true|false",
        help="default: the project's own setting",
    )
    _custom_field_option(parser)


def _custom_field_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--custom-field",
        action="append",
        metavar="NAME=VALUE",
        help="a custom field by name or id; repeat for several (a multiple choice: A,B)",
    )


def run_api(args_list: list[str]) -> int:
    """Run one ``api`` action and print its JSON; never lets a traceback reach a script."""
    from tray_app.clockify import ClockifyClient, ClockifyError

    _utf8_stdout()
    try:
        args = build_api_parser().parse_args(args_list)
        action = ACTIONS[args.action]
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
    if isinstance(result, str):  # --format csv
        print(result, end="", flush=True)
        return 0
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
