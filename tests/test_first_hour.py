"""What a new user meets in the first hour, in the core (plain pytest: the tracker over real HTTP
to the sandbox, an injected clock, events recorded): a failed sign-in to another server leaves
the working session alone; a refused start sent again and landed is what runs; a write whose
answer was lost is looked up as soon as it has settled, and waiting for that is no failure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.core_parts import Parts, running_on_server
from tests.fakes import PINNED, RecordingEvents
from tray_app.clockify import NetworkError, ServerError
from tray_app.core.commands import Commands
from tray_app.core.pacing import Timing
from tray_app.core.retry import OUT_OF_REACH_CAP, RetrySchedule
from tray_app.core.state import StartRequest
from tray_app.sandbox import Sandbox
from tray_app.sandbox.wire import wire_time

REFUSE_ENTRY = (r"/workspaces/\w+/time-entries$", 400, "Project is archived", 501)


def test_a_failed_sign_in_leaves_the_working_session_alone(parts: Parts, sandbox: Sandbox) -> None:
    parts.tracker.writes.on_start(StartRequest("Before the try"))
    assert len(running_on_server(sandbox, parts)) == 1
    parts.tracker.on_sign_in("not-a-key", sandbox.url)  # "Sign in to another server…"
    (result,) = parts.events.of("sign_in_finished")
    assert not result[0].ok
    assert parts.tracker.state.signed_in and parts.tracker.session.client is not None
    parts.tracker.writes.on_stop()  # sent at once, as before the try
    assert running_on_server(sandbox, parts) == [] and parts.tracker.state.pending == 0


def test_a_refused_start_sent_again_is_what_a_toggle_stops(parts: Parts, sandbox: Sandbox) -> None:
    sandbox.faults.refuse(*REFUSE_ENTRY, method="POST")
    parts.tracker.writes.on_start(StartRequest("Refused first"))
    (refused,) = parts.tracker.state.refused
    assert parts.tracker.state.running is None
    sandbox.faults.allow(REFUSE_ENTRY[0])  # the project was restored
    parts.tracker.writes.on_send_again(refused.op_id)
    (landed,) = running_on_server(sandbox, parts)
    running = parts.tracker.state.running
    assert running is not None and running.id == landed.id  # type: ignore[attr-defined]
    inbox = Commands(parts.tracker, parts.store, parts.events)
    inbox.keep("toggle")
    inbox.run()
    assert running_on_server(sandbox, parts) == []  # stopped, not a second timer


def test_a_lost_answer_is_looked_up_once_settled_and_the_waits_do_not_grow(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    settle = Timing(settle=timedelta(seconds=20))
    parts = Parts(sandbox, tmp_path, key=sandbox.api_key, timing=settle)
    parts.tracker.on_startup()
    before = set(sandbox.state.entries)
    sandbox.faults.drop_next_writes(1)  # Clockify saves the start; its answer is lost
    asked = parts.clock.now()
    parts.tracker.writes.on_start(StartRequest("Lost answer"))
    waits = [parts.events.retry_delay]
    for press in (
        parts.tracker.writes.on_stop,
        lambda: parts.tracker.writes.on_start(StartRequest("Next")),
    ):
        parts.clock.advance(1)
        press()  # more toggles meanwhile: they wait behind it, and no wait grows
        waits.append(parts.events.retry_delay)
    while parts.tracker.state.pending:
        assert parts.events.retry_delay is not None
        parts.clock.advance(parts.events.retry_delay)
        parts.tracker.reads.on_retry()
        waits.append(parts.events.retry_delay)
    # It landed once settled (20 s), not after waits that grew as failures (5 + 15 + 30 s …).
    assert (parts.clock.now() - asked).total_seconds() <= 21, waits
    made = [e for e in sandbox.state.entries.values() if e.id not in before]
    assert sorted(e.description for e in made) == ["Lost answer", "Next"]  # none twice
    parts.tracker.close()
    parts.store.close()


def test_out_of_reach_the_tries_stay_a_minute_apart() -> None:
    delays = Timing().retry_delays
    out_of_reach, answered = RecordingEvents(), RecordingEvents()
    for events, error in ((out_of_reach, NetworkError("down")), (answered, ServerError("5xx"))):
        schedule = RetrySchedule(delays, events)
        for _ in range(len(delays) + 2):
            schedule.after(error)
    assert max(out_of_reach.of("retry_in"))[0] == OUT_OF_REACH_CAP == 60
    assert answered.retry_delay == delays[-1] == 300  # what Clockify answers keeps its waits


def test_every_entrys_task_has_its_name_in_the_week_and_the_export(
    parts: Parts, sandbox: Sandbox, tmp_path: Path
) -> None:
    from tray_app.core.export import ENTRY_COLUMNS
    from tray_app.core.reports.report import LOCAL_CSV, ExportRequest, ReportRequest

    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None
    workspace, user = state.workspace.id, state.user.id
    monday = PINNED.replace(hour=7) - timedelta(days=2)  # this week's Monday, 08:00 in Berlin
    used: dict[str, str] = {}
    active = [p for p in sandbox.state.projects.values() if p["workspaceId"] == workspace]
    for number, project in enumerate([p for p in active if not p["archived"]][:12]):
        task = next(t for t in sandbox.state.tasks.values() if t["projectId"] == project["id"])
        start = monday + timedelta(minutes=20 * number)
        body = {"start": wire_time(start), "end": wire_time(start + timedelta(minutes=10))}
        body.update(projectId=project["id"], taskId=task["id"], description=f"Task {number}")
        sandbox.state.create_entry(workspace, user, body)
        used[task["id"]] = task["name"]
    sandbox.faults.refuse(rf"/projects/{active[0]['id']}/tasks$", 403, "Access Denied", 1003)
    refused_task = next(t for t in used if sandbox.state.tasks[t]["projectId"] == active[0]["id"])

    parts.tracker.reads.on_show_week(None)
    (view,) = parts.events.of("week_changed")[-1:]
    named = view[0].task_names
    assert {t: named.get(t) for t in used if t != refused_task} == {
        t: n for t, n in used.items() if t != refused_task
    }  # twelve projects, not the first eight
    asked = len(sandbox.requests)
    parts.tracker.reads.on_show_week(
        None
    )  # again: every name kept, the refused one not asked again
    assert not [r for r in sandbox.requests[asked:] if r.path.endswith("/tasks")]

    path = tmp_path / "week.csv"
    request = ReportRequest(monday.date(), monday.date(), "PROJECT")
    parts.tracker.reporter.on_export(ExportRequest(request, LOCAL_CSV, str(path)), state)
    rows = [
        dict(zip(ENTRY_COLUMNS, r.split(","), strict=False))
        for r in path.read_text().splitlines()[1:]
    ]
    mine = {r["task_id"]: r["task"] for r in rows if r["description"].startswith("Task ")}
    assert mine == {t: ("" if t == refused_task else n) for t, n in used.items()}
