"""The Reports view's requests: a report of a range, and the range exported to a file.

Kept beside the tracker (which owns the state) rather than in it: a report changes nothing in
Clockify or in the outbox, it only reads, so it needs the session, the sync and the state of
the moment, and tells its answer through the same ``Events`` port.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from tray_app.clockify import ClockifyError, NetworkError, TimeEntry
from tray_app.clockify.reports import report_body
from tray_app.core.events import Events
from tray_app.core.export import Layout, Names, entries_csv
from tray_app.core.reports import Report, ReportRequest, in_range, make_report
from tray_app.core.session import Session
from tray_app.core.state import AppState
from tray_app.core.sync import Sync

logger = logging.getLogger(__name__)

LOCAL_CSV = "csv"  # counted here; Clockify's own files are "CSV", "XLSX", "PDF"


@dataclass(frozen=True)
class ExportRequest:
    """Write ``request``'s range to ``path``: ``kind`` is ``LOCAL_CSV`` or one of Clockify's
    export types (its detailed report as a file)."""

    request: ReportRequest
    kind: str
    path: str


class Reporter:
    """Makes reports and exports for the tracker's current state.

    Args:
        session: the clients (main API and reports host).
        sync: reads the range's entries, and keeps them for offline.
        events: where answers go (``report_ready``, ``exported``, ``failed``).
    """

    def __init__(self, session: Session, sync: Sync, events: Events) -> None:
        self._session = session
        self._sync = sync
        self._events = events

    def on_report(self, request: ReportRequest, state: AppState) -> None:
        entries, note = self._entries(request, state)
        reports = self._session.reports() if self._session.client is not None else None
        names = self._names(state, entries)
        self._events.report_ready(make_report(request, state, entries, note, reports, names))

    def on_export(self, export: ExportRequest, state: AppState) -> None:
        try:
            data = self._file(export, state)
            Path(export.path).write_bytes(data)
        except ClockifyError as err:
            self._events.failed(f"Not exported: {err.message}")
            return
        except OSError as err:
            self._events.failed(
                f"Not exported: {export.path} could not be written ({err.strerror})."
            )
            return
        logger.info("exported a report as %s", export.kind)
        self._events.exported(export.path)

    def _file(self, export: ExportRequest, state: AppState) -> bytes:
        request = export.request
        if export.kind == LOCAL_CSV:
            entries, _ = self._entries(request, state)
            chosen = in_range(entries, request, state.zone)
            layout = Layout.of(state.user, state.zone)
            return entries_csv(chosen, self._names(state, chosen), layout).encode("utf-8")
        if state.workspace is None or state.user is None:
            raise ClockifyError("Not signed in.")
        zone = getattr(state.zone, "key", None) or "UTC"
        body = report_body(request.start, request.end, zone, state.user.id, amounts=True)
        return self._session.reports().export(state.workspace.id, body, export.kind)

    def _entries(self, request: ReportRequest, state: AppState) -> tuple[list[TimeEntry], str]:
        """The range's entries: from Clockify (every page), else what this computer kept."""
        zone = state.zone
        since = datetime.combine(request.start, time(), zone)
        until = datetime.combine(request.end + timedelta(days=1), time(), zone)
        until -= timedelta(seconds=1)
        client = self._session.client
        if client is not None and state.user is not None:
            try:
                return self._sync.read_range(client, state, since, until), ""
            except NetworkError:
                why = "Offline: the entries are those kept on this computer."
            except ClockifyError as err:
                why = f"The entries could not be read ({err.reason.rstrip('.')}); those kept here."
        else:
            why = "Not signed in: the entries are those kept on this computer."
        return self._sync.range_from_cache(state, since, until), why

    def _names(self, state: AppState, entries: list[TimeEntry]) -> Names:
        """Names for the entries' projects, tags and tasks (every project's, read once)."""
        workspace = state.workspace.id if state.workspace else ""
        tasks = self._sync.task_names(self._session.client, workspace, entries)
        return Names.of(state.projects, state.tags, tasks)


__all__ = ["LOCAL_CSV", "ExportRequest", "Report", "Reporter"]
