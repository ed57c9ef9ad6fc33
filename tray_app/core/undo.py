"""What Ctrl+Z can take back in the entries window: deletes not sent yet, edits already sent.

A delete waits out an undo window before it is sent, so taking it back costs no request and
leaves nothing half done on Clockify; an edit is sent at once, and taking it back sends the
entry as it was before (through the outbox, as any edit). The window runs from the last delete
or edit: when it closes, the waiting deletes are sent, oldest first, and nothing is left to take
back; closing the entries window sends them at once.

No Qt and no clock: moments come in as arguments. The widget keeps one timer, set to
``time_left``, and asks ``take_due`` when it rings; these decisions are tested with plain pytest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from tray_app.clockify.models import TimeEntry
from tray_app.core.state import EntryEdit
from tray_app.i18n import _, ngettext

DELETE: Final = "delete"  # not sent yet
EDIT: Final = "edit"  # sent already
UNDO_WINDOW = timedelta(seconds=6)  # long enough to see the undo bar and press Ctrl+Z


@dataclass(frozen=True)
class Undoable:
    """One delete or edit that Ctrl+Z can take back.

    Attributes:
        kind: ``DELETE`` (not sent yet) or ``EDIT`` (sent already).
        entry: the entry deleted, or the entry as it was before the edit.
    """

    kind: Literal["delete", "edit"]
    entry: TimeEntry

    @property
    def restoring(self) -> EntryEdit | None:
        """The edit that takes an edit back (the entry as it was); None for a delete, which
        was never sent and so needs nothing sent to take it back."""
        return EntryEdit.restoring(self.entry) if self.kind == EDIT else None


class UndoQueue:
    """The deletes and edits of the entries window that can still be taken back, oldest first.

    Args:
        window: how long after the last delete or edit Ctrl+Z can take it back.

    Attributes:
        window: as above; a test may shorten it.
    """

    def __init__(self, window: timedelta = UNDO_WINDOW) -> None:
        self.window = window
        self._pending: list[Undoable] = []
        self._last_change: datetime | None = None

    @property
    def pending(self) -> tuple[Undoable, ...]:
        """What Ctrl+Z can take back, oldest first (the newest is taken first)."""
        return tuple(self._pending)

    @property
    def deleted_ids(self) -> set[str]:
        """The entries deleted but not sent yet: the list leaves them out."""
        return {item.entry.id for item in self._pending if item.kind == DELETE}

    def delete(self, entry: TimeEntry, now: datetime) -> None:
        """The person deleted ``entry`` at ``now``: it waits for the window to close."""
        self._add(Undoable(DELETE, entry), now)

    def edited(self, before: TimeEntry, now: datetime) -> None:
        """The person changed an entry at ``now``; ``before`` is how it was, for Ctrl+Z."""
        self._add(Undoable(EDIT, before), now)

    def _add(self, item: Undoable, now: datetime) -> None:
        self._pending.append(item)
        self._last_change = now  # each change gives the person the whole window again

    def undo(self) -> Undoable | None:
        """Take back the newest delete or edit; None when there is nothing to take back.

        Taking back is not a change: the window still closes when it would have.
        """
        return self._pending.pop() if self._pending else None

    def time_left(self, now: datetime) -> timedelta | None:
        """How long until the window closes, from ``now`` (zero: it has); None when nothing
        waits. A clock set back before the last change counts as closed, rather than holding
        the deletes for as long as it went back."""
        if not self._pending or self._last_change is None:
            return None
        if now < self._last_change:
            return timedelta(0)
        return max(self._last_change + self.window - now, timedelta(0))

    def take_due(self, now: datetime) -> list[TimeEntry]:
        """The deletes to send, oldest first, once the window has closed at ``now``; the queue
        then empties (an edit can no longer be taken back). Before then: nothing, and nothing
        changes."""
        if self.time_left(now) != timedelta(0):
            return []
        return self.take_all()

    def take_all(self) -> list[TimeEntry]:
        """Every delete still waiting, oldest first, whatever the time (the entries window
        closes: nothing is left half done); the queue empties."""
        deleted = [item.entry for item in self._pending if item.kind == DELETE]
        self._pending = []
        self._last_change = None
        return deleted

    def message(self, untitled: str) -> str:
        """The undo bar's text, about the newest change: "Deleted “Standup” and 2 more."
        ("" when nothing waits); ``untitled`` names an entry without a description."""
        if not self._pending:
            return ""
        newest = self._pending[-1]
        name = newest.entry.description or untitled
        more = len(self._pending) - 1
        if not more:
            text = _("Deleted “{name}”.") if newest.kind == DELETE else _("Changed “{name}”.")
        elif newest.kind == DELETE:
            # Translators: {count} more entries deleted (or changed) before it, also undone.
            text = ngettext(
                "Deleted “{name}” and {count} more.", "Deleted “{name}” and {count} more.", more
            )
        else:
            text = ngettext(
                "Changed “{name}” and {count} more.", "Changed “{name}” and {count} more.", more
            )
        return text.format(name=name, count=more)
