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
    """How the profile writes dates and times."""

    zone: tzinfo = UTC
    date_format: str = "%Y-%m-%d"
    time_format: str = "%H:%M"

    @classmethod
    def of(cls, user: User | None, zone: tzinfo) -> Layout:
        pattern = (user.date_format if user else None) or "YYYY-MM-DD"
        date_format = pattern.replace("YYYY", "%Y").replace("MM", "%m").replace("DD", "%d")
        twelve = user is not None and user.time_format == "HOUR12"
        return cls(zone, date_format, "%I:%M %p" if twelve else "%H:%M")


def entry_row(entry: TimeEntry, names: Names, layout: Layout) -> list[str]:
    """One entry; a running one has no end or duration yet."""
    start = entry.start.astimezone(layout.zone)
    end = entry.end.astimezone(layout.zone) if entry.end else None
    seconds = int((entry.end - entry.start).total_seconds()) if entry.end else None
    project = names.projects.get(entry.project_id or "")
    return [
        f"{start:{layout.date_format}}",
        f"{start:{layout.time_format}}",
        f"{end:{layout.time_format}}" if end else "",
        hours_minutes(seconds) if seconds is not None else "",
        f"{seconds / 3600:.2f}" if seconds is not None else "",
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
