"""Composition root: builds settings, key store, client factory, worker, tray and controller."""

from __future__ import annotations

import logging
import os
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
from tray_app.single_instance import InstanceServer, send_to_running, server_name
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
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
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
        store = Store(store_path())
        env_key = os.environ.get("CLOCKIFY_API_KEY", "").strip()
        # As in the CLI, the environment wins over the keyring (and is never saved).
        key_store = MemoryStore(env_key) if env_key else KeyringStore()
        if os.environ.get("CLOCKIFY_API_URL"):
            settings.base_url = os.environ["CLOCKIFY_API_URL"]

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


def run_gui(*, demo: bool = False, command: str = "") -> int:
    """Run the tray app until Quit, or hand ``command`` to the instance already running."""
    # A demo never talks to (or blocks) the real instance.
    name = server_name() + ("-demo" if demo else "")
    QApplication.instance() or QApplication(sys.argv[:1])
    if send_to_running(command or "show", name):
        print("Clockify Tray is already running; the request was passed to it.")
        return 0
    if command == "quit":
        print("Clockify Tray is not running.")
        return 0
    built = build(demo=demo)
    app, controller = built.qt, built.controller
    instance = InstanceServer(name)
    instance.listen()
    instance.command_received.connect(controller.on_command)
    if not QSystemTrayIcon.isSystemTrayAvailable():
        print(
            "No system tray found (on GNOME, install the AppIndicator extension). "
            "The quick-start window opens instead.",
            file=sys.stderr,
        )
        controller.without_tray()
        controller.quick_start.rejected.connect(app.quit)
    # Ctrl+C in a terminal quits; the timer lets Python see the signal between Qt events.
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    heartbeat = QTimer()
    heartbeat.start(500)
    heartbeat.timeout.connect(lambda: None)
    controller.start()
    if command:
        controller.on_command(command)
    try:
        return app.exec()
    finally:
        instance.close()
        built.close()
