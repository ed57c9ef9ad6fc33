"""One app per user: a second launch hands its command to the running one and exits.

The first instance holds a lock on a file in the user's runtime folder (mode 0700) for as long
as it runs (the system lets go of it if it crashes), and listens on a Unix socket beside it; a
later ``clockify-tray --quick-start`` connects, sends the command as one JSON line, waits for
"ok", and exits. So a desktop keyboard shortcut can be bound to ``clockify-tray --quick-start``.
Two launches at the same moment cannot both win: only one gets the lock.
Plain sockets watched by a QSocketNotifier do what QLocalServer does, without loading QtNetwork
(3 MB) before the tray icon shows.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import socket
import zlib
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Signal

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


def server_name() -> str:
    """Unique per user and per configuration folder (tests use their own)."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return f"{APP_ID}-{os.getuid()}-{zlib.crc32(config.encode()):08x}"


def socket_path(name: str) -> Path:
    folder = os.environ.get("XDG_RUNTIME_DIR")
    if not folder:
        import tempfile  # ~5 ms, only where the desktop sets no runtime folder

        folder = tempfile.gettempdir()
    return Path(folder) / f"{name}.sock"


def send_to_running(command: str, name: str | None = None) -> bool:
    """Give ``command`` to a running instance; False when none answers."""
    path = socket_path(name or server_name())
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(TIMEOUT_S)
            client.connect(str(path))
            client.sendall((json.dumps({"command": command}) + "\n").encode())
            return client.recv(64).strip() == b"ok"
    except OSError:
        return False


class InstanceServer(QObject):
    """Listens for commands from later launches, on the GUI thread's event loop.

    Signals:
        command_received(str): one of ``COMMANDS``.
    """

    command_received = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = socket_path(name or server_name())
        self._socket: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._lock: int | None = None

    @property
    def first(self) -> bool:
        """This process is the one instance (it holds the lock), listening or not."""
        return self._lock is not None

    def listen(self) -> bool:
        """Become the one instance and listen; False when another instance is (``first`` is
        False), or when the socket could not be made (``first`` is True: run without it)."""
        self._lock = _take_lock(self._path.with_suffix(".lock"))
        if self._lock is None:
            logger.warning("another instance runs (it holds %s.lock)", self._path.stem)
            return False
        self._path.unlink(missing_ok=True)  # ours now: one there was left by a crash
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            listener.bind(str(self._path))
            os.chmod(self._path, 0o600)
            listener.listen(4)
        except OSError as err:
            logger.warning("single-instance socket not started: %s", err)
            listener.close()
            return False
        listener.setblocking(False)
        self._socket = listener
        self._notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.on_notifier_activated)
        return True

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._socket is not None:
            self._socket.close()
            self._socket = None
            with contextlib.suppress(FileNotFoundError):
                self._path.unlink()
        if self._lock is not None and self._lock != NO_LOCK_FILE:
            os.close(self._lock)  # (the lock goes with it)
        self._lock = None

    def on_notifier_activated(self) -> None:
        if self._socket is None:
            return
        with contextlib.suppress(BlockingIOError):
            connection, _ = self._socket.accept()
            with connection:
                connection.settimeout(TIMEOUT_S)
                command = _read_command(connection)
                if command in COMMANDS:
                    # Handled first: a start or stop is kept on disk before the sender is told.
                    self.command_received.emit(command)
                with contextlib.suppress(OSError):  # the sender may be gone: nothing to tell
                    connection.sendall(b"ok\n" if command in COMMANDS else b"unknown\n")


def _take_lock(path: Path) -> int | None:
    """An exclusive lock on ``path``, held while the returned descriptor stays open."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as err:
        logger.warning("no single-instance lock file (%s): running without one", err)
        return NO_LOCK_FILE
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        return None
    return descriptor


def _read_command(connection: socket.socket) -> str:
    data = b""
    with contextlib.suppress(OSError):
        while b"\n" not in data and len(data) < 4096:
            chunk = connection.recv(1024)
            if not chunk:
                break
            data += chunk
    try:
        command = json.loads(data.decode())["command"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return ""
    return command if isinstance(command, str) else ""
