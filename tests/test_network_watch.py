"""Qt's network information is loaded off the caller's thread: a back-end that never answers
(QNetworkInformation.loadBackendByFeatures under Wine 8) holds up nothing."""

from __future__ import annotations

import threading

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
