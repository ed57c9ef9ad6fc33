"""The entries window's week as the workspace plans it: the week against its target, each
day's target in the chart, holidays and time off on their days, and the period's approval
state — read when the week is shown, so a decision taken on the web shows on the next read."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.fakes import PINNED
from tests.gui_helpers import MemoryStore, running_app, sandbox_app
from tests.test_gui_entries import opened, rows, show_last_week
from tray_app.clockify.models import TimeEntry
from tray_app.clockify.workday import ApprovalRequest
from tray_app.control.controller import Controller
from tray_app.core.state import EntryEdit, EntryRequest
from tray_app.core.tracking.intents import CreateEntry, UpdateEntry
from tray_app.core.week.days import Day, week_of
from tray_app.core.workday.targets import period_of, period_start
from tray_app.sandbox import Sandbox
from tray_app.ui.entries_window import EntriesWindow


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as controller:
        yield controller


def planned(qtbot: QtBot, window: EntriesWindow) -> None:
    qtbot.waitUntil(lambda: window.view is not None and window.view.plan is not None)


def day_titles(window: EntriesWindow) -> list[str]:
    model = window.model
    return [
        str(model.data(model.index(r, 0)))
        for r, item in enumerate(rows(window))
        if isinstance(item, Day)
    ]


def test_last_week_against_its_target_with_the_holiday_the_day_off_and_pending_approval(
    qtbot: QtBot, app: Controller
) -> None:
    window = opened(qtbot, app)
    show_last_week(qtbot, window)
    planned(qtbot, window)
    # 8 hours Monday to Friday, less the holiday (Wednesday) and the day off (Friday).
    assert " of 24:00" in window.total_label.text()
    targets = window.chart.targets
    assert sorted(t / timedelta(hours=1) for t in targets.values()) == [0, 0, 0, 0, 8, 8, 8]
    titles = day_titles(window)
    assert any(t.startswith("Wednesday") and "· Founders' Day," in t for t in titles), titles
    assert any(t.startswith("Friday") and "· Vacation," in t for t in titles), titles
    assert window.approval.isVisibleTo(window)
    assert window.approval.label.text() == "Submitted, pending approval"


def test_a_rejection_on_the_web_shows_with_the_approvers_note_when_the_week_is_read_again(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window = opened(qtbot, app)
    planned(qtbot, window)
    assert window.approval.label.text() == "Not submitted for approval"  # this week
    show_last_week(qtbot, window)
    qtbot.waitUntil(lambda: window.approval.label.text() == "Submitted, pending approval")
    state = sandbox.state
    workspace = next(iter(state.workspaces))
    admin = state.add_user("admin-key", "Ada Admin", "ada@example.com")
    state.add_member(workspace, admin, "WORKSPACE_ADMIN")
    pending = next(r for r in state.approvals.values() if r["state"] == "PENDING")
    state.update_approval(
        workspace, admin, pending["id"], {"state": "REJECTED", "note": "Tuesday is missing"}
    )
    window.next_button.click()
    qtbot.waitUntil(lambda: window.view is not None and window.view.this_week)
    show_last_week(qtbot, window)
    qtbot.waitUntil(
        lambda: window.approval.label.text() == "Rejected by Ada Admin: “Tuesday is missing”"
    )


def test_a_workspace_without_approvals_or_targets_still_shows_its_week_and_says_so(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    sandbox.faults.refuse(r"/approval-requests", 403, "Access Denied", 1003)
    sandbox.faults.refuse(r"/member-profile/", 403, "Access Denied", 1003)
    window = opened(qtbot, app)
    show_last_week(qtbot, window)
    planned(qtbot, window)
    assert rows(window)  # the entries, as ever
    assert " of " not in window.total_label.text()
    assert window.chart.targets == {}
    assert window.approval.label.text().startswith("Timesheet approval is not available here")
    assert "Access Denied" in window.approval.label.text()


def member_with_a_locked_week(sandbox: Sandbox) -> tuple[str, str]:
    """A plain member whose last week has two entries, the first before the workspace's lock
    date; returns (the locked entry's description, the open one's)."""
    state = sandbox.state
    workspace = next(iter(state.workspaces))
    member = state.add_user("member-key", "Mia Member", "mia@example.com")
    state.add_member(workspace, member)
    state.users[member]["activeWorkspace"] = workspace
    state.users[member]["defaultWorkspace"] = workspace
    monday = week_of(PINNED, UTC).start - timedelta(days=7)
    for hours, text in ((1, "Closed books"), (3, "Open books")):
        start = monday + timedelta(hours=hours)
        body = {"start": wire(start), "end": wire(start + timedelta(hours=1)), "description": text}
        state.create_entry(workspace, member, body)
    state.lock_entries_before(workspace, monday + timedelta(hours=2))
    return "Closed books", "Open books"


def wire(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def choose(qtbot: QtBot, window: EntriesWindow, description: str) -> TimeEntry:
    qtbot.waitUntil(
        lambda: any(window.model.row_of(e.id) >= 0 for e in described(window, description))
    )
    entry = described(window, description)[0]
    window.list.setCurrentIndex(window.model.index(window.model.row_of(entry.id)))
    return entry


def described(window: EntriesWindow, description: str) -> list[TimeEntry]:
    return [e for e in (window.view.entries if window.view else ()) if e.description == description]


def test_a_member_sees_the_lock_and_cannot_change_a_locked_entry_nothing_is_sent(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    locked, open_ = member_with_a_locked_week(sandbox)
    with running_app(
        qtbot, tmp_path / "s.json", key_store=MemoryStore("member-key"), base_url=sandbox.url
    ) as app:
        told: list[str] = []
        app.worker.failed.connect(told.append)
        window = opened(qtbot, app)
        show_last_week(qtbot, window)
        entry = choose(qtbot, window, locked)
        assert entry.locked
        model = window.model
        assert "🔒 locked" in str(model.data(model.index(model.row_of(entry.id), 0)))
        actions = window.entry_actions
        assert not actions.edit.isEnabled() and not actions.delete.isEnabled()
        assert "locked period" in actions.delete_button.toolTip()
        QTest.keyClick(window.list, Qt.Key.Key_Delete)
        assert model.row_of(entry.id) >= 0 and window.undo_label.isHidden()
        # Whatever asks (a form left open, a script): refused here, with the reason, unsent.
        edit = dataclasses.replace(EntryEdit.restoring(entry), description="Reopened")
        app.request.emit(UpdateEntry(edit))
        qtbot.waitUntil(lambda: bool(told))
        assert "“Closed books” is in a locked period" in told[0]
        assert not [r for r in sandbox.requests if r.method in ("PUT", "DELETE")]
        choose(qtbot, window, open_)
        assert actions.edit.isEnabled() and actions.delete.isEnabled()


def test_an_owner_sees_the_lock_and_may_still_change_the_entry(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    state = sandbox.state
    workspace = next(iter(state.workspaces))
    state.lock_entries_before(workspace, PINNED + timedelta(days=1))
    window = opened(qtbot, app)
    show_last_week(qtbot, window)
    qtbot.waitUntil(lambda: window.view is not None and any(e.locked for e in window.view.entries))
    qtbot.waitUntil(lambda: app.state.is_admin)  # the roles, read once a lock showed
    window.list.setCurrentIndex(window.model.index(1))
    assert window.selected() is not None and window.selected().locked
    assert window.entry_actions.edit.isEnabled() and window.entry_actions.delete.isEnabled()


def test_submit_this_week_for_approval_and_resubmit_last_week_after_a_rejection(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    told: list[str] = []
    app.worker.notice.connect(told.append)
    window = opened(qtbot, app)
    planned(qtbot, window)
    bar = window.approval
    assert bar.submit_button.isVisibleTo(window)
    assert bar.submit_button.text() == "&Submit for approval"
    bar.submit_button.click()
    qtbot.waitUntil(lambda: bar.label.text() == "Submitted, pending approval")
    assert not bar.submit_button.isVisibleTo(window)
    posts = [r for r in sandbox.requests if r.method == "POST" and "approval" in r.path]
    assert len(posts) == 1
    assert told and told[-1].startswith("Submitted for approval: the week from ")
    # Last week, rejected on the web: submitted again, the same request.
    state = sandbox.state
    workspace = next(iter(state.workspaces))
    admin = state.add_user("admin-key", "Ada Admin", "ada@example.com")
    state.add_member(workspace, admin, "WORKSPACE_ADMIN")
    pending = min(  # last week's (this week's was just submitted)
        (r for r in state.approvals.values() if r["state"] == "PENDING"), key=lambda r: r["start"]
    )
    state.update_approval(workspace, admin, pending["id"], {"state": "REJECTED", "note": "No"})
    show_last_week(qtbot, window)
    qtbot.waitUntil(lambda: bar.label.text().startswith("Rejected"))
    assert bar.submit_button.text() == "Re&submit for approval"
    bar.submit_button.click()
    qtbot.waitUntil(lambda: bar.label.text() == "Submitted, pending approval")
    assert state.approvals[pending["id"]]["state"] == "PENDING"


def test_a_refused_submission_says_why_and_the_button_comes_back(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    told: list[str] = []
    app.worker.failed.connect(told.append)
    sandbox.faults.refuse(r"/approval-requests", 403, "Access Denied", 1003, method="POST")
    window = opened(qtbot, app)
    planned(qtbot, window)
    window.approval.submit_button.click()
    qtbot.waitUntil(lambda: bool(told))
    assert told[0] == "Not submitted for approval: Access Denied"
    qtbot.waitUntil(window.approval.submit_button.isEnabled)
    assert window.approval.label.text() == "Not submitted for approval"


@pytest.mark.parametrize(
    ("days", "period", "first", "start"),
    [
        (7, "WEEKLY", date(2026, 3, 23), date(2026, 3, 23)),
        (15, "SEMI_MONTHLY", date(2026, 3, 23), date(2026, 3, 16)),
        (31, "MONTHLY", date(2026, 3, 23), date(2026, 3, 1)),
    ],
)
def test_the_approval_period_is_the_one_the_workspaces_requests_span(
    days: int, period: str, first: date, start: date
) -> None:
    begin = datetime(2026, 1, 1, tzinfo=UTC)
    request = ApprovalRequest(
        "a", begin, begin + timedelta(days=days) - timedelta(seconds=1), "APPROVED"
    )
    assert period_of([request]) == period
    assert period_of([]) == "WEEKLY"
    assert period_start(first, period) == start


@pytest.mark.parametrize("member", [True, False])
def test_time_added_before_the_lock_date_is_refused_here_for_a_member_and_sent_for_an_owner(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path, member: bool
) -> None:
    member_with_a_locked_week(sandbox)  # the workspace locks entries before last Monday 02:00
    monday = week_of(PINNED, UTC).start - timedelta(days=7)
    key = "member-key" if member else sandbox.api_key
    with running_app(
        qtbot, tmp_path / "s.json", key_store=MemoryStore(key), base_url=sandbox.url
    ) as app:
        failed: list[str] = []
        saved: list[object] = []
        app.worker.entry_failed.connect(lambda _id, why: failed.append(why))
        app.worker.entry_saved.connect(lambda _id, entry: saved.append(entry))
        start = monday - timedelta(hours=3)
        app.request.emit(CreateEntry(EntryRequest(7, start, start + timedelta(hours=1), "Late")))
        qtbot.waitUntil(lambda: bool(failed or saved))
        posts = [r for r in sandbox.requests if r.method == "POST" and "time-entries" in r.path]
        if member:
            assert "is in a locked period" in failed[0] and not posts
        else:
            assert saved and len(posts) == 1  # the owner may


def test_a_members_edit_moving_an_entry_into_the_locked_period_is_taken_back_with_the_reason(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    _, open_ = member_with_a_locked_week(sandbox)
    key_store = MemoryStore("member-key")
    with running_app(qtbot, tmp_path / "s.json", key_store=key_store, base_url=sandbox.url) as app:
        told: list[str] = []
        app.worker.failed.connect(told.append)
        window = opened(qtbot, app)
        show_last_week(qtbot, window)
        entry = choose(qtbot, window, open_)
        earlier = entry.start - timedelta(hours=2)  # before the lock date
        edit = dataclasses.replace(EntryEdit.restoring(entry), start=earlier, end=entry.start)
        app.on_entry_edited(edit)
        assert described(window, open_)[0].start == earlier  # shown at once, as every edit
        qtbot.waitUntil(lambda: bool(told))
        assert "is in a locked period" in told[0]
        qtbot.waitUntil(lambda: described(window, open_)[0].start == entry.start)
        assert not [r for r in sandbox.requests if r.method == "PUT"]
