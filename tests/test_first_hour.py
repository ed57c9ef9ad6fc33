"""What a new user meets in the first hour, in the core (plain pytest: the tracker over real HTTP
to the sandbox, an injected clock, events recorded): a failed sign-in to another server leaves
the working session alone; a refused start sent again and landed is what runs."""

from __future__ import annotations

from tests.core_parts import Parts
from tray_app.core.commands import Commands
from tray_app.core.state import StartRequest
from tray_app.sandbox import Sandbox

REFUSE_ENTRY = (r"/workspaces/\w+/time-entries$", 400, "Project is archived", 501)


def running_on_server(sandbox: Sandbox, parts: Parts) -> list[object]:
    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None
    mine = sandbox.state.entries_of(state.workspace.id, state.user.id)
    return [e for e in mine if e.end is None]


def test_a_failed_sign_in_leaves_the_working_session_alone(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.on_start(StartRequest("Before the try"))
    assert len(running_on_server(sandbox, parts)) == 1
    parts.tracker.on_sign_in("not-a-key", sandbox.url)  # "Sign in to another server…"
    (result,) = parts.events.of("sign_in_finished")
    assert not result[0].ok
    assert parts.tracker.state.signed_in and parts.tracker.session.client is not None
    parts.tracker.on_stop()  # sent at once, as before the try
    assert running_on_server(sandbox, parts) == [] and parts.tracker.state.pending == 0


def test_a_refused_start_sent_again_is_what_a_toggle_stops(parts: Parts, sandbox: Sandbox) -> None:
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    parts.tracker.on_start(StartRequest("Refused first"))
    (refused,) = parts.tracker.state.refused
    assert parts.tracker.state.running is None
    sandbox.faults.allow(REFUSE_ENTRY[0])  # the project was restored
    parts.tracker.on_send_again(refused.op_id)
    (landed,) = running_on_server(sandbox, parts)
    running = parts.tracker.state.running
    assert running is not None and running.id == landed.id  # type: ignore[attr-defined]
    inbox = Commands(parts.tracker, parts.store, parts.events)
    inbox.keep("toggle")
    inbox.run()
    assert running_on_server(sandbox, parts) == []  # stopped, not a second timer
