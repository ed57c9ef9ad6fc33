"""Command line: the tray app (default), ``sandbox``, and ``api <action>`` printing one JSON object
(main here; usage: what the parts share; api and actions: the ``api`` command).

``api`` actions print ``{"status": "success", …}`` and exit 0, or ``{"status": "error",
"message": …}`` and exit 2 for a usage or configuration problem, 1 for an API or network one.
The ``api`` parts (``cli.api``, ``cli.actions``) load only for ``api``: the tray starts faster.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Sequence

from tray_app import APP_ID, __version__
from tray_app.cli.usage import ENV_API_URL, Parser


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=APP_ID,
        description="A light tray timer for Clockify. Without a command it starts the tray app.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_ID} {__version__}")
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
        ("--entries", "open the entries window: this week's entries, to fix and delete"),
        ("--reports", "open the reports window: a range's totals, grouped, and its export"),
        ("--preferences", "open the Preferences window"),
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    sandbox = commands.add_parser(
        "sandbox", help="run the Clockify-compatible demo server on 127.0.0.1"
    )
    sandbox.add_argument(
        "--port", type=int, default=0, help="port to listen on (default: any free)"
    )
    sandbox.add_argument(
        "--projects", type=int, default=0, metavar="N", help="add N generated projects"
    )
    sandbox.add_argument(
        "--entries", type=int, default=0, metavar="N", help="add N generated past entries"
    )
    sandbox.add_argument(
        "--seed", type=int, default=1, help="what the generated data grows from (default: 1)"
    )

    from tray_app.cli import status

    status.add_parser(commands)
    commands.add_parser(
        "api",
        help="scriptable Clockify actions that print JSON (clockify-tray api --help)",
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["--keyring-helper"]:  # the app's own child (platform/keystore/separate)
        from tray_app.platform.keystore.separate import run_helper

        return run_helper(args_list[1] if len(args_list) > 1 else "")
    if args_list[:1] == ["api"]:
        from tray_app.cli.api import run_api

        return run_api(args_list[1:])
    args = build_parser().parse_args(args_list)
    if args.command == "sandbox":
        logging.basicConfig(level=args.log_level)
        return _run_sandbox(args.port, args.projects, args.entries, args.seed)
    if args.command == "status":
        return _run_status(args)
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


def _run_status(args: argparse.Namespace) -> int:
    from tray_app.cli import status
    from tray_app.platform.single_instance import server_name
    from tray_app.platform.single_instance.factory import ask_status

    name = server_name() + ("-demo" if args.demo else "")  # as run_gui names the demo's
    try:
        return status.run(args, lambda follow: ask_status(follow, name))
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:  # the bar (or head) stopped reading
        return 0


def _run_sandbox(port: int, projects: int = 0, entries: int = 0, seed: int = 1) -> int:
    from tray_app.sandbox import Sandbox
    from tray_app.sandbox.seeds import seed_large

    if projects < 0 or entries < 0:
        build_parser().error("--projects and --entries take a number of at least 0")
    sandbox = Sandbox(port)
    if projects or entries:
        seed_large(sandbox.state, projects=projects, entries=entries, seed=seed)
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
