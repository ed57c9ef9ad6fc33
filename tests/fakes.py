"""Stand-ins for time and for the tracker's outside world, for tests of the core and the app.

Time in the tests never comes from the computer's calendar: the sandbox is seeded at ``PINNED``
and the app under test reads a clock that starts there. FakeClock is moved by hand (qutebrowser's
FakeTimer is the model): no test sleeps to let time pass. PinnedClock starts at the pinned moment
and then runs at the computer's pace, for the app's real timers. RecordingEvents keeps every event
the tracker sends, in order.
"""

from __future__ import annotations

import inspect
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from tray_app.clockify import Project, Task, TimeEntry
from tray_app.core.clock import ManualClock
from tray_app.core.events import Events
from tray_app.core.idle.watch import IdleSpan
from tray_app.core.reports.report import Report
from tray_app.core.rules import Lacking
from tray_app.core.session import SignInResult
from tray_app.core.state import AppState, StartRequest
from tray_app.core.week.days import WeekView

# The moment the tests live in: a Wednesday late morning (11:30 in the demo's Berlin), a fortnight
# after the clocks went back, with this week's Monday and Tuesday and all of last week seeded; the
# fixed dates tests type (a summer day, 2026-03-02) are in its past.
PINNED = datetime(2026, 11, 11, 10, 30, tzinfo=UTC)


class FakeClock(ManualClock):
    """Moved by hand; starts at ``PINNED`` unless told otherwise."""

    def __init__(self, start: datetime = PINNED) -> None:
        super().__init__(start)


class PinnedClock:
    """Wall time that starts at ``start`` and runs at the computer's pace from there."""

    def __init__(self, start: datetime = PINNED) -> None:
        self._start = start
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)

    def monotonic(self) -> float:
        return time.monotonic()


EVENT_NAMES = frozenset(
    name for name, _ in inspect.getmembers(Events, inspect.isfunction) if not name.startswith("_")
)


class RecordingEvents(Events):
    """Implements the tracker's ``Events`` port by recording each call as (name, args)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.retry_delay: float | None = None

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def state_changed(self, state: AppState) -> None:
        self._record("state_changed", state)

    def failed(self, message: str) -> None:
        self._record("failed", message)

    def notice(self, message: str) -> None:
        self._record("notice", message)

    def needs_sign_in(self, message: str) -> None:
        self._record("needs_sign_in", message)

    def sign_in_finished(self, result: SignInResult) -> None:
        self._record("sign_in_finished", result)

    def tasks_loaded(self, project_id: str, tasks: tuple[Task, ...]) -> None:
        self._record("tasks_loaded", project_id, tasks)

    def entry_saved(self, request_id: int, entry: TimeEntry) -> None:
        self._record("entry_saved", request_id, entry)

    def entry_failed(self, request_id: int, message: str) -> None:
        self._record("entry_failed", request_id, message)

    def project_created(self, project: Project) -> None:
        self._record("project_created", project)

    def report_ready(self, report: Report) -> None:
        self._record("report_ready", report)

    def idle_returned(self, span: IdleSpan) -> None:
        self._record("idle_returned", span)

    def exported(self, path: str) -> None:
        self._record("exported", path)

    def week_changed(self, view: WeekView) -> None:
        self._record("week_changed", view)

    def nudge(self, kind: str, text: str) -> None:
        self._record("nudge", kind, text)

    def quick_start_wanted(self, request: StartRequest | None = None, why: str = "") -> None:
        self._record("quick_start_wanted", request, why)

    def stop_needs(self, running: TimeEntry, lacks: Lacking, end: datetime) -> None:
        self._record("stop_needs", running, lacks, end)

    def retry_in(self, seconds: float) -> None:
        self._record("retry_in", seconds)
        self.retry_delay = seconds

    def cancel_retry(self) -> None:
        self._record("cancel_retry")
        self.retry_delay = None

    def of(self, name: str) -> list[tuple[Any, ...]]:
        """The arguments of every ``name`` call; a name the port does not have is an error."""
        if name not in EVENT_NAMES:
            raise AssertionError(f"the Events port has no {name!r}")
        return [args for called, args in self.calls if called == name]

    def messages(self, name: str) -> list[str]:
        return [args[0] for args in self.of(name)]

    @property
    def state(self) -> Any:
        """The last state sent."""
        return self.of("state_changed")[-1][0]
