"""Connects the tray and the dialogs (GUI thread) to the worker (its own thread)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal

from tray_app import APP_TITLE
from tray_app.clockify.models import TimeEntry
from tray_app.control.entry_forms import EntryForms
from tray_app.control.idle_question import IdleQuestion
from tray_app.control.preferences import PreferencesController
from tray_app.control.reports import ReportsController
from tray_app.core.commands import KEPT, STOP, TOGGLE
from tray_app.core.session import SignInResult
from tray_app.core.state import AppState, EntryEdit, RefusedWrite, StartRequest
from tray_app.core.status import Status, changed, status_of
from tray_app.core.tracking.intents import (
    AnswerReminder,
    ChooseIdle,
    CloseWeek,
    CreateEntry,
    DeleteEntry,
    Discard,
    Intent,
    Pin,
    Refresh,
    RunCommands,
    SendAgain,
    ShowWeek,
    SignIn,
    SignOut,
    SkipBreak,
    Start,
    SubmitForApproval,
    SwitchWorkspace,
    Unpin,
    UpdateEntry,
)
from tray_app.core.week.days import WeekView
from tray_app.i18n import _
from tray_app.platform.shortcuts import GlobalShortcuts
from tray_app.ui.icons import Icons
from tray_app.ui.tray import TrayIcon
from tray_app.worker.api_worker import ApiWorker

if TYPE_CHECKING:
    # The dialogs' modules load on first use: they cost ~7 MB that an idle tray never needs.
    from tray_app.ui.entries_window import EntriesWindow
    from tray_app.ui.manual_entry import ManualEntryDialog
    from tray_app.ui.quick_start import QuickStartDialog
    from tray_app.ui.refused import RefusedDialog
    from tray_app.ui.reports_window import ReportsWindow
    from tray_app.ui.sign_in import SignInDialog

logger = logging.getLogger(__name__)

WEB_APP_URL = "https://app.clockify.me/tracker"
SHUTDOWN_WAIT_MS = 20_000


class Controller(QObject):
    """Owns the worker's thread and every window; turns intents into worker requests.

    Requests reach the worker through this object's signals, which Qt queues onto the worker's
    thread because the worker lives there.

    Args:
        worker: the API worker, not yet moved to a thread.
        tray: the tray icon.
        icons: for the dialogs' window icons.
        open_url: opens a web page (the desktop's browser in the app; recorded in tests).
        settings_server: the configured region or URL, shown in the sign-in dialog.
        shortcuts: the desktop's global shortcuts (quick start, start/stop).
    """

    request_startup = Signal()
    request = Signal(object)  # an Intent: the one channel to the worker
    request_shutdown = Signal()
    quit_requested = Signal()
    status_changed = Signal(object)  # core/status: said anew (``clockify-tray status --follow``)

    def __init__(
        self,
        worker: ApiWorker,
        tray: TrayIcon,
        icons: Icons,
        open_url: Callable[[str], None],
        settings_server: str = "",
        shortcuts: GlobalShortcuts | None = None,
    ) -> None:
        super().__init__()
        self.worker = worker
        self.tray = tray
        self._open_url = open_url
        self._server = settings_server
        self.state = AppState()
        self._pending_command = ""
        self._signed_out = False  # the worker said no account is usable until a sign-in
        self._window_instead_of_tray = False
        self._icons = icons
        # Dialogs are made on first use: most runs never open one, and each costs memory.
        self.forms = EntryForms(icons.app, self.ask, lambda: self.state, worker.clock.now)
        self.forms.entries_requested.connect(self.open_entries)
        self.forms.edited.connect(self.on_entry_edited)
        self._sign_in: SignInDialog | None = None
        self._refused: RefusedDialog | None = None
        self._entries: EntriesWindow | None = None
        self._now = worker.clock.now  # every window's "today" is the worker's
        self._last_status: Status | None = None
        self.idle_question = IdleQuestion(tray, icons.app, lambda: self.state, clock=self._now)
        self.idle_question.choice_made.connect(self.asks(ChooseIdle))

        self.worker_thread = QThread()
        self.worker_thread.setObjectName("api-worker")
        worker.moveToThread(self.worker_thread)

        self.request_startup.connect(worker.on_startup)
        self.request.connect(worker.on_request)
        # Blocking: shutdown returns only once the worker has stopped its own timers.
        self.request_shutdown.connect(
            worker.on_shutdown, Qt.ConnectionType.BlockingQueuedConnection
        )

        worker.state_changed.connect(self.on_worker_state_changed)
        worker.failed.connect(self.on_worker_failed)
        worker.notice.connect(self.on_worker_notice)
        worker.needs_sign_in.connect(self.on_worker_needs_sign_in)
        worker.sign_in_finished.connect(self.on_worker_sign_in_finished)
        worker.tasks_loaded.connect(self.forms.on_tasks_loaded)
        worker.entry_saved.connect(self.forms.on_entry_saved)
        worker.entry_failed.connect(self.forms.on_entry_failed)
        worker.project_created.connect(self.forms.on_project_created)
        worker.stop_needs.connect(self.forms.open_stop_prompt)
        worker.week_changed.connect(self.on_worker_week_changed)
        worker.idle_returned.connect(self.idle_question.on_returned)
        worker.nudged.connect(tray.on_nudged)
        worker.quick_start_wanted.connect(self.open_quick_start)

        tray.start_requested.connect(self.asks(Start))
        tray.pin_requested.connect(self.asks(Pin))
        tray.unpin_requested.connect(self.asks(Unpin))
        tray.toggle_requested.connect(lambda: self.on_command(TOGGLE))
        tray.stop_requested.connect(lambda: self.on_command(STOP))
        tray.quick_start_requested.connect(self.open_quick_start)
        tray.manual_entry_requested.connect(self.open_manual_entry)
        tray.workspace_chosen.connect(self.asks(SwitchWorkspace))
        tray.open_web_requested.connect(lambda: self._open_url(WEB_APP_URL))
        tray.sign_in_requested.connect(self.open_sign_in)
        tray.sign_out_requested.connect(self.asks(SignOut))
        tray.quit_requested.connect(self.quit_requested)
        tray.menu_opened.connect(self.asks(Refresh))
        tray.refused_requested.connect(self.open_refused)
        tray.entries_requested.connect(self.open_entries)
        tray.reports_requested.connect(self.open_reports)
        tray.idle_prompt_requested.connect(self.idle_question.open)
        tray.reminder_answered.connect(self.asks(AnswerReminder))
        tray.skip_break_requested.connect(self.asks(SkipBreak))
        self.preferences = PreferencesController(
            worker, tray, icons, lambda: self._server, self.open_sign_in, shortcuts
        )
        self.preferences.command_requested.connect(self.on_command)
        self.reports_side = ReportsController(worker, icons, self._now, open_url)
        tray.preferences_requested.connect(self.preferences.open)

    @property
    def quick_start(self) -> QuickStartDialog:
        return self.forms.quick_start

    @property
    def manual_entry(self) -> ManualEntryDialog:
        return self.forms.manual_entry

    @property
    def sign_in(self) -> SignInDialog:
        if self._sign_in is None:
            from tray_app.ui.sign_in import SignInDialog

            self._sign_in = SignInDialog(self._icons.app)
            self._sign_in.sign_in_requested.connect(self.asks(SignIn))
        return self._sign_in

    @property
    def refused(self) -> RefusedDialog:
        if self._refused is None:
            from tray_app.ui.refused import RefusedDialog

            self._refused = RefusedDialog(self._icons.app)
            self._refused.fix_requested.connect(self.on_refused_fix_requested)
            self._refused.send_again_requested.connect(self.asks(SendAgain))
            self._refused.discard_requested.connect(self.asks(Discard))
        return self._refused

    @property
    def entries(self) -> EntriesWindow:
        if self._entries is None:
            from tray_app.ui.entries_window import EntriesWindow

            window = EntriesWindow(self._icons.app, clock=self._now)
            window.week_requested.connect(self.asks(ShowWeek))
            window.closed.connect(self.asks(CloseWeek))
            window.approval.submit_requested.connect(self.asks(SubmitForApproval))
            window.edit_requested.connect(self.on_entries_edit_requested)
            window.delete_requested.connect(self.asks(DeleteEntry))
            window.continue_requested.connect(self.asks(Start))
            window.pin_requested.connect(self.asks(Pin))
            window.duplicate_requested.connect(self.asks(CreateEntry))
            window.fix_requested.connect(self.on_refused_fix_requested)
            window.send_again_requested.connect(self.asks(SendAgain))
            window.discard_requested.connect(self.asks(Discard))
            window.change_requested.connect(self.asks(UpdateEntry))
            self._entries = window
        return self._entries

    def open_entries(self) -> None:
        if not self.state.signed_in:
            return self.open_sign_in()
        self.forms.hide_quick_start()
        self.entries.open_with(self.state)

    @property
    def reports(self) -> ReportsWindow:
        return self.reports_side.window

    def open_reports(self) -> None:
        if not self.state.signed_in:
            return self.open_sign_in()
        self.reports_side.open(self.state)

    def on_entries_edit_requested(self, entry: TimeEntry) -> None:
        self.forms.open_to_edit(entry)

    def on_entry_edited(self, edit: EntryEdit) -> None:
        """An edit saved in the form: the entries window shows it within the frame, then the
        worker queues and sends it."""
        if self._entries is not None and self._entries.isVisible():
            self._entries.show_edit(edit)
        self.ask(UpdateEntry(edit))

    def on_worker_week_changed(self, view: WeekView) -> None:
        if self._entries is not None and self._entries.isVisible():
            self._entries.on_week_changed(view)

    def open_refused(self) -> None:
        self.refused.open_with(self.state)

    def on_refused_fix_requested(self, refused: RefusedWrite) -> None:
        self.forms.open_to_fix(refused)

    def ask(self, intent: Intent) -> None:
        """Send ``intent`` to the worker, queued onto its thread."""
        self.request.emit(intent)

    def asks(self, kind: Callable[..., Intent]) -> Callable[..., None]:
        """A slot that sends the intent ``kind`` makes of a signal's values."""
        return lambda *values: self.ask(kind(*values))

    def start(self) -> None:
        """Start the worker's thread, show the tray, and load the session."""
        self.worker_thread.start()
        self.tray.show()
        self.request_startup.emit()
        self.preferences.start()

    def shutdown(self) -> None:
        """Stop the worker's thread cleanly; an in-flight request is let finish (bounded)."""
        self.tray.hide()
        self.idle_question.close()
        self.preferences.close()
        self.forms.close()
        self.reports_side.close()
        for dialog in (self._entries, self._sign_in, self._refused):
            if dialog is not None:
                dialog.close()  # the entries window sends its deletes still in their undo window
        if self.worker_thread.isRunning():
            self.request_shutdown.emit()
        self.worker_thread.quit()
        if not self.worker_thread.wait(SHUTDOWN_WAIT_MS):
            logger.error("the API worker did not stop in time")
        self.worker.close()

    def without_tray(self) -> None:
        """No system tray: open the quick-start window once the session is loaded."""
        self._window_instead_of_tray = True

    def on_command(self, command: str, *, kept: bool = False) -> None:
        """A command from the command line, a later launch (see single_instance.COMMANDS), a
        click or a shortcut. Start/stop and stop are kept in the store before this returns (and
        the later launch is told; ``kept``: already, before the app was made), then carried
        out by the worker, in order."""
        opens = {
            "quick-start": self.open_quick_start,
            "manual-entry": self.open_manual_entry,
            "entries": self.open_entries,
            "reports": self.open_reports,
        }
        if command in KEPT and not kept:
            self.worker.tracker.commands.keep(command)
            self.ask(RunCommands())  # carried out once an account is known
        if not self.state.signed_in and (command in KEPT or command in opens):
            if self._signed_out:
                self.open_sign_in()
            else:
                self._pending_command = command  # the session is loading: then
        elif command in opens:
            opens[command]()
        elif command == "preferences":
            self.preferences.open()
        elif command == "quit":
            self.quit_requested.emit()
        elif command not in KEPT:
            running = _("{app} is already running: it is in the tray.").format(app=APP_TITLE)
            self.tray.notify(running, error=False)

    def open_quick_start(self, request: StartRequest | None = None, why: str = "") -> None:
        if not self.state.signed_in:
            return self.open_sign_in()
        self.forms.open_quick_start(request, why)

    def open_manual_entry(self) -> None:
        if not self.state.signed_in:
            return self.open_sign_in()
        self.forms.open_manual_entry()

    def open_sign_in(self) -> None:
        self.sign_in.open_with(self._server)

    def status(self) -> Status:
        """What ``clockify-tray status`` prints: the timer and today, from the state."""
        return status_of(self.state, self._now())

    def on_worker_state_changed(self, state: AppState) -> None:
        self.state = state
        self.tray.on_state_changed(state)
        status = self.status()
        if changed(self._last_status, status):
            self._last_status = status
            self.status_changed.emit(status)
        if state.signed_in:
            self._signed_out = False
            command, self._pending_command = self._pending_command, ""
            if command and command not in KEPT:  # (those the worker runs itself)
                self.on_command(command)
        if state.signed_in and self._window_instead_of_tray:
            self._window_instead_of_tray = False
            self.open_quick_start()
        self.forms.on_state_changed(state)
        for window in (self._refused, self._entries):
            if window is not None and window.isVisible():
                window.update_state(state)

    def on_worker_failed(self, message: str) -> None:
        self.tray.notify(message)

    def on_worker_notice(self, message: str) -> None:
        self.tray.notify(message, error=False)

    def on_worker_needs_sign_in(self, message: str) -> None:
        self._signed_out = True
        self.tray.notify(message, error=False)
        if self._pending_command:
            self._pending_command = ""
            self.open_sign_in()

    def on_worker_sign_in_finished(self, result: SignInResult) -> None:
        if result.ok:
            self._server = self.sign_in.server()
        self.sign_in.on_sign_in_finished(result.ok, result.message)
