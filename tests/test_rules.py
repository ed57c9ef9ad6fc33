"""The checks the dialogs make before sending: forced fields, durations, manual spans."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tray_app.clockify.models import WorkspaceSettings
from tray_app.core.rules import entry_span, missing_required, parse_human_duration, required_message

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_forced_fields() -> None:
    strict = WorkspaceSettings(True, True, True, True)
    missing = missing_required(
        strict, description=" ", project_id=None, task_id=None, tag_ids=(), project_has_tasks=True
    )
    assert missing == ["a description", "a project", "a task", "at least one tag"]
    assert required_message(missing[:2]) == "This workspace requires a description and a project."
    assert not missing_required(
        strict,
        description="x",
        project_id="p",
        task_id=None,
        tag_ids=("t",),
        project_has_tasks=False,
    )
    assert not missing_required(
        WorkspaceSettings(),
        description="",
        project_id=None,
        task_id=None,
        tag_ids=(),
        project_has_tasks=True,
    )


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1:30", 90),
        ("0:05", 5),
        ("90m", 90),
        ("1h 30m", 90),
        ("1.5h", 90),
        ("2h", 120),
        ("45 min", 45),
        ("1,25h", 75),
        ("1h30", 90),
        ("1h 5", 65),
        ("2 hours", 120),
        ("90", 90),
        ("1.25", 75),
        ("1,5", 90),
        (" 1:30 ", 90),
    ],
)
def test_human_durations(text: str, minutes: int) -> None:
    assert parse_human_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "abc", "1:75", "h", "-1h", "1.", ",5", "1h30x", "1.5m"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="is not a duration"):
        parse_human_duration(text)


def test_span_in_a_non_utc_zone() -> None:
    span = entry_span(date(2026, 1, 28), time(9, 0), BERLIN, NOW, end_clock=time(10, 30))
    assert (span.start, span.end, span.error, span.warnings) == (
        datetime(2026, 1, 28, 8, tzinfo=UTC),
        datetime(2026, 1, 28, 9, 30, tzinfo=UTC),
        "",
        (),
    )


def test_overnight_span_ends_next_day() -> None:
    span = entry_span(date(2026, 1, 28), time(22, 0), BERLIN, NOW, end_clock=time(1, 0))
    assert span.overnight and span.end == datetime(2026, 1, 29, 0, tzinfo=UTC)


def test_zero_and_negative_refused() -> None:
    assert "no time" in entry_span(date(2026, 1, 28), time(9), BERLIN, NOW, end_clock=time(9)).error
    assert (
        "longer than zero"
        in entry_span(date(2026, 1, 28), time(9), BERLIN, NOW, duration_text="0:00").error
    )
    assert (
        "is not a duration"
        in entry_span(date(2026, 1, 28), time(9), BERLIN, NOW, duration_text="-1h").error
    )


def test_long_and_future_entries_are_questioned() -> None:
    long = entry_span(date(2026, 1, 28), time(9), BERLIN, NOW, duration_text="25h")
    assert long.warnings == ("This entry is longer than 24 hours.",)
    future = entry_span(date(2026, 6, 1), time(15), BERLIN, NOW, end_clock=time(16))
    assert future.warnings == ("This entry ends in the future.",)


def test_span_across_dst_change() -> None:
    # 2026-03-29 in Berlin: 01:00 to 04:00 wall time is two real hours.
    span = entry_span(date(2026, 3, 29), time(1), BERLIN, NOW, end_clock=time(4))
    assert span.end is not None and span.start is not None
    assert span.end - span.start == timedelta(hours=2)
    # A wall time inside the skipped hour moves forward by the gap.
    gap = entry_span(date(2026, 3, 29), time(2, 30), BERLIN, NOW, end_clock=time(4))
    assert gap.start == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
