"""The entry forms (quick start, manual entry and edit, the stop prompt): made on first use,
fed the state and the worker's answers, their requests sent on as intents."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon

from tray_app.clockify.models import Project, Task, TimeEntry
from tray_app.core.rules import Lacking
from tray_app.core.state import AppState, RefusedWrite, StartRequest
from tray_app.core.tracking.intents import (
    CompleteAndStop,
    CreateEntry,
    CreateProject,
    Intent,
    LoadTasks,
    MovePin,
    Pin,
    Start,
    Unpin,
)

if TYPE_CHECKING:
    # The dialogs' modules load on first use: they cost memory an idle tray never needs.
    from tray_app.ui.entry_fields import EntryDialog
    from tray_app.ui.manual_entry import ManualEntryDialog
    from tray_app.ui.quick_start import QuickStartDialog
    from tray_app.ui.stop_prompt import StopPrompt


class EntryForms(QObject):
    """Owns the forms that make and change entries.

    Args:
        icon: the windows' icon.
        ask: sends an intent to the worker.
        state: the state the GUI last got.
        clock: the worker's now (every window's "today" is the worker's).

    Signals:
        entries_requested(): quick start's "Entries…".
        edited(EntryEdit): the edit form saved a change.
    """

    entries_requested = Signal()
    edited = Signal(object)

    def __init__(
        self,
        icon: QIcon | None,
        ask: Callable[[Intent], None],
        state: Callable[[], AppState],
        clock: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self._icon = icon
        self._ask = ask
        self._state = state
        self._clock = clock
        self._quick_start: QuickStartDialog | None = None
        self._manual_entry: ManualEntryDialog | None = None
        self._stop_prompt: StopPrompt | None = None

    def _shared(self, dialog: EntryDialog) -> None:
        dialog.tasks_wanted.connect(lambda project_id: self._ask(LoadTasks(project_id)))
        dialog.create_project_requested.connect(lambda name: self._ask(CreateProject(name)))

    @property
    def quick_start(self) -> QuickStartDialog:
        if self._quick_start is None:
            from tray_app.ui.quick_start import QuickStartDialog

            self._quick_start = dialog = QuickStartDialog(self._icon, clock=self._clock)
            self._shared(dialog)
            dialog.start_requested.connect(
                lambda request, from_last_end: self._ask(Start(request, from_last_end))
            )
            dialog.pin_requested.connect(lambda request: self._ask(Pin(request)))
            dialog.pins.unpin_requested.connect(lambda request: self._ask(Unpin(request)))
            dialog.pins.move_requested.connect(
                lambda request, place: self._ask(MovePin(request, place))
            )
            dialog.entries_requested.connect(self.entries_requested)
        return self._quick_start

    @property
    def manual_entry(self) -> ManualEntryDialog:
        if self._manual_entry is None:
            from tray_app.ui.manual_entry import ManualEntryDialog

            self._manual_entry = dialog = ManualEntryDialog(self._icon, clock=self._clock)
            self._shared(dialog)
            dialog.entry_requested.connect(lambda request: self._ask(CreateEntry(request)))
            dialog.edit_requested.connect(self.edited)
        return self._manual_entry

    @property
    def stop_prompt(self) -> StopPrompt:
        if self._stop_prompt is None:
            from tray_app.ui.stop_prompt import StopPrompt

            self._stop_prompt = dialog = StopPrompt(self._icon)
            self._shared(dialog)
            dialog.complete_requested.connect(
                lambda edit, end: self._ask(CompleteAndStop(edit, end))
            )
        return self._stop_prompt

    def open_quick_start(self, request: StartRequest | None = None, why: str = "") -> None:
        self.quick_start.open_with(self._state(), request, why)

    def open_manual_entry(self) -> None:
        self.manual_entry.open_with(self._state())

    def open_to_edit(self, entry: TimeEntry) -> None:
        self.manual_entry.open_to_edit(self._state(), entry)

    def open_to_fix(self, refused: RefusedWrite) -> None:
        self.manual_entry.open_to_fix(self._state(), refused)

    def open_stop_prompt(self, running: TimeEntry, lacks: Lacking, end: datetime) -> None:
        self.stop_prompt.open_for(self._state(), running, lacks, end)

    def hide_quick_start(self) -> None:
        if self._quick_start is not None:
            self._quick_start.hide()

    def open_forms(self) -> list[QuickStartDialog | ManualEntryDialog | StopPrompt]:
        forms = (self._quick_start, self._manual_entry, self._stop_prompt)
        return [form for form in forms if form is not None and form.isVisible()]

    def close(self) -> None:
        for form in (self._quick_start, self._manual_entry, self._stop_prompt):
            if form is not None:
                form.close()

    # --- the worker's answers ----------------------------------------------------------------

    def on_state_changed(self, state: AppState) -> None:
        for form in self.open_forms():
            form.update_state(state)

    def on_project_created(self, project: Project) -> None:
        # The worker sent the state holding the new project just before this signal.
        for form in self.open_forms():
            form.on_project_created(project, self._state())

    def on_tasks_loaded(self, project_id: str, tasks: tuple[Task, ...]) -> None:
        for form in self.open_forms():
            form.on_tasks_loaded(project_id, tasks)

    def on_entry_saved(self, request_id: int, entry: TimeEntry) -> None:
        if self._manual_entry is not None:
            self._manual_entry.on_entry_saved(request_id, entry)

    def on_entry_failed(self, request_id: int, message: str) -> None:
        if self._manual_entry is not None:
            self._manual_entry.on_entry_failed(request_id, message)
