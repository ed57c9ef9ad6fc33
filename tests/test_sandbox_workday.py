"""The sandbox's workday over real HTTP: member profiles, holidays in a period, time off and its
approval, timesheet approval by role, the locks an approved period and ``lockTimeEntries`` set,
and the demo's seeded holiday, day off and pending week."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.fakes import PINNED
from tray_app.clockify.client import ClockifyClient
from tray_app.core.workday.targets import day_plans
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import DEMO_ZONE, demo_days_off

DENIED = {"message": "Access Denied", "code": 1003}
LOCKED = {"message": "Can't add time to locked period.", "code": 501}
WEEK = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]


@dataclass
class Team:
    """The demo's main workspace with its owner, an admin and a plain member, each a client."""

    workspace: str
    owner_id: str
    admin_id: str
    member_id: str
    owner: httpx.Client
    admin: httpx.Client
    member: httpx.Client

    def url(self, path: str) -> str:
        return f"/workspaces/{self.workspace}{path}"


@pytest.fixture
def team(sandbox: Sandbox) -> Iterator[Team]:
    state = sandbox.state
    owner_id = next(iter(state.users))
    workspace = state.users[owner_id]["activeWorkspace"]
    admin_id = state.add_user("admin-key", "Ada Admin", "ada@example.com")
    member_id = state.add_user("member-key", "Mia Member", "mia@example.com", "Europe/Berlin")
    state.add_member(workspace, admin_id, "WORKSPACE_ADMIN")
    state.add_member(workspace, member_id)
    clients = [
        httpx.Client(base_url=sandbox.url, headers={"X-Api-Key": key})
        for key in (sandbox.api_key, "admin-key", "member-key")
    ]
    yield Team(workspace, owner_id, admin_id, member_id, *clients)
    for client in clients:
        client.close()


def answer(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, response.text
    return response.json()


# --- member profiles --------------------------------------------------------------------------


def test_every_member_has_a_profile_with_clockify_s_defaults(team: Team) -> None:
    profile = answer(team.member.get(team.url(f"/member-profile/{team.member_id}")), 200)
    assert (profile["workCapacity"], profile["workingDays"], profile["weekStart"]) == (
        "PT8H",
        WEEK,
        "MONDAY",
    )
    assert profile["name"] == "Mia Member" and profile["hasPendingApprovalRequest"] is False
    owner = answer(team.owner.get(team.url(f"/member-profile/{team.owner_id}")), 200)
    assert owner["hasPendingApprovalRequest"] is True  # the demo's last week waits


def test_a_profile_is_changed_by_admins_and_in_part_by_the_member(team: Team) -> None:
    own = team.url(f"/member-profile/{team.member_id}")
    assert answer(team.member.patch(own, json={"weekStart": "SUNDAY"}), 200)["weekStart"] == (
        "SUNDAY"
    )
    assert answer(team.member.patch(own, json={"workCapacity": "PT4H"}), 403) == DENIED
    other = team.url(f"/member-profile/{team.owner_id}")
    assert answer(team.member.get(other), 403) == DENIED
    assert answer(team.member.patch(other, json={"weekStart": "SUNDAY"}), 403) == DENIED
    changed = answer(
        team.admin.patch(
            own, json={"workCapacity": "PT6H30M", "workingDays": ["FRIDAY", "MONDAY"]}
        ),
        200,
    )
    assert (changed["workCapacity"], changed["workingDays"]) == ("PT6H30M", ["MONDAY", "FRIDAY"])
    assert answer(team.member.get(own), 200)["workCapacity"] == "PT6H30M"
    assert answer(team.admin.patch(own, json={"workCapacity": "8 hours"}), 400)["code"] == 501
    assert answer(team.admin.patch(own, json={"workingDays": ["SOMEDAY"]}), 400)["code"] == 501


# --- holidays -----------------------------------------------------------------------------------


def holiday(name: str, first: str, last: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "datePeriod": {"startDate": first, "endDate": last}, **more}


def in_period(team: Team, client: httpx.Client, user: str, start: str, end: str) -> list[str]:
    params = {"assigned-to": user, "start": start, "end": end}
    found = answer(client.get(team.url("/holidays/in-period"), params=params), 200)
    return [f"{h['name']} {h['datePeriod']['startDate']}" for h in found]


def test_holidays_in_a_period_are_the_user_s_that_overlap_it(team: Team) -> None:
    mine = holiday("Team day", "2026-11-18", "2026-11-19", users={"ids": [team.member_id]})
    made = answer(team.admin.post(team.url("/holidays"), json=mine), 200)
    assert made["userIds"] == [team.member_id] and made["everyoneIncludingNew"] is False
    yearly = holiday("Christmas", "2025-12-25", "2025-12-25", occursAnnually=True)
    yearly["everyoneIncludingNew"] = True
    answer(team.owner.post(team.url("/holidays"), json=yearly), 200)

    assert in_period(team, team.member, team.member_id, "2026-11-19", "2026-11-22") == [
        "Team day 2026-11-18"
    ]
    assert in_period(team, team.member, team.member_id, "2026-11-20", "2026-11-22") == []
    assert in_period(team, team.owner, team.owner_id, "2026-11-16", "2026-11-22") == []
    # A yearly holiday comes back each year, on that year's date; date-times are read too.
    assert in_period(
        team, team.member, team.member_id, "2026-12-20T00:00:00Z", "2026-12-31T00:00:00Z"
    ) == ["Christmas 2026-12-25"]
    # Someone else's holidays are for admins to read.
    params = {"assigned-to": team.owner_id, "start": "2026-11-01", "end": "2026-11-30"}
    assert answer(team.member.get(team.url("/holidays/in-period"), params=params), 403) == DENIED


def test_only_admins_and_owners_change_holidays(team: Team) -> None:
    body = holiday("Day off for all", "2026-12-01", "2026-12-01", everyoneIncludingNew=True)
    assert answer(team.member.post(team.url("/holidays"), json=body), 403) == DENIED
    made = answer(team.admin.post(team.url("/holidays"), json=body), 200)
    by_id = team.url(f"/holidays/{made['id']}")
    renamed = {**body, "name": "Moved day", "occursAnnually": False}
    renamed["datePeriod"] = {"startDate": "2026-12-02", "endDate": "2026-12-02"}
    assert answer(team.member.put(by_id, json=renamed), 403) == DENIED
    assert answer(team.admin.put(by_id, json=renamed), 200)["datePeriod"] == {
        "startDate": "2026-12-02",
        "endDate": "2026-12-02",
    }
    assert answer(team.member.delete(by_id), 403) == DENIED
    assert answer(team.owner.delete(by_id), 200)["name"] == "Moved day"
    names = [h["name"] for h in answer(team.member.get(team.url("/holidays")), 200)]
    assert "Moved day" not in names and "Founders' Day" in names
    backwards = holiday("Backwards", "2026-12-02", "2026-12-01")
    assert answer(team.admin.post(team.url("/holidays"), json=backwards), 400)["code"] == 501
    not_a_date = holiday("Bad date", "02.12.2026", "02.12.2026")
    assert answer(team.admin.post(team.url("/holidays"), json=not_a_date), 400)["code"] == 501


# --- time off -----------------------------------------------------------------------------------


def vacation(team: Team) -> str:
    policies = answer(team.member.get(team.url("/time-off/policies")), 200)
    return str(next(p["id"] for p in policies if p["name"] == "Vacation"))


def ask_off(team: Team, client: httpx.Client, first: str, last: str, **more: Any) -> Any:
    period = {"period": {"start": first, "end": last}, **more}
    path = team.url(f"/time-off/policies/{vacation(team)}/requests")
    return client.post(path, json={"timeOffPeriod": period, "note": "Please"})


def test_policies_are_made_by_admins_with_unique_names(team: Team) -> None:
    body = {"name": "Sick leave", "approve": {"requiresApproval": False}, "timeUnit": "HOURS"}
    assert answer(team.member.post(team.url("/time-off/policies"), json=body), 403) == DENIED
    made = answer(team.admin.post(team.url("/time-off/policies"), json=body), 201)
    assert (made["timeUnit"], made["approve"]["requiresApproval"]) == ("HOURS", False)
    assert answer(team.member.get(team.url(f"/time-off/policies/{made['id']}")), 200) == made
    again = {**body, "name": "sick LEAVE"}
    assert answer(team.admin.post(team.url("/time-off/policies"), json=again), 400)["code"] == 501


def test_time_off_is_asked_for_pending_then_decided_by_an_admin(team: Team) -> None:
    asked = answer(ask_off(team, team.member, "2026-11-19", "2026-11-19"), 200)
    assert asked["status"]["statusType"] == "PENDING" and asked["userName"] == "Mia Member"
    # Berlin's whole day, in UTC: its start and its last second.
    assert asked["timeOffPeriod"]["period"] == {
        "start": "2026-11-18T23:00:00Z",
        "end": "2026-11-19T22:59:59Z",
    }
    assert (asked["balanceDiff"], asked["policyName"], asked["timeUnit"]) == (1, "Vacation", "DAYS")
    half = answer(
        ask_off(
            team,
            team.member,
            "2026-11-20",
            "2026-11-20",
            isHalfDay=True,
            halfDayPeriod="SECOND_HALF",
        ),
        200,
    )
    assert half["timeOffPeriod"]["halfDay"] is True and half["balanceDiff"] == 0.5
    assert half["timeOffPeriod"]["halfDayPeriod"] == "SECOND_HALF"
    assert answer(ask_off(team, team.member, "2026-11-19", "2026-11-23"), 400)["code"] == 501
    weekend = answer(ask_off(team, team.member, "2026-11-21", "2026-11-22"), 400)
    assert weekend["message"] == "There are no working days in the selected period"

    decide = team.url(f"/time-off/policies/{vacation(team)}/requests/{asked['id']}")
    approve = {"status": "APPROVED", "note": "Have fun"}
    assert answer(team.member.patch(decide, json=approve), 403) == DENIED
    decided = answer(team.admin.patch(decide, json=approve), 200)
    assert decided["status"]["statusType"] == "APPROVED"
    assert (decided["status"]["note"], decided["status"]["changedByUserName"]) == (
        "Have fun",
        "Ada Admin",
    )
    assert answer(team.admin.patch(decide, json=approve), 400)["code"] == 501


def search(team: Team, client: httpx.Client, **body: Any) -> Any:
    return answer(client.post(team.url("/time-off/requests"), json=body), 200)


def test_a_member_s_search_finds_their_own_time_off_and_an_admin_s_everyone_s(team: Team) -> None:
    answer(ask_off(team, team.member, "2026-11-19", "2026-11-19"), 200)
    november = {"start": "2026-11-01T00:00:00Z", "end": "2026-11-30T23:59:59Z"}
    mine = search(team, team.member, users=[], **november)
    assert mine["count"] == 1 and {r["userId"] for r in mine["requests"]} == {team.member_id}
    # Asking for the owner's gives a member nothing more than their own.
    assert search(team, team.member, users=[team.owner_id], **november)["count"] == 1
    everyone = search(team, team.admin, **november)
    assert {r["userName"] for r in everyone["requests"]} == {"Mia Member", "Demo User"}
    approved = search(team, team.admin, statuses=["APPROVED"], **november)
    assert [r["userName"] for r in approved["requests"]] == ["Demo User"]
    paged = search(team, team.admin, page=2, pageSize=1, **november)
    assert paged["count"] == 2 and len(paged["requests"]) == 1
    assert search(team, team.admin, start="2026-12-01T00:00:00Z")["count"] == 0


# --- approvals ----------------------------------------------------------------------------------


def submit(team: Team, client: httpx.Client, monday: str, period: str = "WEEKLY") -> Any:
    body = {"periodStart": f"{monday}T00:00:00Z", "period": period}
    return client.post(team.url("/approval-requests"), json=body)


def update(team: Team, client: httpx.Client, approval_id: str, state: str, note: str = "") -> Any:
    body = {"state": state, "note": note}
    return client.patch(team.url(f"/approval-requests/{approval_id}"), json=body)


def test_a_week_is_submitted_withdrawn_rejected_and_approved_by_role(team: Team) -> None:
    made = answer(submit(team, team.member, "2026-11-02"), 201)
    assert made["status"]["state"] == "PENDING" and made["owner"]["userName"] == "Mia Member"
    assert made["dateRange"] == {"start": "2026-11-01T23:00:00Z", "end": "2026-11-08T22:59:59Z"}
    again = answer(submit(team, team.member, "2026-11-02"), 400)
    assert again["message"] == "Timesheet for this period is already submitted (pending)"
    assert answer(submit(team, team.member, "2026-11-03"), 400)["code"] == 501  # a Tuesday
    assert answer(submit(team, team.member, "2026-11-01", "MONTHLY"), 400)["code"] == 501

    approval = made["id"]
    assert answer(update(team, team.member, approval, "APPROVED"), 403) == DENIED
    withdrawn = answer(update(team, team.member, approval, "WITHDRAWN_SUBMISSION"), 200)
    assert withdrawn["status"]["state"] == "WITHDRAWN_SUBMISSION"
    assert answer(submit(team, team.member, "2026-11-02"), 201)["id"] == approval  # again
    rejected = answer(update(team, team.admin, approval, "REJECTED", "Tuesday is missing"), 200)
    assert (rejected["status"]["note"], rejected["status"]["updatedByUserName"]) == (
        "Tuesday is missing",
        "Ada Admin",
    )
    assert answer(submit(team, team.member, "2026-11-02"), 201)["status"]["state"] == "PENDING"
    assert answer(update(team, team.owner, approval, "APPROVED"), 200)["status"]["state"] == (
        "APPROVED"
    )
    refused = answer(submit(team, team.member, "2026-11-02"), 400)
    assert refused["message"] == "Timesheet for this period is already submitted (approved)"
    assert answer(update(team, team.member, approval, "WITHDRAWN_SUBMISSION"), 400)["code"] == 501


def test_a_member_sees_their_own_approvals_and_an_admin_everyone_s(team: Team) -> None:
    answer(submit(team, team.member, "2026-10-26"), 201)
    seen = answer(team.member.get(team.url("/approval-requests")), 200)
    assert [a["approvalRequest"]["owner"]["userId"] for a in seen] == [team.member_id]
    everyone = answer(team.admin.get(team.url("/approval-requests?status=PENDING")), 200)
    owners = {a["approvalRequest"]["owner"]["userName"] for a in everyone}
    assert owners == {"Mia Member", "Demo User"}
    demo = next(a for a in everyone if a["approvalRequest"]["owner"]["userName"] == "Demo User")
    assert demo["entries"] and demo["trackedTime"] == demo["pendingTime"] != "PT0S"
    assert (
        answer(
            update(team, team.member, demo["approvalRequest"]["id"], "WITHDRAWN_SUBMISSION"), 403
        )
        == DENIED
    )


# --- locks --------------------------------------------------------------------------------------


def entry(start: str, end: str | None = "auto") -> dict[str, Any]:
    body: dict[str, Any] = {"start": start, "description": "Work"}
    if end == "auto":
        body["end"] = start.replace("T09", "T10")
    elif end is not None:
        body["end"] = end
    return body


def test_an_approved_week_is_locked_to_members_not_to_admins(team: Team) -> None:
    written = answer(
        team.member.post(team.url("/time-entries"), json=entry("2026-11-03T09:00:00Z")), 201
    )
    outside = answer(
        team.member.post(team.url("/time-entries"), json=entry("2026-11-10T09:00:00Z")), 201
    )
    assert written["isLocked"] is False
    approval = answer(submit(team, team.member, "2026-11-02"), 201)["id"]
    answer(update(team, team.admin, approval, "APPROVED"), 200)

    listed = answer(team.member.get(team.url(f"/user/{team.member_id}/time-entries")), 200)
    assert {e["id"]: e["isLocked"] for e in listed} == {written["id"]: True, outside["id"]: False}
    by_id = team.url(f"/time-entries/{written['id']}")
    assert answer(team.member.get(by_id), 200)["isLocked"] is True
    late = entry("2026-11-04T09:00:00Z")
    assert answer(team.member.post(team.url("/time-entries"), json=late), 400) == LOCKED
    assert answer(team.member.put(by_id, json=late), 400) == LOCKED
    moved_in = team.url(f"/time-entries/{outside['id']}")
    assert answer(team.member.put(moved_in, json=late), 400) == LOCKED  # into the week
    assert answer(team.member.delete(by_id), 400) == LOCKED
    many = team.url(f"/user/{team.member_id}/time-entries?time-entry-ids={written['id']}")
    assert answer(team.member.delete(many), 400) == LOCKED

    # An admin still writes there: for the member, a timer the member then cannot stop.
    for_member = team.url(f"/user/{team.member_id}/time-entries")
    answer(team.admin.post(for_member, json=entry("2026-11-05T09:00:00Z", None)), 201)
    stop = {"end": "2026-11-05T11:00:00Z"}
    assert answer(team.member.patch(for_member, json=stop), 400) == LOCKED
    assert answer(team.admin.patch(for_member, json=stop), 200)["isLocked"] is True
    assert team.member.get(team.url(f"/user/{team.member_id}/time-entries")).status_code == 200


def test_entries_before_the_workspace_s_lock_date_are_locked(team: Team, sandbox: Sandbox) -> None:
    answer(team.member.post(team.url("/time-entries"), json=entry("2026-09-30T09:00:00Z")), 201)
    sandbox.state.lock_entries_before(team.workspace, datetime(2026, 10, 1, tzinfo=UTC))
    early = entry("2026-09-29T09:00:00Z")
    assert answer(team.member.post(team.url("/time-entries"), json=early), 400) == LOCKED
    assert answer(
        team.member.post(team.url("/time-entries"), json=entry("2026-10-01T09:00:00Z")), 201
    )
    owned = answer(team.owner.post(team.url("/time-entries"), json=early), 201)
    assert owned["isLocked"] is True  # the owner may, and it is locked all the same
    listed = answer(team.member.get(team.url(f"/user/{team.member_id}/time-entries")), 200)
    assert [e["isLocked"] for e in listed] == [False, True]
    # The detailed report shows the lock as well.
    reports = sandbox.url.removesuffix("/api/v1") + f"/v1/workspaces/{team.workspace}/reports"
    body = {
        "dateRangeStart": "2026-09-29T00:00:00",
        "dateRangeEnd": "2026-10-01T23:59:59",
        "detailedFilter": {"page": 1},
    }
    rows = answer(team.owner.post(f"{reports}/detailed", json=body), 200)["timeentries"]
    assert sorted(row["locked"] for row in rows) == [False, True, True]


# --- the demo's workday -------------------------------------------------------------------------


def test_the_demo_holds_a_holiday_a_day_off_and_last_week_pending(demo_sandbox: Sandbox) -> None:
    with ClockifyClient(demo_sandbox.api_key, demo_sandbox.url, backoff_base=0) as client:
        user = client.get_user()
        workspace = user.active_workspace or ""
        since = datetime(2026, 11, 1, 23, tzinfo=UTC)  # last week, Berlin: 2–8 November
        until = since + timedelta(days=7)
        profile = client.get_member_profile(workspace, user.id)
        holidays = client.list_holidays(workspace, user.id, since, until)
        time_off = client.list_time_off(workspace, user.id, since, until)
        approvals = client.list_approval_requests(workspace)
    assert [(h.name, h.first) for h in holidays] == [("Founders' Day", date(2026, 11, 4))]
    assert [(t.policy, t.status, t.half_day) for t in time_off] == [("Vacation", "APPROVED", False)]
    assert [(a.state, a.start) for a in approvals] == [("PENDING", since)]
    days = [date(2026, 11, 2) + timedelta(days=n) for n in range(7)]
    plans = day_plans(days, profile, ZoneInfo(DEMO_ZONE), holidays, time_off)
    assert [p.target / timedelta(hours=1) for p in plans] == [8, 8, 0, 8, 0, 0, 0]
    assert (plans[2].holiday, plans[4].time_off) == ("Founders' Day", "Vacation")


@pytest.mark.parametrize("days_on", range(7))
def test_the_demo_s_days_off_are_working_days_of_the_two_weeks_before(days_on: int) -> None:
    today = PINNED.date() + timedelta(days=days_on)
    holiday_day, day_off = demo_days_off(today)
    for day in (holiday_day, day_off):
        assert day.weekday() < 5 and today - timedelta(days=14) <= day < today
    assert (holiday_day.weekday(), day_off.weekday()) == (2, 4)
