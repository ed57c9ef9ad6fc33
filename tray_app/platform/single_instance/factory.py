"""The single-instance channel for this system: a Unix socket on Linux and macOS, a named pipe
(QLocalServer) on Windows."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from tray_app.platform.single_instance import InstanceServer, Status


def instance_server(name: str | None = None) -> InstanceServer:
    """The server the first instance listens on (``name``: tests use their own)."""
    if sys.platform == "win32":
        from tray_app.platform.single_instance.local import LocalInstanceServer

        return LocalInstanceServer(name)
    else:
        from tray_app.platform.single_instance.unix import UnixInstanceServer

        return UnixInstanceServer(name)


def send_to_running(command: str, name: str | None = None) -> bool:
    """Give ``command`` to a running instance; False when none answers."""
    if sys.platform == "win32":
        from tray_app.platform.single_instance import local

        return local.send(command, name)
    else:
        from tray_app.platform.single_instance import unix

        return unix.send(command, name)


def ask_status(follow: bool, name: str | None = None) -> Iterator[Status]:
    """The running instance's status; following, each new one until the app goes (nothing
    when none runs)."""
    if sys.platform == "win32":
        from tray_app.platform.single_instance import local

        return local.ask_status(follow, name)
    else:
        from tray_app.platform.single_instance import unix

        return unix.ask_status(follow, name)
