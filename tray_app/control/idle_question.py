"""The open idle question: the worker says the person is back, the prompt asks, the tray menu
keeps a line to ask again until a choice is made (closing the prompt decides nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon

from tray_app.core.idle.watch import IdleChoice, IdleSpan
from tray_app.core.state import AppState
from tray_app.ui.tray import TrayIcon

if TYPE_CHECKING:
    from tray_app.ui.idle_prompt import IdlePrompt  # loads with its first question


class IdleQuestion(QObject):
    """Holds the question until answered.

    Signals:
        choice_made(IdleChoice): the answer, for the worker.
    """

    choice_made = Signal(object)

    def __init__(
        self,
        tray: TrayIcon,
        icon: QIcon,
        state: Callable[[], AppState],
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self._clock = clock
        self._tray = tray
        self._icon = icon
        self._state = state
        self.span: IdleSpan | None = None
        self._prompt: IdlePrompt | None = None

    @property
    def prompt(self) -> IdlePrompt:
        if self._prompt is None:
            from tray_app.ui.idle_prompt import IdlePrompt

            self._prompt = IdlePrompt(self._icon, clock=self._clock)
            self._prompt.choice_made.connect(self.on_prompt_choice_made)
        return self._prompt

    def on_returned(self, span: IdleSpan) -> None:
        from tray_app.ui.idle_prompt import idle_text

        self.span = span
        self._tray.idle_question = idle_text(span, self._state(), self._clock())
        self.prompt.ask(span, self._state())  # on top, but the keyboard stays where it is

    def open(self) -> None:
        """Asked for (the menu's line): the prompt comes with the keyboard."""
        if self.span is not None:
            self.prompt.ask(self.span, self._state(), activate=True)

    def on_prompt_choice_made(self, choice: IdleChoice) -> None:
        self.span = None
        self._tray.idle_question = ""
        self.choice_made.emit(choice)

    def close(self) -> None:
        if self._prompt is not None:
            self._prompt.close()
