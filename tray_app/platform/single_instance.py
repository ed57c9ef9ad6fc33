"""One app per user: a second launch hands its command to the running one and exits.

The first instance listens on a Unix socket in the user's runtime folder (mode 0700); a later
``clockify-tray --quick-start`` connects, sends the command as one JSON line, waits for "ok",
and exits. So a desktop keyboard shortcut can be bound to ``clockify-tray --quick-start``.
Plain sockets watched by a QSocketNotifier do what QLocalServer does, without loading QtNetwork
(3 MB) before the tray icon shows.
"""

from __future__ import annotations

import contextlib
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

    def listen(self) -> bool:
        if self._path.exists():
            if _alive(self._path):
                logger.warning("another instance listens on %s", self._path)
                return False
            self._path.unlink(missing_ok=True)  # left behind by a crashed instance
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

    def on_notifier_activated(self) -> None:
        if self._socket is None:
            return
        with contextlib.suppress(BlockingIOError):
            connection, _ = self._socket.accept()
            with connection:
                connection.settimeout(TIMEOUT_S)
                command = _read_command(connection)
                connection.sendall(b"ok\n" if command in COMMANDS else b"unknown\n")
            if command in COMMANDS:
                self.command_received.emit(command)


def _alive(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


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
