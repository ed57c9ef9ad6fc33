"""The entries window's list: a model of day headers and entries, and a delegate that paints them.

One flat list (a day's header, then its entries, newest day first) in a QListView with uniform
row heights, painted by a delegate: no widget per row, so a week of 500 entries opens about as
fast as a bare list of 500 strings, and scrolling only paints what is visible.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from tray_app.clockify.fields import Value, is_empty, shown
from tray_app.clockify.models import TimeEntry
from tray_app.clockify.timefmt import format_clock
from tray_app.core.state import AppState
from tray_app.core.week.days import Day, WeekView, days_of
from tray_app.core.workday.targets import WeekPlan
from tray_app.i18n import N_, _, long_day
from tray_app.ui.week_header import billable_text, plan_note

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
NO_DESCRIPTION = N_("(no description)")
Index = QModelIndex | QPersistentModelIndex


def day_title(day: Day, plan: WeekPlan | None = None) -> str:
    """ "Wednesday 25 November", and the holiday or time off it is, where it is one."""
    title = long_day(day.day)
    note = plan_note(plan.plan_for(day.day)) if plan is not None else ""
    return f"{title} · {note}" if note else title


def entry_details(
    entry: TimeEntry,
    state: AppState,
    task_names: Mapping[str, str],
    tag_names: Mapping[str, str],
) -> str:
    """ "Website · Acme  — Design  #meeting  $ billable  Ticket: …  🔒 locked": project,
    client, task, tags, billable, custom fields, and a lock where the entry is locked."""
    parts = []
    project = state.projects_by_id.get(entry.project_id or "")
    if project is not None:
        parts.append(
            f"{project.name} · {project.client_name}" if project.client_name else project.name
        )
    elif entry.project_id:
        parts.append(_("(project not in the list)"))
    if entry.task_id and entry.task_id in task_names:
        parts.append(f"— {task_names[entry.task_id]}")
    parts.extend(f"#{tag_names[t]}" for t in entry.tag_ids if t in tag_names)
    if entry.billable:
        # Translators: marks a billable entry in its line of details.
        parts.append(_("$ billable"))
    parts.extend(custom_texts(entry, state))
    if entry.locked:
        # Translators: marks a locked entry (approved, or before the lock date).
        parts.append(_("🔒 locked"))
    return "  ".join(p for p in parts if p)


def _shown(value: Value) -> str:
    """A value as the list says it: a checked box in words of the language in use."""
    if isinstance(value, bool):
        # Translators: a custom field's checked (or unchecked) box, "Reviewed: yes".
        return _("yes") if value else _("no")
    return shown(value)


def custom_texts(entry: TimeEntry, state: AppState) -> list[str]:
    """ "Cost center: Design" for each custom field value a person would see (an unchecked
    box and fields the workspace hides are left out)."""
    known = {f.id: f for f in state.custom_fields}
    texts = []
    for value in entry.custom_fields:
        field = known.get(value.field_id)
        name = field.name if field else value.name
        if (field and not field.visible) or not name or is_empty(value.value):
            continue
        if value.value is not False:
            # Translators: a custom field and its value, e.g. "Cost center: Design".
            texts.append(_("{field}: {value}").format(field=name, value=_shown(value.value)))
    return texts


def entry_times(entry: TimeEntry, state: AppState) -> str:
    start = entry.start.astimezone(state.zone)
    if entry.end is None:
        # Translators: the times of the running entry, e.g. "09:30 – now".
        return _("{start} – now").format(start=f"{start:%H:%M}")
    return f"{start:%H:%M} – {entry.end.astimezone(state.zone):%H:%M}"


def days_of_one(day: Day, entries: tuple[TimeEntry, ...], now: datetime) -> tuple[Day]:
    """``day`` with ``entries`` (same order) and its totals counted again."""
    total = sum((e.duration(now) for e in entries), timedelta())
    billable = sum((e.duration(now) for e in entries if e.billable), timedelta())
    return (Day(day.day, entries, total, billable),)


class EntryListModel(QAbstractListModel):
    """A week as rows: each day with entries (its header with the day's total), then them.

    Deleted entries awaiting their undo window are left out (``hidden``).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = AppState()
        self.view: WeekView | None = None
        self.now = datetime.now(UTC)
        self.hidden: set[str] = set()
        self._rows: list[Day | TimeEntry] = []
        self.days: list[Day] = []
        self._texts: dict[str, tuple[str, str]] = {}  # entry id → (details, times), as painted
        self._tag_names: dict[str, str] = {}

    def show(self, view: WeekView | None, state: AppState, now: datetime) -> None:
        self.beginResetModel()
        self.view, self.state, self.now = view, state, now
        self._texts = {}
        self._tag_names = {t.id: t.name for t in state.tags}
        self._fill()
        self.endResetModel()

    def tick(self, now: datetime) -> None:
        """The running entry and its day count on: repaint just those rows."""
        self.now = now
        for row, item in enumerate(self._rows):
            if isinstance(item, TimeEntry) and item.running:
                day_row = next(r for r in range(row, -1, -1) if isinstance(self._rows[r], Day))
                self._fill()  # the day's total includes the running entry
                self.dataChanged.emit(self.index(day_row), self.index(row))
                return

    def replace(self, entry: TimeEntry) -> bool:
        """Show a changed ``entry`` in its row, repainting that row and its day's header only;
        False (nothing done) when it moved to another place or day: then show the week again."""
        row = self.row_of(entry.id)
        old = self._rows[row] if row >= 0 else None
        if not isinstance(old, TimeEntry) or old.start != entry.start:
            return False
        day_row = next(r for r in range(row, -1, -1) if isinstance(self._rows[r], Day))
        day = self._rows[day_row]
        assert isinstance(day, Day)
        entries = tuple(entry if e.id == entry.id else e for e in day.entries)
        (changed,) = days_of_one(day, entries, self.now)
        self._rows[row], self._rows[day_row] = entry, changed
        self.days = [changed if d.day == day.day else d for d in self.days]
        self._texts.pop(entry.id, None)
        self.dataChanged.emit(self.index(day_row), self.index(day_row))
        self.dataChanged.emit(self.index(row), self.index(row))
        return True

    def _fill(self) -> None:
        entries = [e for e in (self.view.entries if self.view else ()) if e.id not in self.hidden]
        self.days = days_of(self.view.week, entries, self.now) if self.view else []
        self._rows = []
        plan = self.plan
        for day in self.days:  # days with entries, and holidays and time off without
            if day.entries or (plan is not None and plan_note(plan.plan_for(day.day))):
                self._rows.append(day)
                self._rows.extend(day.entries)

    @property
    def plan(self) -> WeekPlan | None:
        return self.view.plan if self.view else None

    def refill(self) -> None:
        """Show the entries again after ``hidden`` changed."""
        self.show(self.view, self.state, self.now)

    def duration(self, entry: TimeEntry) -> str:
        """An entry's length as the workspace writes durations; the running one ticks."""
        length = entry.duration(self.now)
        return format_clock(length) if entry.running else self.state.hours(length)

    def texts(self, entry: TimeEntry) -> tuple[str, str]:
        """The entry's second line (project, client, task, tags) and its times, made once."""
        made = self._texts.get(entry.id)
        if made is None or entry.running:
            task_names = self.view.task_names if self.view else {}
            details = entry_details(entry, self.state, task_names, self._tag_names)
            made = self._texts[entry.id] = (details, entry_times(entry, self.state))
        return made

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def item(self, row: int) -> Day | TimeEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entry_id: str) -> int:
        return next(
            (r for r, i in enumerate(self._rows) if isinstance(i, TimeEntry) and i.id == entry_id),
            -1,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row())
        if item is None:
            return None
        if role == ROW_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if isinstance(item, Day):
                # Translators: a day's header read aloud, e.g. "Wednesday 25 November, 6:30 in all".
                return _("{day}, {total} in all").format(
                    day=day_title(item, self.plan), total=self.state.hours(item.total)
                )
            description = item.description or _(NO_DESCRIPTION)
            details, times = self.texts(item)
            return f"{description}, {times}, {self.duration(item)}, {details}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if isinstance(self.item(index.row()), TimeEntry):
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return Qt.ItemFlag.NoItemFlags  # a day's header: arrows pass it by


class EntryListView(QListView):
    """The week's list: Home and End go to the first and the last entry (the rows they would
    reach are day headers, which the arrows pass by: the keys did nothing)."""

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = super().moveCursor(action, modifiers)
        edges = (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd)
        if action not in edges or index.flags() & Qt.ItemFlag.ItemIsSelectable:
            return index
        rows = range(self.model().rowCount())
        if action == QAbstractItemView.CursorAction.MoveEnd:
            rows = range(len(rows) - 1, -1, -1)
        for row in rows:
            candidate = self.model().index(row, 0)
            if candidate.flags() & Qt.ItemFlag.ItemIsSelectable:
                return candidate
        return index


class EntryDelegate(QStyledItemDelegate):
    """Paints a day header (date, total) or an entry (two lines: what and when)."""

    def __init__(self, model: EntryListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(200, 2 * line + 12)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = index.data(ROW_ROLE)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font: QFont = option.font
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        text_role = QPalette.ColorRole.Text
        if selected:
            painter.fillRect(rect, palette.highlight())
            text_role = QPalette.ColorRole.HighlightedText
        line = QFontMetrics(font).height()
        inner = rect.adjusted(12, 6, -12, -6)
        if isinstance(item, Day):
            bold = QFont(font)
            bold.setBold(True)
            painter.setFont(bold)
            # A header is not selectable, so not "enabled": paint it in the active colours.
            active = QPalette.ColorGroup.Active
            painter.setPen(palette.color(active, QPalette.ColorRole.Text))
            bottom = QRect(inner.left(), inner.bottom() - line, inner.width(), line)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, day_title(item, self._model.plan))
            hours = self._model.state.hours
            total = hours(item.total)
            if item.billable >= timedelta(minutes=1):
                total = f"{billable_text(hours(item.billable))}  ·  {total}"
            painter.drawText(bottom, Qt.AlignmentFlag.AlignRight, total)
            painter.setPen(palette.color(active, QPalette.ColorRole.Mid))
            painter.drawLine(rect.left() + 8, rect.bottom(), rect.right() - 8, rect.bottom())
        elif isinstance(item, TimeEntry):
            self._paint_entry(painter, item, inner, line, palette, font, text_role)
        painter.restore()

    def _paint_entry(
        self,
        painter: QPainter,
        entry: TimeEntry,
        inner: QRect,
        line: int,
        palette: QPalette,
        font: QFont,
        text_role: QPalette.ColorRole,
    ) -> None:
        state = self._model.state
        top = QRect(inner.left() + 16, inner.top(), inner.width() - 16, line)
        bottom = top.translated(0, line + 2)
        project = state.projects_by_id.get(entry.project_id or "")
        if project is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(project.color or "#9e9e9e"))
            painter.drawEllipse(inner.left() + 1, inner.top() + line // 2 - 4, 9, 9)
        painter.setPen(palette.color(text_role))
        metrics = QFontMetrics(font)
        duration = self._model.duration(entry)
        if entry.running:
            strong = QFont(font)
            strong.setBold(True)
            painter.setFont(strong)
            duration = f"▶ {duration}"
            width = QFontMetrics(strong).horizontalAdvance(duration) + 16
        else:
            painter.setFont(font)
            width = metrics.horizontalAdvance(duration) + 16
        what = metrics.elidedText(
            entry.description or _(NO_DESCRIPTION), Qt.TextElideMode.ElideRight, top.width() - width
        )
        painter.drawText(top, Qt.AlignmentFlag.AlignRight, duration)
        painter.setFont(font)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft, what)
        muted = palette.color(text_role)
        muted.setAlphaF(0.65)
        painter.setPen(muted)
        details, times = self._model.texts(entry)
        width = metrics.horizontalAdvance(times) + 16
        details = metrics.elidedText(details, Qt.TextElideMode.ElideRight, bottom.width() - width)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft, details)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignRight, times)
