"""Clockify's wire formats: UTC ``yyyy-MM-ddTHH:mm:ssZ`` instants and ISO-8601 durations."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum

_DURATION_RE = re.compile(
    r"^P(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)


def format_utc(moment: datetime) -> str:
    """Return ``moment`` as Clockify's UTC text, e.g. ``2026-01-28T09:00:00Z``.

    Raises:
        ValueError: ``moment`` is naive; a naive time has no place on the wire.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_utc(text: str) -> datetime:
    """Parse an ISO-8601 instant (``Z`` or an offset, fractions allowed) into an aware UTC time.

    A time without a zone is taken as UTC, as Clockify's own API does.

    Raises:
        ValueError: the text is not an ISO-8601 date-time; the message names it.
    """
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date and time; use ISO 8601 such as 2026-01-28T09:00:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:30+01:00 is a valid text for a year-0 moment
        raise ValueError(f"'{text}' is outside the dates this app can keep") from None


def parse_utc_or_none(value: object) -> datetime | None:
    """``parse_utc`` of a JSON value that may be missing, not text, or not a time: None then
    (Clockify's optional moments, read tolerantly)."""
    if not isinstance(value, str):
        return None
    try:
        return parse_utc(value)
    except ValueError:
        return None


def format_duration(duration: timedelta) -> str:
    """Return ``duration`` as ISO 8601 (``PT1H30M``); whole seconds, ``PT0S`` for zero."""
    total = int(duration.total_seconds())
    if total < 0:
        raise ValueError("a duration cannot be negative")
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))]
    text = "".join(part for part in parts if not part.startswith("0"))
    return f"PT{text or '0S'}"


def parse_duration(text: str) -> timedelta:
    """Parse an ISO-8601 duration such as ``PT1H30M`` or ``P1DT2H``.

    Raises:
        ValueError: the text is not such a duration; the message names it.
    """
    match = _DURATION_RE.match(text.strip())
    if not match or text.strip() in ("P", "PT"):
        raise ValueError(f"'{text}' is not an ISO-8601 duration such as PT1H30M")
    parts = {name: float(value) for name, value in match.groupdict().items() if value}
    return timedelta(**parts)


class DurationFormat(StrEnum):
    """How a workspace writes durations for people: Clockify's ``durationFormat`` setting.

    The app writes every duration a person reads (rows, day and week totals, the chart, the
    tooltip's "today", reports) the one way the workspace chose; only the ticking timer is
    always a clock with seconds, as in Clockify's own apps.
    """

    FULL = "FULL"  # 1:23:45
    COMPACT = "COMPACT"  # 1:23
    DECIMAL = "DECIMAL"  # 1.40

    def write(self, duration: timedelta) -> str:
        """``duration`` written this way; negative counts as zero."""
        if self is DurationFormat.DECIMAL:
            return f"{max(0, int(duration.total_seconds())) / 3600:.2f}"
        if self is DurationFormat.COMPACT:
            return format_clock(duration)[:-3]
        return format_clock(duration)


def format_clock(duration: timedelta) -> str:
    """Return ``duration`` as ``H:MM:SS`` for people (``1:23:45``); negative counts as zero."""
    total = max(0, int(duration.total_seconds()))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"
