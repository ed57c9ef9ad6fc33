"""The single-instance channel on Linux and macOS: a Unix socket (mode 0600) in the user's
runtime folder, watched by a QSocketNotifier. Plain sockets do what QLocalServer does here,
without loading QtNetwork (3 MB) before the tray icon shows."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier

from tray_app.platform.single_instance import (
    MAX_COMMAND,
    TIMEOUT_S,
    InstanceServer,
    command_line,
    runtime_folder,
    server_name,
)

# Python on Windows has no Unix sockets (python/cpython#77589): local.py serves there.
assert sys.platform != "win32"

logger = logging.getLogger(__name__)


def socket_path(name: str) -> Path:
    return runtime_folder() / f"{name}.sock"


def send(command: str, name: str | None = None) -> bool:
    """Give ``command`` to a running instance; False when none answers."""
    path = socket_path(name or server_name())
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(TIMEOUT_S)
            client.connect(str(path))
            client.sendall(command_line(command))
            return client.recv(64).strip() == b"ok"
    except OSError:
        return False


class UnixInstanceServer(InstanceServer):
    """The one instance, listening on its Unix socket."""

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self._path = socket_path(self.name)
        self._socket: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None

    def _open(self) -> bool:
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

    def _shut(self) -> None:
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
                reply = self.answer(_read_line(connection))
                with contextlib.suppress(OSError):  # the sender may be gone: nothing to tell
                    connection.sendall(reply)


def _read_line(connection: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(OSError):
        while b"\n" not in data and len(data) < MAX_COMMAND:
            chunk = connection.recv(1024)
            if not chunk:
                break
            data += chunk
    return data
