"""``clockify-tray status``: what the app says of itself, how it is printed for scripts and
status bars, and how ``--follow`` keeps up, without a request to Clockify."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.conftest import ROOT, app_process_env, hand_to_app, start_app
from tests.fakes import PINNED, FakeClock
from tests.gui_helpers import round_trip, sandbox_app
from tests.x11 import wait_for
from tray_app.cli import status as cli
from tray_app.core.state import StartRequest
from tray_app.core.status import changed
from tray_app.core.tracking.intents import Start, Stop
from tray_app.sandbox import Sandbox

NOW = datetime(2026, 11, 11, 10, 30, tzinfo=UTC)
RUNNING = {
    "signed_in": True,
    "workspace": "Acme Studio",
    "running": {
        "description": "Fix login bug",
        "project": "Website",
        "client": "Globex",
        "start": "2026-11-11T09:15:00Z",
        "elapsed_seconds": 4500,
        "billable": True,
    },
    "today": {"tracked_seconds": 6 * 3600, "target_seconds": 8 * 3600, "day_off": ""},
    "offline": False,
    "waiting": 0,
    "not_saved": 0,
    "at": "2026-11-11T10:30:00Z",
}
IDLE = {**RUNNING, "running": None}


def test_plain_says_the_timer_and_today_against_its_target() -> None:
    later = NOW + timedelta(minutes=2)  # the app answered two minutes ago
    assert cli.plain(RUNNING, later) == ("▶ 1:17 Website · Fix login bug · today 6:02 of 8:00")
    assert cli.plain(IDLE, NOW) == "■ not tracking · today 6:00 of 8:00"
    holiday = {**IDLE, "today": {"tracked_seconds": 0, "target_seconds": None,
                                 "day_off": "Founders' Day"}}  # fmt: skip
    assert cli.plain(holiday, NOW) == "■ not tracking · today 0:00 · Founders' Day"
    troubled = {**IDLE, "offline": True, "waiting": 2, "not_saved": 1}
    assert cli.plain(troubled, NOW).endswith("· offline · 2 waiting · 1 not saved")
    assert cli.plain({**IDLE, "signed_in": False}, NOW) == "Not signed in."
    assert cli.plain(None, NOW) == "Clockify Tray is not running."


def test_waybar_gets_text_tooltip_class_and_todays_share_of_the_target() -> None:
    shown = cli.waybar(RUNNING, NOW)
    assert shown == {
        "text": "1:15 Fix login bug",
        "tooltip": "Tracking 1:15 · Website · Fix login bug\nToday 6:00 of 8:00",
        "class": ["running"],
        "percentage": 75,
    }
    idle = cli.waybar({**IDLE, "offline": True}, NOW)
    assert idle["text"] == "6:00/8:00" and idle["class"] == ["idle", "offline"]
    assert idle["tooltip"].endswith("\noffline")
    assert cli.waybar(None, NOW) == {
        "text": "",
        "tooltip": "Clockify Tray is not running.",
        "class": "stopped",
        "percentage": 0,
    }
    over = {**IDLE, "today": {**IDLE["today"], "tracked_seconds": 9 * 3600}}
    assert cli.waybar(over, NOW)["percentage"] == 100


def test_json_is_the_apps_own_status_brought_to_now() -> None:
    later = NOW + timedelta(minutes=1)
    shown = json.loads(cli.render(RUNNING, "json", later))
    assert shown["running"]["elapsed_seconds"] == 4560
    assert shown["today"]["tracked_seconds"] == 6 * 3600 + 60
    assert shown["at"] == "2026-11-11T10:31:00Z" and shown["workspace"] == "Acme Studio"
    assert json.loads(cli.render(None, "json", NOW)) == {
        "running_app": False,
        "message": "Clockify Tray is not running.",
    }


def _args(kind: str, follow: bool) -> argparse.Namespace:
    return argparse.Namespace(format=kind, follow=follow)


def test_once_it_prints_one_line_and_says_so_when_no_app_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.run(_args("plain", False), lambda follow: iter([IDLE]), now=lambda: NOW) == 0
    assert capsys.readouterr().out == "■ not tracking · today 6:00 of 8:00\n"
    assert cli.run(_args("json", False), lambda follow: iter([]), now=lambda: NOW) == 1
    assert json.loads(capsys.readouterr().out)["running_app"] is False
    # A bar keeps its module: an empty one, and no error.
    assert cli.run(_args("waybar", False), lambda follow: iter([]), now=lambda: NOW) == 0
    assert json.loads(capsys.readouterr().out)["class"] == "stopped"


class _Stop(Exception):
    pass


def test_following_prints_each_change_and_each_new_minute_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The transport yields the app's statuses, and the last one again every couple of
    seconds; the follower prints only what says something new."""
    clock = [NOW]

    def statuses() -> Iterator[dict[str, object]]:
        yield IDLE
        for _second in range(0, 10, 2):  # nothing new for ten seconds: nothing printed
            clock[0] += timedelta(seconds=2)
            yield IDLE
        yield RUNNING  # a start
        clock[0] += timedelta(seconds=30)
        yield RUNNING  # the same minute
        clock[0] += timedelta(seconds=35)
        yield RUNNING  # the next minute: printed
        yield {**RUNNING, "waiting": 1}  # a change
        # the app quits: the connection ends

    def sleep(_seconds: float) -> None:
        raise _Stop

    asked: list[bool] = []

    def ask(follow: bool) -> Iterator[dict[str, object]]:
        asked.append(follow)
        return statuses()

    with pytest.raises(_Stop):
        cli.run(_args("plain", True), ask, now=lambda: clock[0], sleep=sleep)
    assert asked == [True]
    assert capsys.readouterr().out.splitlines() == [
        "■ not tracking · today 6:00 of 8:00",
        "▶ 1:15 Website · Fix login bug · today 6:00 of 8:00",
        "▶ 1:16 Website · Fix login bug · today 6:01 of 8:00",
        "▶ 1:16 Website · Fix login bug · today 6:01 of 8:00 · 1 waiting",
        "Clockify Tray is not running.",
    ]


def test_the_app_says_a_start_and_a_stop_and_not_the_clock(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    clock = FakeClock()
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", clock=clock) as app:
        said: list[dict[str, object]] = []
        app.status_changed.connect(said.append)
        before = app.status()
        assert before["signed_in"] is True and before["running"] is None
        assert before["workspace"] == app.state.workspace.name  # type: ignore[union-attr]
        today = before["today"]
        assert isinstance(today, dict) and today["target_seconds"] == 8 * 3600  # a Wednesday
        project = next(p for p in app.state.projects if p.name == "Support")
        app.ask(Start(StartRequest("Triage", project.id)))
        qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
        running = app.status()["running"]
        assert isinstance(running, dict)
        assert (running["description"], running["project"]) == ("Triage", "Support")
        assert running["start"] == app.state.running.start.strftime("%Y-%m-%dT%H:%M:%SZ")  # type: ignore[union-attr]
        assert any(s["running"] for s in said)
        count = len(said)
        clock.advance(300)
        app.on_worker_state_changed(app.state)  # the same state, later: nothing new to say
        assert len(said) == count
        app.ask(Stop())
        qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
        round_trip(qtbot, app)
        assert said[-1]["running"] is None
    assert not changed(said[-1], {**said[-1], "at": "2030-01-01T00:00:00Z"})


def test_the_pinned_clock_is_the_sandbox_moment() -> None:
    assert NOW == PINNED  # the statuses above are written for the sandbox's moment


@pytest.mark.processes
@pytest.mark.parametrize("channel", ["unix", "local"])
def test_the_channel_answers_status_and_keeps_followers_until_they_leave(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, channel: str
) -> None:
    """Both channels (a Unix socket here; QLocalServer, Windows' named pipe, run on a local
    socket): a status is answered, a follower hears each published one and is let go when it
    leaves; a command still works beside them."""
    from tray_app.platform.single_instance import local, unix

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    module = unix if channel == "unix" else local
    server_class = unix.UnixInstanceServer if channel == "unix" else local.LocalInstanceServer
    server = server_class(f"status-{channel}")
    assert server.listen()
    server.status_of = lambda: IDLE
    follower = _reader(channel, f"status-{channel}")
    qtbot.waitUntil(lambda: len(server._followers) == 1, timeout=10_000)
    server.publish(RUNNING)
    server.publish({**RUNNING, "waiting": 1})
    assert follower.stdout is not None
    lines = [json.loads(follower.stdout.readline()) for _line in range(3)]
    assert [line["running"] is not None for line in lines] == [False, True, True]
    assert lines[2]["waiting"] == 1
    follower.kill()
    follower.wait(timeout=10)
    qtbot.waitUntil(lambda: not server._followers, timeout=10_000)
    server.publish(IDLE)  # nobody left: nothing to send, no error
    once = _reader(channel, f"status-{channel}", follow=False)
    qtbot.waitUntil(lambda: once.poll() is not None, timeout=10_000)  # (the loop answers it)
    assert once.returncode == 0  # asked once: answered once, and done
    assert [json.loads(line) for line in once.communicate()[0].splitlines()] == [IDLE]
    server.close()
    assert next(module.ask_status(False, f"status-{channel}"), None) is None  # nobody there


def _reader(channel: str, name: str, follow: bool = True) -> subprocess.Popen[str]:
    """``ask_status`` in a process of its own (the server needs this one's event loop), a
    JSON line per status."""
    code = (
        "import json, sys; from PySide6.QtCore import QCoreApplication; "
        "app = QCoreApplication([]); "
        f"from tray_app.platform.single_instance.{channel} import ask_status; "
        f"[print(json.dumps(s), flush=True) for s in ask_status({follow}, {name!r})]"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.processes
def test_status_follow_hears_a_start_and_a_stop_within_a_second(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    env = app_process_env(tmp_path, CLOCKIFY_API_KEY=sandbox.api_key)
    app = start_app(env, "--api-url", sandbox.url)
    follow = None
    try:
        status = [sys.executable, "-m", "tray_app", "status"]
        wait_for(
            lambda: subprocess.run(
                [*status, "--format", "json"], env=env, cwd=ROOT, capture_output=True, text=True
            ).stdout.startswith('{"signed_in": true'),
            "the app signed in",
        )
        follow = subprocess.Popen(
            [*status, "--follow", "--format", "waybar"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert follow.stdout is not None
        first = json.loads(follow.stdout.readline())
        assert first["class"] == ["idle"] and "Not tracking" in first["tooltip"]
        for command, wanted in (("toggle", "running"), ("toggle", "idle")):
            hand_to_app(env, command)
            asked = time.monotonic()
            while True:  # the start is said at once, then again when Clockify confirms it
                line = json.loads(follow.stdout.readline())
                if wanted in line["class"]:
                    break
            assert time.monotonic() - asked < 1.0, f"{wanted} took too long"
        requests = len(sandbox.requests)
        for _asked in range(3):  # asking the app costs Clockify nothing
            subprocess.run([*status], env=env, cwd=ROOT, capture_output=True, timeout=30)
        assert len(sandbox.requests) == requests
    finally:
        if follow is not None:
            follow.kill()
            follow.wait(timeout=10)
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors


@pytest.mark.processes
def test_the_command_lines_parser_loads_nothing_of_the_core() -> None:
    """`clockify-tray` starts the tray through this parser: the status command it offers must
    not bring the core's state (and httpx) in before the tray icon shows."""
    code = (
        "import sys, tray_app.cli as c; c.build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('tray_app.core', "
        "'tray_app.clockify', 'httpx'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
