"""ApiWorker: the one QObject that does I/O (HTTP, keyring, SQLite, settings), on its own QThread.

A thin adapter over ``core.tracker.Tracker``, which makes every decision in plain Python: the
worker's slots call the tracker, the tracker's events come back out as this object's signals,
and the two timers the tracker asks for are QTimers made on this thread. The GUI thread talks
to it only through queued signals and gets typed values back; the worker never touches a widget.
Because one thread runs every call in turn, "stop, then start" keeps its order and the request
budget is kept in one place.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from tray_app.clockify import TimeEntry
from tray_app.core.attention import Attention
from tray_app.core.clock import Clock, SystemClock
from tray_app.core.commands import Commands
from tray_app.core.preferences import Preferences, Settings
from tray_app.core.reporting import ExportRequest
from tray_app.core.reports import ReportRequest
from tray_app.core.session import ClientFactory, Session, SignInResult
from tray_app.core.state import EntryEdit, EntryRequest, StartRequest
from tray_app.core.store import Store
from tray_app.core.sync import RequestBudget, Sync, Timing
from tray_app.core.tracker import Tracker
from tray_app.platform.autostart import Autostart
from tray_app.platform.idle import IdleSource
from tray_app.platform.keystore import KeyStore
from tray_app.platform.network import NetworkWatch
from tray_app.worker.attention_checks import AttentionChecks
from tray_app.worker.idle_checks import IdleChecks
from tray_app.worker.signals import SignalEvents

__all__ = ["ApiWorker", "RequestBudget", "SignInResult", "Timing"]


class ApiWorker(QObject):
    """Runs the tracker on the worker's thread and speaks for it in signals.

    Args:
        client_factory: makes a client from an API key and a base URL.
        key_store: where the key is kept (keyring, or memory in demo mode).
        settings: preferences; saved to ``settings_file``.
        store: the outbox and cache.
        regions: region name → base URL, probed when a key is unknown in the chosen region.
        demo: running on the built-in demo server.
        budget: the background request budget.
        timing: sync and retry intervals.
        autostart: this system's start-at-login back-end.
        server: a server for this run only (``--api-url``), winning over ``settings``.
        clock: time (injected in tests).
        reports_url: the reports host for this run (``CLOCKIFY_REPORTS_URL``), else derived.
        idle_source: where idle time is read (else the one this system offers, found once).
        watch_network: send waiting writes as soon as the system says the network is back.

    Attributes:
        clock: the time the tracker keeps; the windows read the same one.
        commands: start/stop and stop as asked, kept until carried out (``on_commands``).

    Signals:
        state_changed(AppState): the new state to show; sent after every change and failure.
        failed(str): a message for a person, shown as a notification.
        notice(str): good news worth a notification (back online, saved offline).
        needs_sign_in(str): no usable key; the message says why.
        sign_in_finished(SignInResult): the answer to ``on_sign_in``.
        tasks_loaded(str, tuple[Task, ...]): tasks of a project, answering ``on_load_tasks``.
        entry_saved(int, TimeEntry) / entry_failed(int, str): the answer to ``on_create_entry``.
        project_created(Project): answering ``on_create_project``.
        week_changed(WeekView): the entries window's week, while it is open.
        report_ready(Report): answering ``on_report``; exported(str): the file ``on_export`` wrote.
        idle_returned(IdleSpan): back after time away while a timer ran: ask what to do.
        nudged(str, str): a reminder or a pomodoro turn (its kind and text) to notify.
        quick_start_wanted(): a toggle found nothing to start again: ask what to start.
    """

    state_changed = Signal(object)
    failed = Signal(str)
    notice = Signal(str)
    needs_sign_in = Signal(str)
    sign_in_finished = Signal(object)
    tasks_loaded = Signal(str, object)
    entry_saved = Signal(int, object)
    entry_failed = Signal(int, str)
    project_created = Signal(object)
    week_changed = Signal(object)
    report_ready = Signal(object)
    exported = Signal(str)
    idle_returned = Signal(object)
    nudged = Signal(str, str)
    quick_start_wanted = Signal()

    def __init__(
        self,
        client_factory: ClientFactory,
        key_store: KeyStore,
        settings: Settings,
        settings_file: Path | None,
        store: Store,
        *,
        regions: dict[str, str] | None = None,
        demo: bool = False,
        budget: RequestBudget | None = None,
        timing: Timing | None = None,
        autostart: Autostart | None = None,
        server: str = "",
        clock: Clock | None = None,
        reports_url: str = "",
        watch_network: bool = True,
        idle_source: IdleSource | None = None,
    ) -> None:
        super().__init__()
        clock = clock or SystemClock()
        self.clock = clock
        self.tracker = Tracker(
            Session(client_factory, key_store, regions, reports_url=reports_url),
            Sync(store, budget=budget, timing=timing, clock=clock),
            store,
            Preferences(settings, settings_file, autostart, server_override=server),
            SignalEvents(self),
            demo=demo,
            clock=clock,
        )
        self.commands = Commands(self.tracker, store, SignalEvents(self))
        self._retry_timer: QTimer | None = None
        self._sync_timer: QTimer | None = None
        self._watch_network = watch_network
        self._network: NetworkWatch | None = None
        self.idle_checks = IdleChecks(self.tracker, idle_source, self)
        attention = Attention(self.tracker, SignalEvents(self), self.tracker.preferences, clock)
        self.attention_checks = AttentionChecks(attention, self.idle_checks.present, clock, self)
        self.idle_checks.back.connect(self.attention_checks.on_person_back)

    @Slot()
    def on_startup(self) -> None:
        # Timers are made here, on the worker's own thread, where they must live.
        if self._retry_timer is None:
            self._retry_timer = QTimer(self)
            self._retry_timer.setSingleShot(True)
            self._retry_timer.timeout.connect(self.tracker.on_retry)
            self._sync_timer = QTimer(self)
            self._sync_timer.setInterval(int(self.tracker.sync.timing.sync_interval * 1000))
            self._sync_timer.timeout.connect(self.tracker.on_tick)
            self._sync_timer.start()
            if self._watch_network:  # (tests without a system bus of their own skip both)
                self.idle_checks.watch_session()
                self._network = NetworkWatch(self)
                self._network.came_online.connect(self.tracker.on_network_back)
                self._network.start()
        self.tracker.on_startup()
        self.commands.run()  # what was asked before the app stopped, or before it was ready

    @Slot(str, str)
    def on_sign_in(self, api_key: str, base_url_text: str) -> None:
        self.tracker.on_sign_in(api_key, base_url_text)
        self.commands.run()

    @Slot()
    def on_commands(self) -> None:
        self.commands.run()

    @Slot()
    def on_sign_out(self) -> None:
        self.tracker.on_sign_out()

    @Slot(bool)
    def on_set_autostart(self, enabled: bool) -> None:
        self.tracker.on_set_autostart(enabled)

    @Slot(str)
    def on_switch_workspace(self, workspace_id: str) -> None:
        self.tracker.on_switch_workspace(workspace_id)

    @Slot()
    def on_refresh(self) -> None:
        self.tracker.on_refresh()

    @Slot(object)
    def on_start(self, request: StartRequest) -> None:
        self.tracker.on_start(request)

    @Slot()
    def on_stop(self) -> None:
        self.tracker.on_stop()

    @Slot(object)
    def on_create_entry(self, request: EntryRequest) -> None:
        self.tracker.on_create_entry(request)

    @Slot(object)
    def on_update_entry(self, edit: EntryEdit) -> None:
        self.tracker.on_update_entry(edit)

    @Slot(object)
    def on_delete_entry(self, entry: TimeEntry) -> None:
        self.tracker.on_delete_entry(entry)

    @Slot(object)
    def on_show_week(self, first: date | None) -> None:
        self.tracker.on_show_week(first)

    @Slot()
    def on_close_week(self) -> None:
        self.tracker.on_close_week()

    @Slot(object)
    def on_report(self, request: ReportRequest) -> None:
        self.tracker.reporter.on_report(request, self.tracker.state)

    @Slot(object)
    def on_export(self, export: ExportRequest) -> None:
        self.tracker.reporter.on_export(export, self.tracker.state)

    @Slot(str)
    def on_create_project(self, name: str) -> None:
        self.tracker.on_create_project(name)

    @Slot(str)
    def on_load_tasks(self, project_id: str) -> None:
        self.tracker.on_load_tasks(project_id)

    @Slot(int)
    def on_send_again(self, op_id: int) -> None:
        self.tracker.on_send_again(op_id)

    @Slot(int)
    def on_discard(self, op_id: int) -> None:
        self.tracker.on_discard(op_id)

    @Slot(str, object)
    def on_change_setting(self, name: str, value: object) -> None:
        """One setting changed in the Preferences window: saved, and followed at once."""
        why_not = self.tracker.preferences.change(name, value)
        if why_not:
            self.failed.emit(why_not)
            return
        self.tracker.idle.set_minutes(self.tracker.preferences.settings.idle_minutes)
        self.idle_checks.schedule()
        self.attention_checks.on_rules_changed()
        self.state_changed.emit(self.attention_checks.attention.shown(self.tracker.state))

    @Slot()
    def on_shutdown(self) -> None:
        """Stop this thread's timers and close the client, from the worker's own thread."""
        self.idle_checks.stop()
        self.attention_checks.stop()
        for timer in (self._retry_timer, self._sync_timer):
            if timer is not None:
                timer.stop()
        self.close()

    def close(self) -> None:
        """Close the HTTP client; call from the worker's thread or after it has finished."""
        self.tracker.close()

    def retry_in(self, seconds: float) -> None:
        if self._retry_timer is not None:
            self._retry_timer.start(int(seconds * 1000))

    def cancel_retry(self) -> None:
        if self._retry_timer is not None:
            self._retry_timer.stop()
