"""Every text a person sees in a window, and whether it went through the catalogs and fits.

Run with the pseudo-locale (tray_app.i18n): a translated message shows as ⟦…⟧ with its
letters swapped for accented ones. What is left once those and the data (project names,
descriptions: they are the user's, not the app's) are taken out must hold no letter of the
English alphabet; and every label and button must still show all of its (longer) text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

from tray_app.i18n import PSEUDO_CLOSE, PSEUDO_OPEN

TRANSLATED = re.compile(f"{PSEUDO_OPEN}[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*{PSEUDO_CLOSE}")
# What may stay as it is: the product's name, key names (Qt words them), a URL or address.
KEPT = re.compile(
    r"Clockify Tray|Clockify|https?://\S+|\S+@\S+|\d[\d.,]*\s?[A-Z]{3}\b|"
    r"\b(?:Ctrl|Alt|Shift|Meta|Esc|Del|Enter|Return|Tab|Space|F\d+)\b(?:\+\S)?"
)
ENGLISH = re.compile(r"[A-Za-z]")
# A window may be this wide (a 1024-pixel screen): wider, a small laptop cannot show it.
SCREEN_WIDTH = 1024


@dataclass(frozen=True)
class Seen:
    widget: str
    kind: str
    text: str


def plain(text: str) -> str:
    """A label's text as shown (rich text without its markup)."""
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or id(widget)})"


def _model_texts(model: QAbstractItemModel | None, rows: int = 40) -> Iterable[tuple[str, str]]:
    if model is None:
        return
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model: one column (its columnCount is private there)
        columns = 1
    for column in range(columns):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            yield "header", header
    for row in range(min(rows, model.rowCount(root))):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield "item", value


def texts_of(root: QWidget) -> list[Seen]:
    """What ``root`` shows now: titles, labels, buttons, hints, tooltips, accessible names,
    menus, tabs and the rows of its lists."""
    seen = [Seen(_name(root), "title", root.windowTitle())]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root) and not isinstance(widget, QMenu):
            continue
        found: list[tuple[str, Any]] = [
            ("tooltip", widget.toolTip()),
            ("accessible name", widget.accessibleName()),
            ("accessible description", widget.accessibleDescription()),
        ]
        if isinstance(widget, QLabel):
            found.append(("label", plain(widget.text())))
        if isinstance(widget, QAbstractButton):
            found.append(("button", widget.text()))
        if isinstance(widget, QGroupBox):
            found.append(("group", widget.title()))
        if isinstance(widget, QLineEdit) and not widget.text():
            found.append(("placeholder", widget.placeholderText()))
        if isinstance(widget, QAbstractSpinBox) and not isinstance(widget, QDateTimeEdit):
            found.append(("spin box", widget.text()))  # (a date is the locale's: Qt's words)
        if isinstance(widget, QComboBox):
            found.extend(("choice", widget.itemText(i)) for i in range(widget.count()))
        if isinstance(widget, QTabWidget):
            found.extend(("tab", widget.tabText(i)) for i in range(widget.count()))
        if isinstance(widget, QMenu):
            found.append(("menu", widget.title()))
            for action in widget.actions():
                found.extend([("menu item", action.text()), ("menu tip", action.toolTip())])
        if isinstance(widget, QAbstractItemView):
            found.extend(_model_texts(widget.model()))
        seen.extend(Seen(_name(widget), kind, text) for kind, text in found if text)
    return seen


def untranslated(text: str, data: Iterable[str]) -> str:
    """What of ``text`` neither went through the catalogs nor is data: '' when nothing."""
    rest = text
    while True:  # a translated message may hold another (a day's name in a sentence)
        shorter = TRANSLATED.sub(" ", rest)
        if shorter == rest:
            break
        rest = shorter
    for value in data:
        rest = rest.replace(value, " ")
    rest = KEPT.sub(" ", rest)
    return rest.strip() if ENGLISH.search(rest) else ""


def data_strings(value: Any, found: set[str] | None = None) -> set[str]:
    """Every text in the sandbox's data (names, descriptions, notes), longest first when
    sorted by the caller: the user's words, which no catalog translates."""
    found = set() if found is None else found
    if isinstance(value, str):
        if ENGLISH.search(value) and not value.isupper():
            found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            data_strings(item, found)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            data_strings(item, found)
    elif hasattr(value, "__dict__"):
        data_strings(vars(value), found)
    return found


def cut_off(root: QWidget) -> list[str]:
    """Labels and buttons narrower than their text, and a window wider than the screen."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            needed = widget.minimumSizeHint().width()
        elif isinstance(widget, QAbstractButton) and widget.text():
            needed = widget.sizeHint().width()
        else:
            continue
        if widget.width() + 1 < needed:
            found.append(f"{_name(widget)} {widget.text()!r}: {widget.width()} < {needed}")
    if root.width() > SCREEN_WIDTH:
        found.append(f"the window is {root.width()} wide, more than a {SCREEN_WIDTH} screen")
    return found
