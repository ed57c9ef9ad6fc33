"""One app per user: a second launch hands its command to the running one and exits.

The first instance listens on a QLocalServer; a later ``clockify-tray --quick-start`` connects,
sends the command as one JSON line, waits for "ok", and exits. So a desktop keyboard shortcut
can be bound to ``clockify-tray --quick-start``.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

import platformdirs
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)

COMMANDS = ("show", "quick-start", "manual-entry", "toggle", "stop", "quit")
TIMEOUT_MS = 2000


def server_name() -> str:
    """Unique per user and per configuration folder (tests use their own)."""
    config = platformdirs.user_config_dir("clockify-tray")
    digest = hashlib.sha256(f"{getpass.getuser()}:{config}".encode()).hexdigest()[:16]
    return f"clockify-tray-{digest}"


def send_to_running(command: str, name: str | None = None) -> bool:
    """Give ``command`` to a running instance; False when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write((json.dumps({"command": command}) + "\n").encode())
    socket.waitForBytesWritten(TIMEOUT_MS)
    answered = (
        socket.waitForReadyRead(TIMEOUT_MS) and bytes(socket.readAll().data()).strip() == b"ok"
    )
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for commands from later launches.

    Signals:
        command_received(str): one of ``COMMANDS``.
    """

    command_received = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name or server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self.on_server_new_connection)

    def listen(self) -> bool:
        if self._server.listen(self._name):
            return True
        # A socket file left by a crashed instance: nobody answered, so take it over.
        QLocalServer.removeServer(self._name)
        listening = self._server.listen(self._name)
        if not listening:
            logger.warning("single-instance server not started: %s", self._server.errorString())
        return listening

    def close(self) -> None:
        self._server.close()

    def on_server_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        try:
            command = json.loads(bytes(socket.readLine().data()))["command"]
        except (ValueError, KeyError, TypeError):
            command = ""
        if command in COMMANDS:
            socket.write(b"ok\n")
            self.command_received.emit(command)
        else:
            socket.write(b"unknown\n")
        socket.flush()
        socket.disconnectFromServer()
