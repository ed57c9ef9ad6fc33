"""Time entries as CSV rows: one set of columns for the CLI, the entries window and reports.

Dates and times are the profile's (its time zone, date format and 12/24-hour clock), the
duration both as h:mm and as decimal hours, names beside the ids, UTF-8 with a header row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

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

    @classmethod
    def of(
        cls, projects: Iterable[Project], tags: Iterable[Tag], tasks: Mapping[str, str]
    ) -> Names:
        return cls({p.id: p for p in projects}, dict(tasks), {t.id: t.name for t in tags})


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
        template = pattern.replace("YYYY", "{y:04d}").replace("MM", "{m:02d}")
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
    zone = layout.zone
    start = entry.start.astimezone(zone)
    project = names.projects.get(entry.project_id or "")
    if entry.end is not None:
        seconds = int((entry.end - entry.start).total_seconds())
        end_text = layout.time(entry.end.astimezone(zone))
        duration, hours = hours_minutes(seconds), f"{seconds / 3600:.2f}"
    else:
        end_text = duration = hours = ""
    return [
        layout.date(start),
        layout.time(start),
        end_text,
        duration,
        hours,
        entry.description,
        project.name if project else "",
        project.client_name if project else "",
        names.tasks.get(entry.task_id or "", ""),
        ", ".join(names.tags[t] for t in entry.tag_ids if t in names.tags),
        "yes" if entry.billable else "no",
        entry.id,
        entry.project_id or "",
        entry.task_id or "",
        ";".join(entry.tag_ids),
    ]


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
    writer.writerow(ENTRY_COLUMNS)
    writer.writerows(entry_row(entry, names, layout) for entry in sorted(entries, key=_start))
    return out.getvalue()


def _start(entry: TimeEntry) -> datetime:
    return entry.start
