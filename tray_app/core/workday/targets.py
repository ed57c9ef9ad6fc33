"""The daily target (no Qt here): a member's capacity on their working days, none on other
days, none on a holiday, reduced by approved time off (half of it for a half day, the hours
taken for time off counted in hours)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from tray_app.clockify.workday import ApprovalRequest, Holiday, MemberProfile, TimeOff
from tray_app.i18n import _


@dataclass(frozen=True)
class DayPlan:
    """What a day asks of the member.

    Attributes:
        target: the time to track that day (zero on days off).
        holiday: the holiday's name ('' when it is none).
        time_off: the approved time off's policy, "(half day)" added for a half day ('' when
            there is none).
    """

    day: date
    target: timedelta
    holiday: str = ""
    time_off: str = ""

    @property
    def working(self) -> bool:
        return self.target > timedelta(0)


def day_plans(
    days: Iterable[date],
    profile: MemberProfile,
    zone: tzinfo,
    holidays: Iterable[Holiday] = (),
    time_off: Iterable[TimeOff] = (),
) -> list[DayPlan]:
    """Each of ``days`` with its target, holiday and time off, in the user's ``zone``."""
    holidays, approved = list(holidays), [t for t in time_off if t.approved]
    plans = []
    for day in days:
        capacity = profile.capacity or timedelta(0)
        target = capacity if day.weekday() in profile.working_days else timedelta(0)
        holiday = next((h.name for h in holidays if h.first <= day <= h.last), "")
        if holiday:
            target = timedelta(0)
        off = ""
        for taken in approved:
            taken_off = _taken(day, taken, zone, capacity)
            if taken_off:
                off = taken.policy
                if taken.half_day:
                    # Translators: {policy} is the time off policy's name: "Vacation (half day)".
                    off = _("{policy} (half day)").format(policy=taken.policy)
                target = max(timedelta(0), target - taken_off)
        plans.append(DayPlan(day, target, holiday, off))
    return plans


def _taken(day: date, off: TimeOff, zone: tzinfo, capacity: timedelta) -> timedelta:
    """How much of ``day``'s capacity the time off ``off`` takes (zero when it misses it)."""
    start, end = off.start.astimezone(zone), off.end.astimezone(zone)
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    next_midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    if not (start.date() <= day <= end.date()):
        return timedelta(0)
    if off.half_day:
        return capacity / 2
    overlap = min(end, next_midnight) - max(start, midnight)
    # Whole days are written as a day's start and its last moment: a day, in full.
    if overlap >= timedelta(hours=23) or start.date() < day < end.date():
        return capacity
    return min(capacity, max(timedelta(0), overlap))


def target_reached_at(plan: DayPlan | None, tracked: timedelta, now: datetime) -> datetime | None:
    """When a timer running from ``now`` makes the day's ``tracked`` time reach its target
    (``now`` once it has); None where the day has no target."""
    if plan is None or not plan.working:
        return None
    return now + max(timedelta(0), plan.target - tracked)


@dataclass(frozen=True)
class Workday:
    """What is known of the member's workday: the plans of the days read (this week's), and
    why targets are not shown where they are not.

    Attributes:
        note: why there are no targets ('' when there are, or nothing was read yet).
    """

    plans: tuple[DayPlan, ...] = ()
    note: str = ""

    def plan_for(self, day: date) -> DayPlan | None:
        return next((plan for plan in self.plans if plan.day == day), None)

    def to_json(self) -> dict[str, object]:
        return {
            "note": self.note,
            "plans": [
                {
                    "day": p.day.isoformat(),
                    "target": p.target.total_seconds(),
                    "holiday": p.holiday,
                    "time_off": p.time_off,
                }
                for p in self.plans
            ],
        }

    @classmethod
    def from_json(cls, data: Any) -> Workday:
        """Read back ``to_json``; ValueError (or TypeError, KeyError) if it is not that."""
        plans = tuple(
            DayPlan(
                date.fromisoformat(p["day"]),
                timedelta(seconds=float(p["target"])),
                str(p.get("holiday") or ""),
                str(p.get("time_off") or ""),
            )
            for p in data["plans"]
        )
        return cls(plans, str(data.get("note") or ""))


@dataclass(frozen=True)
class WeekPlan:
    """The week's days as the workspace plans them, and its approval.

    Attributes:
        plans: each day's target, holiday and time off (empty where no capacity is known).
        approval: the newest approval request whose period holds the week (None: none).
        approvals_read: the approval requests could be read (else the state is unknown).
        notes: what could not be read, and why.
        approvals_refused: Clockify's reason for refusing the approval requests ('' when it
            did not).
        period: the workspace's approval period (WEEKLY, SEMI_MONTHLY, MONTHLY), as its
            requests show it (WEEKLY when there are none: Clockify's API does not say).
    """

    plans: tuple[DayPlan, ...] = ()
    approval: ApprovalRequest | None = None
    approvals_read: bool = False
    notes: tuple[str, ...] = ()
    period: str = "WEEKLY"
    approvals_refused: str = ""

    def plan_for(self, day: date) -> DayPlan | None:
        return next((plan for plan in self.plans if plan.day == day), None)

    @property
    def target(self) -> timedelta | None:
        """The week's target (None where no capacity is known)."""
        return sum((p.target for p in self.plans), timedelta()) if self.plans else None


def period_of(requests: Iterable[ApprovalRequest]) -> str:
    """The approval period the workspace's newest request spans: WEEKLY, SEMI_MONTHLY or
    MONTHLY (WEEKLY when there is none to tell)."""
    newest = max(requests, key=lambda r: r.start, default=None)
    if newest is None:
        return "WEEKLY"
    days = (newest.end - newest.start).total_seconds() / 86400
    return "WEEKLY" if days < 10 else "SEMI_MONTHLY" if days < 20 else "MONTHLY"


def period_start(first: date, period: str) -> date:
    """The first day of the ``period`` holding the week that starts on ``first``."""
    if period == "MONTHLY":
        return first.replace(day=1)
    if period == "SEMI_MONTHLY":
        return first.replace(day=1 if first.day < 16 else 16)
    return first
