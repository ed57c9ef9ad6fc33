"""Idle on a real X server, end to end: the app process on Xvfb reads the XScreenSaver
extension; input left alone past the threshold, then a mouse move (xdotool), brings up the
prompt; a key press in it chooses, and the sandbox has the result to the second."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import hand_to_app, start_app
from tests.x11 import Keyboard, timer_with_short_idle, wait_for
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.processes

THRESHOLD_S = 3


@pytest.mark.parametrize(("key", "continues"), [("alt+d", False), ("alt+c", True)])
def test_away_then_back_brings_the_prompt_and_the_choice_lands(
    sandbox: Sandbox, display: str, tmp_path: Path, key: str, continues: bool
) -> None:
    entry, env = timer_with_short_idle(sandbox, tmp_path, display, THRESHOLD_S)
    workspace, user = entry.workspace_id, entry.user_id
    started = entry.start
    keys = Keyboard(display)
    app = start_app(env, "--api-url", sandbox.url)
    try:
        wait_for(lambda: any("time-entries" in r.path for r in sandbox.requests), "a sync")
        keys.run("mousemove", "5", "5")
        last_input = datetime.now(UTC)
        time.sleep(THRESHOLD_S + 2)  # nobody touches anything
        assert entry.end is None
        keys.run("mousemove", "50", "50")  # back
        keys.focus("Were you away?")
        keys.key(key)  # Alt+D: "Discard idle time"; Alt+C: "Discard and continue"
        wait_for(lambda: entry.end is not None, "the choice to land")
        assert abs((entry.end - last_input).total_seconds()) <= 2  # the last input, not now

        def later() -> list[object]:
            mine = sandbox.state.entries_of(workspace, user)
            return [e for e in mine if e.id != entry.id and e.start > started]

        if continues:
            wait_for(lambda: bool(later()), "the timer to go on")
            (again,) = later()
            assert again.end is None and again.description == "Focus"  # type: ignore[attr-defined]
        else:
            # The app has finished with the choice once it reads a week asked for after it
            # (one worker, in order): a continuation would have been sent before that.
            reads = len(week_reads(sandbox))
            hand_to_app(env, "entries")
            wait_for(lambda: len(week_reads(sandbox)) > reads, "the entries window's week read")
            assert not later() and sandbox.state.running_entry(workspace, user) is None
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors


def week_reads(sandbox: Sandbox) -> list[object]:
    return [
        r
        for r in sandbox.requests
        if r.method == "GET" and r.path.endswith("/time-entries") and "start=" in r.query
    ]
