"""The entries window's undo queue without Qt: what waits, what Ctrl+Z takes back, what is sent."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.fakes import PINNED
from tray_app.clockify.models import TimeEntry
from tray_app.core.state import EntryEdit
from tray_app.core.undo import DELETE, EDIT, UNDO_WINDOW, UndoQueue

SECOND = timedelta(seconds=1)


def entry(number: int, description: str = "") -> TimeEntry:
    start = PINNED - timedelta(hours=number + 1)
    return TimeEntry(
        f"e{number}",
        start,
        start + timedelta(minutes=45),
        description or f"Task {number}",
        project_id="p1",
        tag_ids=("t1",),
        billable=True,
    )


def test_a_delete_waits_for_the_window_and_is_sent_once() -> None:
    queue = UndoQueue()
    queue.delete(entry(1), PINNED)
    assert queue.deleted_ids == {"e1"}
    assert queue.time_left(PINNED) == UNDO_WINDOW
    assert queue.take_due(PINNED + UNDO_WINDOW - SECOND) == []  # still in its window
    assert queue.deleted_ids == {"e1"} and len(queue.pending) == 1
    assert queue.time_left(PINNED + UNDO_WINDOW - SECOND) == SECOND
    assert queue.take_due(PINNED + UNDO_WINDOW) == [entry(1)]
    assert queue.take_due(PINNED + UNDO_WINDOW + SECOND) == []  # sent once
    assert queue.take_all() == []
    assert queue.pending == () and queue.time_left(PINNED + UNDO_WINDOW) is None


def test_undo_takes_back_the_newest_first() -> None:
    queue = UndoQueue()
    queue.delete(entry(1), PINNED)
    queue.edited(entry(2), PINNED + SECOND)
    queue.delete(entry(3), PINNED + 2 * SECOND)
    taken = [queue.undo(), queue.undo(), queue.undo()]
    assert [(t.kind, t.entry.id) for t in taken if t] == [
        (DELETE, "e3"),
        (EDIT, "e2"),
        (DELETE, "e1"),
    ]
    assert queue.undo() is None and queue.pending == ()
    assert queue.time_left(PINNED) is None  # nothing waits: the timer can stop


def test_a_delete_taken_back_is_never_sent() -> None:
    queue = UndoQueue()
    queue.delete(entry(1), PINNED)
    queue.delete(entry(2), PINNED + SECOND)
    undone = queue.undo()
    assert undone is not None and undone.entry == entry(2) and undone.restoring is None
    assert queue.deleted_ids == {"e1"}
    assert queue.take_due(PINNED + SECOND + UNDO_WINDOW) == [entry(1)]


def test_undoing_an_edit_restores_the_entry_as_it_was_before() -> None:
    before = entry(4, "Write the report")
    after = replace(before, description="Wrote it", end=before.start + 2 * UNDO_WINDOW)
    after = replace(after, project_id=None, tag_ids=(), billable=False)
    queue = UndoQueue()
    queue.edited(before, PINNED)
    assert queue.deleted_ids == set()  # an edit hides nothing
    undone = queue.undo()
    assert undone is not None and undone.kind == EDIT
    restoring = undone.restoring
    assert isinstance(restoring, EntryEdit) and restoring.entry_id == before.id
    assert restoring.applied_to(after) == before


def test_each_change_gives_the_whole_window_again_and_undo_does_not() -> None:
    queue = UndoQueue()
    queue.delete(entry(1), PINNED)
    queue.delete(entry(2), PINNED + 4 * SECOND)
    assert queue.time_left(PINNED + 5 * SECOND) == UNDO_WINDOW - SECOND
    assert queue.take_due(PINNED + UNDO_WINDOW + SECOND) == []  # the first one waits on
    queue.undo()  # taking back is not a change: the window closes when it would have
    assert queue.take_due(PINNED + 4 * SECOND + UNDO_WINDOW - SECOND) == []
    assert queue.take_due(PINNED + 4 * SECOND + UNDO_WINDOW) == [entry(1)]


def test_closing_sends_every_waiting_delete_oldest_first_and_forgets_edits() -> None:
    queue = UndoQueue()
    queue.delete(entry(1), PINNED)
    queue.edited(entry(2), PINNED + SECOND)
    queue.delete(entry(3), PINNED + 2 * SECOND)
    assert queue.take_all() == [entry(1), entry(3)]  # whatever the time
    assert queue.pending == () and queue.undo() is None
    assert queue.take_due(PINNED + 10 * UNDO_WINDOW) == []


def test_when_the_window_closes_edits_can_no_longer_be_taken_back() -> None:
    queue = UndoQueue()
    queue.edited(entry(2), PINNED)
    assert queue.take_due(PINNED + UNDO_WINDOW) == []  # nothing to send...
    assert queue.pending == () and queue.undo() is None  # ...and nothing to take back


def test_a_clock_set_back_closes_the_window_rather_than_holding_deletes() -> None:
    queue = UndoQueue()
    queue.delete(entry(1), PINNED)
    assert queue.time_left(PINNED - timedelta(hours=1)) == timedelta(0)
    assert queue.take_due(PINNED - timedelta(hours=1)) == [entry(1)]


def test_a_shorter_window_closes_sooner() -> None:
    queue = UndoQueue(timedelta(milliseconds=300))
    queue.delete(entry(1), PINNED)
    assert queue.take_due(PINNED + timedelta(milliseconds=299)) == []
    assert queue.take_due(PINNED + timedelta(milliseconds=300)) == [entry(1)]


def test_the_undo_bar_names_the_newest_change_and_counts_the_rest() -> None:
    queue = UndoQueue()
    assert queue.message("(no description)") == ""
    queue.delete(entry(1, "Standup"), PINNED)
    assert queue.message("(no description)") == "Deleted “Standup”."
    queue.edited(replace(entry(2), description=""), PINNED + SECOND)
    assert queue.message("(no description)") == "Changed “(no description)” and 1 more."
    queue.delete(entry(3, "Review"), PINNED + 2 * SECOND)
    assert queue.message("(untitled)") == "Deleted “Review” and 2 more."
    queue.undo()
    assert queue.message("(untitled)") == "Changed “(untitled)” and 1 more."
