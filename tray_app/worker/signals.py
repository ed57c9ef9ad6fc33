"""The worker's signals, and the tracker's events sent on as them.

``WorkerSignals`` declares what the worker tells the GUI thread; ``SignalEvents`` implements
the tracker's ``Events`` port by emitting them, and hands the timer requests and "the state
changed" to the worker's timers. It knows nothing of the worker itself: it gets the signals and
the timers it needs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from tray_app.clockify import Project, Task, TimeEntry
from tray_app.core.events import Events
from tray_app.core.idle.watch import IdleSpan
from tray_app.core.reports.report import Report
from tray_app.core.rules import Lacking
from tray_app.core.session import SignInResult
from tray_app.core.state import AppState, StartRequest
from tray_app.core.week.days import WeekView


class WorkerSignals(QObject):
    """What the worker tells the GUI thread, as typed values.

    Signals:
        state_changed(AppState): the new state to show; sent after every change and failure.
        failed(str): a message for a person, shown as a notification.
        notice(str): good news worth a notification (back online, saved offline).
        needs_sign_in(str): no usable key; the message says why.
        sign_in_finished(SignInResult): the answer to a sign-in.
        tasks_loaded(str, tuple[Task, ...]): tasks of a project, answering ``LoadTasks``.
        entry_saved(int, TimeEntry) / entry_failed(int, str): the answer to ``CreateEntry``.
        project_created(Project): answering ``CreateProject``.
        week_changed(WeekView): the entries window's week, while it is open.
        report_ready(Report): answering ``MakeReport``; exported(str): the file ``Export`` wrote.
        idle_returned(IdleSpan): back after time away while a timer ran: ask what to do.
        nudged(str, str): a reminder or a pomodoro turn (its kind and text) to notify.
        quick_start_wanted(StartRequest | None, str): ask what to start: a toggle found
            nothing to start again, or the request lacks what the workspace requires (the str
            says what).
        stop_needs(TimeEntry, Lacking, datetime): stopping the running entry at that moment
            needs what it lacks: ask for just that.
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
    quick_start_wanted = Signal(object, str)
    stop_needs = Signal(object, object, object)


class Timers(Protocol):
    """The worker's timers as the tracker's events drive them."""

    def retry_in(self, seconds: float) -> None: ...
    def cancel_retry(self) -> None: ...
    def follow(self) -> None:
        """The state changed: the idle and attention checks set their next wake-up."""
        ...


class SignalEvents(Events):
    """The tracker's events as the worker's signals and timer requests."""

    def __init__(self, signals: WorkerSignals, timers: Timers) -> None:
        self._signals = signals
        self._timers = timers

    def state_changed(self, state: AppState) -> None:
        self._signals.state_changed.emit(state)
        self._timers.follow()  # a timer started or stopped: the checks follow

    def nudge(self, kind: str, text: str) -> None:
        self._signals.nudged.emit(kind, text)

    def failed(self, message: str) -> None:
        self._signals.failed.emit(message)

    def notice(self, message: str) -> None:
        self._signals.notice.emit(message)

    def needs_sign_in(self, message: str) -> None:
        self._signals.needs_sign_in.emit(message)

    def sign_in_finished(self, result: SignInResult) -> None:
        self._signals.sign_in_finished.emit(result)

    def tasks_loaded(self, project_id: str, tasks: tuple[Task, ...]) -> None:
        self._signals.tasks_loaded.emit(project_id, tasks)

    def entry_saved(self, request_id: int, entry: TimeEntry) -> None:
        self._signals.entry_saved.emit(request_id, entry)

    def entry_failed(self, request_id: int, message: str) -> None:
        self._signals.entry_failed.emit(request_id, message)

    def project_created(self, project: Project) -> None:
        self._signals.project_created.emit(project)

    def week_changed(self, view: WeekView) -> None:
        self._signals.week_changed.emit(view)

    def report_ready(self, report: Report) -> None:
        self._signals.report_ready.emit(report)

    def exported(self, path: str) -> None:
        self._signals.exported.emit(path)

    def idle_returned(self, span: IdleSpan) -> None:
        self._signals.idle_returned.emit(span)

    def quick_start_wanted(self, request: StartRequest | None = None, why: str = "") -> None:
        self._signals.quick_start_wanted.emit(request, why)

    def stop_needs(self, running: TimeEntry, lacks: Lacking, end: datetime) -> None:
        self._signals.stop_needs.emit(running, lacks, end)

    def retry_in(self, seconds: float) -> None:
        self._timers.retry_in(seconds)

    def cancel_retry(self) -> None:
        self._timers.cancel_retry()
