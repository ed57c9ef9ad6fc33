"""One app per user and configuration folder: a second launch hands its command to the running
one and exits.

The first instance holds a lock on a file in the user's own runtime folder for as long as it
runs (the system lets go of it if it crashes), and listens on a channel only that user can
reach; a later ``clockify-tray --quick-start`` connects, sends the command as one JSON line,
waits for "ok", and exits. So a desktop keyboard shortcut can be bound to a command. Two
launches at the same moment cannot both win: only one gets the lock. ``clockify-tray status``
asks for the app's status the same way and gets it as one JSON line; with ``"follow": true``
the connection stays open and a new line comes whenever the status changes (``publish``).

This module holds what every system shares (the name, the lock, the commands, the server's
answer); unix (a Unix socket, mode 0600, watched by a QSocketNotifier: no QtNetwork before the
tray icon shows) and local (QLocalServer: a named pipe that only this user may open, on
Windows) carry it; factory picks one for this system.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, Signal

from tray_app import APP_ID

logger = logging.getLogger(__name__)

COMMANDS = (
    "show",
    "quick-start",
    "manual-entry",
    "entries",
    "reports",
    "preferences",
    "toggle",
    "stop",
    "quit",
)
TIMEOUT_S = 2.0
HAND_OVER_S = 10.0  # how long a launch that lost the race waits for the winner to answer
NO_LOCK_FILE = -1  # the runtime folder takes no file: run, as the one instance we cannot check
MAX_COMMAND = 4096  # bytes: a command line longer than this is no command of ours
STATUS = "status"  # asks for the status instead of giving a command
FOLLOW_WAKE_S = 2.0  # a follower hears from its loop at least this often (a minute turning)
Status = dict[str, Any]


def server_name() -> str:
    """Unique per user and per configuration folder (tests use their own)."""
    config = platformdirs.user_config_dir(APP_ID)  # where the settings are
    return f"{APP_ID}-{_user()}-{zlib.crc32(config.encode()):08x}"


def _user() -> str:
    if sys.platform == "win32":
        import getpass  # (who may open the channel is its access list's to say, not the name's)

        return getpass.getuser()
    else:
        return str(os.getuid())


def runtime_folder() -> Path:
    """The user's own folder for the lock and the socket: the desktop's runtime folder (mode
    0700), else the user's temporary folder (per user on Windows and macOS)."""
    folder = os.environ.get("XDG_RUNTIME_DIR")
    if not folder:
        import tempfile  # ~5 ms, only where the desktop sets no runtime folder

        folder = tempfile.gettempdir()
    return Path(folder)


def take_lock(path: Path) -> int | None:
    """An exclusive lock on ``path``, held while the returned descriptor stays open; None when
    another process holds it, ``NO_LOCK_FILE`` when no file can be made there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        logger.warning("no single-instance lock file (%s): running without one", err)
        return NO_LOCK_FILE
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def release_lock(descriptor: int | None) -> None:
    if descriptor is not None and descriptor != NO_LOCK_FILE:
        os.close(descriptor)  # (the lock goes with it)


def command_line(command: str) -> bytes:
    """What a later launch sends."""
    return (json.dumps({"command": command}) + "\n").encode()


def read_command(data: bytes) -> str:
    """The command in what a later launch sent ('' when it is none)."""
    return read_request(data)[0]


def read_request(data: bytes) -> tuple[str, bool]:
    """The command in what a later launch sent ('' when it is none), and whether it wants to
    follow the status."""
    try:
        request = json.loads(data.decode())
        command = request["command"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return "", False
    if not isinstance(command, str):
        return "", False
    return command, request.get("follow") is True


def follows(data: bytes) -> bool:
    """What a later launch sent asks to follow the status: its connection is kept."""
    return read_request(data) == (STATUS, True)


def status_request(follow: bool) -> bytes:
    return (json.dumps({"command": STATUS, "follow": follow}) + "\n").encode()


def status_line(status: Status) -> bytes:
    return (json.dumps(status, ensure_ascii=False) + "\n").encode()


def statuses_in(chunks: Iterator[bytes | None], follow: bool) -> Iterator[Status]:
    """The statuses in what the app sends, as it comes (``None``: nothing came in a wait, and
    a follower gets the last one again, so its clock moves on); once, only the first."""
    pending, last = b"", None
    for chunk in chunks:
        if chunk is None:
            if last is not None:
                yield last
            continue
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            status = read_status(line)
            if status is None:
                return
            last = status
            yield status
            if not follow:
                return


def read_status(line: bytes) -> Status | None:
    """One line of status as the app sent it (None when it is not one)."""
    try:
        status = json.loads(line.decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return status if isinstance(status, dict) else None


class InstanceServer(QObject):
    """Listens for commands from later launches, on the GUI thread's event loop; the channel
    is the subclass's.

    Signals:
        command_received(str): one of ``COMMANDS``.
    """

    command_received = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._lock: int | None = None
        # What ``status`` answers; the composition root gives the app's once it is made.
        self.status_of: Callable[[], Status] = lambda: {"starting": True}

    @property
    def first(self) -> bool:
        """This process is the one instance (it holds the lock), listening or not."""
        return self._lock is not None

    def listen(self) -> bool:
        """Become the one instance and listen; False when another instance is (``first`` is
        False), or when the channel could not be opened (``first`` is True: run without it)."""
        self._lock = take_lock(runtime_folder() / f"{self.name}.lock")
        if self._lock is None:
            logger.warning("another instance runs (it holds %s.lock)", self.name)
            return False
        return self._open()

    def close(self) -> None:
        self._shut()
        release_lock(self._lock)
        self._lock = None

    def answer(self, data: bytes) -> bytes:
        """Take what a later launch sent; what to send back. A start or stop is handled (kept
        on disk) before the sender is told; ``status`` is answered with the app's status
        (``follows`` says whether the channel then keeps the sender)."""
        command = read_command(data)
        if command == STATUS:
            return status_line(self.status_of())
        if command in COMMANDS:
            self.command_received.emit(command)
            return b"ok\n"
        return b"unknown\n"

    def publish(self, status: Status) -> None:
        """Tell every follower ``status`` (the app calls it when its status changes)."""
        self._send_to_followers(status_line(status))

    def _send_to_followers(self, line: bytes) -> None:
        raise NotImplementedError

    def _open(self) -> bool:
        raise NotImplementedError

    def _shut(self) -> None:
        raise NotImplementedError
