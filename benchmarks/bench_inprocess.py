"""In one process: GUI responsiveness during slow calls, and requests per user action."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from benchmarks.common import Result
from tray_app.app import Application, build, qt_application, show_tray
from tray_app.core.state import EntryRequest

LATENCY = 2.0
HEARTBEAT_MS = 1


def _wait(app: QApplication, condition: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        app.processEvents()
        time.sleep(0.001)


def _started() -> tuple[QApplication, Application]:
    app = qt_application()
    icons, tray = show_tray()
    application = build(tray, icons, demo=True)
    application.controller.start()
    state = lambda: application.controller.state  # noqa: E731
    _wait(app, lambda: state().signed_in and bool(state().projects) and bool(state().recent))
    return app, application


def _longest_gap(app: QApplication, action: Callable[[], None], done: Callable[[], bool]) -> float:
    """The longest pause between heartbeat ticks of the GUI event loop while ``action`` runs."""
    gaps: list[float] = []
    clock = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)

    def tick() -> None:
        gaps.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    heartbeat.timeout.connect(tick)
    clock.start()
    heartbeat.start()
    action()
    _wait(app, done)
    heartbeat.stop()
    return max(gaps[1:]) if len(gaps) > 1 else float("inf")


def responsiveness() -> list[Result]:
    app, application = _started()
    controller = application.controller
    assert application.sandbox is not None
    try:
        idle = _longest_gap(app, lambda: None, _after(LATENCY))
        application.sandbox.faults.latency = LATENCY

        def click() -> None:
            controller.tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)

        start = _longest_gap(
            app,
            click,
            lambda: controller.state.running is not None and controller.state.pending == 0,
        )
        stop = _longest_gap(
            app, click, lambda: controller.state.running is None and controller.state.pending == 0
        )
    finally:
        application.close()
    worst = max(start, stop)
    return [
        Result(
            f"responsiveness: longest GUI stall, start + stop with {LATENCY:.0f} s latency",
            worst,
            idle,
            "ms",
            "≤ 16 ms",
            worst <= 16.0,
            "baseline: the same heartbeat with nothing to do",
        )
    ]


def _after(seconds: float) -> Callable[[], bool]:
    end = time.monotonic() + seconds
    return lambda: time.monotonic() >= end


def requests_per_action() -> list[Result]:
    app, application = _started()
    controller, sandbox = application.controller, application.sandbox
    assert sandbox is not None
    worker = controller.worker
    counted: list[Result] = []

    def count(
        name: str, minimum: int, action: Callable[[], None], done: Callable[[], bool]
    ) -> None:
        before = len(sandbox.requests)
        action()
        _wait(app, done)
        for _ in range(20):  # let anything that would follow arrive
            app.processEvents()
            time.sleep(0.005)
        used = len(sandbox.requests) - before
        counted.append(
            Result(
                f"requests: {name}",
                used,
                minimum,
                "",
                f"≤ {minimum}",
                used <= minimum,
                "baseline: the fewest the API allows",
            )
        )

    try:
        signed = []
        worker.sign_in_finished.connect(signed.append)
        count(
            "sign in (check the key; load workspaces, projects, tags, entries)",
            5,
            lambda: controller.request_sign_in.emit(sandbox.api_key, sandbox.url),
            lambda: bool(signed),
        )
        count(
            "open quick start (cache warm)",
            0,
            controller.open_quick_start,
            controller.quick_start.isVisible,
        )
        controller.quick_start.hide()
        count(
            "start a timer",
            1,
            lambda: controller.request_start.emit(controller.state.restart_request()),
            lambda: controller.state.running is not None and controller.state.pending == 0,
        )
        count(
            "stop the timer",
            1,
            controller.request_stop.emit,
            lambda: controller.state.running is None and controller.state.pending == 0,
        )
        saved = []
        worker.entry_saved.connect(lambda request_id, entry: saved.append(entry))
        start = datetime(2026, 1, 5, 9, tzinfo=UTC)
        count(
            "manual entry",
            1,
            lambda: controller.request_entry.emit(
                EntryRequest(1, start, start + timedelta(hours=1), "Bench")
            ),
            lambda: bool(saved),
        )
        project = controller.state.projects[0].id
        tasks = []
        worker.tasks_loaded.connect(lambda pid, loaded: tasks.append(pid))
        count(
            "tasks of a project, first time",
            1,
            lambda: controller.request_tasks.emit(project),
            lambda: len(tasks) == 1,
        )
        count(
            "tasks of a project, again (cached)",
            0,
            lambda: controller.request_tasks.emit(project),
            lambda: len(tasks) == 2,
        )
    finally:
        application.close()
    return counted
