"""Time entries as CSV rows: one set of columns for the CLI, the entries window and reports.

Dates and times are the profile's (its time zone, date format and 12/24-hour clock), the
duration both as h:mm and as decimal hours, names beside the ids, a column per custom field
(named as the workspace names it) after them, UTF-8 with a header row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from tray_app.clockify.fields import CustomField, shown
from tray_app.clockify.models import Project, Tag, TimeEntry, User

ENTRY_COLUMNS = (
    "date",
    "start",
    "end",
    "duration",
    "duration_hours",
    "description",
    "project",
    "client",
    "task",
    "tags",
    "billable",
    "id",
    "project_id",
    "task_id",
    "tag_ids",
)


@dataclass(frozen=True)
class Names:
    """What the ids of entries are called; ids with no name known are left blank."""

    projects: Mapping[str, Project] = field(default_factory=dict)
    tasks: Mapping[str, str] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    fields: tuple[CustomField, ...] = ()  # the custom fields that get a column, in order

    @classmethod
    def of(
        cls,
        projects: Iterable[Project],
        tags: Iterable[Tag],
        tasks: Mapping[str, str],
        fields: Iterable[CustomField] = (),
    ) -> Names:
        return cls(
            {p.id: p for p in projects},
            dict(tasks),
            {t.id: t.name for t in tags},
            tuple(f for f in fields if f.visible),
        )


@dataclass(frozen=True)
class Layout:
    """How the profile writes dates and times, as ``str.format`` templates.

    (Not ``strftime``: it imports ``time`` on every call, and with PySide6's import hook loaded
    that alone costs more than the rest of a row.)
    """

    zone: tzinfo = UTC
    date_format: str = "{y:04d}-{m:02d}-{d:02d}"
    twelve_hour: bool = False

    @classmethod
    def of(cls, user: User | None, zone: tzinfo) -> Layout:
        pattern = (user.date_format if user else None) or "YYYY-MM-DD"
        # Braces the profile's format may hold are text, not fields of the template.
        template = (
            pattern.replace("{", "{{")
            .replace("}", "}}")
            .replace("YYYY", "{y:04d}")
            .replace("MM", "{m:02d}")
        )
        template = template.replace("DD", "{d:02d}")
        return cls(zone, template, user is not None and user.time_format == "HOUR12")

    def date(self, moment: datetime) -> str:
        return self.date_format.format(y=moment.year, m=moment.month, d=moment.day)

    def time(self, moment: datetime) -> str:
        if self.twelve_hour:
            hour = moment.hour % 12 or 12
            return f"{hour:02d}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
        return f"{moment.hour:02d}:{moment.minute:02d}"


def entry_row(entry: TimeEntry, names: Names, layout: Layout) -> list[str]:
    """One entry; a running one has no end or duration yet."""
    return _Rows(names, layout).row(entry)


class _Rows:
    """Makes rows for one export: days, clock times, durations and names are written once
    each, then looked up (a month of entries shares a few dozen days and projects)."""

    def __init__(self, names: Names, layout: Layout) -> None:
        self._names = names
        self._layout = layout
        self._days: dict[tuple[int, int, int], str] = {}
        self._clocks: dict[tuple[int, int], str] = {}
        self._projects: dict[str, tuple[str, str]] = {}
        self._durations: dict[int, tuple[str, str]] = {}  # seconds → (h:mm, decimal hours)
        self._tags: dict[tuple[str, ...], str] = {}

    def row(self, entry: TimeEntry) -> list[str]:
        zone = self._layout.zone
        start = entry.start.astimezone(zone)
        names = self._names
        project_id = entry.project_id or ""
        project = self._projects.get(project_id)
        if project is None:
            found = names.projects.get(project_id)
            project = (found.name, found.client_name) if found else ("", "")
            self._projects[project_id] = project
        if entry.end is not None and entry.end >= entry.start:  # (an end before: no duration)
            seconds = int((entry.end - entry.start).total_seconds())
            end_text = self._clock(entry.end.astimezone(zone))
            lasted = self._durations.get(seconds)
            if lasted is None:
                minutes = seconds // 60
                lasted = f"{minutes // 60}:{minutes % 60:02d}", f"{seconds / 3600:.2f}"
                self._durations[seconds] = lasted
            duration, hours = lasted
        else:
            end_text = self._clock(entry.end.astimezone(zone)) if entry.end else ""
            duration = hours = ""
        day = (start.year, start.month, start.day)
        date_text = self._days.get(day)
        if date_text is None:
            date_text = self._days[day] = self._layout.date(start)
        tags = entry.tag_ids
        row = [
            date_text,
            self._clock(start),
            end_text,
            duration,
            hours,
            entry.description,
            project[0],
            project[1],
            names.tasks.get(entry.task_id, "") if entry.task_id else "",
            self._tag_names(tags) if tags else "",
            "yes" if entry.billable else "no",
            entry.id,
            project_id,
            entry.task_id or "",
            ";".join(tags),
        ]
        if names.fields:  # a column per custom field, where the workspace has any
            values = {v.field_id: v.value for v in entry.custom_fields}
            row.extend(shown(values.get(f.id)) for f in names.fields)
        return row

    def _tag_names(self, tags: tuple[str, ...]) -> str:
        text = self._tags.get(tags)
        if text is None:
            known = self._names.tags
            text = self._tags[tags] = ", ".join(known[t] for t in tags if t in known)
        return text

    def _clock(self, moment: datetime) -> str:
        key = (moment.hour, moment.minute)
        text = self._clocks.get(key)
        if text is None:
            text = self._clocks[key] = self._layout.time(moment)
        return text


def hours_minutes(seconds: int) -> str:
    """``9000`` → ``2:30`` (whole minutes, as Clockify's reports show them)."""
    minutes = max(0, seconds) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def entries_csv(
    entries: Iterable[TimeEntry], names: Names | None = None, layout: Layout | None = None
) -> str:
    """CSV text with a header row, one line per entry, oldest first."""
    names, layout = names or Names(), layout or Layout()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*ENTRY_COLUMNS, *(f.name for f in names.fields)])
    rows = _Rows(names, layout)
    writer.writerows(rows.row(entry) for entry in sorted(entries, key=_start))
    return out.getvalue()


def _start(entry: TimeEntry) -> datetime:
    return entry.start
