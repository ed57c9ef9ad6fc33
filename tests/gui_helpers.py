"""Builds the real app parts (worker thread, tray, controller) against a sandbox for GUI tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, QObject, Qt, Signal, Slot
from pytestqt.qtbot import QtBot

from tests.fakes import PinnedClock
from tray_app.clockify import ClockifyClient
from tray_app.control.controller import Controller
from tray_app.core.clock import Clock
from tray_app.core.pacing import RequestBudget, Timing
from tray_app.core.settings import Settings
from tray_app.core.store import Store
from tray_app.platform.autostart import Autostart
from tray_app.platform.idle import IdleSource
from tray_app.platform.keystore.memory import MemoryStore
from tray_app.platform.keystore.system import KeyringStore
from tray_app.platform.shortcuts import GlobalShortcuts
from tray_app.sandbox import Sandbox
from tray_app.ui.icons import Icons
from tray_app.ui.tray import TrayIcon
from tray_app.worker.api_worker import ApiWorker


class _Probe(QObject):
    """Lives on the worker's thread and answers a ping there."""

    answered = Signal()

    @Slot()
    def ping(self) -> None:
        self.answered.emit()


class _Answer(QObject):
    """Lives on the GUI thread: the answer comes to it queued, after what came before."""

    def __init__(self) -> None:
        super().__init__()
        self.heard = False

    @Slot()
    def on_probe_answered(self) -> None:
        self.heard = True


def round_trip(qtbot: QtBot, controller: Controller) -> None:
    """Returns once the worker has handled everything queued to it so far, and what it sent
    back has reached the GUI thread: the proof that an event was processed, before a test
    asserts that something did not happen (instead of waiting a while and hoping)."""
    probe, answer = _Probe(), _Answer()
    probe.moveToThread(controller.worker_thread)
    probe.answered.connect(answer.on_probe_answered)
    # The ping is queued behind every request already on the worker's thread, and its answer
    # behind every signal the worker sent before it.
    QMetaObject.invokeMethod(probe, "ping", Qt.ConnectionType.QueuedConnection)
    qtbot.waitUntil(lambda: answer.heard, timeout=10_000)
    probe.deleteLater()


def fast_client(api_key: str, base_url: str) -> ClockifyClient:
    return ClockifyClient(api_key, base_url, backoff_base=0, max_retries=2)


def sandbox_app(
    qtbot: QtBot, sandbox: Sandbox, settings_file: Path, **options: Any
) -> AbstractContextManager[Controller]:
    """``running_app`` signed in to ``sandbox`` with its demo key kept in memory."""
    return running_app(
        qtbot,
        settings_file,
        key_store=MemoryStore(sandbox.api_key),
        base_url=sandbox.url,
        **options,
    )


@contextmanager
def running_app(
    qtbot: QtBot,
    settings_file: Path,
    *,
    key_store: KeyringStore | MemoryStore,
    base_url: str,
    regions: dict[str, str] | None = None,
    wait_signed_in: bool = True,
    store: Store | None = None,
    timing: Timing | None = None,
    autostart: Autostart | None = None,
    clock: Clock | None = None,
    budget: RequestBudget | None = None,
    idle_source: IdleSource | None = None,
    shortcuts: GlobalShortcuts | None = None,
    demo: bool = False,
) -> Iterator[Controller]:
    settings = Settings(base_url=base_url)
    clock = clock or PinnedClock()
    store = store or Store(settings_file.with_suffix(".sqlite3"), now=clock.now)
    # The sandbox answers synchronously, so no write is ever left in flight to wait for.
    timing = timing or Timing(settle=timedelta(0))
    worker = ApiWorker(
        fast_client,
        key_store,
        settings,
        settings_file,
        store,
        regions=regions,
        timing=timing,
        autostart=autostart,
        clock=clock,
        budget=budget,
        idle_source=idle_source,
        demo=demo,
    )
    icons = Icons.load()
    opened: list[str] = []
    tray = TrayIcon(icons, clock.now)
    controller = Controller(worker, tray, icons, opened.append, base_url, shortcuts)
    controller.opened_urls = opened  # type: ignore[attr-defined]
    controller.start()
    try:
        if wait_signed_in:
            qtbot.waitUntil(
                lambda: controller.state.signed_in and bool(controller.state.projects),
                timeout=10_000,
            )
        yield controller
    finally:
        controller.shutdown()
        store.close()
        assert controller.worker_thread.isFinished()
