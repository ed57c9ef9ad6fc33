"""Qt's network information is loaded off the caller's thread: a back-end that never answers
(QNetworkInformation's default back-end under Wine 8) holds up nothing; tests/windows shows it
with the real one."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from pytestqt.qtbot import QtBot

from tray_app.platform.network import NetworkWatch


def test_a_back_end_that_never_answers_holds_nothing_up(qtbot: QtBot) -> None:
    release, asked, answered = threading.Event(), threading.Event(), threading.Event()

    def load() -> bool:  # as Wine's back-end: asked, and no answer
        asked.set()
        release.wait()
        answered.set()
        return False  # (then: none; retries alone bring writes back)

    watch = NetworkWatch(load_backend=load)
    loaded: list[bool] = []
    watch.backend_loaded.connect(lambda: loaded.append(True))
    assert watch._start_qt_information() == "qt-network-information"  # returned at once
    assert asked.wait(5)  # …while the loading still waits, on its own thread
    assert not answered.is_set()
    release.set()
    assert answered.wait(5)
    qtbot.waitUntil(lambda: not any(t.name == "network-information" for t in threading.enumerate()))
    assert loaded == []  # no back-end: nothing claimed, the retry timer stays in charge


LOAD = """
from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QNetworkInformation
from tray_app.platform.network import _load_reachability
app = QCoreApplication([])
print(QNetworkInformation.instance() is None, _load_reachability(),
      QNetworkInformation.instance().backendName())
"""


@pytest.mark.processes
def test_qt_network_information_loads_through_its_exported_symbol() -> None:
    # The call the app makes off Linux, made here with Qt's Linux library (the same Itanium
    # name as macOS's): found, called with the GIL let go, and the back-end is PySide6's.
    done = subprocess.run(
        [sys.executable, "-c", LOAD], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    before, loaded, backend = done.stdout.split()
    assert (before, loaded) == ("True", "True")
    assert backend in {"glib", "networkmanager"}
