"""Composition root: builds settings, key store, client factory, worker, tray and controller."""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from tray_app.clockify import ClockifyClient
from tray_app.controller import Controller
from tray_app.credentials import KeyringStore, MemoryStore
from tray_app.settings import Settings, settings_path
from tray_app.state import AppState
from tray_app.store import Store
from tray_app.store import default_path as store_path
from tray_app.ui.icons import Icons
from tray_app.ui.tray import APP_TITLE, TrayIcon
from tray_app.worker import ApiWorker

if TYPE_CHECKING:
    from tray_app.sandbox import Sandbox

logger = logging.getLogger(__name__)


def _install_excepthook() -> None:
    """Log a crash with its traceback and tell the person, instead of dying silently."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        logger.critical(
            "unexpected error:\n%s", "".join(traceback.format_exception(kind, error, trace))
        )
        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                APP_TITLE,
                f"Something went wrong ({kind.__name__}). The details are in the log.",
            )

    sys.excepthook = hook


def _open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        logger.warning("no browser could open %s", url)


@dataclass
class Application:
    """The assembled app: Qt application, controller, and the demo sandbox if any."""

    qt: QApplication
    controller: Controller
    sandbox: Sandbox | None

    def close(self) -> None:
        self.controller.shutdown()
        if self.sandbox is not None:
            self.sandbox.stop()


def build(*, demo: bool = False) -> Application:
    """Wire everything together; ``demo`` serves a built-in sandbox and uses its key."""
    app = QApplication(sys.argv[:1])
    app.setApplicationName("clockify-tray")
    app.setApplicationDisplayName(APP_TITLE)
    app.setQuitOnLastWindowClosed(False)
    _install_excepthook()
    icons = Icons.load()
    app.setWindowIcon(icons.app)

    sandbox = None
    if demo:
        from tray_app.sandbox import Sandbox

        sandbox = Sandbox().start()
        settings = Settings(base_url=sandbox.url)
        key_store: KeyringStore | MemoryStore = MemoryStore(sandbox.api_key)
        settings_file = None
        store = Store(":memory:")  # the demo's data lives and dies with its sandbox
    else:
        settings_file = settings_path()
        settings = Settings.load(settings_file)
        key_store = KeyringStore()
        store = Store(store_path())

    worker = ApiWorker(
        lambda key, url: ClockifyClient(key, url),
        key_store,
        settings,
        settings_file,
        store,
        demo=demo,
    )
    tray = TrayIcon(icons)
    controller = Controller(worker, tray, icons, _open_in_browser, settings.base_url)
    controller.quit_requested.connect(app.quit)
    return Application(app, controller, sandbox)


def run_gui(*, demo: bool = False) -> int:
    """Run the tray app until Quit."""
    built = build(demo=demo)
    app, controller = built.qt, built.controller
    if not QSystemTrayIcon.isSystemTrayAvailable():
        print(
            "No system tray found (on GNOME, install the AppIndicator extension). "
            "The quick-start window opens instead.",
            file=sys.stderr,
        )
        controller.quick_start.rejected.connect(app.quit)

        def offer_quick_start(state: AppState) -> None:
            if state.signed_in and not controller.quick_start.isVisible():
                controller.open_quick_start()

        controller.worker.state_changed.connect(offer_quick_start)
    # Ctrl+C in a terminal quits; the timer lets Python see the signal between Qt events.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    heartbeat = QTimer()
    heartbeat.start(500)
    heartbeat.timeout.connect(lambda: None)
    controller.start()
    try:
        return app.exec()
    finally:
        built.close()
