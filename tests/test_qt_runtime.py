"""The Qt binding itself must not corrupt Python's reference counts (PySide6 6.12.0 did)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot


class Emitter(QObject):
    value = Signal(object)


def test_slot_calls_keep_none_alive(qtbot: QtBot) -> None:
    box = QCheckBox()
    qtbot.addWidget(box)
    box.clicked.connect(lambda: None)
    before = sys.getrefcount(None)
    for _ in range(200):
        box.click()
    assert sys.getrefcount(None) >= before - 5


def test_object_signals_keep_booleans_alive() -> None:
    emitter = Emitter()
    received: list[object] = []
    emitter.value.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.value.emit(True)
    received.clear()
    assert sys.getrefcount(True) >= before - 5
