"""The Reports window's side of the controller (GUI thread): reports asked for, answers shown.

The window is made on first use; what it asks for goes to the worker as intents, and the
worker's reports, exports and failures come back to it while it is open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal

from tray_app.core.reports.report import Report
from tray_app.core.state import AppState
from tray_app.core.tracking.intents import Export, MakeReport
from tray_app.ui.icons import Icons

if TYPE_CHECKING:
    from tray_app.ui.reports_window import ReportsWindow
    from tray_app.worker.api_worker import ApiWorker


class ReportsController(QObject):
    """Opens the Reports window and carries its requests and the worker's answers.

    Args:
        worker: makes the reports and exports (queued onto its thread).
        icons: the window icon.
        clock: the worker's clock (the window's "this week" is the worker's).
        open_url: opens an exported file with the desktop's application for it.

    Signals:
        request(Intent): a report or an export for the worker.
    """

    request = Signal(object)

    def __init__(
        self,
        worker: ApiWorker,
        icons: Icons,
        clock: Callable[[], datetime],
        open_url: Callable[[str], None],
    ) -> None:
        super().__init__()
        self._icons = icons
        self._clock = clock
        self._open_url = open_url
        self._window: ReportsWindow | None = None
        self.request.connect(worker.on_request)
        worker.report_ready.connect(self.on_worker_report_ready)
        worker.exported.connect(self.on_worker_exported)
        worker.failed.connect(self.on_worker_failed)
        worker.state_changed.connect(self.on_worker_state_changed)

    @property
    def window(self) -> ReportsWindow:
        if self._window is None:
            from tray_app.ui.reports_window import ReportsWindow

            window = ReportsWindow(self._icons.app, clock=self._clock, open_file=self._open_file)
            window.report_requested.connect(lambda asked: self.request.emit(MakeReport(asked)))
            window.export_requested.connect(lambda asked: self.request.emit(Export(asked)))
            self._window = window
        return self._window

    def open(self, state: AppState) -> None:
        self.window.open_with(state)

    def close(self) -> None:
        if self._window is not None:
            self._window.close()

    def on_worker_state_changed(self, state: AppState) -> None:
        if self._window is not None and self._window.isVisible():
            self._window.update_state(state)

    def on_worker_report_ready(self, report: Report) -> None:
        if self._window is not None:
            self._window.on_report_ready(report)

    def on_worker_exported(self, path: str) -> None:
        if self._window is not None:
            self._window.on_exported(path)

    def on_worker_failed(self, message: str) -> None:
        if self._window is not None:  # (it shows only the failure of an export it waits for)
            self._window.on_failed(message)

    def _open_file(self, path: str) -> None:
        self._open_url(QUrl.fromLocalFile(path).toString())
