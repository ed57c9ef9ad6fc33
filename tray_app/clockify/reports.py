"""The Reports API: summary and detailed reports, and Clockify's own exports of them.

Reports live on their own host: globally ``https://reports.api.clockify.me/v1``, on a regional
(or subdomain, or developer) server the same host with ``/report/v1`` in place of ``/api/v1``.
Dates go as the wall clock in the report's ``timeZone`` (Clockify ignores a ``Z``), durations
come back in whole seconds, amounts in cents. The detailed report pages through its body
(``detailedFilter.page``), without a ``Last-Page`` header.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tray_app.clockify.errors import BadResponse
from tray_app.clockify.timefmt import parse_utc
from tray_app.clockify.transport import Transport
from tray_app.i18n import _, ngettext

GLOBAL_API_HOST = "api.clockify.me"
GLOBAL_REPORTS = "https://reports.api.clockify.me/v1"
DETAILED_PAGE_SIZE = 1000  # the most Clockify gives a page
_MAX_PAGES = 10_000
GROUPS = ("PROJECT", "CLIENT", "TAG", "DATE", "TASK")
EXPORT_TYPES = {"CSV": "csv", "XLSX": "xlsx", "PDF": "pdf"}


def reports_base_url(api_base: str) -> str:
    """The reports host for a main API base URL, as Clockify documents it.

    ``https://api.clockify.me/api/v1`` → ``https://reports.api.clockify.me/v1``; any other
    server (a region, a subdomain, the developer host, this machine) keeps its host with
    ``/report/v1`` in place of ``/api/v1``.
    """
    url = urlsplit(api_base)
    if (url.hostname or "").lower() == GLOBAL_API_HOST:
        return GLOBAL_REPORTS
    path = url.path.rstrip("/")
    path = path[: -len("/api/v1")] if path.endswith("/api/v1") else path
    return urlunsplit((url.scheme, url.netloc, f"{path}/report/v1", "", ""))


@dataclass(frozen=True)
class ReportTotals:
    seconds: int = 0
    billable_seconds: int = 0
    entries: int = 0
    amount: int = 0  # cents


@dataclass(frozen=True)
class ReportGroup:
    """One line of a summary report (a project, a client, a tag or a day)."""

    id: str
    name: str
    seconds: int
    amount: int = 0  # cents
    color: str = ""
    client_name: str = ""


@dataclass(frozen=True)
class SummaryReport:
    totals: ReportTotals
    groups: tuple[ReportGroup, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReportEntry:
    """One line of a detailed report."""

    id: str
    description: str
    start: datetime
    end: datetime
    seconds: int
    project_id: str | None = None
    project_name: str = ""
    client_name: str = ""
    task_name: str = ""
    tag_names: tuple[str, ...] = ()
    billable: bool = False
    amount: int = 0  # cents


def _count(data: dict[str, Any], field: str) -> int:
    """A whole, finite, non-negative number from a report; anything else is not a fact."""
    value = data.get(field)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadResponse(
            # Translators: {field} is the name of a field of Clockify's JSON ("totalTime").
            _("Clockify's report has {value} for {field}, not a number.").format(
                value=repr(value), field=field
            )
        )
    if value < 0:
        raise BadResponse(
            # Translators: {field} is the name of a field of Clockify's JSON ("totalTime").
            _("Clockify's report has a negative {field} ({value}).").format(
                field=field, value=value
            )
        )
    return int(value)


def _totals(data: Any) -> ReportTotals:
    rows = data.get("totals") if isinstance(data, dict) else None
    first = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
    totals = ReportTotals(
        _count(first, "totalTime"),
        _count(first, "totalBillableTime"),
        _count(first, "entriesCount"),
        _count(first, "totalAmount"),
    )
    if totals.billable_seconds > totals.seconds:
        raise BadResponse(_("Clockify's report has more billable time than time in all."))
    return totals


def _group(data: dict[str, Any]) -> ReportGroup:
    return ReportGroup(
        id=str(data.get("_id") or data.get("id") or ""),
        name=str(data.get("name") or ""),
        seconds=_count(data, "duration"),
        amount=_count(data, "amount"),
        color=str(data.get("color") or ""),
        client_name=str(data.get("clientName") or ""),
    )


def _entry(data: dict[str, Any]) -> ReportEntry:
    interval = data["timeInterval"]
    tags = data.get("tags") or []
    return ReportEntry(
        id=str(data.get("_id") or data.get("id")),
        description=str(data.get("description") or ""),
        start=parse_utc(interval["start"]),
        end=parse_utc(interval["end"]),
        seconds=_count(interval, "duration"),
        project_id=data.get("projectId") or None,
        project_name=str(data.get("projectName") or ""),
        client_name=str(data.get("clientName") or ""),
        task_name=str(data.get("taskName") or ""),
        tag_names=tuple(str(t.get("name") or "") for t in tags if isinstance(t, dict)),
        billable=data.get("billable") is True,
        amount=_count(data, "amount"),
    )


def report_body(
    start: date, end: date, zone: str, user_id: str, *, amounts: bool
) -> dict[str, Any]:
    """What every report asks: the days ``start``..``end`` (inclusive) in ``zone``, one user."""
    return {
        "dateRangeStart": datetime.combine(start, time()).isoformat(),
        "dateRangeEnd": (
            datetime.combine(end + timedelta(days=1), time()) - timedelta(milliseconds=1)
        ).isoformat(timespec="milliseconds"),
        "timeZone": zone,
        "users": {"ids": [user_id], "contains": "CONTAINS", "status": "ALL"},
        "amountShown": "EARNED" if amounts else "HIDE_AMOUNT",
    }


class ReportsClient(Transport):
    """Asks one workspace's reports of the reports host (see ``ClockifyClient`` for the
    arguments; ``base_url`` is the reports host's, e.g. from ``reports_base_url``)."""

    def __repr__(self) -> str:
        return f"ReportsClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def summary(
        self, workspace_id: str, body: dict[str, Any], group: str = "PROJECT"
    ) -> SummaryReport:
        """Totals of ``body``'s range grouped by ``group`` (one of ``GROUPS``)."""
        request = {**body, "summaryFilter": {"groups": [group]}, "exportType": "JSON"}
        data = self._json(self._post(workspace_id, "summary", request))
        groups = data.get("groupOne") if isinstance(data, dict) else None
        if not isinstance(groups, list):
            raise BadResponse(_("Clockify's summary report came without its groups."))
        return SummaryReport(_totals(data), tuple(_group(g) for g in groups if isinstance(g, dict)))

    def detailed(
        self, workspace_id: str, body: dict[str, Any], page_size: int = DETAILED_PAGE_SIZE
    ) -> tuple[ReportTotals, list[ReportEntry]]:
        """Every line of the detailed report, page by page.

        Paging ends, as every read of a list does, at a short or empty page, once the count
        the totals announce is reached, or at a page that brings nothing new.

        Raises:
            BadResponse: a full page came again, so the rest cannot be read.
        """
        entries: list[ReportEntry] = []
        seen: set[str] = set()
        totals = ReportTotals()
        for page in range(1, _MAX_PAGES + 1):
            request = {
                **body,
                "detailedFilter": {
                    "page": page,
                    "pageSize": page_size,
                    "sortColumn": "DATE",
                    "options": {"totals": "CALCULATE" if page == 1 else "EXCLUDE"},
                },
                "exportType": "JSON",
            }
            data = self._json(self._post(workspace_id, "detailed", request))
            if page == 1:
                totals = _totals(data)
            rows = (
                data.get("timeentries", data.get("timeEntries")) if isinstance(data, dict) else None
            )
            if not isinstance(rows, list):
                raise BadResponse(_("Clockify's detailed report came without its entries."))
            try:
                batch = [_entry(row) for row in rows]
            except (KeyError, TypeError, ValueError) as err:
                raise BadResponse(
                    # Translators: {detail} is what did not fit, in the program's words (English).
                    _("Clockify's detailed report could not be read ({detail}).").format(detail=err)
                ) from err
            new = [e for e in batch if e.id not in seen]
            if batch and not new:
                if len(batch) < page_size:
                    return totals, entries
                raise BadResponse(
                    _(
                        "Clockify sent page {page} of the detailed report with the same entries "
                        "as before, so the rest cannot be read. Reading stopped there."
                    ).format(page=page)
                )
            seen.update(e.id for e in new)
            entries.extend(new)
            if len(batch) < page_size or (totals.entries and len(entries) >= totals.entries):
                return totals, entries
        raise BadResponse(
            ngettext(
                "Clockify kept sending report pages; stopped after {count}.",
                "Clockify kept sending report pages; stopped after {count}.",
                _MAX_PAGES,
            ).format(count=_MAX_PAGES)
        )

    def export(
        self, workspace_id: str, body: dict[str, Any], export_type: str, kind: str = "detailed"
    ) -> bytes:
        """Clockify's own file of the report: CSV, XLSX or PDF (one request, every line)."""
        if export_type not in EXPORT_TYPES:
            raise ValueError(f"cannot export as {export_type}")
        request = {**body, "exportType": export_type}
        if kind == "detailed":
            request["detailedFilter"] = {
                "page": 1,
                "pageSize": DETAILED_PAGE_SIZE,
                "sortColumn": "DATE",
                "options": {"totals": "CALCULATE"},
            }
        else:
            request["summaryFilter"] = {"groups": ["PROJECT"]}
        return self._post(workspace_id, kind, request).content

    def _post(self, workspace_id: str, kind: str, body: dict[str, Any]) -> Any:
        return self._request(
            "POST", f"/workspaces/{workspace_id}/reports/{kind}", body=body, read_only=True
        )
