"""The Reports view's requests: a report of a range, and the range exported to a file.

Kept beside the tracker (which owns the state) rather than in it: a report changes nothing in
Clockify or in the outbox, it only reads, so it needs the session, the sync and the state of
the moment, and tells its answer through the same ``Events`` port.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from pathlib import Path

from tray_app.clockify import ClockifyError, Forbidden, NetworkError, TimeEntry
from tray_app.clockify.reports import ReportsClient, report_body
from tray_app.core.events import Events
from tray_app.core.export import Layout, Names, entries_csv
from tray_app.core.reports.report import (
    LOCAL_CSV,
    ExportRequest,
    Report,
    ReportRequest,
    counted_here,
    from_clockify,
    in_range,
)
from tray_app.core.session import Session
from tray_app.core.state import AppState
from tray_app.core.sync import Sync
from tray_app.i18n import _, ngettext

logger = logging.getLogger(__name__)


def make_report(
    request: ReportRequest,
    state: AppState,
    entries: list[TimeEntry],
    entries_note: str,
    reports: ReportsClient | None,
    names: Names,
) -> Report:
    """Clockify's summary of ``request`` when its reports host answers, else the totals
    counted here from ``entries``; ``entries_note`` says where those came from, if not fresh."""
    zone = state.zone
    chosen = in_range(entries, request, zone)
    if reports is not None and state.workspace is not None and state.user is not None:
        zone_name = getattr(zone, "key", None) or "UTC"
        body = report_body(request.start, request.end, zone_name, state.user.id, amounts=True)
        try:
            try:
                summary = reports.summary(state.workspace.id, body, request.group)
            except Forbidden:  # not allowed to see amounts: the totals without them
                hidden = {**body, "amountShown": "HIDE_AMOUNT"}
                summary = reports.summary(state.workspace.id, hidden, request.group)
            return from_clockify(request, summary, chosen)
        except NetworkError:
            why = _("Clockify's reports could not be reached.")
        except ClockifyError as err:
            why = _("Clockify's reports are not available: {reason}.").format(
                reason=err.reason.rstrip(".")
            )
    else:
        why = _("Not signed in.")
    counted = ngettext(
        "Totals counted on this computer from {count} entry.",
        "Totals counted on this computer from {count} entries.",
        len(chosen),
    ).format(count=len(chosen))
    note = " ".join(sentence for sentence in (why, counted, entries_note) if sentence)
    return counted_here(request, chosen, names, zone, note)


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
            self._events.failed(_("Not exported: {reason}").format(reason=err.message))
            return
        except OSError as err:
            self._events.failed(
                _("Not exported: {path} could not be written ({error}).").format(
                    path=export.path, error=err.strerror
                )
            )
            return
        logger.info("exported a report as %s", export.kind)
        self._events.exported(export.path)

    def _file(self, export: ExportRequest, state: AppState) -> bytes:
        request = export.request
        if export.kind == LOCAL_CSV:
            entries, _note = self._entries(request, state)
            chosen = in_range(entries, request, state.zone)
            layout = Layout.of(state.user, state.zone)
            return entries_csv(chosen, self._names(state, chosen), layout).encode("utf-8")
        if state.workspace is None or state.user is None:
            raise ClockifyError(_("Not signed in."))
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
                why = _("Offline: the entries are those kept on this computer.")
            except ClockifyError as err:
                why = _("The entries could not be read ({reason}); those kept here.").format(
                    reason=err.reason.rstrip(".")
                )
        else:
            why = _("Not signed in: the entries are those kept on this computer.")
        return self._sync.range_from_cache(state, since, until), why

    def _names(self, state: AppState, entries: list[TimeEntry]) -> Names:
        """Names for the entries' projects, tags, tasks (every project's, read once) and custom
        fields."""
        workspace = state.workspace.id if state.workspace else ""
        tasks = self._sync.task_names(self._session.client, workspace, entries)
        return Names.of(state.projects, state.tags, tasks, state.custom_fields)


__all__ = ["LOCAL_CSV", "ExportRequest", "Report", "Reporter"]
