"""The Preferences window: every setting on one of five tabs, each saved the moment it changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from tray_app.core.settings import LIMITS, Settings
from tray_app.core.state import AppState
from tray_app.i18n import LANGUAGES, N_, _, choose, language, ngettext, short_weekday_names
from tray_app.ui.language import language_names, system_languages
from tray_app.ui.widgets import name_window

ICON_STYLES = {
    "colour": N_("Colour"),
    "light": N_("Monochrome, for a light panel"),
    "dark": N_("Monochrome, for a dark panel"),
}


class PreferencesWindow(QDialog):
    """Settings as controls; a change is sent at once (no OK button to forget).

    Signals:
        change_requested(str, object): a setting's new value (its name in ``Settings``).
        autostart_chosen(bool), workspace_chosen(str), sign_in_requested().
    """

    change_requested = Signal(str, object)
    autostart_chosen = Signal(bool)
    workspace_chosen = Signal(str)
    sign_in_requested = Signal()

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_window(self, _("Preferences"), icon)
        self._loading = False
        self._checks: dict[str, QCheckBox] = {}
        self._numbers: dict[str, QSpinBox | QDoubleSpinBox] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general(), _("&General"))
        # Translators: the tab of the settings about idle time (no keyboard or mouse input).
        self.tabs.addTab(self._idle(), _("&Idle"))
        self.tabs.addTab(self._reminders(), _("&Reminders"))
        self.tabs.addTab(self._pomodoro(), _("&Pomodoro"))
        self.tabs.addTab(self._shortcuts(), _("Shor&tcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        note = QLabel(_("Changes are saved as you make them."), self)
        note.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        for switch in SWITCHES:
            self._checks[switch].toggled.connect(lambda _on: self._follow_switches())

    # --- the tabs ------------------------------------------------------------------------

    def _general(self) -> QWidget:
        page, form = _page()
        self.autostart = QCheckBox(_("Start at &login"), page)
        self.autostart.toggled.connect(self._when_loaded(self.autostart_chosen.emit))
        form.addRow(self.autostart)
        self.icon_style = QComboBox(page)
        for style, label in ICON_STYLES.items():
            self.icon_style.addItem(_(label), style)
        self.icon_style.currentIndexChanged.connect(
            self._when_loaded(
                lambda _index: self._send("icon_style", self.icon_style.currentData())
            )
        )
        form.addRow(_buddy(_("Icon st&yle:"), self.icon_style, page), self.icon_style)
        form.addRow(self._check("icon_time", _("Show the running time on the tray ic&on"), page))
        self.language = QComboBox(page)
        for code, name in language_names():
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(
            self._when_loaded(lambda _index: self._send("language", self.language.currentData()))
        )
        self.language.currentIndexChanged.connect(lambda _index: self._follow_language())
        form.addRow(_buddy(_("Lang&uage:"), self.language, page), self.language)
        self.language_note = QLabel(page)
        self.language_note.setWordWrap(True)
        self.language_note.hide()
        form.addRow("", self.language_note)
        self.server = QLabel(page)
        self.server.setWordWrap(True)
        change_server = QPushButton(_("Sign in to another &server…"), page)
        change_server.clicked.connect(self.sign_in_requested)
        form.addRow(_("Server:"), self.server)
        form.addRow("", change_server)
        self.workspace = QComboBox(page)
        self.workspace.activated.connect(
            lambda _index: self.workspace_chosen.emit(str(self.workspace.currentData()))
        )
        form.addRow(_buddy(_("&Workspace:"), self.workspace, page), self.workspace)
        return page

    def _idle(self) -> QWidget:
        page, form = _page()
        idle = _("&Ask about idle time while a timer runs")
        form.addRow(self._check("idle_detection", idle, page))
        after = self._number("idle_minutes", _minutes(), page, decimals=1)
        form.addRow(_buddy(_("Idle a&fter:"), after, page), after)
        form.addRow(self._check("stop_when_away", _("Stop the timer on sleep or &lock"), page))
        self.idle_unavailable = QLabel(page)
        self.idle_unavailable.setWordWrap(True)
        form.addRow(self.idle_unavailable)
        return page

    def _reminders(self) -> QWidget:
        page, form = _page()
        remind = _("Remind me when I am &not tracking")
        form.addRow(self._check("remind_not_tracking", remind, page))
        after = self._number("remind_after_minutes", _minutes(), page)
        form.addRow(_buddy(_("&After:"), after, page), after)
        days = QHBoxLayout()
        self.days: list[QCheckBox] = []
        # Monday first: a day's place is its number in work_days.
        for name in short_weekday_names():
            box = QCheckBox(name, page)
            box.toggled.connect(self._when_loaded(lambda _on: self._send_days()))
            days.addWidget(box)
            self.days.append(box)
        form.addRow(_("Working days:"), days)
        hours = QHBoxLayout()
        self.work_from, self.work_until = QTimeEdit(page), QTimeEdit(page)
        for name, edit in (("work_from", self.work_from), ("work_until", self.work_until)):
            edit.setDisplayFormat("HH:mm")
            edit.timeChanged.connect(self._when_loaded(self._time_sender(name)))
        hours.addWidget(self.work_from)
        # Translators: between the two times of working hours: "09:00 to 17:00".
        hours.addWidget(QLabel(_("to"), page))
        hours.addWidget(self.work_until)
        hours.addStretch(1)
        # A screen reader hears the label of the first time only: each says what it is.
        self.work_from.setAccessibleName(_("Working hours start"))
        self.work_until.setAccessibleName(_("Working hours end"))
        form.addRow(_buddy(_("Working &hours:"), self.work_from, page), hours)
        # Translators: followed by a number of hours ("9 h").
        longer = _("Tell me when a timer runs long&er than")
        # Translators: a suffix after a number of hours (keep the leading space if needed).
        hours_suffix = _(" h")
        long_hours = self._number("long_timer_hours", hours_suffix, page, decimals=1)
        long_hours.setAccessibleName(_("Hours before a timer counts as long"))
        form.addRow(self._check("remind_long_timer", longer, page), long_hours)
        target = _("Tell me when toda&y's target is reached")
        form.addRow(self._check("notify_target_reached", target, page))
        return page

    def _pomodoro(self) -> QWidget:
        page, form = _page()
        cycles = _("&Use pomodoro cycles (they start with a timer)")
        form.addRow(self._check("pomodoro", cycles, page))
        for name, label in (
            # Translators: how long a pomodoro's work lasts.
            ("pomodoro_work_minutes", _("&Work:")),
            ("pomodoro_short_break_minutes", _("S&hort break:")),
            ("pomodoro_long_break_minutes", _("L&ong break:")),
        ):
            form.addRow(
                _buddy(label, self._number(name, _minutes(), page), page), self._numbers[name]
            )
        every = self._number("pomodoro_long_break_every", "", page)
        every.setSuffix(_pomodoros(int(every.value())))
        every.valueChanged.connect(lambda count: every.setSuffix(_pomodoros(count)))
        form.addRow(_buddy(_("Long break &every:"), every, page), every)
        form.addRow(self._check("pomodoro_stop_timer", _("&Stop the timer for breaks"), page))
        after_break = _("&Continue the timer after a break")
        form.addRow(self._check("pomodoro_continue", after_break, page))
        return page

    def _shortcuts(self) -> QWidget:
        page, form = _page()
        shortcuts = _("Ask the desktop for global &shortcuts")
        form.addRow(self._check("global_shortcuts", shortcuts, page))
        self.shortcut_status = QLabel(page)
        self.shortcut_status.setWordWrap(True)
        self.shortcut_status.setTextFormat(Qt.TextFormat.PlainText)
        self.shortcut_status.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        form.addRow(self.shortcut_status)
        return page

    # --- filling in and sending ----------------------------------------------------------

    def open_with(self, settings: Settings, state: AppState, server: str) -> None:
        self.load(settings, state, server)
        self.show()
        self.raise_()
        self.activateWindow()
        self.tabs.currentWidget().setFocus()

    def load(self, settings: Settings, state: AppState, server: str) -> None:
        """Show these values, without sending them back."""
        self._loading = True
        try:
            self.autostart.setChecked(state.autostart)
            self.icon_style.setCurrentIndex(max(0, self.icon_style.findData(settings.icon_style)))
            self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
            for name, box in self._checks.items():
                box.setChecked(bool(getattr(settings, name)))
            for name, number in self._numbers.items():
                value = getattr(settings, name)
                # Shown as kept, even below what this window offers (0.5 min, set in the file).
                number.setMinimum(min(LIMITS[name][0], value))
                number.setValue(value)
            for day, box in enumerate(self.days):
                box.setChecked(day in settings.work_days)
            self.work_from.setTime(QTime.fromString(settings.work_from, "HH:mm"))
            self.work_until.setTime(QTime.fromString(settings.work_until, "HH:mm"))
            self._follow_switches()
            self.update_state(state, server)
        finally:
            self._loading = False

    def update_state(self, state: AppState, server: str = "") -> None:
        if server or not self.server.text():
            self.server.setText(server or _("Clockify (global)"))
        self.workspace.clear()
        for workspace in state.workspaces:
            self.workspace.addItem(workspace.name, workspace.id)
        if state.workspace is not None:
            self.workspace.setCurrentIndex(self.workspace.findData(state.workspace.id))
        self.workspace.setEnabled(len(state.workspaces) > 1)
        why = state.idle_unavailable
        unavailable = _("Idle time cannot be read here: {reason}")
        self.idle_unavailable.setText(unavailable.format(reason=why) if why else "")

    def _follow_switches(self) -> None:
        """What a switch turns off is greyed out with it (its values stay kept)."""
        for switch, names in SWITCHES.items():
            on = self._checks[switch].isChecked()
            controls: list[QWidget] = [
                self._checks.get(n) or self._numbers[n] for n in names if n != "hours"
            ]
            if "hours" in names:
                controls += [*self.days, self.work_from, self.work_until]
            for control in controls:
                control.setEnabled(on)

    def check(self, name: str) -> QCheckBox:
        """The check box of the on/off setting ``name`` (``remind_not_tracking``, say)."""
        return self._checks[name]

    def number(self, name: str) -> QSpinBox | QDoubleSpinBox:
        """The field of the numeric setting ``name`` (``idle_minutes``, say)."""
        return self._numbers[name]

    def set_shortcut_status(self, text: str) -> None:
        self.shortcut_status.setText(text)

    def _follow_language(self) -> None:
        """Windows are made in the language chosen at start: a new choice says when it
        applies (in the language in use, which the person reads now)."""
        chosen = choose(str(self.language.currentData()), system_languages())
        if chosen == language():
            self.language_note.hide()
            return
        self.language_note.setText(
            _("Clockify Tray speaks {language} from its next start.").format(
                language=LANGUAGES[chosen]
            )
        )
        self.language_note.show()

    def _send(self, name: str, value: Any) -> None:
        self.change_requested.emit(name, value)

    def _send_days(self) -> None:
        self._send("work_days", [day for day, box in enumerate(self.days) if box.isChecked()])

    def _time_sender(self, name: str) -> Callable[[QTime], None]:
        return lambda time: self._send(name, time.toString("HH:mm"))

    def _when_loaded(self, handler: Callable[[Any], None]) -> Callable[[Any], None]:
        """``handler``, except while the window fills itself in."""

        def guarded(value: Any) -> None:
            if not self._loading:
                handler(value)

        return guarded

    def _check(self, name: str, text: str, parent: QWidget) -> QCheckBox:
        box = QCheckBox(text, parent)
        box.toggled.connect(self._when_loaded(lambda on: self._send(name, bool(on))))
        self._checks[name] = box
        return box

    def _number(
        self, name: str, suffix: str, parent: QWidget, *, decimals: int = 0
    ) -> QSpinBox | QDoubleSpinBox:
        low, high = LIMITS[name]
        number: QSpinBox | QDoubleSpinBox
        if decimals:
            number = _Fraction(parent)
            number.setDecimals(decimals)
            number.setSingleStep(0.5)
        else:
            number = QSpinBox(parent)
        number.setRange(low, high)  # type: ignore[arg-type]
        number.setSuffix(suffix)
        number.valueChanged.connect(self._when_loaded(lambda value: self._send(name, value)))
        self._numbers[name] = number
        return number


class _Fraction(QDoubleSpinBox):
    """A number shown as few digits as it needs: 10 min, 0.5 min, 9 h, 1.5 h (not 9.0)."""

    def textFromValue(self, value: float) -> str:
        return self.locale().toString(round(value, self.decimals()), "g", 6)


# Each switch and the controls that mean something only while it is on.
SWITCHES: dict[str, tuple[str, ...]] = {
    "idle_detection": ("idle_minutes",),
    "remind_not_tracking": ("remind_after_minutes", "hours"),
    "remind_long_timer": ("long_timer_hours",),
    "pomodoro": (
        "pomodoro_work_minutes",
        "pomodoro_short_break_minutes",
        "pomodoro_long_break_minutes",
        "pomodoro_long_break_every",
        "pomodoro_stop_timer",
    ),
    "pomodoro_stop_timer": ("pomodoro_continue",),
}


def _minutes() -> str:
    # Translators: a suffix after a number of minutes (keep the leading space if needed).
    return _(" min")


def _pomodoros(count: int) -> str:
    # Translators: a suffix after a number of pomodoros: "Long break every 4 pomodoros".
    return ngettext(" pomodoro", " pomodoros", count)


def _page() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout(page)
    return page, form


def _buddy(text: str, widget: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(widget)
    return label
