"""What the person asks for, as values: the one channel from the GUI thread to the worker's.

Each intent is an immutable value that says which part of the tracker carries it out. The GUI
sends one through the controller's single request signal; the worker's single slot calls
``carry_out`` on its thread. Adding an operation means an intent here and its handler in the
tracker's parts, and nothing else by hand.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime

from tray_app.clockify import TimeEntry
from tray_app.core.idle.watch import IdleChoice
from tray_app.core.reports.report import ExportRequest, ReportRequest
from tray_app.core.state import EntryEdit, EntryRequest, StartRequest
from tray_app.core.tracking.tracker import Tracker


class Intent(ABC):
    """Something asked for, carried out on the worker's thread."""

    @abstractmethod
    def carry_out(self, tracker: Tracker) -> None: ...


# --- the session and preferences ------------------------------------------------------------


@dataclass(frozen=True)
class SignIn(Intent):
    api_key: str
    server: str

    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_sign_in(self.api_key, self.server)


@dataclass(frozen=True)
class SignOut(Intent):
    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_sign_out()


@dataclass(frozen=True)
class SwitchWorkspace(Intent):
    workspace_id: str

    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_switch_workspace(self.workspace_id)


@dataclass(frozen=True)
class SetAutostart(Intent):
    enabled: bool

    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_set_autostart(self.enabled)


@dataclass(frozen=True)
class ChangeSetting(Intent):
    name: str
    value: object

    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_change_setting(self.name, self.value)


@dataclass(frozen=True)
class Pin(Intent):
    """Pin ``request`` last in the chosen workspace's pins (kept on this computer)."""

    request: StartRequest

    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_pin(self.request)


@dataclass(frozen=True)
class Unpin(Intent):
    request: StartRequest

    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_unpin(self.request)


@dataclass(frozen=True)
class MovePin(Intent):
    """Move a pin to place ``to`` (0 is the first: Ctrl+1)."""

    request: StartRequest
    to: int

    def carry_out(self, tracker: Tracker) -> None:
        tracker.on_move_pin(self.request, self.to)


# --- reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refresh(Intent):
    """The menu opened: a sync, if one is due and the budget allows."""

    def carry_out(self, tracker: Tracker) -> None:
        tracker.reads.on_refresh()


@dataclass(frozen=True)
class LoadTasks(Intent):
    project_id: str

    def carry_out(self, tracker: Tracker) -> None:
        tracker.reads.on_load_tasks(self.project_id)


@dataclass(frozen=True)
class ShowWeek(Intent):
    first: date | None  # None: this week

    def carry_out(self, tracker: Tracker) -> None:
        tracker.reads.on_show_week(self.first)


@dataclass(frozen=True)
class SubmitForApproval(Intent):
    """Submit the approval period holding the week that starts on ``first``."""

    first: date

    def carry_out(self, tracker: Tracker) -> None:
        tracker.reads.on_submit_period(self.first)


@dataclass(frozen=True)
class CloseWeek(Intent):
    def carry_out(self, tracker: Tracker) -> None:
        tracker.reads.on_close_week()


@dataclass(frozen=True)
class MakeReport(Intent):
    request: ReportRequest

    def carry_out(self, tracker: Tracker) -> None:
        tracker.reporter.on_report(self.request, tracker.state)


@dataclass(frozen=True)
class Export(Intent):
    request: ExportRequest

    def carry_out(self, tracker: Tracker) -> None:
        tracker.reporter.on_export(self.request, tracker.state)


# --- writes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start(Intent):
    """Start ``request`` now or, ``from_last_end``, where the last entry ended today (no gap)."""

    request: StartRequest
    from_last_end: bool = False

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_start(self.request, from_last_end=self.from_last_end)


@dataclass(frozen=True)
class Stop(Intent):
    """Stop the running timer now (the tray's Stop goes through the kept commands)."""

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_stop()


@dataclass(frozen=True)
class CompleteAndStop(Intent):
    """The stop prompt's answer: fill in what the running timer lacked, then stop it at
    ``end`` (when Stop was pressed)."""

    edit: EntryEdit
    end: datetime

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_complete_and_stop(self.edit, self.end)


@dataclass(frozen=True)
class RunCommands(Intent):
    """Start/stop and stop commands were kept: carry them out, in order."""

    def carry_out(self, tracker: Tracker) -> None:
        tracker.commands.run()


@dataclass(frozen=True)
class CreateEntry(Intent):
    request: EntryRequest

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_create_entry(self.request)


@dataclass(frozen=True)
class UpdateEntry(Intent):
    edit: EntryEdit

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_update_entry(self.edit)


@dataclass(frozen=True)
class DeleteEntry(Intent):
    entry: TimeEntry

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_delete_entry(self.entry)


@dataclass(frozen=True)
class CreateProject(Intent):
    name: str

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_create_project(self.name)


@dataclass(frozen=True)
class SendAgain(Intent):
    op_id: int

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_send_again(self.op_id)


@dataclass(frozen=True)
class Discard(Intent):
    op_id: int

    def carry_out(self, tracker: Tracker) -> None:
        tracker.writes.on_discard(self.op_id)


# --- the keepers ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChooseIdle(Intent):
    choice: IdleChoice

    def carry_out(self, tracker: Tracker) -> None:
        tracker.idle.on_choice(self.choice)


@dataclass(frozen=True)
class AnswerReminder(Intent):
    def carry_out(self, tracker: Tracker) -> None:
        tracker.attention.on_answered()


@dataclass(frozen=True)
class SkipBreak(Intent):
    def carry_out(self, tracker: Tracker) -> None:
        tracker.attention.on_skip_break()
