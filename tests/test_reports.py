"""Reports: the reports host derived per region, Clockify's summary and detailed reports over
real HTTP to the sandbox, totals counted here when the host refuses or is out of reach, and the
exports (plain pytest, the tracker's events recorded)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import respx

from tests.core_parts import Parts
from tray_app.clockify import BadResponse
from tray_app.clockify.reports import ReportsClient, report_body, reports_base_url
from tray_app.core.export import ENTRY_COLUMNS
from tray_app.core.reports.report import (
    LOCAL_CSV,
    ExportRequest,
    Report,
    ReportRequest,
    range_dates,
)
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import COST_CENTERS, DEMO_CUSTOM_FIELDS
from tray_app.sandbox.wire import wire_time

pytestmark = pytest.mark.dates  # also run at faked moments


@pytest.mark.parametrize(
    ("api", "reports"),
    [
        ("https://api.clockify.me/api/v1", "https://reports.api.clockify.me/v1"),
        ("https://euc1.clockify.me/api/v1", "https://euc1.clockify.me/report/v1"),
        ("https://acme.clockify.me/api/v1", "https://acme.clockify.me/report/v1"),
        ("https://developer.clockify.me/api/v1", "https://developer.clockify.me/report/v1"),
        ("http://127.0.0.1:8080/api/v1", "http://127.0.0.1:8080/report/v1"),
    ],
)
def test_the_reports_host_is_derived_as_clockify_documents_it(api: str, reports: str) -> None:
    assert reports_base_url(api) == reports


def last_week(parts: Parts) -> ReportRequest:
    state = parts.tracker.state
    assert state.user is not None
    start, end = range_dates("last-week", parts.clock.now(), state.zone, state.user.week_start)
    return ReportRequest(start, end, "PROJECT")


def report(parts: Parts, request: ReportRequest) -> Report:
    parts.tracker.reporter.on_report(request, parts.tracker.state)
    return parts.events.of("report_ready")[-1][0]


def test_clockify_totals_and_the_count_here_agree(parts: Parts, sandbox: Sandbox) -> None:
    request = last_week(parts)
    clockify = report(parts, request)
    assert clockify.from_clockify and not clockify.note and clockify.total > 0
    assert clockify.amount is not None and clockify.amount > 0  # billable demo work earns
    assert sum(line.seconds for line in clockify.lines) == clockify.total
    assert [r.path for r in sandbox.requests if "reports" in r.path][-1].startswith("/report/v1/")

    sandbox.faults.refuse(
        r"/reports/summary$", 403, "Reports are not on your plan", 501, method="POST"
    )
    here = report(parts, request)
    assert not here.from_clockify
    assert "Reports are not on your plan" in here.note and "counted on this computer" in here.note
    assert (here.total, here.billable) == (clockify.total, clockify.billable)
    assert [(line.name, line.seconds) for line in here.lines] == [
        (line.name, line.seconds) for line in clockify.lines
    ]
    assert here.amount is None


@pytest.mark.parametrize("group", ["CLIENT", "TAG", "DATE"])
def test_every_grouping_counts_here_as_clockify_does(
    parts: Parts, sandbox: Sandbox, group: str
) -> None:
    request = ReportRequest(last_week(parts).start, last_week(parts).end, group)
    clockify = report(parts, request)
    sandbox.faults.refuse(r"/reports/summary$", 403, "Forbidden", 501, method="POST")
    here = report(parts, request)
    assert sorted((line.name, line.seconds) for line in here.lines) == sorted(
        (line.name, line.seconds) for line in clockify.lines
    )
    if group == "DATE":
        assert [line.name for line in here.lines] == sorted(line.name for line in here.lines)


def test_offline_the_report_counts_the_entries_kept_here(parts: Parts, sandbox: Sandbox) -> None:
    request = last_week(parts)
    online = report(parts, request)
    sandbox.faults.offline = True
    offline = report(parts, request)
    assert not offline.from_clockify and "Offline" in offline.note
    assert offline.total == online.total


def test_the_local_csv_and_clockifys_csv_are_written(
    parts: Parts, sandbox: Sandbox, tmp_path: Path
) -> None:
    request = last_week(parts)
    local = tmp_path / "week.csv"
    parts.tracker.reporter.on_export(
        ExportRequest(request, LOCAL_CSV, str(local)), parts.tracker.state
    )
    assert parts.events.messages("exported") == [str(local)]
    rows = list(csv.reader(io.StringIO(local.read_text(encoding="utf-8"))))
    # A column per custom field the workspace shows, and each seeded entry's cost center.
    assert tuple(rows[0]) == (*ENTRY_COLUMNS, *DEMO_CUSTOM_FIELDS)
    assert len(rows) - 1 == len(report(parts, request).entries) > 0
    assert {row[len(ENTRY_COLUMNS)] for row in rows[1:]} <= set(COST_CENTERS)
    theirs = tmp_path / "clockify.csv"
    parts.tracker.reporter.on_export(
        ExportRequest(request, "CSV", str(theirs)), parts.tracker.state
    )
    assert b"Project" in theirs.read_bytes().splitlines()[0]  # Clockify's own columns

    unwritable = tmp_path / "missing-folder" / "x.csv"
    parts.tracker.reporter.on_export(
        ExportRequest(request, LOCAL_CSV, str(unwritable)), parts.tracker.state
    )
    assert "could not be written" in parts.events.messages("failed")[-1]


def test_the_detailed_report_reads_every_page(parts: Parts, sandbox: Sandbox) -> None:
    state = parts.tracker.state
    assert state.workspace is not None and state.user is not None
    request = last_week(parts)
    start = parts.clock.now() - timedelta(days=7)
    for n in range(25):
        moment = start.replace(hour=5, minute=0, second=0) + timedelta(minutes=2 * n)
        sandbox.state.create_entry(
            state.workspace.id,
            state.user.id,
            {"start": wire_time(moment), "end": wire_time(moment + timedelta(minutes=1))},
        )
    body = report_body(request.start, request.end, "Europe/Berlin", state.user.id, amounts=False)
    client = ReportsClient(sandbox.api_key, reports_base_url(sandbox.url), backoff_base=0)
    try:
        totals, entries = client.detailed(state.workspace.id, body, page_size=10)
    finally:
        client.close()
    assert totals.entries == len(entries) >= 25
    assert len({e.id for e in entries}) == len(entries)
    pages = [r for r in sandbox.requests if r.path.endswith("/reports/detailed")]
    assert len(pages) == -(-len(entries) // 10)  # every page, and not one more
    assert sum(e.seconds for e in entries) == totals.seconds


def test_a_detailed_report_that_repeats_its_pages_is_stopped() -> None:
    page = {
        "totals": [{"_id": "", "totalTime": 60, "entriesCount": 99}],
        "timeentries": [
            {
                "_id": f"e{n}",
                "description": "",
                "timeInterval": {
                    "start": "2026-11-30T09:00:00+01:00",
                    "end": "2026-11-30T09:01:00+01:00",
                    "duration": 60,
                },
            }
            for n in range(2)
        ],
    }
    client = ReportsClient("key", "https://reports.api.clockify.me/v1", backoff_base=0)
    with respx.mock(base_url="https://reports.api.clockify.me/v1") as mock:
        route = mock.post("/workspaces/w/reports/detailed").mock(
            return_value=httpx.Response(200, json=page)
        )
        with pytest.raises(BadResponse, match="same entries"):
            client.detailed("w", {}, page_size=2)
    assert route.call_count == 2  # one page more than the first, then it stopped


def test_clockifys_excel_and_pdf_files_are_written(
    parts: Parts, sandbox: Sandbox, tmp_path: Path
) -> None:
    import re
    import zipfile
    from xml.dom import minidom

    request = last_week(parts)
    entries = len(report(parts, request).entries)
    sheet_path, pdf_path = tmp_path / "week.xlsx", tmp_path / "week.pdf"
    for kind, path in (("XLSX", sheet_path), ("PDF", pdf_path)):
        parts.tracker.reporter.on_export(
            ExportRequest(request, kind, str(path)), parts.tracker.state
        )
    assert parts.events.messages("exported") == [str(sheet_path), str(pdf_path)]

    with zipfile.ZipFile(sheet_path) as workbook:
        sheet = minidom.parseString(workbook.read("xl/worksheets/sheet1.xml"))
    rows = sheet.getElementsByTagName("row")
    assert len(rows) == entries + 1
    first_cell = rows[0].getElementsByTagName("t")[0].firstChild
    assert first_cell is not None and first_cell.nodeValue == "Project"

    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    start = int(re.findall(rb"startxref\n(\d+)", data)[-1])
    offsets = [int(o) for o in re.findall(rb"(\d{10}) 00000 n ", data[start:])]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)  # the cross-reference holds
    pages = int(re.search(rb"/Count (\d+)", data).group(1))  # type: ignore[union-attr]
    assert pages == -(-(entries + 3) // 60)  # title, blank line, header, then the entries
