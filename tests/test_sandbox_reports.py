"""The sandbox's Reports API: summary and detailed reports, paging, CSV, time zones, roles,
over real HTTP on both path styles of the reports host."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.contract import spec
from tray_app.sandbox import Sandbox

RANGE = {"dateRangeStart": "2020-01-01T00:00:00", "dateRangeEnd": "2030-12-31T23:59:59.999"}


def ids(sandbox: Sandbox) -> tuple[str, str]:
    user = next(iter(sandbox.state.users))
    workspace = next(w for w in sandbox.state.workspaces.values() if w["name"] == "Acme Studio")
    return workspace["id"], user


def post(
    sandbox: Sandbox, kind: str, body: dict[str, Any], *, regional: bool = False, key: str = ""
) -> httpx.Response:
    workspace, _ = ids(sandbox)
    root = sandbox.url.removesuffix("/api/v1") + ("/report/v1" if regional else "/v1")
    return httpx.post(
        f"{root}/workspaces/{workspace}/reports/{kind}",
        json=body,
        headers={"X-Api-Key": key or sandbox.api_key},
    )


def finished(sandbox: Sandbox) -> list[Any]:
    workspace, _ = ids(sandbox)
    return [e for e in sandbox.state.entries.values() if e.workspace_id == workspace and e.end]


def test_summary_totals_equal_the_entries_on_both_hosts(sandbox: Sandbox) -> None:
    body = {**RANGE, "summaryFilter": {"groups": ["PROJECT"]}}
    answer = post(sandbox, "summary", body)
    assert answer.status_code == 200
    report = answer.json()
    entries = finished(sandbox)
    seconds = sum(int((e.end - e.start).total_seconds()) for e in entries)
    (totals,) = report["totals"]
    assert (totals["totalTime"], totals["entriesCount"]) == (seconds, len(entries))
    assert sum(group["duration"] for group in report["groupOne"]) == seconds
    assert post(sandbox, "summary", body, regional=True).json() == report
    billable = sum(int((e.end - e.start).total_seconds()) for e in entries if e.billable)
    assert totals["totalBillableTime"] == billable
    # 85.00 an hour on billable projects, in cents, rounded per entry as Clockify rounds.
    cents = sum(
        round(8500 * (e.end - e.start).total_seconds() / 3600) for e in entries if e.billable
    )
    assert billable > 0 and totals["totalAmount"] == cents


def test_summary_nests_groups(sandbox: Sandbox) -> None:
    body = {**RANGE, "summaryFilter": {"groups": ["CLIENT", "PROJECT", "TIMEENTRY"]}}
    report = post(sandbox, "summary", body).json()
    for client in report["groupOne"]:
        assert client["duration"] == sum(p["duration"] for p in client["children"])
        for project in client["children"]:
            assert project["duration"] == sum(e["duration"] for e in project["children"])


def test_days_are_days_in_the_asked_zone(sandbox: Sandbox) -> None:
    workspace, user = ids(sandbox)
    late = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # 00:30 on 2 June in Berlin
    sandbox.state.create_entry(
        workspace,
        user,
        {"start": late.isoformat(), "end": (late + timedelta(minutes=20)).isoformat()},
    )
    body = {
        "dateRangeStart": "2026-06-02T00:00:00",
        "dateRangeEnd": "2026-06-02T23:59:59",
        "summaryFilter": {"groups": ["DATE"]},
    }
    berlin = post(sandbox, "summary", {**body, "timeZone": "Europe/Berlin"}).json()
    assert [(g["_id"], g["duration"]) for g in berlin["groupOne"]] == [("2026-06-02", 1200)]
    utc = post(sandbox, "summary", {**body, "timeZone": "Etc/UTC"}).json()
    assert utc["groupOne"] == []


def test_detailed_pages_cover_every_entry_once(sandbox: Sandbox) -> None:
    seen: list[str] = []
    for page in range(1, 20):
        body = {**RANGE, "detailedFilter": {"page": page, "pageSize": 3}}
        report = post(sandbox, "detailed", body).json()
        rows = report["timeentries"]
        seen += [row["_id"] for row in rows]
        if len(rows) < 3:
            break
    assert sorted(seen) == sorted(e.id for e in finished(sandbox))
    assert report["totals"][0]["entriesCount"] == len(seen)
    row = post(sandbox, "detailed", {**RANGE, "detailedFilter": {"page": 1}}).json()
    first = row["timeentries"][0]
    assert isinstance(first["timeInterval"]["duration"], int)
    assert first["timeInterval"]["start"].endswith(("+01:00", "+02:00"))  # the profile zone


def test_detailed_csv_export(sandbox: Sandbox) -> None:
    body = {**RANGE, "detailedFilter": {"page": 1, "pageSize": 50}, "exportType": "CSV"}
    answer = post(sandbox, "detailed", body)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == len(finished(sandbox))
    assert {"Project", "Duration (h)", "Duration (decimal)", "Billable Amount (USD)"} <= set(
        rows[0]
    )


def test_members_see_their_own_entries_only(sandbox: Sandbox) -> None:
    workspace, owner = ids(sandbox)
    member = sandbox.state.add_user("member-key-not-a-secret", "Mem Ber", "member@example.com")
    sandbox.state.add_member(workspace, member)
    sandbox.state.create_entry(
        workspace, member, {"start": "2026-05-04T09:00:00Z", "end": "2026-05-04T10:00:00Z"}
    )
    body = {**RANGE, "detailedFilter": {"page": 1, "pageSize": 1000}}
    mine = post(sandbox, "detailed", body, key="member-key-not-a-secret").json()
    assert [row["userId"] for row in mine["timeentries"]] == [member]
    everyone = post(sandbox, "detailed", body).json()  # the owner
    assert {row["userId"] for row in everyone["timeentries"]} == {owner, member}


@pytest.mark.parametrize(
    ("kind", "body", "status"),
    [
        ("summary", {"summaryFilter": {"groups": ["PROJECT"]}}, 400),
        ("summary", {**RANGE, "summaryFilter": {"groups": ["PROJECT"] * 4}}, 400),
        ("summary", {**RANGE, "summaryFilter": {"groups": ["PLANET"]}}, 400),
        ("detailed", {**RANGE}, 400),
        ("detailed", {**RANGE, "detailedFilter": {"page": 1, "pageSize": 1001}}, 400),
        ("detailed", {**RANGE, "detailedFilter": {"page": 0}}, 400),
        ("summary", {**RANGE, "summaryFilter": {"groups": ["PROJECT"]}, "timeZone": "Mars"}, 400),
    ],
)
def test_report_errors_are_clockify_s(
    sandbox: Sandbox, kind: str, body: dict[str, Any], status: int
) -> None:
    answer = post(sandbox, kind, body)
    assert answer.status_code == status
    assert set(answer.json()) == {"message", "code"}


def test_reports_need_a_key_and_post(sandbox: Sandbox) -> None:
    assert post(sandbox, "summary", RANGE, key="wrong-key").status_code == 401
    workspace, _ = ids(sandbox)
    root = sandbox.url.removesuffix("/api/v1")
    answer = httpx.get(f"{root}/v1/workspaces/{workspace}/reports/summary")
    assert answer.status_code == 405 and set(answer.json()) == {"message", "code"}


def test_report_answers_keep_to_the_spec_types(sandbox: Sandbox) -> None:
    summary = post(sandbox, "summary", {**RANGE, "summaryFilter": {"groups": ["PROJECT"]}})
    detailed = post(sandbox, "detailed", {**RANGE, "detailedFilter": {"page": 1}})
    schemas = spec.spec()["components"]["schemas"]
    spec.validate_schema(schemas["TimeEntrySummaryReportDto"], summary.json(), "summary")
    spec.validate_schema(schemas["TimeEntryDetailedReportDto"], detailed.json(), "detailed")
