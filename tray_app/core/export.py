"""Time entries as rows for CSV: one set of columns for the CLI and the app's exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import timedelta

from tray_app.clockify.models import TimeEntry
from tray_app.clockify.timefmt import format_clock, format_utc

ENTRY_COLUMNS = (
    "id",
    "start",
    "end",
    "description",
    "project_id",
    "task_id",
    "tag_ids",
    "billable",
    "duration",
    "duration_hours",
)


def entry_row(entry: TimeEntry) -> list[str]:
    """One entry: UTC times (end empty while running), tags joined by ``;``, the duration as
    h:mm and as decimal hours (finished entries only)."""
    seconds = int((entry.end - entry.start).total_seconds()) if entry.end else None
    return [
        entry.id,
        format_utc(entry.start),
        format_utc(entry.end) if entry.end else "",
        entry.description,
        entry.project_id or "",
        entry.task_id or "",
        ";".join(entry.tag_ids),
        "true" if entry.billable else "false",
        format_clock(timedelta(seconds=seconds))[:-3] if seconds is not None else "",
        f"{seconds / 3600:.2f}" if seconds is not None else "",
    ]


def entries_csv(entries: Iterable[TimeEntry]) -> str:
    """CSV text with a header row, one line per entry."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ENTRY_COLUMNS)
    for entry in entries:
        writer.writerow(entry_row(entry))
    return out.getvalue()
