"""A keyboard-first project picker that filters thousands of projects per keystroke.

The model asks a ``ProjectIndex`` (tray_app.core.search, Qt-free) for the matching projects on
each keystroke and resets the view over that list of positions. No widget is created per
project.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from tray_app.clockify.models import Project
from tray_app.core.search import ProjectIndex
from tray_app.i18n import _

Index = QModelIndex | QPersistentModelIndex


class RowKind(Enum):
    PROJECT = "project"
    NO_PROJECT = "none"
    CREATE = "create"


KIND_ROLE = Qt.ItemDataRole.UserRole + 1
PROJECT_ROLE = Qt.ItemDataRole.UserRole + 2
CLIENT_ROLE = Qt.ItemDataRole.UserRole + 3
COLOR_ROLE = Qt.ItemDataRole.UserRole + 4


class ProjectListModel(QAbstractListModel):
    """Projects matching a filter over project and client names, best matches first.

    A "No project" row leads when nothing is typed; a "Create project '…'" row stands alone
    when the typed text matches nothing.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search_index = ProjectIndex()
        self._rows: Sequence[int] = []  # positions in the index's projects, in display order
        self._query = ""
        self._create_name = ""
        self._allow_none = True
        self._allow_create = True
        self._count = 0

    def set_projects(
        self, projects: Sequence[Project], *, allow_none: bool = True, allow_create: bool = True
    ) -> None:
        """Show ``projects``; ``allow_create`` offers "Create project" (where Clockify lets
        this user create projects)."""
        self._search_index = ProjectIndex(projects)
        self._allow_none = allow_none
        self._allow_create = allow_create
        query, self._query = self._query, "\0"  # show the new list even for the same query
        self.set_filter(query)

    def set_filter(self, text: str) -> None:
        shown = self._search_index.search(text)
        query = self._search_index.query
        if query == self._query:
            return
        self.beginResetModel()
        self._query = query
        self._rows = shown
        self._create_name = text.strip() if query and not shown and self._allow_create else ""
        self._count = 1 if self._create_name else len(shown) + (1 if self._shows_none() else 0)
        self.endResetModel()

    def kind(self, row: int) -> RowKind:
        if self._create_name:
            return RowKind.CREATE
        if self._shows_none():
            return RowKind.NO_PROJECT if row == 0 else RowKind.PROJECT
        return RowKind.PROJECT

    def project(self, row: int) -> Project | None:
        if self.kind(row) is not RowKind.PROJECT:
            return None
        offset = 1 if self._shows_none() else 0
        return self._search_index.projects[self._rows[row - offset]]

    def row_of(self, project_id: str | None) -> int:
        """The row showing ``project_id`` (``None``: the "No project" row), or -1."""
        if self._create_name:
            return -1
        offset = 1 if self._shows_none() else 0
        if project_id is None:
            return 0 if offset else -1
        place = self._search_index.place_of(project_id)
        return -1 if place is None else place + offset

    @property
    def create_name(self) -> str:
        return self._create_name

    def _shows_none(self) -> bool:
        return self._allow_none and not self._query

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        # Called once or twice per row while Qt lays the view out: keep it a lookup.
        return 0 if parent.isValid() else self._count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = index.row()
        kind = self.kind(row)
        if role == KIND_ROLE:
            return kind
        if kind is RowKind.CREATE:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return _("Create project “{name}”").format(name=self._create_name)
            return None
        if kind is RowKind.NO_PROJECT:
            return _("No project") if role == Qt.ItemDataRole.DisplayRole else None
        project = self.project(row)
        assert project is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return project.name
        if role == CLIENT_ROLE:
            return project.client_name
        if role == COLOR_ROLE:
            return project.color or "#9e9e9e"
        if role == PROJECT_ROLE:
            return project
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{project.name} · {project.client_name}" if project.client_name else project.name
            )
        return None


class ProjectDelegate(QStyledItemDelegate):
    """Draws a colour dot, the project name, and its client dimmed on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(240, max(24, option.fontMetrics.height() + 8))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        style = option.widget.style() if option.widget else None
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        rect: QRect = option.rect.adjusted(8, 0, -8, 0)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text_color = option.palette.color(text_role)
        kind = index.data(KIND_ROLE)
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if kind is RowKind.PROJECT:
            dot = min(10, rect.height() - 8)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(str(index.data(COLOR_ROLE))))
            painter.drawEllipse(rect.left(), rect.center().y() - dot // 2, dot, dot)
            rect = rect.adjusted(dot + 8, 0, 0, 0)
            client = str(index.data(CLIENT_ROLE) or "")
            if client:
                dim = QColor(text_color)
                dim.setAlpha(150)
                painter.setPen(dim)
                metrics = option.fontMetrics
                client_width = client_room(
                    rect.width(),
                    metrics.horizontalAdvance(name),
                    # (+1: elidedText shortens a text given exactly its own width)
                    metrics.horizontalAdvance(client) + 1,
                    CLIENT_GAP,
                )
                client_rect = QRect(
                    rect.right() - client_width, rect.top(), client_width, rect.height()
                )
                elided = option.fontMetrics.elidedText(
                    client, Qt.TextElideMode.ElideRight, client_width
                )
                painter.drawText(
                    client_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, elided
                )
                rect = rect.adjusted(0, 0, -(client_width + CLIENT_GAP), 0)
        else:
            font = painter.font()
            font.setItalic(True)
            painter.setFont(font)
        painter.setPen(text_color)
        elided = option.fontMetrics.elidedText(name, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
        painter.restore()


class ProjectPicker(QWidget):
    """A filter field over a list: type to filter, arrows to move, Enter to choose.

    Signals:
        chosen(object): a ``Project``, or ``None`` for "No project".
        create_requested(str): the person chose "Create project" for the typed name.
    """

    chosen = Signal(object)
    create_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(_("Project or client…"))
        self.filter_edit.setClearButtonEnabled(True)
        # What a screen reader says: the field holds the chosen project's name, and typing
        # in it filters the list below.
        self.filter_edit.setAccessibleName(_("Project"))
        self.filter_edit.setAccessibleDescription(
            _("Type part of a project's or client's name; arrows move, Enter chooses.")
        )
        self.model = ProjectListModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ProjectDelegate(self.view))
        self.view.setUniformItemSizes(True)
        # Lay rows out in small batches: a full layout of 10,000 rows after every keystroke
        # costs ~60 ms; a batch costs well under a millisecond, the rest follows when idle.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(64)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setMinimumHeight(150)
        self.view.setAccessibleName(_("Projects"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)
        self._selected: Project | None = None
        self.filter_edit.textEdited.connect(self.on_filter_edit_text_edited)
        self.filter_edit.installEventFilter(self)
        self.view.clicked.connect(self.on_view_clicked)

    @property
    def selected(self) -> Project | None:
        return self._selected

    def set_projects(
        self, projects: Sequence[Project], *, allow_none: bool = True, allow_create: bool = True
    ) -> None:
        self.model.set_projects(projects, allow_none=allow_none, allow_create=allow_create)
        self._select_row(max(0, self.model.row_of(self._selected.id if self._selected else None)))

    def select_project(self, project: Project | None) -> None:
        """Choose ``project`` without the person picking it (e.g. a preset)."""
        self._selected = project
        self.filter_edit.setText(project.name if project else "")
        self.model.set_filter("")
        self._select_row(max(0, self.model.row_of(project.id if project else None)))

    def on_filter_edit_text_edited(self, text: str) -> None:
        self.model.set_filter(text)
        self._select_row(0)

    def on_view_clicked(self, index: QModelIndex) -> None:
        self._choose(index.row())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            steps: dict[int, int] = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 8,
                Qt.Key.Key_PageUp: -8,
            }
            if key in steps:
                self._select_row(self.view.currentIndex().row() + steps[int(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._pending_choice():
                self._choose(self.view.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def _pending_choice(self) -> bool:
        """Enter chooses the highlighted row unless it is already the chosen one."""
        row = self.view.currentIndex().row()
        if row < 0:
            return False
        kind = self.model.kind(row)
        if kind is RowKind.CREATE:
            return True
        current = self.model.project(row)
        already = (current.id if current else None) == (
            self._selected.id if self._selected else None
        )
        return not already or self.filter_edit.text() != (
            self._selected.name if self._selected else ""
        )

    def _select_row(self, row: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        index = self.model.index(min(max(row, 0), count - 1), 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _choose(self, row: int) -> None:
        if row < 0:
            return
        if self.model.kind(row) is RowKind.CREATE:
            self.create_requested.emit(self.model.create_name)
            return
        self._selected = self.model.project(row)
        self.filter_edit.setText(self._selected.name if self._selected else "")
        self.model.set_filter("")
        self._select_row(max(0, self.model.row_of(self._selected.id if self._selected else None)))
        self.chosen.emit(self._selected)


CLIENT_GAP = 12  # between a project's name and its client's


def client_room(width: int, name_width: int, client_width: int, gap: int) -> int:
    """How wide a project row's client may be drawn: all of it when the name leaves room,
    else what the name does not need, and never less than half the row."""
    spare = width - gap - name_width
    return min(client_width, max(spare, width // 2))
