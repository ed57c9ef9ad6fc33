"""Composition root: shows the tray icon first, then builds everything behind it.

Only Qt, the icons and the tray module are imported before the icon shows; the client (httpx),
the database, the keyring and the demo server come after, so start-up feels instant.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QSocketNotifier, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from tray_app.ui import pyside_imports  # noqa: F401  (first after PySide6: see there)

# isort: split
from tray_app import APP_ID, APP_TITLE
from tray_app.i18n import _
from tray_app.platform.single_instance import HAND_OVER_S, server_name
from tray_app.platform.single_instance.factory import instance_server, send_to_running
from tray_app.platform.tray_host import TrayWatch, tray_present
from tray_app.ui.icons import Icons

TRAY_WAIT_S = 30  # how long an autostarted app waits for the panel's tray before a window

if TYPE_CHECKING:
    from tray_app.control.controller import Controller
    from tray_app.core.settings import Settings
    from tray_app.core.store import Store
    from tray_app.sandbox import Sandbox
    from tray_app.ui.tray import TrayIcon

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
                # Translators: {error} is the error's name in the program ("KeyError").
                _("Something went wrong ({error}). The details are in the log.").format(
                    error=kind.__name__
                ),
            )

    sys.excepthook = hook


def _open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        logger.warning("no browser could open %s", url)


def qt_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_TITLE)
    app.setQuitOnLastWindowClosed(False)
    return app


def _quit_on_sigint(app: QApplication) -> None:
    """Ctrl+C quits, without a polling timer: the signal wakes Qt through a socket."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    signal.signal(signal.SIGINT, lambda *_args: app.quit())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda: reader.recv(64))  # Python runs the handler right after
    app.setProperty("sigint_wakeup", (reader, writer, notifier))  # keep them alive


class Application:
    """Everything behind the tray icon: the controller, its database, the demo server.

    (A plain class: ``dataclasses`` costs 10 ms of imports before the tray icon shows.)
    """

    def __init__(self, controller: Controller, store: Store, sandbox: Sandbox | None) -> None:
        self.controller = controller
        self.store = store
        self.sandbox = sandbox

    def close(self) -> None:
        self.controller.shutdown()
        self.store.close()
        if self.sandbox is not None:
            self.sandbox.stop()


class EarlyCommands:
    """Commands that arrive before the controller is made (the launch's own, or a second
    launch's during start-up). Start/stop and stop are kept on disk before the sender is told
    "done", as the controller keeps them later: a crash during start-up loses none.

    Args:
        path: the app's store, where the worker finds them at start-up (None for the demo,
            whose store lives in memory and starts with the app).
    """

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self.store: Store | None = None  # opened by the first command kept; the app's then
        self.waiting: list[tuple[str, bool]] = []  # (command, kept already), in order

    def arrived(self, command: str) -> None:
        from tray_app.core.commands import KEPT
        from tray_app.core.store import Store

        kept = self._path is not None and command in KEPT
        if self._path is not None and kept:
            self.store = self.store or Store(self._path)
            self.store.keep_command(command)
        self.waiting.append((command, kept))


def build(
    tray: TrayIcon,
    icons: Icons,
    *,
    demo: bool = False,
    settings: Settings | None = None,
    api_url: str = "",
    store: Store | None = None,
) -> Application:
    """Make the worker, its database and the controller; ``demo`` serves a built-in sandbox.

    ``settings`` are the ones already read at start-up (read again when not given); ``api_url``
    (``--api-url``) is the server for this run, a region name or URL; ``store``, the app's
    store when start-up opened it already (see EarlyCommands).
    """
    from tray_app.clockify import ClockifyClient
    from tray_app.control.controller import Controller
    from tray_app.core.settings import Settings, settings_path
    from tray_app.core.store import Store
    from tray_app.core.store import default_path as store_path
    from tray_app.platform import keystore
    from tray_app.platform.autostart.factory import for_this_system
    from tray_app.platform.keystore.factory import for_this_run
    from tray_app.platform.shortcuts import GlobalShortcuts, NullShortcuts
    from tray_app.platform.shortcuts.factory import for_this_desktop
    from tray_app.worker.api_worker import ApiWorker

    sandbox = None
    server = ""
    if demo:
        from tray_app.platform.keystore.memory import MemoryStore
        from tray_app.sandbox import Sandbox

        sandbox = Sandbox().start()
        settings = Settings(base_url=sandbox.url)
        key_store: keystore.KeyStore = MemoryStore(sandbox.api_key)
        settings_file = None
        store = Store(":memory:")  # the demo's data lives and dies with its sandbox
    else:
        settings_file = settings_path()
        settings = settings or Settings.load(settings_file)
        store = store or Store(store_path())
        key_store = for_this_run(os.environ.get("CLOCKIFY_API_KEY", ""), separate=True)
        # The command line wins over the environment, which wins over the settings file; both
        # apply to this run only (Sign in… saves the server it signs in to).
        server = api_url or os.environ.get("CLOCKIFY_API_URL", "")

    worker = ApiWorker(
        lambda key, url: ClockifyClient(key, url),
        key_store,
        settings,
        settings_file,
        store,
        demo=demo,
        autostart=None if demo else for_this_system(),
        server=server,
        reports_url="" if demo else os.environ.get("CLOCKIFY_REPORTS_URL", ""),
    )
    if demo:  # the demo leaves the desktop's shortcuts to the real app
        shortcuts: GlobalShortcuts = NullShortcuts(_("The demo binds no global shortcuts."))
    else:
        shortcuts = for_this_desktop()
    controller = Controller(
        worker, tray, icons, _open_in_browser, worker.tracker.preferences.server, shortcuts
    )
    return Application(controller, store, sandbox)


def show_tray(style: str = "colour") -> tuple[Icons, TrayIcon]:
    """Show the idle icon at once, then make the tray object that will drive it."""
    icons = Icons.load(style)
    early = QSystemTrayIcon(icons.idle)
    # Translators: the tray icon's tooltip while the app starts, after the app's name.
    starting = _("starting…")
    early.setToolTip(f"{APP_TITLE} · {starting}")
    early.show()
    logger.info("tray shown")
    from tray_app.ui.tray import TrayIcon

    QApplication.setWindowIcon(icons.app)
    return icons, TrayIcon(icons, tray=early)


def hand_over(command: str, name: str) -> int:
    """Give ``command`` to the instance that holds the lock, once it listens."""
    deadline = time.monotonic() + HAND_OVER_S
    while time.monotonic() < deadline:
        if send_to_running(command, name):
            print(f"{APP_TITLE} is already running; the request was passed to it.")
            return 0
        time.sleep(0.1)
    print(f"{APP_TITLE} is starting in another process and does not answer.", file=sys.stderr)
    return 1


def run_gui(
    *, demo: bool = False, command: str = "", autostart: bool = False, api_url: str = ""
) -> int:
    """Run the tray app until Quit, or hand ``command`` to the instance already running.

    ``autostart``: started at login, when the desktop may show its tray a little later.
    ``api_url``: the server for this run (``--api-url``), a region name or URL.
    """
    app = qt_application()
    # A demo never talks to (or blocks) the real instance.
    name = server_name() + ("-demo" if demo else "")
    if send_to_running(command or "show", name):
        print(f"{APP_TITLE} is already running; the request was passed to it.")
        return 0
    if command == "quit":
        print(f"{APP_TITLE} is not running.")
        return 0
    _install_excepthook()
    settings = None
    if not demo:
        from tray_app.core.settings import Settings, settings_path

        settings = Settings.load(settings_path())
    style = settings.icon_style if settings else "colour"
    # Before the first word is shown: every text from here on is in the chosen language.
    from tray_app.ui import language

    language.apply(settings.language if settings else "")
    # No tray yet: no icon is made, so Qt can still choose the protocol of the tray that
    # comes (it decides once per process, when the first icon is made).
    present = tray_present()
    if present is False:
        from tray_app.ui.tray import TrayIcon

        icons = Icons.load(style)
        tray = TrayIcon(icons, attach=False)
        QApplication.setWindowIcon(icons.app)
    else:
        icons, tray = show_tray(style)
    instance = instance_server(name)
    if not instance.listen() and not instance.first:
        # Another launch won the race (autostart and a shortcut at once): hand over to it.
        return hand_over(command or "show", name)
    from tray_app.core.store import default_path as store_path

    early = EarlyCommands(None if demo else store_path())
    if command:
        early.arrived(command)
    built: list[Application] = []

    def on_command(received: str) -> None:
        if built:
            built[0].controller.on_command(received)
        else:
            early.arrived(received)  # before the controller: kept now, run once it is made

    instance.command_received.connect(on_command)

    def fall_back_without_tray(controller: Controller) -> None:
        if watch.found:
            return  # the tray came meanwhile
        print(
            "No system tray found (on GNOME, install the AppIndicator extension). "
            "The quick-start window opens instead; the icon shows once a tray appears.",
            file=sys.stderr,
        )
        controller.without_tray()
        # Closed while there is still no tray: nothing would be left to reach the app by.
        controller.quick_start.rejected.connect(lambda: None if watch.found else app.quit())

    def on_tray_appeared(controller: Controller) -> None:
        tray.attach()
        logger.info("tray shown (it appeared after the app)")
        tray.notify(_("{app} is in the tray now.").format(app=APP_TITLE), error=False)

    watch = TrayWatch(app)

    def finish_start_up() -> None:
        from tray_app.core.logs import attach_log_file

        attach_log_file()
        application = build(
            tray, icons, demo=demo, settings=settings, api_url=api_url, store=early.store
        )
        built.append(application)
        controller = application.controller
        instance.status_of = controller.status  # ``clockify-tray status`` asks it
        controller.status_changed.connect(instance.publish)
        controller.quit_requested.connect(app.quit)
        controller.start()
        if not (present if present is not None else QSystemTrayIcon.isSystemTrayAvailable()):
            watch.appeared.connect(lambda: on_tray_appeared(controller))
            watch.start()  # a tray may appear at any time, not only at login
            if autostart:
                # At login the panel may come up after us (aw-qt's lesson): wait a while.
                QTimer.singleShot(TRAY_WAIT_S * 1000, lambda: fall_back_without_tray(controller))
            else:
                fall_back_without_tray(controller)
        for pending, kept in early.waiting:
            controller.on_command(pending, kept=kept)

    QTimer.singleShot(0, finish_start_up)
    _quit_on_sigint(app)
    try:
        return app.exec()
    finally:
        instance.close()
        for application in built:
            application.close()
