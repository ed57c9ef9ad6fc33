"""The single-instance channel on Linux and macOS: a Unix socket (mode 0600) in the user's
runtime folder, watched by a QSocketNotifier. Plain sockets do what QLocalServer does here,
without loading QtNetwork (3 MB) before the tray icon shows."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier

from tray_app.platform.single_instance import (
    FOLLOW_WAKE_S,
    MAX_COMMAND,
    TIMEOUT_S,
    InstanceServer,
    Status,
    command_line,
    follows,
    runtime_folder,
    server_name,
    status_request,
    statuses_in,
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


def ask_status(follow: bool, name: str | None = None) -> Iterator[Status]:
    """The running instance's status (nothing when none answers); following, each new one
    as it comes and the last one again every ``FOLLOW_WAKE_S``, until the app goes."""
    try:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(TIMEOUT_S)
        client.connect(str(socket_path(name or server_name())))
        client.sendall(status_request(follow))
    except OSError:
        client.close()
        return
    with client:
        if follow:
            client.settimeout(FOLLOW_WAKE_S)
        yield from statuses_in(_chunks(client, follow), follow)


def _chunks(client: socket.socket, follow: bool) -> Iterator[bytes | None]:
    """What the app sends, as it comes; None for a wait with nothing (following)."""
    while True:
        try:
            chunk = client.recv(65536)
        except TimeoutError:
            if not follow:
                return  # no answer in time: as good as no app
            yield None
            continue
        except OSError:
            return
        if not chunk:
            return  # the app went
        yield chunk


class UnixInstanceServer(InstanceServer):
    """The one instance, listening on its Unix socket."""

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self._path = socket_path(self.name)
        self._socket: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        # ``status --follow`` connections, each with the notifier that hears it close.
        self._followers: dict[socket.socket, QSocketNotifier] = {}

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
        for follower in list(self._followers):
            self._drop(follower)
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
        try:
            connection, _address = self._socket.accept()
        except BlockingIOError:
            return
        connection.settimeout(TIMEOUT_S)
        data = _read_line(connection)
        try:
            connection.sendall(self.answer(data))
        except OSError:  # the sender is gone: nothing to tell
            connection.close()
            return
        if follows(data):
            connection.setblocking(False)  # a follower that stops reading is dropped, not waited
            notifier = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read, self)
            notifier.activated.connect(lambda *_args, c=connection: self._drop(c))
            self._followers[connection] = notifier
        else:
            connection.close()

    def _send_to_followers(self, line: bytes) -> None:
        for follower in list(self._followers):
            try:
                follower.sendall(line)
            except OSError:  # gone, or not reading: it is dropped, not waited for
                self._drop(follower)

    def _drop(self, follower: socket.socket) -> None:
        """A follower left (it sends nothing: anything readable is its end)."""
        notifier = self._followers.pop(follower, None)
        if notifier is not None:
            notifier.setEnabled(False)
            notifier.deleteLater()
        follower.close()


def _read_line(connection: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(OSError):
        while b"\n" not in data and len(data) < MAX_COMMAND:
            chunk = connection.recv(1024)
            if not chunk:
                break
            data += chunk
    return data
