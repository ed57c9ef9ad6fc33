"""The tracker's events, sent on as the worker's signals and timer requests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tray_app.clockify import Project, Task, TimeEntry
from tray_app.core.idle import IdleSpan
from tray_app.core.reports import Report
from tray_app.core.session import SignInResult
from tray_app.core.state import AppState
from tray_app.core.weekbook import WeekView

if TYPE_CHECKING:
    from tray_app.worker.api_worker import ApiWorker


class SignalEvents:
    """The tracker's events as the worker's signals and timer requests."""

    def __init__(self, worker: ApiWorker) -> None:
        self._worker = worker

    def state_changed(self, state: AppState) -> None:
        checks = self._worker.attention_checks
        self._worker.state_changed.emit(checks.attention.shown(state))
        self._worker.idle_checks.schedule()  # a timer started or stopped: the checks follow
        checks.schedule()

    def nudge(self, kind: str, text: str) -> None:
        self._worker.nudged.emit(kind, text)

    def failed(self, message: str) -> None:
        self._worker.failed.emit(message)

    def notice(self, message: str) -> None:
        self._worker.notice.emit(message)

    def needs_sign_in(self, message: str) -> None:
        self._worker.needs_sign_in.emit(message)

    def sign_in_finished(self, result: SignInResult) -> None:
        self._worker.sign_in_finished.emit(result)

    def tasks_loaded(self, project_id: str, tasks: tuple[Task, ...]) -> None:
        self._worker.tasks_loaded.emit(project_id, tasks)

    def entry_saved(self, request_id: int, entry: TimeEntry) -> None:
        self._worker.entry_saved.emit(request_id, entry)

    def entry_failed(self, request_id: int, message: str) -> None:
        self._worker.entry_failed.emit(request_id, message)

    def project_created(self, project: Project) -> None:
        self._worker.project_created.emit(project)

    def week_changed(self, view: WeekView) -> None:
        self._worker.week_changed.emit(view)

    def report_ready(self, report: Report) -> None:
        self._worker.report_ready.emit(report)

    def exported(self, path: str) -> None:
        self._worker.exported.emit(path)

    def idle_returned(self, span: IdleSpan) -> None:
        self._worker.idle_returned.emit(span)

    def quick_start_wanted(self) -> None:
        self._worker.quick_start_wanted.emit()

    def retry_in(self, seconds: float) -> None:
        self._worker.retry_in(seconds)

    def cancel_retry(self) -> None:
        self._worker.cancel_retry()
