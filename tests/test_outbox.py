"""The outbox replayed against the sandbox: order, exactly once, and every fault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tray_app.clockify import ClockifyClient, NetworkError, RateLimited, ServerError, TimeEntry
from tray_app.core.outbox import Replayer, Settling, entry_payload, new_local_id
from tray_app.core.store import Store
from tray_app.sandbox import Sandbox

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
NO_SETTLE = timedelta(0)  # the sandbox answers synchronously: nothing is left in flight


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "outbox.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def ids(sandbox: Sandbox) -> tuple[str, str]:
    user_id = next(iter(sandbox.state.users))
    return sandbox.state.users[user_id]["activeWorkspace"], user_id


def client_for(sandbox: Sandbox, url: str | None = None) -> ClockifyClient:
    return ClockifyClient(sandbox.api_key, url or sandbox.url, backoff_base=0, max_retries=1)


def start_op(
    workspace: str, description: str, start: datetime = T0, **extra: object
) -> tuple[str, dict]:
    entry = TimeEntry(new_local_id(), start, description=description)
    return "start", {**entry_payload(entry), "workspace_id": workspace, **extra}


def entries_named(sandbox: Sandbox, description: str) -> list:
    return [e for e in sandbox.state.entries.values() if e.description == description]


def test_start_then_stop_in_order(sandbox: Sandbox, store: Store, ids: tuple[str, str]) -> None:
    workspace, user = ids
    kind, payload = start_op(workspace, "Ordered")
    store.add(
        (kind, payload),
        (
            "stop",
            {
                "workspace_id": workspace,
                "entry_id": payload["local_id"],
                "end": "2026-02-02T09:30:00Z",
            },
        ),
    )
    with client_for(sandbox) as client:
        result = Replayer(client, store, user, settle=NO_SETTLE).replay(now=T0)
    assert len(result.sent) == 2 and store.pending_count() == 0
    (entry,) = entries_named(sandbox, "Ordered")
    assert (entry.start, entry.end) == (T0, T0 + timedelta(minutes=30))
    assert store.server_id(payload["local_id"]) == entry.id


def test_lost_response_is_not_duplicated(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    store.add(start_op(workspace, "Lost answer"))
    sandbox.faults.drop_next_writes(1)
    with client_for(sandbox) as client:
        first = Replayer(client, store, user, settle=NO_SETTLE).replay()
        assert isinstance(first.stopped_by, NetworkError) and store.pending_count() == 1
        second = Replayer(client, store, user, settle=NO_SETTLE).replay()
    assert len(second.sent) == 1 and store.pending_count() == 0
    assert len(entries_named(sandbox, "Lost answer")) == 1
    assert [r.method for r in sandbox.requests].count("POST") == 1


def test_garbled_answer_after_commit_is_not_duplicated(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    store.add(
        ("create_entry", {**start_op(workspace, "Garbled")[1], "end": "2026-02-02T10:00:00Z"})
    )
    sandbox.faults.garble_next_writes(1)  # the server commits, then its answer is not JSON
    with client_for(sandbox) as client:
        first = Replayer(client, store, user, settle=NO_SETTLE).replay()
        assert isinstance(first.stopped_by, ServerError)
        Replayer(client, store, user, settle=NO_SETTLE).replay()
    assert len(entries_named(sandbox, "Garbled")) == 1 and store.pending_count() == 0


def test_offline_then_recovery(sandbox: Sandbox, store: Store, ids: tuple[str, str]) -> None:
    workspace, user = ids
    store.add(
        start_op(workspace, "Offline one"),
        start_op(workspace, "Offline two", T0 + timedelta(hours=1)),
    )
    with client_for(sandbox, "http://127.0.0.1:9/api/v1") as offline:
        result = Replayer(offline, store, user, settle=NO_SETTLE).replay()
    assert isinstance(result.stopped_by, NetworkError) and store.pending_count() == 2
    with client_for(sandbox) as online:
        result = Replayer(online, store, user, settle=NO_SETTLE).replay()
    assert len(result.sent) == 2
    assert (
        len(entries_named(sandbox, "Offline one")) == 1
        and len(entries_named(sandbox, "Offline two")) == 1
    )
    # Clockify ends a running timer when the next starts: one timer runs.
    assert entries_named(sandbox, "Offline one")[0].end == T0 + timedelta(hours=1)


def test_rate_limit_storm_keeps_writes_then_lands_them(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    store.add(*[start_op(workspace, f"Storm {n}", T0 + timedelta(minutes=n)) for n in range(5)])
    sandbox.faults.rate_limit_next(1000)
    with client_for(sandbox) as client:
        for _ in range(3):
            result = Replayer(client, store, user, settle=NO_SETTLE).replay()
            assert isinstance(result.stopped_by, RateLimited) and store.pending_count() == 5
        sandbox.faults.reset()
        result = Replayer(client, store, user, settle=NO_SETTLE).replay()
    assert len(result.sent) == 5
    assert sorted(
        e.description for e in sandbox.state.entries.values() if e.description.startswith("Storm")
    ) == [f"Storm {n}" for n in range(5)]


def test_server_error_on_post_is_checked_before_resending(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    store.add(start_op(workspace, "After 500"))
    sandbox.faults.fail_next(1, status=500)
    with client_for(sandbox) as client:
        assert isinstance(
            Replayer(client, store, user, settle=NO_SETTLE).replay().stopped_by, ServerError
        )
        Replayer(client, store, user, settle=NO_SETTLE).replay()
    assert len(entries_named(sandbox, "After 500")) == 1


def test_refused_write_is_kept_as_failed_and_the_rest_goes_on(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    store.add(
        start_op(workspace, "Bad project", project_id="0" * 24),
        start_op(workspace, "Fine", T0 + timedelta(hours=1)),
    )
    with client_for(sandbox) as client:
        result = Replayer(client, store, user, settle=NO_SETTLE).replay()
    assert [op.payload["description"] for op, _ in result.failed] == ["Bad project"]
    assert "Project doesn't belong to Workspace" in result.failed[0][1]
    assert [op.payload["description"] for op in store.failed()] == ["Bad project"]
    assert len(entries_named(sandbox, "Fine")) == 1 and store.pending_count() == 0


def test_late_stop_does_not_stop_a_timer_started_elsewhere(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    kind, payload = start_op(workspace, "Mine")
    store.add((kind, payload))
    with client_for(sandbox) as client:
        Replayer(client, store, user, settle=NO_SETTLE).replay()
        # Offline, the person stops "Mine"; meanwhile a timer is started on the web.
        store.add(
            (
                "stop",
                {
                    "workspace_id": workspace,
                    "entry_id": payload["local_id"],
                    "end": "2026-02-02T09:20:00Z",
                },
            )
        )
        sandbox.state.create_entry(
            workspace, user, {"start": "2026-02-02T09:40:00Z", "description": "Web"}
        )
        Replayer(client, store, user, settle=NO_SETTLE).replay(
            now=datetime.now(UTC) + timedelta(minutes=5)
        )
    (web,) = entries_named(sandbox, "Web")
    assert web.end is None
    assert entries_named(sandbox, "Mine")[0].end == datetime(2026, 2, 2, 9, 40, tzinfo=UTC)


def test_offline_project_then_entry_using_it(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    project_local = new_local_id()
    store.add(
        (
            "create_project",
            {"workspace_id": workspace, "name": "Made offline", "local_id": project_local},
        ),
        start_op(workspace, "On new project", project_id=project_local),
    )
    sandbox.faults.drop_next_writes(1)  # the project's answer is lost
    with client_for(sandbox) as client:
        Replayer(client, store, user, settle=NO_SETTLE).replay()
        Replayer(client, store, user, settle=NO_SETTLE).replay()
    (project,) = [p for p in sandbox.state.projects.values() if p["name"] == "Made offline"]
    assert entries_named(sandbox, "On new project")[0].project_id == project["id"]


def test_update_and_delete(sandbox: Sandbox, store: Store, ids: tuple[str, str]) -> None:
    workspace, user = ids
    kind, payload = start_op(workspace, "Edit me")
    store.add((kind, payload))
    store.add(
        (
            "update_entry",
            {
                "workspace_id": workspace,
                "entry_id": payload["local_id"],
                "changes": {"description": "Edited", "end": "2026-02-02T11:00:00Z"},
            },
        )
    )
    with client_for(sandbox) as client:
        Replayer(client, store, user, settle=NO_SETTLE).replay()
        (entry,) = entries_named(sandbox, "Edited")
        assert entry.end == datetime(2026, 2, 2, 11, tzinfo=UTC)
        store.add(("delete_entry", {"workspace_id": workspace, "entry_id": payload["local_id"]}))
        store.add(
            ("delete_entry", {"workspace_id": workspace, "entry_id": payload["local_id"]})
        )  # twice is fine
        result = Replayer(client, store, user, settle=NO_SETTLE).replay()
    assert len(result.sent) == 2 and entry.id not in sandbox.state.entries


def test_corrupt_database_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = Store(path)
    assert "could not be used" in store.recovery_message
    kept = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    store.add(("start", {"x": 1}))
    assert store.pending_count() == 1
    store.close()


def test_locked_database_is_kept_aside(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "db.sqlite3"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = Store(path)
        assert "locked" in store.recovery_message
        store.add(("start", {"x": 1}))
        assert store.pending_count() == 1
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_write_possibly_in_flight_is_not_checked_too_early(
    sandbox: Sandbox, store: Store, ids: tuple[str, str]
) -> None:
    workspace, user = ids
    store.add(start_op(workspace, "In flight"))
    sandbox.faults.drop_next_writes(1)
    with client_for(sandbox) as client:
        Replayer(client, store, user).replay()
        second = Replayer(client, store, user).replay()  # default settle time: wait
        assert isinstance(second.stopped_by, Settling) and store.pending_count() == 1
        later = datetime.now(UTC) + timedelta(seconds=21)
        assert not Replayer(client, store, user).replay(now=later).stopped_by
    assert len(entries_named(sandbox, "In flight")) == 1
