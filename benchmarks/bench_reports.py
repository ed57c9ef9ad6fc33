"""A month's report of 2,000 entries, summarised and exported to CSV; the week chart's paint.

Baselines, in the same run: Python's csv module writing the same rows (already made strings),
and a QLabel of the same size repainting.
"""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication, QLabel

from benchmarks.common import Result, median
from tray_app.clockify.models import Project, Tag, TimeEntry, User
from tray_app.core.export import Layout, Names, entries_csv, entry_row
from tray_app.core.reports.report import ReportRequest, counted_here
from tray_app.core.state import AppState
from tray_app.core.week.days import days_of, week_of
from tray_app.ui.week_chart import WeekChart

ENTRIES = 2000
RUNS = 9
ZONE = ZoneInfo("Europe/Berlin")


def _month() -> tuple[list[TimeEntry], Names, Layout]:
    rng = random.Random(9)
    projects = [
        Project(f"p{n}", f"Project {n}", client_name=f"Client {n % 9}", color="#03a9f4")
        for n in range(60)
    ]
    tags = [Tag(f"t{n}", f"tag {n}") for n in range(12)]
    first = datetime(2026, 11, 1, 7, tzinfo=ZONE)
    step = timedelta(days=30) / ENTRIES
    entries = [
        TimeEntry(
            f"e{n}",
            first + step * n,
            first + step * n + timedelta(minutes=rng.choice([15, 30, 45, 60, 90])),
            description=f"Work item {n}",
            project_id=rng.choice(projects).id,
            task_id=None,
            tag_ids=tuple(rng.sample([t.id for t in tags], rng.choice([0, 1, 2]))),
            billable=n % 2 == 0,
        )
        for n in range(ENTRIES)
    ]
    user = User("u", "B", "b@example.com", "w", "w", "Europe/Berlin", "MONDAY", "HOUR24")
    return entries, Names.of(projects, tags, {}), Layout.of(user, ZONE)


def _timed(action: object) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append(time.perf_counter() - started)
    return median(samples) * 1000


def summary_and_export() -> list[Result]:
    entries, names, layout = _month()
    request = ReportRequest(date(2026, 11, 1), date(2026, 11, 30), "PROJECT")
    rows = [entry_row(e, names, layout) for e in entries]

    def ours() -> None:
        counted_here(request, entries, names, ZONE, "")
        entries_csv(entries, names, layout)

    def bare() -> None:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)

    def plain() -> None:
        """The rows built the plainest way (strftime per field), then written."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for e in entries:
            start, end = e.start.astimezone(ZONE), e.end.astimezone(ZONE)  # type: ignore[union-attr]
            project = names.projects[e.project_id or ""]
            seconds = int((end - start).total_seconds())
            writer.writerow(
                [start.strftime("%Y-%m-%d"), start.strftime("%H:%M"), end.strftime("%H:%M"),
                 f"{seconds // 3600}:{seconds % 3600 // 60:02d}", f"{seconds / 3600:.2f}",
                 e.description, project.name, project.client_name, "",
                 ", ".join(names.tags[t] for t in e.tag_ids), "yes" if e.billable else "no",
                 e.id, e.project_id, "", ";".join(e.tag_ids)]
            )  # fmt: skip

    mine, theirs, naive = _timed(ours), _timed(bare), _timed(plain)
    return [
        Result(
            f"reports: a month of {ENTRIES:,} entries summarised and exported to CSV",
            mine,
            theirs,
            "ms",
            "≤ 2×",
            mine <= 2 * theirs,
            "baseline: Python's csv module writing the same rows, already made strings",
        ),
        Result(
            "reports: the same, against rows made the plainest way (strftime) and written",
            mine,
            naive,
            "ms",
            "reference",
            True,
            "what a script on the same entries costs",
        ),
    ]


def chart_paint() -> Result:
    app = QApplication.instance() or QApplication([])
    entries, names, _ = _month()
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    week = week_of(now, ZONE, "MONDAY")
    days = days_of(week, entries, now)
    state = AppState(projects=tuple(names.projects.values()))
    chart = WeekChart()
    chart.resize(600, chart.sizeHint().height())
    chart.show()
    chart.show_week(days, state, now)
    label = QLabel("Week 32:15 · billable 20:00")
    label.resize(chart.size())
    label.show()
    app.processEvents()
    mine, theirs = _timed(chart.repaint), _timed(label.repaint)
    chart.close()
    label.close()
    return Result(
        "entries window: the week chart paints",
        mine,
        theirs,
        "ms",
        "≤ 16 ms",
        mine <= 16.0,
        "baseline: a QLabel of the same size repainting",
    )


def run() -> list[Result]:
    return [*summary_and_export(), chart_paint()]


if __name__ == "__main__":
    for result in run():
        print(result)
