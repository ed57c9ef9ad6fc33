"""In one process: GUI responsiveness during slow calls, and requests per user action."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from benchmarks.common import Result, required_values
from tray_app.app import Application, build, qt_application, show_tray
from tray_app.core.state import EntryRequest, StartRequest
from tray_app.core.tracking.intents import CreateEntry, LoadTasks, SignIn, Start, Stop

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


CLICKS = 6


def _click_to_icon(app: QApplication, tray: QSystemTrayIcon, click: Callable[[], None]) -> float:
    """The worst time from a click to the icon set anew, over CLICKS starts and stops."""
    changed: list[float] = []
    real_set_icon = tray.setIcon

    def set_icon(icon: object) -> None:
        changed.append(time.perf_counter())
        real_set_icon(icon)  # type: ignore[arg-type]

    tray.setIcon = set_icon  # type: ignore[method-assign]
    worst = 0.0
    try:
        for _ in range(CLICKS):
            changed.clear()
            clicked = time.perf_counter()
            click()
            _wait(app, lambda: bool(changed))
            worst = max(worst, (changed[0] - clicked) * 1000)
            _wait(app, lambda: _settled(app))
    finally:
        tray.setIcon = real_set_icon  # type: ignore[method-assign]
    return worst


def _settled(app: QApplication) -> bool:
    time.sleep(LATENCY + 0.5)  # the write reaches the slow server before the next click
    app.processEvents()
    return True


def _bare_click_to_icon(app: QApplication) -> float:
    from PySide6.QtGui import QIcon, QPixmap

    pixmaps = [QPixmap(32, 32), QPixmap(32, 32)]
    pixmaps[0].fill()
    icons = [QIcon(pixmaps[0]), QIcon(pixmaps[1])]
    tray = QSystemTrayIcon(icons[0])
    changed: list[float] = []

    def on_activated(_: object) -> None:
        tray.setIcon(icons[len(changed) % 2])
        changed.append(time.perf_counter())

    tray.activated.connect(on_activated)
    worst = 0.0
    for _ in range(CLICKS):
        clicked = time.perf_counter()
        tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)  # (handled at once)
        worst = max(worst, (changed[-1] - clicked) * 1000)
    tray.deleteLater()
    return worst


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
        icon_changed = _click_to_icon(app, controller.tray.tray, click)
    finally:
        application.close()
    bare = _bare_click_to_icon(app)
    worst = max(start, stop)
    return [
        Result(
            f"click → tray icon changed, {LATENCY:.0f} s API latency (worst of {CLICKS})",
            icon_changed,
            bare,
            "ms",
            "≤ 16 ms",
            icon_changed <= 16.0,
            "baseline: a bare tray setting its icon in its own click handler",
        ),
        Result(
            f"responsiveness: longest GUI stall, start + stop with {LATENCY:.0f} s latency",
            worst,
            idle,
            "ms",
            "≤ 16 ms",
            worst <= 16.0,
            "baseline: the same heartbeat with nothing to do",
        ),
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
        signed: list[object] = []
        worker.sign_in_finished.connect(signed.append)
        count(
            "sign in (check the key; load workspaces, projects, tags, custom fields, the workday "
            "(profile, holidays, time off), entries)",
            9,
            lambda: controller.ask(SignIn(sandbox.api_key, sandbox.url)),
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
            lambda: controller.ask(
                Start(
                    controller.state.restart_request()
                    or StartRequest("Bench", custom_fields=required_values(controller.state))
                )
            ),
            lambda: controller.state.running is not None and controller.state.pending == 0,
        )
        count(
            "stop the timer",
            1,
            lambda: controller.ask(Stop()),
            lambda: controller.state.running is None and controller.state.pending == 0,
        )
        saved = []
        worker.entry_saved.connect(lambda request_id, entry: saved.append(entry))
        start = datetime(2026, 1, 5, 9, tzinfo=UTC)
        count(
            "manual entry",
            1,
            lambda: controller.ask(
                CreateEntry(
                    EntryRequest(
                        1,
                        start,
                        start + timedelta(hours=1),
                        "Bench",
                        custom_fields=required_values(controller.state),
                    )
                )
            ),
            lambda: bool(saved),
        )
        project = controller.state.projects[0].id
        tasks = []
        worker.tasks_loaded.connect(lambda pid, loaded: tasks.append(pid))
        count(
            "tasks of a project, first time",
            1,
            lambda: controller.ask(LoadTasks(project)),
            lambda: len(tasks) == 1,
        )
        count(
            "tasks of a project, again (cached)",
            0,
            lambda: controller.ask(LoadTasks(project)),
            lambda: len(tasks) == 2,
        )
    finally:
        application.close()
    return counted
