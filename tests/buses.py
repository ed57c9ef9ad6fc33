"""Private D-Bus buses for tests, with python-dbusmock: the addresses they set in the
environment are put back afterwards, so no later test talks to a bus that is gone."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def kept_environ(*names: str) -> Iterator[None]:
    """Put ``names`` back in the environment as they were (or absent) on leaving."""
    saved = {name: os.environ.get(name) for name in names}
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def system_template(template: str) -> Iterator[tuple[Any, str]]:
    """dbusmock's ``template`` on a private system bus: the mock and the bus's address."""
    import dbusmock

    with (
        kept_environ("DBUS_SYSTEM_BUS_ADDRESS"),
        dbusmock.PrivateDBus(dbusmock.BusType.SYSTEM) as bus,
        dbusmock.SpawnedMock.spawn_with_template(
            template, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as mock,
    ):
        yield mock, bus.address


@contextmanager
def session_template(
    template: str, parameters: dict[str, str] | None = None
) -> Iterator[tuple[Any, str]]:
    """``template`` (a dbusmock name or a file) on a private session bus: the mock and the
    bus's address (also in ``DBUS_SESSION_BUS_ADDRESS`` meanwhile)."""
    import dbusmock

    with (
        kept_environ("DBUS_SESSION_BUS_ADDRESS"),
        dbusmock.PrivateDBus(dbusmock.BusType.SESSION) as bus,
        dbusmock.SpawnedMock.spawn_with_template(
            template, parameters, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as mock,
    ):
        yield mock, bus.address
