"""The entries window's week as the workspace plans it: the week against its target, each
day's target in the chart, holidays and time off on their days, and the period's approval
state — read when the week is shown, so a decision taken on the web shows on the next read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui_helpers import sandbox_app
from tests.test_gui_entries import opened, rows, show_last_week
from tray_app.control.controller import Controller
from tray_app.core.week.days import Day
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
    assert window.approval_label.isVisibleTo(window)
    assert window.approval_label.text() == "Submitted, pending approval"


def test_a_rejection_on_the_web_shows_with_the_approvers_note_when_the_week_is_read_again(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    window = opened(qtbot, app)
    planned(qtbot, window)
    assert window.approval_label.text() == "Not submitted for approval"  # this week
    show_last_week(qtbot, window)
    qtbot.waitUntil(lambda: window.approval_label.text() == "Submitted, pending approval")
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
        lambda: window.approval_label.text() == "Rejected by Ada Admin: “Tuesday is missing”"
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
    assert window.approval_label.text().startswith("Timesheet approval is not available here")
    assert "Access Denied" in window.approval_label.text()
