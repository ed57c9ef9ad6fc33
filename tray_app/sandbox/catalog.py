"""The workspaces' clients, projects, tasks and tags, with Clockify's rules for changing them:
names required and unique, archived before deleted, and what only admins may change.
"""

from __future__ import annotations

import re
from typing import Any

from tray_app.sandbox.accounts import Accounts
from tray_app.sandbox.wire import ApiError, Json, id_list, optional_flag, optional_text

# Which workspace setting limits changing each kind to admins, and its name in messages.
ITEM_RULES = {
    "client": ("onlyAdminsCreateProject", "Client"),
    "tag": ("onlyAdminsCreateTag", "Tag"),
    "task": ("onlyAdminsCreateTask", "Task"),
}


class Catalog(Accounts):
    """Clients, projects, tasks and tags, on top of the accounts they belong to; its methods take
    the accounts' lock, and ``seed`` is theirs (``Accounts``)."""

    def __init__(self, *, seed: int = 7) -> None:
        super().__init__(seed=seed)
        self.clients: dict[str, dict[str, Any]] = {}
        self.projects: dict[str, dict[str, Any]] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        self.custom_fields: dict[str, dict[str, Any]] = {}

    # --- building data (seed, tests) ------------------------------------------------------

    def add_client(self, workspace_id: str, name: str, archived: bool = False) -> str:
        with self.lock:
            client_id = self.new_id()
            self.clients[client_id] = {
                "id": client_id,
                "name": name,
                "workspaceId": workspace_id,
                "archived": archived,
                "address": None,
                "note": None,
                "email": None,
                "currencyId": None,
                "currencyCode": "USD",
                "ccEmails": [],
            }
            return client_id

    def add_project(
        self,
        workspace_id: str,
        name: str,
        *,
        client_id: str | None = None,
        color: str = "#03A9F4",
        billable: bool = False,
        archived: bool = False,
        public: bool = True,
    ) -> str:
        with self.lock:
            project_id = self.new_id()
            client = self.clients.get(client_id or "")
            self.projects[project_id] = {
                "id": project_id,
                "name": name,
                "workspaceId": workspace_id,
                "clientId": client_id or "",
                "clientName": client["name"] if client else "",
                "color": color,
                "billable": billable,
                "archived": archived,
                "public": public,
                "isPublic": public,
                "template": False,
                "isTemplate": False,
                "note": "",
                "duration": "PT0S",
                "memberships": [],
                # Billable projects charge 85.00 an hour (Clockify keeps cents).
                "hourlyRate": {"amount": 8500 if billable else 0, "currency": "USD"},
                "costRate": None,
                "estimate": {"estimate": "PT0S", "type": "AUTO"},
                "timeEstimate": {
                    "estimate": "PT0S",
                    "type": "AUTO",
                    "resetOption": None,
                    "active": False,
                    "includeNonBillable": True,
                },
                "budgetEstimate": None,
                "estimateReset": None,
            }
            return project_id

    def add_task(
        self, project_id: str, name: str, *, billable: bool = False, done: bool = False
    ) -> str:
        with self.lock:
            task_id = self.new_id()
            self.tasks[task_id] = {
                "id": task_id,
                "name": name,
                "projectId": project_id,
                "billable": billable,
                "status": "DONE" if done else "ACTIVE",
                "assigneeIds": [],
                "userGroupIds": [],
                "estimate": "PT0S",
                "duration": "PT0S",
                "assigneeId": None,
                "hourlyRate": None,
                "costRate": None,
                "budgetEstimate": 0,
            }
            return task_id

    def add_tag(self, workspace_id: str, name: str, archived: bool = False) -> str:
        with self.lock:
            tag_id = self.new_id()
            self.tags[tag_id] = {
                "id": tag_id,
                "name": name,
                "workspaceId": workspace_id,
                "archived": archived,
            }
            return tag_id

    def add_custom_field(
        self,
        workspace_id: str,
        name: str,
        kind: str = "TXT",
        *,
        allowed: tuple[str, ...] = (),
        required: bool = False,
        status: str = "VISIBLE",
        project_defaults: dict[str, Any] | None = None,
    ) -> str:
        """A custom field for time entries, as CustomFieldDtoV1 shows it."""
        with self.lock:
            field_id = self.new_id()
            self.custom_fields[field_id] = {
                "id": field_id,
                "name": name,
                "type": kind,
                "allowedValues": list(allowed),
                "required": required,
                "status": status,
                "entityType": "TIMEENTRY",
                "onlyAdminCanEdit": False,
                "placeholder": name,
                "description": "",
                "workspaceDefaultValue": None,
                "workspaceId": workspace_id,
                "projectDefaultValues": [
                    {"projectId": project, "value": value, "status": "VISIBLE"}
                    for project, value in (project_defaults or {}).items()
                ],
            }
            return field_id

    def relax_required_fields(self) -> None:
        """Make every custom field optional (for tries and checks of other things that write
        entries without them)."""
        with self.lock:
            for field_ in self.custom_fields.values():
                field_["required"] = False

    # --- reads -----------------------------------------------------------------------------

    def in_workspace(
        self, table: dict[str, dict[str, Any]], workspace_id: str
    ) -> list[dict[str, Any]]:
        with self.lock:
            return [row for row in table.values() if row["workspaceId"] == workspace_id]

    def project_in(self, workspace_id: str, project_id: str) -> dict[str, Any] | None:
        with self.lock:
            project = self.projects.get(project_id)
            return project if project and project["workspaceId"] == workspace_id else None

    def tasks_of(self, project_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [t for t in self.tasks.values() if t["projectId"] == project_id]

    # --- writes with Clockify's rules -----------------------------------------------------

    def create_project(self, workspace_id: str, body: dict[str, Any]) -> dict[str, Any]:
        name = optional_text(body, "name")
        if name is None or not 2 <= len(name.strip()) <= 250:
            raise ApiError(400, "Project name has to be between 2 and 250 characters long", 501)
        client_id = optional_text(body, "clientId") or ""
        color = optional_text(body, "color") or "#03A9F4"
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
            raise ApiError(400, "Color must be a hex color code such as #03A9F4", 501)
        optional_text(body, "note", limit=16384)
        billable, public = optional_flag(body, "billable"), optional_flag(body, "isPublic")
        with self.lock:
            if client_id and (
                client_id not in self.clients
                or self.clients[client_id]["workspaceId"] != workspace_id
            ):
                raise ApiError(400, "Client doesn't belong to Workspace", 501)
            for project in self.in_workspace(self.projects, workspace_id):
                same_client = project["clientId"] == client_id
                if same_client and project["name"].casefold() == name.strip().casefold():
                    raise ApiError(400, "Project with this name already exists", 501)
            project_id = self.add_project(
                workspace_id,
                name.strip(),
                client_id=client_id or None,
                color=color,
                billable=billable is True,
                public=public is not False,
            )
            return self.projects[project_id]

    def update_project(
        self, workspace_id: str, project_id: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        with self.lock:
            project = self.project_in(workspace_id, project_id)
            if project is None:
                raise ApiError(404, "Project not found", 501)
            name = optional_text(body, "name")
            if name is not None:
                if not 2 <= len(name.strip()) <= 250:
                    raise ApiError(
                        400, "Project name has to be between 2 and 250 characters long", 501
                    )
                project["name"] = name.strip()
            for key, wire in (("billable", "billable"), ("archived", "archived")):
                value = optional_flag(body, wire)
                if value is not None:
                    project[key] = value
            public = optional_flag(body, "isPublic")
            if public is not None:
                project["public"] = project["isPublic"] = public
            color = optional_text(body, "color")
            if color is not None:
                if not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
                    raise ApiError(400, "Color must be a hex color code such as #03A9F4", 501)
                project["color"] = color
            note = optional_text(body, "note", limit=16384)
            if note is not None:
                project["note"] = note
            return project

    def delete_project(self, workspace_id: str, project_id: str) -> dict[str, Any]:
        with self.lock:
            project = self.project_in(workspace_id, project_id)
            if project is None:
                raise ApiError(404, "Project not found", 501)
            if not project["archived"]:
                raise ApiError(400, "Only archived projects can be deleted", 501)
            return self.projects.pop(project_id)

    def create_named(
        self, kind: str, workspace_id: str, user_id: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        """A client or a tag, with Clockify's rules: a name, unique in the workspace."""
        setting = "onlyAdminsCreateProject" if kind == "client" else "onlyAdminsCreateTag"
        self.check_admin_for(workspace_id, user_id, setting)
        name = (optional_text(body, "name", limit=100) or "").strip()
        if not name:
            raise ApiError(400, f"{kind.capitalize()} name is required", 501)
        table = self.clients if kind == "client" else self.tags
        with self.lock:
            if any(
                row["name"].casefold() == name.casefold()
                for row in self.in_workspace(table, workspace_id)
            ):
                raise ApiError(400, f"{kind.capitalize()} with name '{name}' already exists", 501)
            if kind == "client":
                made = self.add_client(workspace_id, name)
                client = self.clients[made]
                for key in ("address", "note", "email"):
                    client[key] = optional_text(body, key)
                return client
            return self.tags[self.add_tag(workspace_id, name)]

    def create_task(
        self, workspace_id: str, user_id: str, project_id: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        self.check_admin_for(workspace_id, user_id, "onlyAdminsCreateTask")
        name = (optional_text(body, "name", limit=1000) or "").strip()
        if not name:
            raise ApiError(400, "Task name is required", 501)
        with self.lock:
            project = self.project_in(workspace_id, project_id)
            if project is None:
                raise ApiError(404, "Project not found", 501)
            if any(t["name"].casefold() == name.casefold() for t in self.tasks_of(project_id)):
                raise ApiError(400, f"Task with name '{name}' already exists", 501)
            billable = optional_flag(body, "billable")
            task_id = self.add_task(
                project_id, name, billable=project["billable"] if billable is None else billable
            )
            task = self.tasks[task_id]
            task["assigneeIds"] = id_list(body, "assigneeIds")
            task["assigneeId"] = task["assigneeIds"][0] if task["assigneeIds"] else None
            return task

    # --- clients, tags and tasks by id -------------------------------------------------------

    def item(self, kind: str, workspace_id: str, item_id: str, project_id: str = "") -> Json:
        """A client, tag or task (of ``project_id``) by id, or Clockify's 404."""
        with self.lock:
            if kind == "task":
                if self.project_in(workspace_id, project_id) is None:
                    raise ApiError(404, "Project not found", 501)
                row = self.tasks.get(item_id)
                found = row is not None and row["projectId"] == project_id
            else:
                row = (self.clients if kind == "client" else self.tags).get(item_id)
                found = row is not None and row["workspaceId"] == workspace_id
            if not found or row is None:
                raise ApiError(404, f"{ITEM_RULES[kind][1]} not found", 501)
            return row

    def update_item(
        self,
        kind: str,
        workspace_id: str,
        user_id: str,
        item_id: str,
        body: dict[str, Any],
        project_id: str = "",
    ) -> Json:
        setting, label = ITEM_RULES[kind]
        self.check_admin_for(workspace_id, user_id, setting)
        with self.lock:
            row = self.item(kind, workspace_id, item_id, project_id)
            name = optional_text(body, "name", limit=1000)
            if name is not None:
                if not name.strip():
                    raise ApiError(400, f"{label} name is required", 501)
                siblings = (
                    self.tasks_of(project_id)
                    if kind == "task"
                    else self.in_workspace(
                        self.clients if kind == "client" else self.tags, workspace_id
                    )
                )
                if any(
                    other["id"] != item_id and other["name"].casefold() == name.strip().casefold()
                    for other in siblings
                ):
                    raise ApiError(400, f"{label} with name '{name.strip()}' already exists", 501)
                row["name"] = name.strip()
            if kind == "task":
                status = body.get("status")
                if status is not None:
                    if status not in ("ACTIVE", "DONE"):
                        raise ApiError(400, "Task status must be ACTIVE or DONE", 501)
                    row["status"] = status
                billable = optional_flag(body, "billable")
                if billable is not None:
                    row["billable"] = billable
            else:
                archived = optional_flag(body, "archived")
                if archived is not None:
                    row["archived"] = archived
            if kind == "client":
                for key in ("address", "note", "email"):
                    if key in body:
                        row[key] = optional_text(body, key)
                for project in self.in_workspace(self.projects, workspace_id):
                    if project["clientId"] == item_id:
                        project["clientName"] = row["name"]
            return row

    def delete_item(
        self, kind: str, workspace_id: str, user_id: str, item_id: str, project_id: str = ""
    ) -> Json:
        self.check_admin_for(workspace_id, user_id, ITEM_RULES[kind][0])
        with self.lock:
            row = self.item(kind, workspace_id, item_id, project_id)
            if kind == "client" and not row["archived"]:
                raise ApiError(400, "Only archived clients can be deleted", 501)
            table = {"client": self.clients, "tag": self.tags, "task": self.tasks}[kind]
            return table.pop(item_id)
