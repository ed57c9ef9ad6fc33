"""The single-instance channel on Windows: QLocalServer, a named pipe that only this user may
open (``UserAccessOption`` gives it an access list of the user alone). It runs wherever Qt
does (tests run it on Linux too); Linux and macOS use unix.py, which needs no QtNetwork before
the tray icon shows."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from tray_app.platform.single_instance import (
    FOLLOW_WAKE_S,
    MAX_COMMAND,
    TIMEOUT_S,
    InstanceServer,
    Status,
    command_line,
    follows,
    server_name,
    status_request,
    statuses_in,
)

logger = logging.getLogger(__name__)
WAIT_MS = int(TIMEOUT_S * 1000)


def send(command: str, name: str | None = None) -> bool:
    """Give ``command`` to a running instance; False when none answers."""
    client = QLocalSocket()
    client.connectToServer(name or server_name())
    if not client.waitForConnected(WAIT_MS):
        return False
    client.write(command_line(command))
    answer = b""
    if client.waitForBytesWritten(WAIT_MS):
        while b"\n" not in answer and client.waitForReadyRead(WAIT_MS):
            answer += client.readAll().data()
    client.abort()
    return answer.strip() == b"ok"


def ask_status(follow: bool, name: str | None = None) -> Iterator[Status]:
    """The running instance's status (nothing when none answers); following, each new one
    as it comes and the last one again every ``FOLLOW_WAKE_S``, until the app goes."""
    client = QLocalSocket()
    client.connectToServer(name or server_name())
    if not client.waitForConnected(WAIT_MS):
        return
    client.write(status_request(follow))
    try:
        if client.waitForBytesWritten(WAIT_MS):
            yield from statuses_in(_chunks(client, follow), follow)
    finally:
        client.abort()


def _chunks(client: QLocalSocket, follow: bool) -> Iterator[bytes | None]:
    """What the app sends, as it comes; None for a wait with nothing (following)."""
    wait = int(FOLLOW_WAKE_S * 1000) if follow else WAIT_MS
    while True:
        if client.waitForReadyRead(wait):
            yield bytes(client.readAll().data())
        elif client.state() != QLocalSocket.LocalSocketState.ConnectedState or not follow:
            return  # the app went, or did not answer in time
        else:
            yield None


class LocalInstanceServer(InstanceServer):
    """The one instance, listening on its local server."""

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self._server: QLocalServer | None = None
        self._followers: list[QLocalSocket] = []  # ``status --follow`` connections

    def _open(self) -> bool:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a crash's leftover (a file, off Windows): ours now
        if not server.listen(self.name):
            logger.warning("single-instance server not started: %s", server.errorString())
            return False
        server.newConnection.connect(self.on_new_connection)
        self._server = server
        return True

    def _shut(self) -> None:
        for follower in list(self._followers):
            follower.abort()
        self._followers.clear()
        if self._server is not None:
            self._server.close()
            self._server = None

    def on_new_connection(self) -> None:
        while self._server is not None and (client := self._server.nextPendingConnection()):
            received = bytearray()
            client.readyRead.connect(lambda c=client, r=received: self._read(c, r))
            client.disconnected.connect(client.deleteLater)
            if client.bytesAvailable():  # arrived before the connection above was made
                self._read(client, received)

    def _read(self, client: QLocalSocket, received: bytearray) -> None:
        if client in self._followers:
            client.readAll()  # a follower says nothing more
            return
        received += client.readAll().data()
        if b"\n" in received or len(received) >= MAX_COMMAND:
            client.write(self.answer(bytes(received)))
            client.flush()
            if follows(bytes(received)):
                self._followers.append(client)
                client.disconnected.connect(lambda c=client: self._drop(c))
            else:
                client.disconnectFromServer()

    def _send_to_followers(self, line: bytes) -> None:
        for follower in list(self._followers):
            if follower.state() != QLocalSocket.LocalSocketState.ConnectedState:
                self._drop(follower)
                continue
            follower.write(line)
            follower.flush()

    def _drop(self, follower: QLocalSocket) -> None:
        if follower in self._followers:
            self._followers.remove(follower)
