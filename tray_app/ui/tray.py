"""The tray icon: idle/running icon, tooltip with the elapsed time, one-click toggle, menu."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from tray_app import APP_TITLE
from tray_app.core.pins import is_pinned
from tray_app.core.state import AppState, StartRequest
from tray_app.i18n import _, pgettext
from tray_app.ui.icons import STYLES, Icons
from tray_app.ui.tray_text import (
    entry_label,
    problem_lines,
    refused_text,
    status_text,
    sync_text,
    tooltip_text,
)

TICK_MS = 1000
logger = logging.getLogger(__name__)
# Notifications whose click opens quick start: nothing is being tracked.
STARTS_A_TIMER = ("not-tracking", "break-over")


def icon_clock(elapsed: timedelta) -> str:
    """ "1:07" (hours and minutes), as drawn on the icon."""
    minutes = max(0, int(elapsed.total_seconds())) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


class TrayIcon(QObject):
    """Shows the state in the tray and turns clicks into intents; does no I/O itself.

    Args:
        icons: the idle and running icons.
        clock: the current time (tests pin it).

    Signals:
        start_requested(StartRequest), toggle_requested() (a left click), stop_requested(),
        pin_requested(StartRequest), unpin_requested(StartRequest), quick_start_requested(),
        manual_entry_requested(), workspace_chosen(str), open_web_requested(),
        sign_in_requested(), sign_out_requested(), quit_requested(), menu_opened(),
        refused_requested() (the list of writes Clockify refused), entries_requested(),
        reports_requested(), idle_prompt_requested(), preferences_requested(),
        reminder_answered() (the "not tracking" reminder was acted on), skip_break_requested().
    """

    start_requested = Signal(object)
    pin_requested = Signal(object)
    unpin_requested = Signal(object)
    toggle_requested = Signal()
    stop_requested = Signal()
    quick_start_requested = Signal()
    manual_entry_requested = Signal()
    workspace_chosen = Signal(str)
    open_web_requested = Signal()
    sign_in_requested = Signal()
    sign_out_requested = Signal()
    quit_requested = Signal()
    menu_opened = Signal()
    refused_requested = Signal()
    entries_requested = Signal()
    reports_requested = Signal()
    idle_prompt_requested = Signal()
    preferences_requested = Signal()
    reminder_answered = Signal()
    skip_break_requested = Signal()

    def __init__(
        self,
        icons: Icons,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
        *,
        tray: QSystemTrayIcon | None = None,
        attach: bool = True,
    ) -> None:
        super().__init__(parent)
        self._icons = icons
        self._clock = clock
        self._state = AppState()
        self.idle_question = ""  # "Idle since 10:42 (37 min)" while the prompt waits
        self.show_time = False  # the running time drawn on the icon
        self._drawn: tuple[object, ...] | None = None  # what the icon shows now
        self._clickable_nudge = ""  # the last notification starts a timer when clicked
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.on_menu_about_to_show)
        self._tray: QSystemTrayIcon | None = None
        # An icon already shown at start-up is adopted, so it never blinks; with no tray
        # there yet, none is made (Qt would fix its tray protocol for good): see attach().
        if tray is not None or attach:
            self._adopt(tray if tray is not None else QSystemTrayIcon(icons.idle, self))
        # Ticks only while a timer runs: an idle tray wakes nobody up.
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.on_ticker_timeout)
        self._build_menu()

    def _adopt(self, tray: QSystemTrayIcon) -> None:
        self._tray = tray
        tray.setParent(self)
        tray.setContextMenu(self.menu)
        tray.activated.connect(self.on_tray_activated)
        tray.messageClicked.connect(self.on_message_clicked)

    @property
    def tray(self) -> QSystemTrayIcon:
        """The icon in the tray (there is one unless made with ``attach=False``)."""
        assert self._tray is not None, "no tray icon yet"
        return self._tray

    @property
    def attached(self) -> bool:
        return self._tray is not None

    def attach(self) -> None:
        """A tray is there now: make the icon and show it."""
        if self._tray is None:
            self._adopt(QSystemTrayIcon(self._current_icon(), self))
            self._drawn = None
            self._redraw(self._clock())
        self.show()

    @property
    def icons(self) -> Icons:
        """The icon set in use (its style follows Preferences)."""
        return self._icons

    @property
    def state(self) -> AppState:
        return self._state

    def show(self) -> None:
        if self._tray is None:
            return
        self._tray.show()
        self._tray.setToolTip(tooltip_text(self._state, self._clock()))  # again after show

    def hide(self) -> None:
        self.ticker.stop()
        if self._tray is not None:
            self._tray.hide()

    def notify(self, message: str, *, error: bool = True) -> None:
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if error
            else QSystemTrayIcon.MessageIcon.Information
        )
        if self._tray is None:
            logger.warning("no tray to tell: %s", message)
            return
        self._tray.showMessage(APP_TITLE, message, icon, 8000)

    @Slot(object)
    def on_state_changed(self, state: AppState) -> None:
        self._state = state
        self._redraw(self._clock())
        if state.running is not None and not self.ticker.isActive():
            self.ticker.start()
        elif state.running is None:
            self.ticker.stop()
        self.on_ticker_timeout()
        if self.menu.isVisible():
            self._build_menu()

    def _current_icon(self) -> QIcon:
        state = self._state
        return self._icons.for_state(
            running=state.running is not None, offline=state.offline, pending=state.pending
        )

    def set_icon_style(self, style: str) -> None:
        self._icons.style = style if style in STYLES else "colour"
        self._redraw(self._clock())

    def on_ticker_timeout(self) -> None:
        now = self._clock()
        if self._tray is not None:
            self._tray.setToolTip(tooltip_text(self._state, now))
        self._redraw(now)
        if self.menu.isVisible():
            self._status_action.setText(status_text(self._state, now))

    def on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # Left click: stop a running timer, else start the last one again (decided by the
        # worker, whose state is ahead of this copy: core/commands.py).
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.toggle_requested.emit()

    def on_nudged(self, kind: str, text: str) -> None:
        """A reminder or a pomodoro turn: a notification; a click on it may start a timer."""
        self._clickable_nudge = kind if kind in STARTS_A_TIMER else ""
        self.notify(text, error=False)

    def on_message_clicked(self) -> None:
        if self._clickable_nudge:
            self._clickable_nudge = ""
            self.on_reminder_action_triggered()

    def on_reminder_action_triggered(self) -> None:
        self.reminder_answered.emit()
        self.quick_start_requested.emit()

    def set_show_time(self, shown: bool) -> None:
        """Draw the running time on the icon (or not)."""
        self.show_time = shown
        self._drawn = None
        self._redraw(self._clock())

    def _redraw(self, now: datetime) -> None:
        """Set the icon when what it shows changed (the time on it: once a minute)."""
        state = self._state
        text = ""
        if self.show_time and state.running is not None:
            text = icon_clock(state.running.duration(now))
        drawn = (text, self._icons.style, state.running is not None, state.offline, state.pending)
        if drawn == self._drawn or self._tray is None:
            return
        self._drawn = drawn
        if text:
            icon = self._icons.with_time(text, badge=state.offline or state.pending > 0)
        else:
            icon = self._current_icon()
        self._tray.setIcon(icon)

    def on_continue_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and isinstance(action.data(), StartRequest):
            self.start_requested.emit(action.data())

    def on_pin_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and isinstance(action.data(), StartRequest):
            self.pin_requested.emit(action.data())

    def on_unpin_action_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and isinstance(action.data(), StartRequest):
            self.unpin_requested.emit(action.data())

    def on_workspace_group_triggered(self, action: QAction) -> None:
        self.workspace_chosen.emit(str(action.data()))

    def on_menu_about_to_show(self) -> None:
        self._build_menu()
        self.menu_opened.emit()

    def _add_request(
        self, menu: QMenu, text: str, request: StartRequest, slot: Callable[[], None]
    ) -> QAction:
        """An action whose ``slot`` reads ``request`` from it (start, pin or unpin it)."""
        action = menu.addAction(text)
        action.setData(request)
        action.triggered.connect(slot)
        action.setEnabled(self._state.signed_in)
        return action

    def _add_pins_menu(self, menu: QMenu, state: AppState) -> QMenu:
        """Pin the running timer or a recent entry; unpin a pin."""
        pins = menu.addMenu(_("Pin or unpin"))
        running = [StartRequest.like(state.running)] if state.running is not None else []
        recent = [StartRequest.like(entry) for entry in state.continue_choices()]
        for request in running + recent:
            if not is_pinned(state, request):
                # Translators: a menu entry that pins this timer, e.g. "Pin: Acme · Write report".
                label = _("Pin: {timer}").format(timer=entry_label(state, request))
                self._add_request(pins, label, request, self.on_pin_action_triggered)
        if state.pinned:
            pins.addSeparator()
        for pin in state.pinned:
            label = _("Unpin: {timer}").format(timer=entry_label(state, pin))
            self._add_request(pins, label, pin, self.on_unpin_action_triggered)
        pins.setEnabled(not pins.isEmpty())
        return pins

    def _build_menu(self) -> None:
        """Rebuilt on every opening (Vorta's lesson), so it never shows an old state."""
        state = self._state
        menu = self.menu
        menu.clear()
        self._status_action = menu.addAction(status_text(state, self._clock()))
        self._status_action.setEnabled(False)
        if sync_text(state):
            menu.addAction(sync_text(state)).setEnabled(False)
        for line in problem_lines(state):
            menu.addAction(line).setEnabled(False)
        if state.pomodoro is not None:
            menu.addAction(state.pomodoro.line(self._clock())).setEnabled(False)
            if state.pomodoro.on_break:
                menu.addAction(_("Skip the break"), self.skip_break_requested.emit)
        if state.reminder:
            menu.addAction(f"⏰ {state.reminder}", self.on_reminder_action_triggered)
        if self.idle_question:
            # Translators: {question} is e.g. "Idle since 10:42 (37 min)".
            question = _("⏸ {question}: decide…").format(question=self.idle_question)
            menu.addAction(question, self.idle_prompt_requested.emit)
        self.refused_action: QAction | None = None
        if state.refused:
            self.refused_action = menu.addAction(refused_text(state), self.refused_requested.emit)
        if state.demo:
            menu.addAction(_("Demo mode: nothing reaches Clockify")).setEnabled(False)
        menu.addSeparator()
        signed_in = state.signed_in
        # Translators: the menu entry that opens the form to start a timer.
        self.start_action = menu.addAction(_("Start…"), self.quick_start_requested.emit)
        self.start_action.setEnabled(signed_in)
        self.entries_action = menu.addAction(_("Entries…"), self.entries_requested.emit)
        self.entries_action.setEnabled(signed_in)
        self.reports_action = menu.addAction(_("Reports…"), self.reports_requested.emit)
        self.reports_action.setEnabled(signed_in)
        # Translators: the menu entry that stops the running timer.
        stop = pgettext("stop the timer", "Stop")
        self.stop_action = menu.addAction(stop, self.stop_requested.emit)
        self.stop_action.setEnabled(signed_in and state.running is not None)
        # Actions carry their payload in data() and one slot per kind reads it: lambdas with
        # captured defaults on triggered(bool) crash PySide6 at exit (a refcount bug).
        self.pinned_actions = [
            self._add_request(
                menu, f"📌 {entry_label(state, pin)}", pin, self.on_continue_action_triggered
            )
            for pin in state.pinned
        ]
        self.continue_actions: list[QAction] = []
        for request in map(StartRequest.like, state.continue_choices()):
            if not is_pinned(state, request):  # one click away already
                # Translators: starts a recent timer again, e.g. "Continue: Acme · Write report".
                label = _("Continue: {timer}").format(timer=entry_label(state, request))
                action = self._add_request(menu, label, request, self.on_continue_action_triggered)
                self.continue_actions.append(action)
        self.pins_menu = self._add_pins_menu(menu, state) if signed_in else None
        menu.addSeparator()
        self.manual_action = menu.addAction(_("Manual entry…"), self.manual_entry_requested.emit)
        self.manual_action.setEnabled(state.signed_in)
        if len(state.workspaces) > 1:
            # Translators: the submenu that switches between Clockify workspaces.
            workspaces = menu.addMenu(_("Workspace"))
            group = QActionGroup(workspaces)
            for workspace in state.workspaces:
                action = workspaces.addAction(workspace.name)
                action.setCheckable(True)
                action.setChecked(workspace == state.workspace)
                action.setData(workspace.id)
                group.addAction(action)
            group.triggered.connect(self.on_workspace_group_triggered)
        menu.addAction(_("Open Clockify in browser"), self.open_web_requested.emit)
        menu.addAction(_("Preferences…"), self.preferences_requested.emit)
        menu.addSeparator()
        if state.signed_in and not state.demo:
            menu.addAction(_("Sign out"), self.sign_out_requested.emit)
        elif not state.demo:
            menu.addAction(_("Sign in…"), self.sign_in_requested.emit)
        # Translators: the menu entry that closes the app.
        menu.addAction(_("Quit"), self.quit_requested.emit)
