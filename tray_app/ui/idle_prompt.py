"""The idle prompt: "Idle since 10:42 (37 min)" and what to do with that time.

Small and always on top; closing it decides nothing (the tray menu brings it back while the
question is open). Reassign asks what the time away was (a description and a project), then
that time becomes its own entry and the timer goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tray_app.core.idle.watch import DISCARD, DISCARD_CONTINUE, KEEP, REASSIGN, IdleChoice, IdleSpan
from tray_app.core.state import AppState, StartRequest
from tray_app.i18n import _, ngettext
from tray_app.ui.project_picker import ProjectPicker
from tray_app.ui.widgets import name_window


def idle_text(span: IdleSpan, state: AppState, now: datetime) -> str:
    """ "Idle since 10:42 (37 min)", in the profile's zone."""
    minutes = int(span.length(now).total_seconds() // 60)
    since = f"{span.since.astimezone(state.zone):%H:%M}"
    return ngettext(
        "Idle since {time} ({count} min)", "Idle since {time} ({count} min)", minutes
    ).format(time=since, count=minutes)


class IdlePrompt(QDialog):
    """Asks once the person is back; each button is one ``IdleChoice``.

    Signals:
        choice_made(IdleChoice): what to do with the time away.
    """

    choice_made = Signal(object)

    def __init__(
        self,
        icon: QIcon | None = None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent, Qt.WindowType.Dialog | Qt.WindowType.WindowStaysOnTopHint)
        name_window(self, _("Were you away?"), icon)
        self._clock = clock
        self.span: IdleSpan | None = None
        self._state = AppState()
        self.headline = QLabel(self)
        bold = self.headline.font()
        bold.setBold(True)
        self.headline.setFont(bold)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.discard_button = QPushButton(_("&Discard idle time"), self)
        self.continue_button = QPushButton(_("Discard and &continue"), self)
        self.keep_button = QPushButton(_("&Keep idle time"), self)
        # Translators: gives the idle time to another task, as an entry of its own.
        self.reassign_button = QPushButton(_("&Reassign…"), self)
        self.description_edit = QLineEdit(self)
        self.description_edit.setPlaceholderText(_("What was it? (a meeting, a call…)"))
        self.picker = ProjectPicker(self)
        self.save_button = QPushButton(_("&Save as its own entry"), self)
        self.reassign_form = QWidget(self)
        form = QFormLayout(self.reassign_form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("D&escription"), self.description_edit)
        form.addRow(_("&Project"), self.picker)
        form.addRow("", self.save_button)
        self.reassign_form.hide()
        buttons = QHBoxLayout()
        for button in (
            self.discard_button,
            self.continue_button,
            self.keep_button,
            self.reassign_button,
        ):
            # Enter never throws time away: it keeps it, or saves the Reassign form.
            button.setAutoDefault(False)
            buttons.addWidget(button)
        self.save_button.setAutoDefault(False)
        # It comes up while the person may be typing elsewhere: it must not take their keys.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.reassign_form)
        self.discard_button.clicked.connect(lambda: self._choose(DISCARD))
        self.continue_button.clicked.connect(lambda: self._choose(DISCARD_CONTINUE))
        self.keep_button.clicked.connect(lambda: self._choose(KEEP))
        self.reassign_button.clicked.connect(self.on_reassign_button_clicked)
        self.save_button.clicked.connect(self.on_save_button_clicked)

    def ask(self, span: IdleSpan, state: AppState, *, activate: bool = False) -> None:
        """Show the question for ``span`` (again, if it was closed), on top of the other
        windows; it takes the keyboard only when ``activate`` (asked for from the menu)."""
        if span != self.span:
            self._set_reassigning(False)
            self.description_edit.clear()
            self.picker.set_projects(state.projects)
            self.picker.select_project(None)
        self.span, self._state = span, state
        running = state.running
        self.headline.setText(idle_text(span, state, self._clock()))
        if running and running.description:
            detail = _(
                "No keyboard or mouse input while “{description}” ran. What should that time be?"
            ).format(description=running.description)
        else:
            detail = _("No keyboard or mouse input while your timer ran. What should that time be?")
        self.detail.setText(detail)
        # What a screen reader announces as the window comes up: the whole question.
        self.setAccessibleDescription(f"{self.headline.text()} {detail}")
        self.show()
        self.raise_()
        if activate:
            self.activateWindow()
        (self.description_edit if self.reassign_form.isVisible() else self.keep_button).setFocus()

    def on_reassign_button_clicked(self) -> None:
        self._set_reassigning(True)
        self.description_edit.setFocus()

    def _set_reassigning(self, reassigning: bool) -> None:
        self.reassign_form.setVisible(reassigning)
        (self.save_button if reassigning else self.keep_button).setDefault(True)

    def on_save_button_clicked(self) -> None:
        project = self.picker.selected
        description = self.description_edit.text().strip()
        request = StartRequest(description, project.id if project else None)
        self._choose(REASSIGN, request)

    def _choose(self, choice: str, reassign_to: StartRequest | None = None) -> None:
        if self.span is None:
            return
        made = IdleChoice(self.span, choice, reassign_to)
        self.span = None
        self.hide()
        self.choice_made.emit(made)
