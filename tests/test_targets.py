"""The workday's JSON read tolerantly, and each day's target: capacity on working days, none on
other days or holidays, less what approved time off takes (fixed dates; no clock read)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tray_app.clockify.workday import (
    ApprovalRequest,
    Holiday,
    MemberProfile,
    TimeOff,
    parse_iso_duration,
)
from tray_app.core.workday.targets import day_plans

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = [date(2026, 3, 2) + timedelta(days=n) for n in range(7)]  # Monday 2 March to Sunday


@pytest.mark.parametrize(
    ("text", "hours"),
    [("PT8H", 8), ("PT7H30M", 7.5), ("PT0S", 0), ("P1DT2H", 26), ("PT90M", 1.5), ("PT7.5H", 7.5)],
)
def test_iso_durations(text: str, hours: float) -> None:
    assert parse_iso_duration(text) == timedelta(hours=hours)


@pytest.mark.parametrize("text", ["8h", "P", "PT", "", "PTH"])
def test_not_iso_durations(text: str) -> None:
    with pytest.raises(ValueError, match="is not an ISO 8601 duration"):
        parse_iso_duration(text)


def profile(capacity: str = "PT8H", days: tuple[str, ...] = ()) -> MemberProfile:
    working = days or ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
    return MemberProfile.from_json(
        {"workCapacity": capacity, "workingDays": list(working), "weekStart": "MONDAY"}
    )


def test_a_profile_read_tolerantly() -> None:
    read = MemberProfile.from_json(
        {"workCapacity": None, "workingDays": ["MONDAY", "FUNDAY"], "weekStart": None}
    )
    assert (read.capacity, read.working_days, read.week_start) == (None, frozenset({0}), "MONDAY")
    assert profile().working_days == frozenset(range(5))


def test_capacity_on_working_days_only() -> None:
    plans = day_plans(WEEK, profile(), BERLIN)
    assert [p.target for p in plans] == [timedelta(hours=8)] * 5 + [timedelta(0)] * 2
    four_days = day_plans(
        WEEK, profile("PT10H", ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY")), BERLIN
    )
    assert [p.target.total_seconds() / 3600 for p in four_days] == [10, 10, 10, 10, 0, 0, 0]


def test_a_holiday_has_no_target_and_says_its_name() -> None:
    holiday = Holiday.from_json(
        {
            "id": "h1",
            "name": "Company day",
            "datePeriod": {"startDate": "2026-03-04", "endDate": "2026-03-05"},
        }
    )
    plans = day_plans(WEEK, profile(), BERLIN, holidays=[holiday])
    assert [(p.target.total_seconds() / 3600, p.holiday) for p in plans[:5]] == [
        (8, ""),
        (8, ""),
        (0, "Company day"),
        (0, "Company day"),
        (8, ""),
    ]


def _time_off(start: str, end: str, *, status: str = "APPROVED", half: bool = False) -> TimeOff:
    return TimeOff.from_json(
        {
            "id": "t1",
            "policyName": "Vacation",
            "status": {"statusType": status},
            "timeOffPeriod": {"halfDay": half, "period": {"start": start, "end": end}},
        }
    )


def test_approved_time_off_takes_its_days_its_half_day_or_its_hours() -> None:
    whole = _time_off("2026-03-01T23:00:00Z", "2026-03-03T22:59:59Z")  # Mon–Tue in Berlin
    half = _time_off("2026-03-04T07:00:00Z", "2026-03-04T11:00:00Z", half=True)
    hours = _time_off("2026-03-05T12:00:00Z", "2026-03-05T15:00:00Z")  # 3 hours
    pending = _time_off("2026-03-06T00:00:00Z", "2026-03-06T22:00:00Z", status="PENDING")
    plans = day_plans(WEEK, profile(), BERLIN, time_off=[whole, half, hours, pending])
    assert [(p.target.total_seconds() / 3600, p.time_off) for p in plans[:5]] == [
        (0, "Vacation"),
        (0, "Vacation"),
        (4, "Vacation (half day)"),
        (5, "Vacation"),
        (8, ""),  # not approved: still a working day
    ]


def test_an_approval_request_and_its_state() -> None:
    read = ApprovalRequest.from_json(
        {
            "approvalRequest": {
                "id": "a1",
                "dateRange": {"start": "2026-03-01T23:00:00Z", "end": "2026-03-08T22:59:59Z"},
                "status": {
                    "state": "REJECTED",
                    "note": "Monday is missing",
                    "updatedByUserName": "Ann",
                },
            }
        }
    )
    assert (read.start, read.state, read.shown_state, read.note, read.updated_by) == (
        datetime(2026, 3, 1, 23, tzinfo=UTC),
        "REJECTED",
        "rejected",
        "Monday is missing",
        "Ann",
    )
    with pytest.raises(ValueError):
        ApprovalRequest.from_json({"id": "a2"})
