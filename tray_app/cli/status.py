"""``clockify-tray status``: what the running app knows, for a script or a status bar.

It asks the app through its single-instance channel (no request to Clockify) and prints the
status as JSON (the app's own object, core/status.py), as a line of plain text, or in Waybar's
custom-module format. ``--follow`` keeps listening: a new line whenever the app's status
changes, and one a minute while a timer runs (its time goes on), for i3blocks- or
Polybar-style tails. Without a running app it says so: plain and JSON exit 1; Waybar gets an
empty module (and ``--follow`` waits for the app to come back).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from tray_app import APP_TITLE

Status = dict[str, Any]
FORMATS = ("json", "plain", "waybar")
RETRY_S = 5.0  # --follow without an app: how often to look for one
NOT_RUNNING = f"{APP_TITLE} is not running."


def add_parser(commands: Any) -> None:
    status = commands.add_parser(
        "status",
        help="print the running app's timer and today's total (no request to Clockify)",
        description="Print what the running app knows: the timer, today's total and target. "
        "It asks the app (the demo's with --demo), never Clockify.",
    )
    status.add_argument(
        "--format", choices=FORMATS, default="plain", help="how to print it (default: plain)"
    )
    status.add_argument(
        "--follow", action="store_true", help="print a new line whenever it changes"
    )
    status.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,  # (``clockify-tray --demo status`` says it too)
        help="ask the app running in demo mode",
    )


def clock_text(seconds: int) -> str:
    """ "1:05" (hours and minutes), as a bar shows a running time."""
    minutes = max(0, seconds) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def elapsed(status: Status, now: datetime) -> int:
    """The running timer's seconds at ``now`` (its start is in the status), 0 without one."""
    from tray_app.clockify.timefmt import parse_utc  # (lazily: see _print_new)

    running = status.get("running")
    if not running:
        return 0
    return int((now - parse_utc(running["start"])).total_seconds())


def _today(status: Status, now: datetime) -> tuple[int, int | None, str]:
    today = status.get("today") or {}
    tracked = int(today.get("tracked_seconds") or 0)
    if status.get("running"):  # the app's figure is from when it answered: catch up
        tracked += max(0, elapsed(status, now) - status["running"]["elapsed_seconds"])
    return tracked, today.get("target_seconds"), today.get("day_off") or ""


def _label(running: dict[str, Any]) -> str:
    parts = [running.get("project") or "", running.get("description") or ""]
    return " · ".join(p for p in parts if p) or "(no description)"


def _today_text(status: Status, now: datetime) -> str:
    tracked, target, day_off = _today(status, now)
    text = f"today {clock_text(tracked)}"
    if target:
        text += f" of {clock_text(target)}"
    return f"{text} · {day_off}" if day_off else text


def _extras(status: Status) -> list[str]:
    extras = ["offline"] if status.get("offline") else []
    if status.get("waiting"):
        extras.append(f"{status['waiting']} waiting")
    if status.get("not_saved"):
        extras.append(f"{status['not_saved']} not saved")
    return extras


def plain(status: Status | None, now: datetime) -> str:
    """ "▶ 1:23 Website · Fix login bug · today 6:12 of 8:00", "■ today 6:12", or why
    there is nothing to say."""
    if status is None:
        return NOT_RUNNING
    if "signed_in" not in status:
        return f"{APP_TITLE} is starting."
    if not status["signed_in"]:
        return "Not signed in."
    running = status.get("running")
    if running:
        head = f"▶ {clock_text(elapsed(status, now))} {_label(running)}"
    else:
        head = "■ not tracking"
    return " · ".join([head, _today_text(status, now), *_extras(status)])


def waybar(status: Status | None, now: datetime) -> Status:
    """Waybar's custom module (``return-type: json``): text, tooltip, class, percentage
    (today's time against its target)."""
    if status is None or "signed_in" not in status:
        why = NOT_RUNNING if status is None else f"{APP_TITLE} is starting."
        return {"text": "", "tooltip": why, "class": "stopped", "percentage": 0}
    if not status["signed_in"]:
        return {"text": "", "tooltip": "Not signed in.", "class": "signed-out", "percentage": 0}
    tracked, target, _day_off = _today(status, now)
    running = status.get("running")
    if running:
        time_text = clock_text(elapsed(status, now))
        text = f"{time_text} {running.get('description') or running.get('project') or ''}"
        head = f"Tracking {time_text} · {_label(running)}"
        classes = ["running"]
    else:
        text = clock_text(tracked) + (f"/{clock_text(target)}" if target else "")
        head = "Not tracking"
        classes = ["idle"]
    classes += [c for c, on in (("offline", status.get("offline")),
                                ("not-saved", status.get("not_saved"))) if on]  # fmt: skip
    lines = [head, _today_text(status, now).capitalize(), " · ".join(_extras(status))]
    return {
        "text": text.strip(),
        "tooltip": "\n".join(line for line in lines if line),
        "class": classes,
        "percentage": min(100, round(100 * tracked / target)) if target else 0,
    }


def _caught_up(status: Status, now: datetime) -> Status:
    """The app's status with its clock figures brought to ``now``."""
    from tray_app.clockify.timefmt import format_utc

    if not status.get("running") or "today" not in status:
        return status
    tracked, _target, _day_off = _today(status, now)
    running = {**status["running"], "elapsed_seconds": elapsed(status, now)}
    today = {**status["today"], "tracked_seconds": tracked}
    return {**status, "running": running, "today": today, "at": format_utc(now)}


def render(status: Status | None, kind: str, now: datetime) -> str:
    if kind == "waybar":
        return json.dumps(waybar(status, now), ensure_ascii=False)
    if kind == "json":
        if status is None:
            return json.dumps({"running_app": False, "message": NOT_RUNNING})
        return json.dumps(_caught_up(status, now), ensure_ascii=False)
    return plain(status, now)


def run(
    args: argparse.Namespace,
    ask: Callable[[bool], Iterator[Status]],
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Print the status once, or follow it. ``ask(follow)`` yields the app's status (nothing
    when no app runs); following, it yields again whenever the app's status changes, and at
    least every few seconds (the last one again) so a running timer's minute is printed when
    it turns, and it ends when the app goes."""
    if not args.follow:
        status = next(ask(False), None)
        print(render(status, args.format, now()), flush=True)
        return 0 if status is not None or args.format == "waybar" else 1
    last: object = ()
    while True:
        for status in ask(True):
            last = _print_new(status, args.format, now(), last)
        last = _print_new(None, args.format, now(), last)  # no app (any more): said once
        sleep(RETRY_S)


def _print_new(status: Status | None, kind: str, at: datetime, last: object) -> object:
    """The status printed if it says something new (a change, or a running timer's next
    minute): what it said, to compare the next one with."""
    # Imported here: the tray's start goes through this module's parser, and the core's state
    # would weigh on that start.
    from tray_app.core.status import without_clock

    said = (
        json.dumps(without_clock(status), sort_keys=True) if status is not None else None,
        elapsed(status, at) // 60 if status is not None else None,
    )
    if said != last:
        print(render(status, kind, at), flush=True)
    return said
