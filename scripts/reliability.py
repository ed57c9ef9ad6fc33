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

from tray_app.clockify import ClockifyClient, TimeEntry
from tray_app.core.outbox import Replayer, entry_payload, new_local_id
from tray_app.core.store import Store
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
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as scratch:
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
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as scratch:
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
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as scratch:
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
    with Sandbox() as sandbox, _app_env(sandbox, description) as (env, db):
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
    with Sandbox() as sandbox, _app_env(sandbox, names[0]) as (env, db):
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
]


def report(rows: list[Row]) -> str:
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
    target = ROOT / "docs" / "reliability.md"
    target.write_text(report(rows))
    print(f"wrote {target}")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
