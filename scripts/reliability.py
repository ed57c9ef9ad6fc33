"""Fault scenarios for the outbox: each makes writes under one fault and counts what landed.

Run ``python -m scripts.reliability`` (or ``make reliability``) to write docs/reliability.md;
tests/test_reliability.py runs the same scenarios and asserts every write landed exactly once.
Each scenario uses the real code: the Replayer and Store in this process, or the whole app as
a separate process that is killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tray_app.clockify import BadResponse, ClockifyClient, TimeEntry
from tray_app.core.outbox import Replayer, entry_payload, new_local_id
from tray_app.core.pacing import Timing
from tray_app.core.preferences import Preferences
from tray_app.core.session import Session
from tray_app.core.settings import Settings
from tray_app.core.state import EntryRequest
from tray_app.core.store import Store
from tray_app.core.sync import Sync
from tray_app.core.tracking.tracker import Tracker
from tray_app.platform.keystore.memory import MemoryStore
from tray_app.sandbox import Sandbox

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
WRITES = 5


@dataclass(frozen=True)
class Row:
    """One scenario's outcome."""

    fault: str
    writes: int
    landed: int
    duplicates: int
    requests: int

    @property
    def ok(self) -> bool:
        return self.landed == self.writes and self.duplicates == 0


def _ids(sandbox: Sandbox) -> tuple[str, str]:
    user = next(iter(sandbox.state.users))
    return sandbox.state.users[user]["activeWorkspace"], user


def _count(sandbox: Sandbox, descriptions: list[str]) -> tuple[int, int]:
    """(how many descriptions landed at least once, how many extra copies exist)."""
    found = [e.description for e in sandbox.state.entries.values()]
    landed = sum(1 for d in descriptions if d in found)
    duplicates = sum(max(0, found.count(d) - 1) for d in descriptions)
    return landed, duplicates


def _queue_entries(store: Store, workspace: str, label: str) -> list[str]:
    names = [f"{label} #{n}" for n in range(WRITES)]
    writes = []
    for number, name in enumerate(names):
        start = T0 + timedelta(hours=number)
        entry = TimeEntry(new_local_id(), start, start + timedelta(minutes=45), description=name)
        writes.append(("create_entry", {**entry_payload(entry), "workspace_id": workspace}))
    store.add(*writes)
    return names


def _replay_until_done(sandbox: Sandbox, store: Store, user: str, *, limit: int = 50) -> None:
    with ClockifyClient(sandbox.api_key, sandbox.url, backoff_base=0, max_retries=1) as client:
        for _ in range(limit):
            Replayer(client, store, user, settle=timedelta(0)).replay()
            if not store.pending_count():
                return
            time.sleep(0.05)
    raise RuntimeError("the outbox did not drain")


def in_process(
    fault: str, arrange: Callable[[Sandbox], None], heal: Callable[[Sandbox], None]
) -> Row:
    """Queue writes, replay once under the fault, heal, replay until the outbox is empty."""
    with _sandbox() as sandbox, tempfile.TemporaryDirectory() as scratch:
        workspace, user = _ids(sandbox)
        store = Store(Path(scratch) / "outbox.sqlite3")
        names = _queue_entries(store, workspace, fault)
        arrange(sandbox)
        with ClockifyClient(sandbox.api_key, sandbox.url, backoff_base=0, max_retries=1) as client:
            for _ in range(WRITES):  # a few passes under the fault
                Replayer(client, store, user, settle=timedelta(0)).replay()
        heal(sandbox)
        _replay_until_done(sandbox, store, user)
        store.close()
        return Row(fault, WRITES, *_count(sandbox, names), len(sandbox.requests))


def scenario_offline() -> Row:
    def down(s: Sandbox) -> None:
        s.faults.offline = True

    def up(s: Sandbox) -> None:
        s.faults.offline = False

    return in_process("network down, then back", down, up)


def scenario_dropped_after_commit() -> Row:
    return in_process(
        "connection dropped after the server saved",
        lambda s: s.faults.drop_next_writes(WRITES),
        lambda s: None,
    )


def scenario_garbled_after_commit() -> Row:
    return in_process(
        "malformed JSON answer after the server saved",
        lambda s: s.faults.garble_next_writes(WRITES),
        lambda s: None,
    )


def scenario_server_errors() -> Row:
    return in_process(
        "HTTP 500 on the first writes", lambda s: s.faults.fail_next(WRITES), lambda s: None
    )


def scenario_connection_refused() -> Row:
    with _sandbox() as sandbox, tempfile.TemporaryDirectory() as scratch:
        workspace, user = _ids(sandbox)
        store = Store(Path(scratch) / "outbox.sqlite3")
        names = _queue_entries(store, workspace, "refused")
        with ClockifyClient(
            sandbox.api_key, "http://127.0.0.1:9/api/v1", backoff_base=0, max_retries=1
        ) as dead:
            Replayer(dead, store, user, settle=timedelta(0)).replay()
        _replay_until_done(sandbox, store, user)
        store.close()
        return Row(
            "connection refused (no server)", WRITES, *_count(sandbox, names), len(sandbox.requests)
        )


def scenario_corrupt_database() -> Row:
    with _sandbox() as sandbox, tempfile.TemporaryDirectory() as scratch:
        workspace, user = _ids(sandbox)
        path = Path(scratch) / "outbox.sqlite3"
        path.write_bytes(b"garbage " * 512)
        store = Store(path)
        assert store.recovery_message
        names = _queue_entries(store, workspace, "after corruption")
        _replay_until_done(sandbox, store, user)
        store.close()
        return Row(
            "corrupt database file (kept aside, fresh one)",
            WRITES,
            *_count(sandbox, names),
            len(sandbox.requests),
        )


# --- the whole app as a process ---------------------------------------------------------------


@contextmanager
def _app_env(sandbox: Sandbox, description: str) -> Iterator[tuple[dict[str, str], Path]]:
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLOCKIFY_")}
        env.update(
            QT_QPA_PLATFORM="offscreen",
            QT_LOGGING_RULES="qt.core.qobject.connect.warning=false",
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_STATE_HOME=str(home / "state"),
            XDG_CACHE_HOME=str(home / "cache"),
            CLOCKIFY_API_KEY=sandbox.api_key,
            CLOCKIFY_API_URL=sandbox.url,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            PYTHONPATH=str(ROOT),
        )
        config = home / "config" / "clockify-tray"
        config.mkdir(parents=True)
        (config / "settings.json").write_text(
            json.dumps({"last_start": {"description": description}})
        )
        yield env, home / "data" / "clockify-tray" / "clockify-tray.sqlite3"


def _launch(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tray_app", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )


def _command(env: dict[str, str], command: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "tray_app", f"--{command}"],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=30,
        capture_output=True,
    )


def _wait(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


def _outbox(db: Path) -> list[tuple[str, int]]:
    """(status, attempts) of each op, read from another process as any reader could."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as reader:
        return reader.execute("SELECT status, attempts FROM outbox").fetchall()


def _started(sandbox: Sandbox) -> bool:
    return any(r.method == "GET" and r.path.endswith("/time-entries") for r in sandbox.requests)


def _kill_and_restart(
    fault: str,
    arrange: Callable[[Sandbox], None],
    wait_for: Callable[[Path], bool],
    replay_timeout: float = 60,
) -> Row:
    description = "Train ride"
    with _sandbox() as sandbox, _app_env(sandbox, description) as (env, db):
        app = _launch(env)
        try:
            _wait(lambda: _started(sandbox), "the app to start")
            arrange(sandbox)
            _command(env, "toggle")  # starts the last timer: the write goes into the outbox
            _wait(lambda: wait_for(db), "the write to be stored")
        finally:
            app.send_signal(signal.SIGKILL)
            app.wait(10)
        sandbox.faults.reset()
        app = _launch(env)
        try:
            _wait(
                lambda: bool(_outbox(db)) and all(s != "pending" for s, _ in _outbox(db)),
                "the replay",
                replay_timeout,
            )
            time.sleep(0.5)  # a duplicate would show up now
        finally:
            _command(env, "quit")
            app.wait(20)
        return Row(fault, 1, *_count(sandbox, [description]), len(sandbox.requests))


def scenario_kill_before_send() -> Row:
    def offline(sandbox: Sandbox) -> None:
        sandbox.faults.offline = True

    return _kill_and_restart(
        "kill -9 after storing, before it could be sent",
        offline,
        lambda db: any(status == "pending" for status, _ in _outbox(db)),
    )


def scenario_kill_after_send() -> Row:
    def slow(sandbox: Sandbox) -> None:
        sandbox.faults.latency = 1.5  # the server saves after the app is gone

    return _kill_and_restart(
        "kill -9 while the write was on its way",
        slow,
        lambda db: any(status == "pending" and attempts > 0 for status, attempts in _outbox(db)),
        replay_timeout=90,  # the app waits out the settle time (20 s) before checking
    )


def scenario_rate_limit_storm() -> Row:
    """Every request answered 429 for five minutes, on a sandbox clock running 100 times fast."""
    names = ["Storm start"]
    with _sandbox() as sandbox, _app_env(sandbox, names[0]) as (env, db):
        app = _launch(env)
        try:
            _wait(lambda: _started(sandbox), "the app to start")
            real_start = time.monotonic()
            sandbox.faults.clock = lambda: real_start + (time.monotonic() - real_start) * 100
            sandbox.faults.rate_limit_for(300)
            _command(env, "toggle")
            _wait(lambda: bool(_outbox(db)), "the write to be stored")
            _wait(lambda: all(s != "pending" for s, _ in _outbox(db)), "the storm to pass", 90)
            time.sleep(0.3)
        finally:
            _command(env, "quit")
            app.wait(20)
        limited = sum(1 for r in sandbox.requests if r.status == 429)
        return Row(
            f"429 for 5 minutes ({limited} refused requests)",
            1,
            *_count(sandbox, names),
            len(sandbox.requests),
        )


# --- degraded modes: refusals, and the network coming back (the core, no Qt) -----------------


class _Quiet:
    """The tracker's events, ignored: these scenarios count what reached the server."""

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args: None


def _tracker(sandbox: Sandbox, folder: Path) -> tuple[Tracker, Store]:
    store = Store(folder / "outbox.sqlite3")
    tracker = Tracker(
        Session(
            lambda key, url: ClockifyClient(key, url, backoff_base=0, max_retries=1),
            MemoryStore(sandbox.api_key),
        ),
        Sync(store, timing=Timing(settle=timedelta(0))),
        store,
        Preferences(Settings(base_url=sandbox.url), None),
        _Quiet(),
    )
    tracker.on_startup()
    return tracker, store


def _entry_requests(label: str) -> list[EntryRequest]:
    return [
        EntryRequest(
            n, T0 + timedelta(hours=n), T0 + timedelta(hours=n, minutes=45), f"{label} #{n}"
        )
        for n in range(WRITES)
    ]


def _degraded(
    fault: str,
    arrange: Callable[[Sandbox], None],
    act: Callable[[Sandbox, Tracker, Path], None],
    *,
    once_started: Callable[[Sandbox], None] = lambda sandbox: None,
) -> Row:
    """Start the core under ``arrange``'s fault (and ``once_started``'s), record entries, let
    ``act`` heal and resend."""
    with _sandbox() as sandbox, tempfile.TemporaryDirectory() as scratch:
        arrange(sandbox)
        tracker, store = _tracker(sandbox, Path(scratch))
        once_started(sandbox)
        requests = _entry_requests(fault)
        for request in requests:
            tracker.writes.on_create_entry(request)
        act(sandbox, tracker, Path(scratch))
        tracker.close()
        store.close()
        names = [r.description for r in requests]
        return Row(fault, WRITES, *_count(sandbox, names), len(sandbox.requests))


REFUSED_ENTRY = r"/workspaces/\w+/time-entries$"


def scenario_refused_tags() -> Row:
    def check(sandbox: Sandbox, tracker: Tracker, folder: Path) -> None:
        assert tracker.state.unavailable_text("tags")

    return _degraded(
        "tags refused with 403 (a restricted member)", lambda s: s.faults.refuse(r"/tags$"), check
    )


def scenario_refused_then_resent_after_restart() -> Row:
    def refuse(sandbox: Sandbox) -> None:
        sandbox.faults.refuse(REFUSED_ENTRY, 400, "Project is archived", 501, method="POST")

    def restart_and_resend(sandbox: Sandbox, tracker: Tracker, folder: Path) -> None:
        assert len(tracker.state.refused) == WRITES
        tracker.close()
        sandbox.faults.allow(REFUSED_ENTRY)  # the project is restored; the app starts again
        again, store = _tracker(sandbox, folder)
        for write in again.state.refused:
            again.writes.on_send_again(write.op_id)
        again.close()
        store.close()

    return _degraded(
        "refused with 400, kept over a restart, sent again", refuse, restart_and_resend
    )


def scenario_network_back() -> Row:
    """Connections refused; the system says the network is back: sent then, not at a retry."""

    def back(sandbox: Sandbox, tracker: Tracker, folder: Path) -> None:
        sandbox.come_back()
        tracker.reads.on_network_back()

    return _degraded(
        "connection refused, then the system says it is back",
        lambda sandbox: None,
        back,
        once_started=lambda sandbox: sandbox.go_down(),
    )


@dataclass(frozen=True)
class ReadRow:
    """A paged read against a misbehaving server."""

    fault: str
    requests: int
    outcome: str
    ok: bool


def reads_repeated_pages() -> ReadRow:
    with _sandbox() as sandbox:
        workspace, _ = _ids(sandbox)
        sandbox.faults.ignore_page = True
        with ClockifyClient(sandbox.api_key, sandbox.url, page_size=10, backoff_base=0) as client:
            try:
                client.list_projects(workspace)
            except BadResponse as err:
                outcome, ok = f"stopped: “{err.message[:60]}…”", "same items" in err.message
            else:
                outcome, ok = "read to the end (wrong)", False
        return ReadRow("server repeats full pages of projects", len(sandbox.requests), outcome, ok)


def reads_shortened_pages() -> ReadRow:
    with _sandbox() as sandbox:
        workspace, _ = _ids(sandbox)
        total = len([p for p in sandbox.state.projects.values() if p["workspaceId"] == workspace])
        sandbox.faults.page_cap = 7
        with ClockifyClient(sandbox.api_key, sandbox.url, page_size=10, backoff_base=0) as client:
            read = len(client.list_projects(workspace))
        return ReadRow(
            "server sends 7 of 10 asked, no Last-Page header",
            len(sandbox.requests),
            f"{read} of {total} projects read",
            read == total,
        )


READS: list[Callable[[], ReadRow]] = [reads_repeated_pages, reads_shortened_pages]

SCENARIOS: list[Callable[[], Row]] = [
    scenario_offline,
    scenario_connection_refused,
    scenario_dropped_after_commit,
    scenario_garbled_after_commit,
    scenario_server_errors,
    scenario_rate_limit_storm,
    scenario_kill_before_send,
    scenario_kill_after_send,
    scenario_corrupt_database,
    scenario_refused_tags,
    scenario_refused_then_resent_after_restart,
    scenario_network_back,
]


def report(rows: list[Row], reads: list[ReadRow] | None = None) -> str:
    lines = [
        "# Reliability: every write reaches Clockify exactly once",
        "",
        "Written by `make reliability` (`scripts/reliability.py`);",
        "`tests/test_reliability.py` runs the same scenarios. Each writes time entries under",
        "one fault, then lets the outbox replay, and counts what the Clockify-compatible",
        "sandbox holds.",
        "",
        "| fault | writes sent | writes landed | duplicates | requests answered | result |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        verdict = "ok" if row.ok else "**LOST OR DUPLICATED**"
        counts = f"{row.writes} | {row.landed} | {row.duplicates} | {row.requests}"
        lines.append(f"| {row.fault} | {counts} | {verdict} |")
    total = sum(r.writes for r in rows)
    landed = sum(r.landed for r in rows)
    duplicates = sum(r.duplicates for r in rows)
    lines += ["", f"Total: {total} writes, {landed} landed, {duplicates} duplicates.", ""]
    if reads:
        lines += [
            "## Paged reads always end",
            "",
            "| fault | requests | outcome | result |",
            "|---|---|---|---|",
        ]
        for read in reads:
            verdict = "ok" if read.ok else "**WRONG**"
            lines.append(f"| {read.fault} | {read.requests} | {read.outcome} | {verdict} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    rows = []
    for scenario in SCENARIOS:
        row = scenario()
        verdict = "ok " if row.ok else "BAD"
        print(
            f"{verdict} {row.fault}: {row.landed}/{row.writes} landed, {row.duplicates} duplicates"
        )
        rows.append(row)
    reads = [read() for read in READS]
    for read in reads:
        print(
            f"{'ok ' if read.ok else 'BAD'} {read.fault}: {read.outcome}, {read.requests} requests"
        )
    target = ROOT / "docs" / "reliability.md"
    target.write_text(report(rows, reads))
    print(f"wrote {target}")
    return 0 if all(r.ok for r in rows) and all(r.ok for r in reads) else 1


if __name__ == "__main__":
    sys.exit(main())


@contextmanager
def _sandbox() -> Iterator[Sandbox]:
    """The demo's server, its required custom field made optional: these runs try crashes
    and outages with entries that name no cost center."""
    with Sandbox() as sandbox:
        sandbox.state.relax_required_fields()
        yield sandbox
