"""The workday Clockify knows, as typed views of its JSON: a member's capacity and working days
(MemberProfileDtoV1), the workspace's holidays (HolidayDtoV1), time off (TimeOffRequestV1Dto)
and timesheet approval (ApprovalRequestDtoV1), parsed as tolerantly as the other models."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tray_app.clockify.timefmt import parse_utc_or_none

Json = Mapping[str, Any]

WEEKDAYS = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
_ISO_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
# Approval states as Clockify names them, and as a person reads them.
APPROVAL_STATES = {
    "PENDING": "pending",
    "APPROVED": "approved",
    "REJECTED": "rejected",
    "WITHDRAWN_SUBMISSION": "withdrawn",
    "WITHDRAWN_APPROVAL": "withdrawn",
}


def parse_iso_duration(text: str) -> timedelta:
    """``PT8H``, ``PT7H30M``, ``P1DT2H``: an ISO 8601 duration (days, hours, minutes, seconds).

    Raises:
        ValueError: the text is not one.
    """
    match = _ISO_DURATION.match(text.strip()) if isinstance(text, str) else None
    if match is None or text.strip() in ("P", "PT"):
        raise ValueError(f"'{text}' is not an ISO 8601 duration")
    parts = {key: float(value) for key, value in match.groupdict().items() if value}
    return timedelta(
        days=parts.get("d", 0),
        hours=parts.get("h", 0),
        minutes=parts.get("m", 0),
        seconds=parts.get("s", 0),
    )


def _day(value: Any) -> date | None:
    """The calendar day of a Clockify date or date-time text (its date part as written)."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _mapping(data: Json, key: str) -> Json:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _text(data: Json, key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class MemberProfile:
    """What a workspace expects of a member: hours a working day, and which days those are.

    Attributes:
        capacity: the work capacity of a working day (None where the profile names none).
        working_days: indexes of the working days (0 is Monday).
    """

    capacity: timedelta | None
    working_days: frozenset[int]
    week_start: str = "MONDAY"
    has_pending_approval: bool = False

    @classmethod
    def from_json(cls, data: Json) -> MemberProfile:
        try:
            capacity: timedelta | None = parse_iso_duration(_text(data, "workCapacity"))
        except ValueError:
            capacity = None
        days = data.get("workingDays")
        listed = days if isinstance(days, list) else []
        week_start = _text(data, "weekStart")
        return cls(
            capacity=capacity,
            working_days=frozenset(WEEKDAYS.index(d) for d in listed if d in WEEKDAYS),
            week_start=week_start if week_start in WEEKDAYS else "MONDAY",
            has_pending_approval=data.get("hasPendingApprovalRequest") is True,
        )


@dataclass(frozen=True)
class Holiday:
    """A workspace holiday, every day from ``first`` to ``last``."""

    id: str
    name: str
    first: date
    last: date

    @classmethod
    def from_json(cls, data: Json) -> Holiday:
        period = _mapping(data, "datePeriod")
        first, last = _day(period.get("startDate")), _day(period.get("endDate"))
        if not isinstance(data.get("id"), str) or first is None:
            raise ValueError("a holiday without an id or a start")
        return cls(data["id"], _text(data, "name"), first, last or first)


@dataclass(frozen=True)
class TimeOff:
    """A time off request: from ``start`` to ``end``, a half day or whole days.

    Attributes:
        status: PENDING, APPROVED or REJECTED.
        policy: the policy's name ("Vacation", "Sick leave").
    """

    id: str
    policy: str
    start: datetime
    end: datetime
    status: str
    half_day: bool = False

    @classmethod
    def from_json(cls, data: Json) -> TimeOff:
        period = _mapping(data, "timeOffPeriod")
        span = _mapping(period, "period")
        start, end = parse_utc_or_none(span.get("start")), parse_utc_or_none(span.get("end"))
        if not isinstance(data.get("id"), str) or start is None:
            raise ValueError("a time off request without an id or a start")
        return cls(
            id=data["id"],
            policy=_text(data, "policyName"),
            start=start,
            end=end or start,
            status=_text(_mapping(data, "status"), "statusType") or "PENDING",
            half_day=period.get("halfDay") is True,
        )

    @property
    def approved(self) -> bool:
        return self.status == "APPROVED"


@dataclass(frozen=True)
class ApprovalRequest:
    """A timesheet submitted for approval, for the period from ``start`` to ``end``.

    Attributes:
        state: PENDING, APPROVED, REJECTED, WITHDRAWN_SUBMISSION or WITHDRAWN_APPROVAL.
        note: the approver's note (why it was rejected).
    """

    id: str
    start: datetime
    end: datetime
    state: str
    note: str = ""
    updated_by: str = ""
    owner_id: str = ""

    @classmethod
    def from_json(cls, data: Json) -> ApprovalRequest:
        if "approvalRequest" in data:  # ApprovalDetailsDtoV1 wraps it
            data = _mapping(data, "approvalRequest")
        span = _mapping(data, "dateRange")
        start, end = parse_utc_or_none(span.get("start")), parse_utc_or_none(span.get("end"))
        if not isinstance(data.get("id"), str) or start is None:
            raise ValueError("an approval request without an id or a period")
        status = _mapping(data, "status")
        return cls(
            id=data["id"],
            start=start,
            end=end or start,
            state=_text(status, "state") or "PENDING",
            note=_text(status, "note"),
            updated_by=_text(status, "updatedByUserName"),
            owner_id=_text(_mapping(data, "owner"), "userId"),
        )

    @property
    def approved(self) -> bool:
        return self.state == "APPROVED"

    @property
    def shown_state(self) -> str:
        """ "pending", "approved", "rejected" or "withdrawn" """
        return APPROVAL_STATES.get(self.state, self.state.lower())
