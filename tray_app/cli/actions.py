"""The `api` actions: each takes the client and the parsed arguments, returns its fields."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from tray_app.cli.custom import custom_values
from tray_app.cli.required import check_required
from tray_app.cli.usage import UsageError
from tray_app.cli.workday import WORKDAY_ACTIONS
from tray_app.clockify.fields import wire
from tray_app.core.rules import description_problem, project_name_problem

Result = dict[str, Any]


def _whoami(client: Any, args: argparse.Namespace) -> Result:
    user = client.get_user()
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "active_workspace_id": user.active_workspace,
    }


def _list_workspaces(client: Any, args: argparse.Namespace) -> Result:
    workspaces = client.list_workspaces()
    return {
        "count": len(workspaces),
        "workspaces": [{"id": w.id, "name": w.name} for w in workspaces],
    }


def _list_projects(client: Any, args: argparse.Namespace) -> Result:
    projects = client.list_projects(args.workspace_id, archived=args.archived)
    return {
        "count": len(projects),
        "projects": [{"archived": p.archived, "id": p.id, "name": p.name} for p in projects],
    }


def _create_project(client: Any, args: argparse.Namespace) -> Result:
    name = args.name.strip()
    problem = project_name_problem(name)
    if problem:
        raise UsageError(f"--name: {problem}")
    project = client.create_project(
        args.workspace_id, name, client_id=args.client_id, is_public=not args.private
    )
    return {"id": project.id, "name": project.name}


def _check_order(start: datetime | None, end: datetime | None) -> None:
    """Refuse an end before the start before anything is sent."""
    from tray_app.clockify.timefmt import format_utc

    if start is not None and end is not None and end < start:
        raise UsageError(f"The end ({format_utc(end)}) is before the start ({format_utc(start)}).")


def _entry_summary(entry: Any) -> Result:
    from tray_app.clockify.timefmt import format_utc

    return {
        "id": entry.id,
        "description": entry.description,
        "start": format_utc(entry.start),
        "end": format_utc(entry.end) if entry.end else None,
    }


def _check_description(description: str) -> None:
    problem = description_problem(description)
    if problem:
        raise UsageError(f"--description: {problem}")


def _project_billable(client: Any, workspace_id: str, project_id: str | None) -> bool:
    """Clockify stores a missing ``billable`` as false, so send the project's own default."""
    if not project_id:
        return False
    from tray_app.clockify import NotFound, ValidationError

    try:
        return bool(client.get_project(workspace_id, project_id).billable)
    except NotFound as err:
        raise ValidationError(
            f"Project '{project_id}' does not exist in workspace '{workspace_id}'.",
            status=err.status,
            code=err.code,
        ) from err


def _entry_options(client: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The fields a new entry takes from the command line, the workspace's required ones
    checked first; ``billable`` defaults to the project's, as in Clockify's own apps."""
    tag_ids = tuple(dict.fromkeys(args.tag_id or ()))
    values, empty = custom_values(
        client, args.workspace_id, args.custom_field or [], project_id=args.project_id
    )
    check_required(
        client,
        args.workspace_id,
        description=args.description,
        project_id=args.project_id,
        task_id=args.task_id,
        tag_ids=tag_ids,
        empty_fields=empty,
    )
    billable = args.billable
    if billable is None:
        billable = _project_billable(client, args.workspace_id, args.project_id)
    return {
        "description": args.description,
        "project_id": args.project_id,
        "task_id": args.task_id,
        "tag_ids": tag_ids,
        "billable": billable,
        "custom_fields": values,
    }


def _create_time_entry(client: Any, args: argparse.Namespace) -> Result:

    _check_description(args.description)
    _check_order(args.start, args.end)
    entry = client.create_time_entry(
        args.workspace_id, start=args.start, end=args.end, **_entry_options(client, args)
    )
    return _entry_summary(entry)


def _start_timer(client: Any, args: argparse.Namespace) -> Result:
    from tray_app.clockify import ValidationError
    from tray_app.clockify.timefmt import format_utc

    _check_description(args.description)
    fields = _entry_options(client, args)
    user = client.get_user()
    running = client.get_running_entry(args.workspace_id, user.id)
    if running is not None:
        if not args.stop_running:
            what = f" ('{running.description}')" if running.description else ""
            raise ValidationError(
                f"A timer is already running{what} since {format_utc(running.start)}. "
                "Stop it first, or pass --stop-running."
            )
        client.stop_timer(args.workspace_id, user.id)
    entry = client.start_timer(args.workspace_id, **fields)
    return {"id": entry.id, "description": entry.description, "start": format_utc(entry.start)}


def _stop_timer(client: Any, args: argparse.Namespace) -> Result:
    from tray_app.clockify.timefmt import format_utc

    entry = client.stop_timer(args.workspace_id, args.user_id)
    return {"id": entry.id, "end": format_utc(entry.end)}


def _entry_fields(entry: Any) -> Result:
    from tray_app.clockify.timefmt import format_utc

    return {
        "id": entry.id,
        "description": entry.description,
        "project_id": entry.project_id,
        "task_id": entry.task_id,
        "tag_ids": list(entry.tag_ids),
        "billable": entry.billable,
        "custom_fields": [
            {"id": v.field_id, "name": v.name, "value": wire(v.value)} for v in entry.custom_fields
        ],
        "start": format_utc(entry.start),
        "end": format_utc(entry.end) if entry.end else None,
    }


def _entries_csv(client: Any, workspace_id: str, entries: list[Any]) -> str:
    """The entries in the app's export columns: names read along (the user's profile, the
    projects, tags, and the tasks of the projects the entries use)."""
    from tray_app.core.export import Layout, Names, entries_csv
    from tray_app.core.state import user_zone

    user = client.get_user()
    tasks: dict[str, str] = {}
    notes: list[str] = []
    _zone_note(user, notes)
    for project_id in sorted({e.project_id for e in entries if e.task_id and e.project_id}):
        read = partial(client.list_tasks, workspace_id, project_id)
        tasks.update((t.id, t.name) for t in _names_or_note(read, "Task", notes))
    projects = _names_or_note(lambda: client.list_projects(workspace_id), "Project", notes)
    tags = _names_or_note(lambda: client.list_tags(workspace_id), "Tag", notes)
    fields = _names_or_note(
        lambda: client.list_custom_fields(workspace_id),
        "Custom field",
        notes,
        instead="their columns are left out",
    )
    names = Names.of(projects, tags, tasks, fields)
    return entries_csv(entries, names, Layout.of(user, user_zone(user)))


def _zone_note(user: Any, notes: list[str]) -> None:
    """Times in another zone than the profile's are said, on stderr and in ``notes``."""
    from tray_app.core.state import zone_problem

    problem = zone_problem(user)
    if problem:
        notes.append(problem)
        print(problem, file=sys.stderr)


def _names_or_note(
    read: Callable[[], list[Any]],
    what: str,
    notes: list[str],
    instead: str = "their ids are given",
) -> list[Any]:
    """Names are a help beside the ids, never a reason to fail: one that cannot be read is
    left empty, and stderr (and ``notes``) says why (stdout stays the CSV or the JSON)."""
    from tray_app.clockify import AuthError, ClockifyError, NetworkError

    try:
        return read()
    except (AuthError, NetworkError):
        raise  # the entries themselves would fail the same way
    except ClockifyError as err:
        note = f"{what} names could not be read ({err.reason.rstrip('.')}): {instead}."
        if note not in notes:
            notes.append(note)
            print(note, file=sys.stderr)
        return []


def _list_time_entries(client: Any, args: argparse.Namespace) -> Result | str:

    _check_order(args.start, args.end)
    entries = client.list_all_time_entries(
        args.workspace_id, args.user_id, since=args.start, until=args.end
    )
    if args.format == "csv":
        return _entries_csv(client, args.workspace_id, entries)
    return {"count": len(entries), "time_entries": [_entry_fields(e) for e in entries]}


def _update_time_entry(client: Any, args: argparse.Namespace) -> Result:

    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("description", args.description),
            ("project_id", args.project_id),
            ("task_id", args.task_id),
            ("tag_ids", tuple(dict.fromkeys(args.tag_id)) if args.tag_id else None),
            ("billable", args.billable),
            ("start", args.start),
            ("end", args.end),
        )
        if value is not None
    }
    if not changes and not args.custom_field:
        raise UsageError(
            "Nothing to change: give --description, --project-id, --task-id, --tag-id, "
            "--billable, --custom-field, --start or --end."
        )
    if args.description is not None:
        _check_description(args.description)
    _check_order(args.start, args.end)
    current = client.get_time_entry(args.workspace_id, args.id)
    values, empty = custom_values(
        client,
        args.workspace_id,
        args.custom_field or [],
        project_id=changes.get("project_id", current.project_id),
        current=current.custom_fields,
    )
    if args.custom_field:
        changes["custom_fields"] = values
    check_required(
        client,
        args.workspace_id,
        description=changes.get("description", current.description),
        project_id=changes.get("project_id", current.project_id),
        task_id=changes.get("task_id", current.task_id),
        tag_ids=tuple(changes.get("tag_ids", current.tag_ids)),
        empty_fields=empty,
    )
    entry = client.update_time_entry(args.workspace_id, args.id, **changes)
    return _entry_summary(entry)


def _report(client: Any, args: argparse.Namespace) -> Result | str:
    """Clockify's summary report of the range (its rounding and amounts), else the totals
    counted from the range's entries, saying so (``source``, ``note``)."""
    import csv
    import io
    import os

    from tray_app.clockify.models import Workspace
    from tray_app.core.export import Names, hours_minutes
    from tray_app.core.reports.report import ReportRequest, in_range
    from tray_app.core.reports.reporter import make_report
    from tray_app.core.state import AppState, user_zone

    if args.end < args.start:
        raise UsageError("The end date is before the start date.")
    user = client.get_user()
    zone = user_zone(user)
    notes: list[str] = []
    _zone_note(user, notes)
    state = AppState(
        signed_in=True,
        user=user,
        workspace=Workspace(args.workspace_id, ""),
        projects=tuple(
            _names_or_note(lambda: client.list_projects(args.workspace_id), "Project", notes)
        ),
        tags=tuple(_names_or_note(lambda: client.list_tags(args.workspace_id), "Tag", notes)),
    )
    request = ReportRequest(args.start, args.end, args.group.upper())
    since = datetime.combine(args.start, time(), zone)
    until = datetime.combine(args.end + timedelta(days=1), time(), zone) - timedelta(seconds=1)
    entries = in_range(
        client.list_all_time_entries(args.workspace_id, user.id, since=since, until=until),
        request,
        zone,
    )
    reports = client.reports_client(args.reports_url or os.environ.get("CLOCKIFY_REPORTS_URL"))
    try:
        names = Names.of(state.projects, state.tags, {})
        made = make_report(request, state, entries, "", reports, names)
    finally:
        reports.close()
    groups = [
        {
            "name": line.name,
            "seconds": line.seconds,
            "duration": hours_minutes(line.seconds),
            "amount": line.amount,
        }
        for line in made.lines
    ]
    if args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([args.group, "duration", "duration_hours", "seconds", "amount"])
        for line in made.lines:
            amount = f"{line.amount / 100:.2f}" if line.amount is not None else ""
            writer.writerow(
                [
                    line.name,
                    hours_minutes(line.seconds),
                    f"{line.seconds / 3600:.2f}",
                    line.seconds,
                    amount,
                ]
            )
        return out.getvalue()
    return {
        "start": args.start.isoformat(),
        "end": args.end.isoformat(),
        "time_zone": getattr(zone, "key", str(zone)),
        "group": args.group,
        "source": "clockify" if made.from_clockify else "counted",
        "note": " ".join([made.note, *notes]).strip(),
        "total_seconds": made.total,
        "total": hours_minutes(made.total),
        "billable_seconds": made.billable,
        "billable": hours_minutes(made.billable),
        "amount": made.amount,
        "count": len(groups),
        "groups": groups,
    }


def _delete_time_entry(client: Any, args: argparse.Namespace) -> Result:
    client.delete_time_entry(args.workspace_id, args.id)
    return {"id": args.id}


ACTIONS: dict[str, Callable[[Any, argparse.Namespace], Result | str]] = {
    "whoami": _whoami,
    "list-workspaces": _list_workspaces,
    "list-projects": _list_projects,
    "create-project": _create_project,
    "create-time-entry": _create_time_entry,
    "start-timer": _start_timer,
    "stop-timer": _stop_timer,
    "list-time-entries": _list_time_entries,
    "update-time-entry": _update_time_entry,
    "delete-time-entry": _delete_time_entry,
    "report": _report,
    **WORKDAY_ACTIONS,
}
