"""Clockify's time and duration formats, including a zone across a DST change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tray_app.clockify.timefmt import (
    format_clock,
    format_duration,
    format_utc,
    parse_duration,
    parse_utc,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_format_utc_converts_zones() -> None:
    assert (
        format_utc(datetime(2026, 1, 28, 10, 0, 30, 999, tzinfo=BERLIN)) == "2026-01-28T09:00:30Z"
    )


def test_format_utc_refuses_naive_time() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        format_utc(datetime(2026, 1, 28, 9))


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-28T09:00:00Z",
        "2026-01-28T09:00:00.000Z",
        "2026-01-28T10:00:00+01:00",
        "2026-01-28T09:00:00",
    ],
)
def test_parse_utc_accepts_clockify_variants(text: str) -> None:
    assert parse_utc(text) == datetime(2026, 1, 28, 9, tzinfo=UTC)


def test_parse_utc_names_the_bad_value() -> None:
    with pytest.raises(ValueError, match="'next tuesday' is not a date and time"):
        parse_utc("next tuesday")


def test_round_trip_across_spring_forward() -> None:
    # Berlin skips 02:00-03:00 on 2026-03-29: 01:30 local is 00:30Z, 03:30 local is 01:30Z.
    before = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)
    after = datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN)
    assert format_utc(before) == "2026-03-29T00:30:00Z"
    assert format_utc(after) == "2026-03-29T01:30:00Z"
    assert parse_utc(format_utc(after)) - parse_utc(format_utc(before)) == timedelta(hours=1)
    assert parse_utc(format_utc(after)).astimezone(BERLIN).hour == 3


def test_round_trip_across_fall_back() -> None:
    # 2026-10-25 02:30 happens twice in Berlin; fold picks the second (winter) one.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    second = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    assert format_utc(first) == "2026-10-25T00:30:00Z"
    assert format_utc(second) == "2026-10-25T01:30:00Z"


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (timedelta(0), "PT0S"),
        (timedelta(seconds=45), "PT45S"),
        (timedelta(hours=1, minutes=30), "PT1H30M"),
        (timedelta(hours=26, seconds=5), "PT26H5S"),
        (timedelta(minutes=10, seconds=0.9), "PT10M"),
    ],
)
def test_format_duration(duration: timedelta, text: str) -> None:
    assert format_duration(duration) == text


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("PT1H30M", timedelta(hours=1, minutes=30)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("PT0S", timedelta(0)),
        ("PT1.5S", timedelta(seconds=1.5)),
    ],
)
def test_parse_duration(text: str, duration: timedelta) -> None:
    assert parse_duration(text) == duration


@pytest.mark.parametrize("text", ["", "P", "PT", "1H", "PT1X", "P1W"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not an ISO-8601 duration"):
        parse_duration(text)


def test_negative_duration_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_duration(timedelta(seconds=-1))


def test_format_clock() -> None:
    assert format_clock(timedelta(hours=1, minutes=23, seconds=45)) == "1:23:45"
    assert format_clock(timedelta(seconds=-5)) == "0:00:00"
