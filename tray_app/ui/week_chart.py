"""The week at a glance, drawn with QPainter: hours per day as bars, the top projects' share.

Colours come from the palette (so light and dark themes both read) and from the projects' own
colours; each day's target, where one is known, is a dashed line across its bar.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from tray_app.clockify.timefmt import DurationFormat
from tray_app.core.state import AppState
from tray_app.core.week.days import Day
from tray_app.i18n import N_, _, weekday_name

TOP_PROJECTS = 4
# Translators: the chart's share of the projects past the top four.
OTHER = N_("Other")


def project_shares(days: list[Day], state: AppState, now: datetime) -> list[tuple[str, float, str]]:
    """(name as shown, share of the week, colour) of the top projects, then the rest as
    "Other"."""
    seconds: dict[str, float] = defaultdict(float)
    colours: dict[str, str] = {}
    for day in days:
        for entry in day.entries:
            project = state.projects_by_id.get(entry.project_id or "")
            name = project.name if project else _("Without project")
            seconds[name] += entry.duration(now).total_seconds()
            colours[name] = (project.color if project else "") or "#9e9e9e"
    total = sum(seconds.values())
    if not total:
        return []
    ranked = sorted(seconds.items(), key=lambda item: -item[1])
    shares = [(name, value / total, colours[name]) for name, value in ranked[:TOP_PROJECTS]]
    rest = sum(value for _name, value in ranked[TOP_PROJECTS:])
    if rest:
        shares.append((_(OTHER), rest / total, "#9e9e9e"))
    return shares


class WeekChart(QWidget):
    """Bars for the seven days (week order), and a bar of the projects' shares beneath."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Translators: what a screen reader says the week chart is; its numbers follow.
        self.setAccessibleName(_("Week chart: hours per day and the projects' share"))
        self._days: list[Day] = []
        self._shares: list[tuple[str, float, str]] = []
        self._today: date | None = None
        self.targets: dict[date, timedelta] = {}  # each day's target, where one is known
        self._style = DurationFormat.FULL

    def sizeHint(self) -> QSize:
        return QSize(400, 6 * QFontMetrics(self.font()).height() + 48)

    def show_week(
        self,
        days: list[Day],
        state: AppState,
        now: datetime,
        targets: dict[date, timedelta] | None = None,
    ) -> None:
        self.targets = targets or {}
        self._days = sorted(days, key=lambda d: d.day)  # the week in order, Monday (or so) first
        self._shares = project_shares(days, state, now)
        self._today = now.astimezone(state.zone).date()
        self._style = state.duration_format
        self.setAccessibleDescription(
            chart_text(self._days, self.targets, self._shares, self._style)
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlphaF(0.6)
        line = QFontMetrics(self.font()).height()
        bars_height = self.height() - 2 * line - 18
        self._paint_bars(painter, QRectF(0, 0, self.width(), bars_height), line, text, muted)
        self._paint_shares(painter, QRectF(0, bars_height + 8, self.width(), 2 * line + 8), line)
        painter.end()

    def _paint_bars(
        self, painter: QPainter, area: QRectF, line: int, text: QColor, muted: QColor
    ) -> None:
        if not self._days:
            return
        longest = max([d.total for d in self._days] + list(self.targets.values()))
        scale = max(longest.total_seconds(), 3600.0)
        slot = area.width() / len(self._days)
        room = area.height() - 2 * line
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        for n, day in enumerate(self._days):
            x = area.left() + n * slot
            height = room * day.total.total_seconds() / scale
            bar = QRectF(x + slot * 0.22, area.top() + line + room - height, slot * 0.56, height)
            colour = QColor(accent)
            if day.day != self._today:
                colour.setAlphaF(0.7)
            painter.fillRect(bar, colour)
            painter.setPen(muted)
            label = QRectF(x, bar.top() - line, slot, line)
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, bar_label(day.total, self._style))
            painter.setPen(text if day.day == self._today else muted)
            name = QRectF(x, area.top() + line + room, slot, line)
            painter.drawText(name, Qt.AlignmentFlag.AlignCenter, weekday_name(day.day, short=True))
            target = self.targets.get(day.day)
            if target:  # the day's target: a dashed line across its slot
                y = area.top() + line + room - room * target.total_seconds() / scale
                painter.setPen(QPen(text, 1, Qt.PenStyle.DashLine))
                painter.drawLine(int(x + slot * 0.1), int(y), int(x + slot * 0.9), int(y))

    def _paint_shares(self, painter: QPainter, area: QRectF, line: int) -> None:
        x = area.left()
        strip = QRectF(area.left(), area.top(), area.width(), 8)
        for _name, share, colour in self._shares:
            width = strip.width() * share
            painter.fillRect(QRectF(x, strip.top(), width, strip.height()), QColor(colour))
            x += width
        # The legend: each project's own colour as a dot, then its name and share.
        metrics = QFontMetrics(self.font())
        x, top = area.left(), strip.bottom() + 4
        for name, share, colour in self._shares:
            text = f"{name} {share:.0%}"
            width = metrics.horizontalAdvance(text)
            if x + 14 + width > area.right():
                break
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(QRectF(x, top + line / 2 - 4, 8, 8))
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(QRectF(x + 12, top, width + 2, line), Qt.AlignmentFlag.AlignLeft, text)
            x += 12 + width + 16


def bar_label(total: timedelta, style: DurationFormat = DurationFormat.COMPACT) -> str:
    """A day's total over its bar, written as every duration in the app is (6:15, not 6.2)."""
    return style.write(total) if total else ""


def chart_text(
    days: list[Day],
    targets: dict[date, timedelta],
    shares: list[tuple[str, float, str]],
    style: DurationFormat,
) -> str:
    """The chart's numbers as a screen reader says them: "Monday: 7:30 of 8:00. … Website
    relaunch: 40%. …" (each day, then each project's share)."""
    parts = []
    for day in days:
        name, total = weekday_name(day.day), style.write(day.total)
        if day.day in targets:
            target = style.write(targets[day.day])
            parts.append(
                _("{day}: {tracked} of {target}.").format(day=name, tracked=total, target=target)
            )
        else:
            parts.append(_("{day}: {tracked}.").format(day=name, tracked=total))
    for project, share, _colour in shares:
        # Translators: a project's share of the week's time, "Website: 40%".
        parts.append(
            _("{project}: {percent}%.").format(project=project, percent=round(share * 100))
        )
    return " ".join(parts)
