"""Reports as the person asks for them: a range, a grouping, the totals, and where they came from.

Clockify's summary report gives the totals the web app shows (its rounding, time zone and
amounts). Where the reports host refuses (a plan, a permission) or cannot be reached, the totals
are counted here from the entries of the range, and the report says so. Running timers count
in neither, as in Clockify's reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from tray_app.clockify.models import TimeEntry
from tray_app.clockify.reports import SummaryReport
from tray_app.core.export import Names
from tray_app.core.week.days import week_of
from tray_app.i18n import N_, _

# The Reports view's choices and names, marked for the catalogs: shown through ``_``.
RANGES = {
    "this-week": N_("This week"),
    "last-week": N_("Last week"),
    "this-month": N_("This month"),
    "last-month": N_("Last month"),
    # Translators: a report's range: pick the first and last day yourself.
    "custom": N_("Custom…"),
}
GROUPS = {
    # Translators: a report grouped by project (also the name column's title).
    "PROJECT": N_("Project"),
    # Translators: a report grouped by client (also the name column's title).
    "CLIENT": N_("Client"),
    # Translators: a report grouped by tag (also the name column's title).
    "TAG": N_("Tag"),
    # Translators: a report grouped by day (also the name column's title).
    "DATE": N_("Day"),
}
# A report line's name for the entries without one ('' for days: every entry has a day).
WITHOUT = {
    "PROJECT": N_("Without project"),
    "CLIENT": N_("Without client"),
    "TAG": N_("Without tag"),
    "DATE": "",
}


def without(group: str) -> str:
    """The name of the line for entries without a ``group`` (a project…), as shown."""
    name = WITHOUT.get(group, "")
    return _(name) if name else ""  # (gettext's "" is the catalog's header)


@dataclass(frozen=True)
class ReportRequest:
    """The days ``start``..``end`` (inclusive, in the profile's zone), grouped by ``group``."""

    start: date
    end: date
    group: str = "PROJECT"


@dataclass(frozen=True)
class ReportLine:
    name: str
    seconds: int
    amount: int | None = None  # cents; None when not known
    color: str = ""


@dataclass(frozen=True)
class Report:
    """What the Reports view shows and exports.

    Attributes:
        lines: the groups, longest first (days in order).
        amount: billable amount in cents; None when Clockify did not say (offline, hidden).
        from_clockify: the totals are Clockify's (else counted here, see ``note``).
        entries: the range's finished entries, for the CSV export.
    """

    request: ReportRequest
    lines: tuple[ReportLine, ...]
    total: int
    billable: int
    amount: int | None
    from_clockify: bool
    note: str = ""
    entries: tuple[TimeEntry, ...] = ()


def range_dates(
    kind: str, now: datetime, zone: tzinfo, week_start: str | None
) -> tuple[date, date]:
    """The first and last day of a named range (``RANGES``) around ``now`` in ``zone``."""
    today = now.astimezone(zone).date()
    if kind in ("this-week", "last-week"):
        week = week_of(now, zone, week_start)
        if kind == "last-week":
            week = week.shifted(-1)
        return week.first, week.first + timedelta(days=6)
    first = today.replace(day=1)
    if kind == "last-month":
        first = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def in_range(entries: Iterable[TimeEntry], request: ReportRequest, zone: tzinfo) -> list[TimeEntry]:
    """The finished entries that start on a day of ``request`` (in ``zone``), oldest first."""
    chosen = [
        e
        for e in entries
        if e.end is not None and request.start <= e.start.astimezone(zone).date() <= request.end
    ]
    return sorted(chosen, key=lambda e: e.start)


def counted_here(
    request: ReportRequest, entries: list[TimeEntry], names: Names, zone: tzinfo, note: str
) -> Report:
    """The report counted from ``entries`` (already in range), as Clockify would group them: an
    entry counts under each of its tags, and under "Without …" when it has none."""
    totals: dict[str, int] = defaultdict(int)
    colors: dict[str, str] = {}
    total = billable = 0
    for entry in entries:
        seconds = _seconds(entry)
        total += seconds
        if entry.billable:
            billable += seconds
        for key, color in _keys(entry, request.group, names, zone):
            totals[key] += seconds
            colors.setdefault(key, color)
    lines = [ReportLine(name, seconds, None, colors[name]) for name, seconds in totals.items()]
    return Report(
        request, _ordered(lines, request.group), total, billable, None, False, note, tuple(entries)
    )


def from_clockify(
    request: ReportRequest, summary: SummaryReport, entries: list[TimeEntry]
) -> Report:
    """The report as Clockify's summary gives it (names, colours, amounts in cents)."""
    unnamed = without(request.group)
    lines = [ReportLine(g.name or unnamed, g.seconds, g.amount, g.color) for g in summary.groups]
    totals = summary.totals
    return Report(
        request,
        _ordered(lines, request.group),
        totals.seconds,
        totals.billable_seconds,
        totals.amount,
        True,
        "",
        tuple(entries),
    )


def _seconds(entry: TimeEntry) -> int:
    assert entry.end is not None
    return int((entry.end - entry.start).total_seconds())


def _keys(entry: TimeEntry, group: str, names: Names, zone: tzinfo) -> list[tuple[str, str]]:
    project = names.projects.get(entry.project_id or "")
    if group == "PROJECT":
        return [(project.name, project.color)] if project else [(without(group), "")]
    if group == "CLIENT":
        return (
            [(project.client_name, "")]
            if project and project.client_name
            else [(without(group), "")]
        )
    if group == "TAG":
        tags = [names.tags[t] for t in entry.tag_ids if t in names.tags]
        return [(t, "") for t in tags] or [(without(group), "")]
    return [(entry.start.astimezone(zone).date().isoformat(), "")]  # DATE


def _ordered(lines: list[ReportLine], group: str) -> tuple[ReportLine, ...]:
    if group == "DATE":
        return tuple(sorted(lines, key=lambda line: line.name))
    return tuple(sorted(lines, key=lambda line: (-line.seconds, line.name.casefold())))


LOCAL_CSV = "csv"  # counted here; Clockify's own files are "CSV", "XLSX", "PDF"


@dataclass(frozen=True)
class ExportRequest:
    """Write ``request``'s range to ``path``: ``kind`` is ``LOCAL_CSV`` or one of Clockify's
    export types (its detailed report as a file)."""

    request: ReportRequest
    kind: str
    path: str
