"""SQLite (WAL) on disk: the outbox of writes not yet confirmed by Clockify, and a cache.

Every write the person makes is committed here before it is sent, so a crash, a dead battery or
a dropped network loses nothing. A damaged or locked database file is moved aside (kept, never
deleted) and a fresh one started, with a message saying so.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from tray_app import APP_ID
from tray_app.i18n import _

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending',
    last_error TEXT NOT NULL DEFAULT '',
    last_attempt_at TEXT
);
CREATE TABLE IF NOT EXISTS id_map (local_id TEXT PRIMARY KEY, server_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cache (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS commands (
    id INTEGER PRIMARY KEY AUTOINCREMENT, command TEXT NOT NULL, received_at TEXT NOT NULL
);
"""
# failed: Clockify refused it for good; it stays until the person sends it again or discards it.
PENDING, DONE, FAILED, DISCARDED = "pending", "done", "failed", "discarded"


@dataclass(frozen=True)
class Op:
    """One write in the outbox.

    Attributes:
        kind: start, stop, create_entry, create_project, update_entry or delete_entry.
        payload: the write's data, with times as UTC text.
        attempts: how many times it may have reached the server (counted before sending).
        last_attempt_at: when it was last sent, if ever.
    """

    id: int
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    attempts: int = 0
    status: str = PENDING
    last_error: str = ""
    last_attempt_at: datetime | None = None


def default_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID)) / f"{APP_ID}.sqlite3"


class Store:
    """The outbox, the local → server id map, and the cache, in one SQLite file.

    Args:
        path: the database file; ``":memory:"`` for a throwaway store.
        now: the clock that stamps writes and attempts (the tracker's, so tests can move it).
    """

    def __init__(self, path: Path | str, now: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self._now = now or (lambda: datetime.now(UTC))
        self._recovered: tuple[str, str] | None = None  # why the old file went, and its new name
        self._lock = threading.Lock()
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as err:  # corrupt, not a database, or locked by another
            if str(path) == ":memory:":
                raise
            kept = self._move_aside(Path(path))
            self._recovered = (str(err), kept.name)
            logger.error("database %s unusable (%s); moved to %s", path, err, kept)
            self._db = self._open(path)

    @property
    def recovery_message(self) -> str:
        """Set when the old file was unusable and moved aside: say it to the person."""
        if self._recovered is None:
            return ""
        error, name = self._recovered
        return _(
            "The local database could not be used ({error}). It was kept as {name} and a new one "
            "was started; writes not yet sent from the old one are in that file."
        ).format(error=error, name=name)

    @staticmethod
    def _open(path: Path | str) -> sqlite3.Connection:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path), timeout=2.0, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: a write the person made survives a power cut, not only a crash.
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(SCHEMA)
            db.execute("SELECT count(*) FROM outbox").fetchone()
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("the integrity check failed")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @staticmethod
    def _move_aside(path: Path) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = path.with_name(f"{path.name}.broken-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(path) + suffix)
            if source.exists():
                source.rename(Path(str(kept) + suffix))
        return kept

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- outbox ---------------------------------------------------------------------------

    def add(
        self, *writes: tuple[str, dict[str, Any]], done_command: int | None = None
    ) -> list[int]:
        """Append writes in one transaction (all or none), with the removal of the command
        ``done_command`` they carry out, if any; return their ids in order."""
        now = self._now().isoformat()
        with self._transaction() as db:
            if done_command is not None:
                db.execute("DELETE FROM commands WHERE id = ?", (done_command,))
            return [
                int(
                    db.execute(
                        "INSERT INTO outbox (kind, payload, created_at) VALUES (?, ?, ?)",
                        (kind, json.dumps(payload), now),
                    ).lastrowid
                    or 0
                )
                for kind, payload in writes
            ]

    def pending(self) -> list[Op]:
        return self._ops("WHERE status = ? ORDER BY id", (PENDING,))

    def op(self, op_id: int) -> Op | None:
        found = self._ops("WHERE id = ?", (op_id,))
        return found[0] if found else None

    def failed(self) -> list[Op]:
        return self._ops("WHERE status = ? ORDER BY id", (FAILED,))

    def pending_count(self) -> int:
        with self._lock:
            return int(
                self._db.execute(
                    "SELECT count(*) FROM outbox WHERE status = ?", (PENDING,)
                ).fetchone()[0]
            )

    def mark_attempt(self, op_id: int) -> None:
        """Count an attempt before sending: after a crash mid-send, the replay checks first."""
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ? WHERE id = ?",
                (self._now().isoformat(), op_id),
            )

    def unmark_attempt(self, op_id: int, previous: datetime | None) -> None:
        """Take back an attempt that certainly never left this machine."""
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET attempts = max(attempts - 1, 0), last_attempt_at = ? "
                "WHERE id = ?",
                (previous.isoformat() if previous else None, op_id),
            )

    def complete(
        self, op_id: int, local_id: str | None = None, server_id: str | None = None
    ) -> None:
        with self._transaction() as db:
            db.execute("UPDATE outbox SET status = ?, last_error = '' WHERE id = ?", (DONE, op_id))
            if local_id and server_id:
                db.execute("INSERT OR REPLACE INTO id_map VALUES (?, ?)", (local_id, server_id))

    def fail(self, op_id: int, message: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE outbox SET status = ?, last_error = ? WHERE id = ?",
                (FAILED, message, op_id),
            )

    def send_again(self, op_id: int) -> bool:
        """Put a refused write back in the queue, at its place.

        Returns:
            False when ``op_id`` is not a refused write (sent or discarded meanwhile).
        """
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET status = ?, last_error = '' WHERE id = ? AND status = ?",
                (PENDING, op_id, FAILED),
            )
            return cursor.rowcount == 1

    def discard(self, op_id: int) -> bool:
        """Give up a refused write on purpose (the row is kept, marked discarded)."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET status = ? WHERE id = ? AND status = ?",
                (DISCARDED, op_id, FAILED),
            )
            return cursor.rowcount == 1

    def replace_refused(self, op_id: int, kind: str, payload: dict[str, Any]) -> int | None:
        """Discard refused write ``op_id`` and queue its fixed version, in one transaction.

        Returns:
            the new write's id, or None when ``op_id`` is not a refused write.
        """
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE outbox SET status = ? WHERE id = ? AND status = ?",
                (DISCARDED, op_id, FAILED),
            )
            if cursor.rowcount != 1:
                return None
            return int(
                db.execute(
                    "INSERT INTO outbox (kind, payload, created_at) VALUES (?, ?, ?)",
                    (kind, json.dumps(payload), self._now().isoformat()),
                ).lastrowid
                or 0
            )

    def stop_of(self, local_id: str) -> Op | None:
        """The stop written for entry ``local_id``, if any (sent or not)."""
        found = self._ops(
            "WHERE kind = 'stop' AND json_extract(payload, '$.entry_id') = ? ORDER BY id",
            (local_id,),
        )
        return found[0] if found else None

    def note_error(self, op_id: int, message: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE outbox SET last_error = ? WHERE id = ?", (message, op_id))

    def server_id(self, local_id: str | None) -> str | None:
        """The server's id for a local one; any other id is returned as it is."""
        if not local_id:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT server_id FROM id_map WHERE local_id = ?", (local_id,)
            ).fetchone()
        return str(row[0]) if row else local_id

    def _ops(self, where: str, args: tuple[Any, ...]) -> list[Op]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, payload, created_at, attempts, status, last_error, "
                f"last_attempt_at FROM outbox {where}",
                args,
            ).fetchall()
        return [
            Op(
                row[0],
                row[1],
                json.loads(row[2]),
                datetime.fromisoformat(row[3]),
                row[4],
                row[5],
                row[6],
                datetime.fromisoformat(row[7]) if row[7] else None,
            )
            for row in rows
        ]

    # --- cache ----------------------------------------------------------------------------

    def put(self, key: str, value: Any) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO cache VALUES (?, ?, ?)",
                (key, json.dumps(value), self._now().isoformat()),
            )

    def get(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def keys(self, prefix: str) -> list[str]:
        """The cache's keys that start with ``prefix``, in order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key FROM cache WHERE substr(key, 1, ?) = ? ORDER BY key",
                (len(prefix), prefix),
            ).fetchall()
        return [str(row[0]) for row in rows]

    def clear_cache(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM cache")

    # --- commands received, until carried out (core/commands.py) --------------------------

    def keep_command(self, command: str) -> int:
        """Keep ``command`` (thread-safe: the GUI thread calls it before acknowledging)."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO commands (command, received_at) VALUES (?, ?)",
                (command, self._now().isoformat()),
            )
            return int(cursor.lastrowid or 0)

    def commands(self) -> list[tuple[int, str, datetime]]:
        """The commands kept and not yet carried out, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, command, received_at FROM commands ORDER BY id"
            ).fetchall()
        return [(int(i), str(c), datetime.fromisoformat(r)) for i, c, r in rows]

    def drop_command(self, command_id: int) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM commands WHERE id = ?", (command_id,))
