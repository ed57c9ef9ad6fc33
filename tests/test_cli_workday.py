"""`api week-status` and `api submit-for-approval` against the demo's workday: last week has a
holiday, an approved day off and is pending approval (seeded at the tests' pinned moment)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import PINNED
from tests.test_cli_api import api, ids
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import DEMO_ZONE

pytestmark = pytest.mark.processes
__all__ = ["ids"]


def last_monday() -> date:
    today = PINNED.astimezone(ZoneInfo(DEMO_ZONE)).date()
    return today - timedelta(days=today.weekday() + 7)


def test_week_status_sets_last_week_against_its_target(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    monday = last_monday()
    done = api(sandbox, "week-status", "--workspace-id", workspace, "--date", str(monday))
    assert done.code == 0, done.output
    status = done.output
    assert status["week_start"] == monday.isoformat()
    assert status["approval"] == "PENDING"
    days = {d["date"]: d for d in status["days"]}
    wednesday, friday = monday + timedelta(days=2), monday + timedelta(days=4)
    assert days[str(wednesday)]["holiday"] and days[str(wednesday)]["capacity_seconds"] == 0
    assert days[str(friday)]["time_off"] == "Vacation"
    assert days[str(friday)]["capacity_seconds"] == 0
    assert days[str(monday)]["capacity_seconds"] == 8 * 3600
    assert status["capacity_seconds"] == 3 * 8 * 3600  # five days less a holiday and a day off
    assert status["tracked_seconds"] == sum(d["tracked_seconds"] for d in status["days"]) > 0


def test_submit_for_approval_and_a_second_time_refused(
    sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    this_monday = last_monday() + timedelta(days=7)
    args = ["submit-for-approval", "--workspace-id", workspace, "--period-start", str(this_monday)]
    done = api(sandbox, *args)
    assert done.code == 0, done.output
    assert done.output["state"] == "PENDING" and done.output["id"]
    again = api(sandbox, *args)
    assert again.code == 1 and "already submitted" in again.output["message"]
    status = api(sandbox, "week-status", "--workspace-id", workspace, "--date", str(this_monday))
    assert status.output["approval"] == "PENDING"
