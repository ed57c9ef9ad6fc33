"""Start/stop and stop as commands: decided by the state where the writes are made, carried
out in order, exactly once, at the moment they were received, and kept over a crash (plain
pytest: the tracker over real HTTP to the sandbox, an injected clock, events recorded)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.core_parts import Parts
from tray_app.core.commands import Commands
from tray_app.sandbox import Sandbox


def commands(parts: Parts) -> Commands:
    return Commands(parts.tracker, parts.store, parts.events)


def made_here(sandbox: Sandbox, parts: Parts) -> list[Any]:
    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None
    mine = sandbox.state.entries_of(state.workspace.id, state.user.id)
    return sorted((e for e in mine if e.id not in parts.demo_ids), key=lambda e: e.start)


def test_two_quick_toggles_start_and_stop_at_the_moments_they_came(
    parts: Parts, sandbox: Sandbox
) -> None:
    inbox = commands(parts)
    again = parts.tracker.state.restart_request()  # the demo's newest entry, continued
    assert again is not None
    first = parts.clock.now()
    inbox.keep("toggle")
    parts.clock.advance(18 * 60)  # the second, before the worker got to the first
    inbox.keep("toggle")
    inbox.run()
    (entry,) = made_here(sandbox, parts)
    assert (entry.description, entry.project_id) == (again.description, again.project_id)
    assert entry.start == first and entry.end == first + timedelta(minutes=18)
    assert parts.tracker.state.running is None
    assert parts.store.commands() == []
    inbox.run()  # carried out once: nothing is left to do again
    assert len(made_here(sandbox, parts)) == 1


def test_stop_stops_only_what_runs(parts: Parts, sandbox: Sandbox) -> None:
    inbox = commands(parts)
    inbox.keep("stop")  # nothing runs: nothing to do, and nothing is started
    inbox.run()
    assert made_here(sandbox, parts) == [] and parts.store.commands() == []
    inbox.keep("toggle")
    parts.clock.advance(60)
    inbox.keep("stop")
    inbox.keep("stop")
    inbox.run()
    (entry,) = made_here(sandbox, parts)
    assert entry.end is not None and entry.end - entry.start == timedelta(minutes=1)


def test_a_command_kept_before_a_crash_is_carried_out_at_the_next_start(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    before = Parts(sandbox, tmp_path, key=sandbox.api_key)
    before.tracker.on_startup()
    received = before.clock.now()
    commands(before).keep("toggle")  # told "done", then killed before the worker ran it
    before.tracker.close()
    before.store.close()

    after = Parts(sandbox, tmp_path, key=sandbox.api_key)
    after.clock.advance(600)  # started again ten minutes later
    after.tracker.on_startup()
    commands(after).run()
    (entry,) = made_here(sandbox, after)
    assert entry.start == received and entry.end is None  # as asked, when it was asked
    assert after.store.commands() == []
    after.tracker.close()
    after.store.close()


def test_commands_wait_for_an_account(sandbox: Sandbox, tmp_path: Path) -> None:
    parts = Parts(sandbox, tmp_path, key=None)
    parts.tracker.on_startup()
    inbox = commands(parts)
    inbox.keep("toggle")
    inbox.run()
    assert len(parts.store.commands()) == 1 and not parts.events.messages("failed")
    parts.tracker.on_sign_in(sandbox.api_key, sandbox.url)
    inbox.run()
    assert parts.tracker.state.running is not None and parts.store.commands() == []
    parts.tracker.close()
    parts.store.close()


def test_a_toggle_with_nothing_to_start_again_asks_what(tmp_path: Path) -> None:
    with Sandbox(demo_data=False) as empty:
        user = empty.state.add_user("fresh-key", "New User", "new@example.com")
        empty.state.add_workspace("Fresh", [user])
        parts = Parts(empty, tmp_path, key="fresh-key")
        parts.tracker.on_startup()
        inbox = commands(parts)
        inbox.keep("toggle")
        inbox.run()
        assert parts.events.of("quick_start_wanted") == [(None, "")]
        assert parts.store.commands() == [] and not empty.state.entries
        parts.tracker.close()
        parts.store.close()
