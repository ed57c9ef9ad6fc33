"""The sandbox's whole state: its time entries and Clockify's rules for them (one timer at a
time, references that belong to the workspace, the fields a workspace forces, locked periods),
on top of the workday (``approvals``, ``timeoff``, ``workday``), the catalog (``catalog``) and
the accounts (``accounts``), all behind one lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tray_app.sandbox.approvals import Approvals
from tray_app.sandbox.wire import (
    ApiError,
    Json,
    id_list,
    iso_duration,
    optional_flag,
    optional_text,
    read_time,
    wire_time,
)


@dataclass
class Entry:
    """A time entry as the sandbox keeps it (times in UTC; ``end`` None while it runs), written
    out in Clockify's shape by ``to_json``."""

    id: str
    workspace_id: str
    user_id: str
    start: datetime
    end: datetime | None
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: list[str] = field(default_factory=list)
    billable: bool = False
    hourly_rate: dict[str, Any] | None = None  # the project's rate when billable, in cents
    cost_rate: dict[str, Any] | None = None
    custom_fields: list[dict[str, Any]] = field(default_factory=list)  # {customFieldId, value}

    def to_json(self) -> dict[str, Any]:
        duration = None
        if self.end is not None:
            duration = iso_duration(int((self.end - self.start).total_seconds()))
        return {
            "id": self.id,
            "description": self.description,
            "tagIds": list(self.tag_ids),
            "userId": self.user_id,
            "billable": self.billable,
            "taskId": self.task_id,
            "projectId": self.project_id,
            "workspaceId": self.workspace_id,
            "timeInterval": {
                "start": wire_time(self.start),
                "end": wire_time(self.end) if self.end else None,
                "duration": duration,
            },
            "customFieldValues": [
                {
                    "customFieldId": value["customFieldId"],
                    "timeEntryId": self.id,
                    "value": value.get("value"),
                    "name": value.get("name"),
                    "type": "WORKSPACE",
                }
                for value in self.custom_fields
            ],
            "type": "REGULAR",
            "kioskId": None,
            "isLocked": False,
            "hourlyRate": dict(self.hourly_rate) if self.hourly_rate and self.billable else None,
            "costRate": dict(self.cost_rate) if self.cost_rate else None,
        }


class SandboxState(Approvals):
    """Users, workspaces, clients, projects, tasks, tags and time entries, with Clockify's rules.

    Every public method takes the lock, so the threaded server can call them concurrently.

    Args:
        seed: makes the ids (``new_id``) the same from one run to the next.
    """

    def __init__(self, *, seed: int = 7) -> None:
        super().__init__(seed=seed)
        self.entries: dict[str, Entry] = {}

    # --- reads -----------------------------------------------------------------------------

    def entry_json(self, entry: Entry) -> Json:
        """The entry as Clockify answers it, ``isLocked`` where its period is locked."""
        row = entry.to_json()
        row["isLocked"] = self.is_locked(entry.workspace_id, entry.user_id, entry.start)
        return row

    def entries_of(self, workspace_id: str, user_id: str) -> list[Entry]:
        with self.lock:
            found = [
                e
                for e in self.entries.values()
                if e.workspace_id == workspace_id and e.user_id == user_id
            ]
        return sorted(found, key=lambda e: e.start, reverse=True)

    def entries_of_workspace(self, workspace_id: str) -> list[Entry]:
        with self.lock:
            return [e for e in self.entries.values() if e.workspace_id == workspace_id]

    def running_entry(self, workspace_id: str, user_id: str) -> Entry | None:
        with self.lock:
            for entry in self.entries.values():
                if (
                    entry.workspace_id == workspace_id
                    and entry.user_id == user_id
                    and entry.end is None
                ):
                    return entry
        return None

    def entry_of(self, workspace_id: str, user_id: str, entry_id: str) -> Entry:
        with self.lock:
            entry = self.entries.get(entry_id)
            if entry is None or entry.workspace_id != workspace_id:
                raise ApiError(404, "Time entry with id " + entry_id + " doesn't exist", 501)
            if entry.user_id != user_id:
                raise ApiError(403, "Access Denied", 1003)
            return entry

    # --- writes with Clockify's rules -----------------------------------------------------

    def _checked_fields(self, workspace_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Validate an entry body's references and times; return the fields to store."""
        start = read_time(body.get("start"), "start")
        end = read_time(body["end"], "end") if body.get("end") is not None else None
        if end is not None and end < start:
            raise ApiError(400, "Start time must be before end time", 501)
        project_id = optional_text(body, "projectId") or None
        task_id = optional_text(body, "taskId") or None
        tag_ids = id_list(body, "tagIds")
        description = optional_text(body, "description", limit=3000) or ""
        billable = optional_flag(body, "billable")
        custom = body.get("customFields") or []
        if (
            not isinstance(custom, list)
            or len(custom) > 50
            or not all(
                isinstance(c, dict) and isinstance(c.get("customFieldId"), str) for c in custom
            )
        ):
            raise ApiError(400, "customFields must be a list of {customFieldId, value}", 501)
        with self.lock:
            project = self.project_in(workspace_id, project_id) if project_id else None
            if project_id is not None and project is None:
                raise ApiError(400, "Project doesn't belong to Workspace", 501)
            if task_id is not None:
                task = self.tasks.get(task_id)
                if task is None or project_id is None or task["projectId"] != project_id:
                    raise ApiError(400, "Task doesn't belong to Project", 501)
            if any(
                tag not in self.tags or self.tags[tag]["workspaceId"] != workspace_id
                for tag in tag_ids
            ):
                raise ApiError(400, "Tag doesn't belong to Workspace", 501)
            if project is not None and project["archived"]:
                raise ApiError(
                    400, "Cannot create or change time entries of an archived project", 501
                )
            self._check_forced(workspace_id, project, task_id, tag_ids, description)
            custom = self._checked_custom_fields(workspace_id, custom)
        return {
            "start": start,
            "end": end,
            "description": description,
            "project_id": project_id,
            "task_id": task_id,
            "tag_ids": list(tag_ids),
            "billable": billable is True,
            "hourly_rate": dict(project["hourlyRate"]) if project else None,
            "custom_fields": custom,
        }

    def _check_forced(
        self,
        workspace_id: str,
        project: dict[str, Any] | None,
        task_id: str | None,
        tag_ids: list[str] | tuple[str, ...],
        description: str,
    ) -> None:
        """The workspace's forced fields (under the lock)."""
        rules = self.workspaces[workspace_id]["workspaceSettings"]
        has_tasks = project is not None and any(
            t["status"] == "ACTIVE" for t in self.tasks_of(project["id"])
        )
        forced = [
            (rules.get("forceProjects") and project is None, "Project"),
            (rules.get("forceTasks") and has_tasks and task_id is None, "Task"),
            (rules.get("forceTags") and not tag_ids, "Tag"),
            (rules.get("forceDescription") and not description.strip(), "Description"),
        ]
        for missing, what in forced:
            if missing:
                raise ApiError(400, f"{what} is required in this workspace", 501)

    def _checked_custom_fields(
        self, workspace_id: str, sent: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The values sent, each of a field of the workspace; every required visible field
        given a value (under the lock)."""
        fields = {
            f["id"]: f
            for f in self.custom_fields.values()
            if f["workspaceId"] == workspace_id and f["entityType"] == "TIMEENTRY"
        }
        kept = []
        for value in sent:
            field_ = fields.get(value["customFieldId"])
            if field_ is None:
                raise ApiError(400, "Custom field doesn't belong to Workspace", 501)
            _check_custom_value(field_, value.get("value"))
            kept.append(
                {"customFieldId": field_["id"], "value": value.get("value"), "name": field_["name"]}
            )
        given = {v["customFieldId"] for v in kept if v["value"] not in (None, "", [])}
        for field_ in fields.values():
            if field_["required"] and field_["status"] == "VISIBLE" and field_["id"] not in given:
                raise ApiError(400, f"Custom field {field_['name']} is required", 501)
        return kept

    def check_entry_body(self, workspace_id: str, body: dict[str, Any]) -> None:
        """Refuse an entry body as ``replace_entry`` would, without changing anything."""
        self._checked_fields(workspace_id, body)

    def create_entry(
        self, workspace_id: str, user_id: str, body: dict[str, Any], writer: str | None = None
    ) -> Entry:
        """A new entry of ``user_id``, written by ``writer`` (None: the sandbox itself, which
        locks do not stop)."""
        fields = self._checked_fields(workspace_id, body)
        with self.lock:
            self.check_unlocked(workspace_id, writer, user_id, fields["start"])
            if fields["end"] is None:
                # One timer per user and workspace: Clockify ends the running one when a new
                # one starts.
                running = self.running_entry(workspace_id, user_id)
                if running is not None:
                    running.end = max(fields["start"], running.start)
            entry = Entry(id=self.new_id(), workspace_id=workspace_id, user_id=user_id, **fields)
            self.entries[entry.id] = entry
            return entry

    def replace_entry(
        self,
        workspace_id: str,
        user_id: str,
        entry_id: str,
        body: dict[str, Any],
        writer: str | None = None,
    ) -> Entry:
        with self.lock:
            entry = self.entry_of(workspace_id, user_id, entry_id)
            fields = self._checked_fields(workspace_id, body)
            self.check_unlocked(workspace_id, writer, user_id, entry.start, fields["start"])
            running = self.running_entry(workspace_id, user_id)
            if fields["end"] is None and running is not None and running.id != entry_id:
                raise ApiError(400, "You already have a timer running", 501)
            for name, value in fields.items():
                setattr(entry, name, value)
            return entry

    def stop_running(
        self, workspace_id: str, user_id: str, body: dict[str, Any], writer: str | None = None
    ) -> Entry:
        end = read_time(body.get("end"), "end")
        with self.lock:
            running = self.running_entry(workspace_id, user_id)
            if running is None:
                raise ApiError(404, "Time entry is not in progress", 501)
            self.check_unlocked(workspace_id, writer, user_id, running.start)
            if end < running.start:
                raise ApiError(400, "Start time must be before end time", 501)
            # Clockify checks the workspace's forced fields when a timer stops too: one
            # started elsewhere, or before a rule changed, cannot stop without them.
            project = self.projects.get(running.project_id or "")
            self._check_forced(
                workspace_id, project, running.task_id, running.tag_ids, running.description
            )
            self._checked_custom_fields(workspace_id, running.custom_fields)
            running.end = end
            return running

    def delete_many(
        self, workspace_id: str, user_id: str, entry_ids: list[str], writer: str | None = None
    ) -> list[Entry]:
        with self.lock:
            found = [
                entry_id
                for entry_id in dict.fromkeys(entry_ids)
                if entry_id in self.entries
                and self.entries[entry_id].workspace_id == workspace_id
                and self.entries[entry_id].user_id == user_id
            ]
            starts = [self.entries[entry_id].start for entry_id in found]
            self.check_unlocked(workspace_id, writer, user_id, *starts)  # all or none
            return [self.entries.pop(entry_id) for entry_id in found]

    def delete_entry(
        self, workspace_id: str, user_id: str, entry_id: str, writer: str | None = None
    ) -> None:
        with self.lock:
            entry = self.entry_of(workspace_id, user_id, entry_id)
            self.check_unlocked(workspace_id, writer, user_id, entry.start)
            del self.entries[entry_id]


def _check_custom_value(field_: dict[str, Any], value: Any) -> None:
    """Refuse a value that does not fit its field's type (an empty one clears any field)."""
    if value is None or value == "" or value == []:
        return
    kind, allowed = field_["type"], field_.get("allowedValues") or []
    if kind == "DROPDOWN_MULTIPLE":
        fits = isinstance(value, list) and all(v in allowed for v in value)
    elif kind == "DROPDOWN_SINGLE":
        fits = value in allowed
    elif kind == "CHECKBOX":
        fits = isinstance(value, bool)
    elif kind == "NUMBER":
        fits = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        fits = isinstance(value, str)
    if not fits:
        raise ApiError(400, f"Invalid value for custom field {field_['name']}", 501)
