"""The single-instance channel on Windows: QLocalServer, a named pipe that only this user may
open (``UserAccessOption`` gives it an access list of the user alone). It runs wherever Qt
does (tests run it on Linux too); Linux and macOS use unix.py, which needs no QtNetwork before
the tray icon shows."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from tray_app.platform.single_instance import (
    MAX_COMMAND,
    TIMEOUT_S,
    InstanceServer,
    command_line,
    server_name,
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


class LocalInstanceServer(InstanceServer):
    """The one instance, listening on its local server."""

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self._server: QLocalServer | None = None

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
        received += client.readAll().data()
        if b"\n" in received or len(received) >= MAX_COMMAND:
            client.write(self.answer(bytes(received)))
            client.flush()
            client.disconnectFromServer()
