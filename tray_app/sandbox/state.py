"""The sandbox's data and Clockify's rules for it, kept in memory behind one lock."""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Json = dict[str, Any]
WIRE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class ApiError(Exception):
    """An error answer in Clockify's shape: ``{"message": …, "code": …}`` with an HTTP status."""

    def __init__(self, status: int, message: str, code: int) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def wire_time(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return f"{moment.year:04d}" + moment.strftime(WIRE_FORMAT.removeprefix("%Y"))


def read_time(value: Any, field_name: str) -> datetime:
    """Parse a time the way Clockify accepts it: ISO 8601 with ``Z`` or an offset."""
    if not isinstance(value, str):
        raise ApiError(400, f"Field '{field_name}' must be a date-time string", 501)
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(
            400, f"Field '{field_name}' has an invalid date-time: {value}", 501
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).replace(microsecond=0)
    except OverflowError:  # e.g. year 1 with an offset east of UTC
        raise ApiError(400, f"Field '{field_name}' is out of range: {value}", 501) from None


def optional_text(body: dict[str, Any], key: str, *, limit: int | None = None) -> str | None:
    """A string field, or None when absent or null; anything else is Clockify's 400."""
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"Field '{key}' must be a string", 501)
    if limit is not None and len(value) > limit:
        raise ApiError(400, f"Field '{key}' can have at most {limit} characters", 501)
    return value


def optional_flag(body: dict[str, Any], key: str) -> bool | None:
    value = body.get(key)
    if value is not None and not isinstance(value, bool):
        raise ApiError(400, f"Field '{key}' must be true or false", 501)
    return value


def id_list(body: dict[str, Any], key: str) -> list[str]:
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(400, f"Field '{key}' must be a list of ids", 501)
    return list(dict.fromkeys(value))  # a set of ids, as Clockify keeps them (order kept)


def iso_duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if v)
    return "PT" + (text or "0S")


@dataclass
class Entry:
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
                    "name": None,
                    "type": "TXT",
                }
                for value in self.custom_fields
            ],
            "type": "REGULAR",
            "kioskId": None,
            "isLocked": False,
            "hourlyRate": dict(self.hourly_rate) if self.hourly_rate and self.billable else None,
            "costRate": dict(self.cost_rate) if self.cost_rate else None,
        }


# Which workspace setting limits changing each kind to admins, and its name in messages.
ITEM_RULES = {
    "client": ("onlyAdminsCreateProject", "Client"),
    "tag": ("onlyAdminsCreateTag", "Tag"),
    "task": ("onlyAdminsCreateTask", "Task"),
}
# What a new Clockify account and workspace hold for the settings no client here changes.
USER_SETTINGS: dict[str, Any] = {
    "alerts": True,
    "approval": False,
    "collapseAllProjectLists": False,
    "dashboardPinToTop": False,
    "dashboardSelection": "ME",
    "dashboardViewType": "PROJECT",
    "groupSimilarEntriesDisabled": False,
    "invoiceReminders": False,
    "isCompactViewOn": False,
    "lang": "en",
    "longRunning": True,
    "multiFactorEnabled": False,
    "myStartOfDay": "09:00",
    "onboarding": False,
    "projectListCollapse": 15,
    "projectPickerTaskFilter": False,
    "pto": True,
    "reminders": False,
    "scheduledReports": True,
    "scheduling": False,
    "sendNewsletter": False,
    "showOnlyWorkingDays": False,
    "summaryReportSettings": {"group": "PROJECT", "subgroup": "CLIENT"},
    "theme": "DEFAULT",
    "timeTrackingManual": True,
    "weeklyUpdates": False,
}
WORKSPACE_SETTINGS: dict[str, Any] = {
    "activeBillableHours": False,
    "adminOnlyPages": [],
    "automaticLock": None,
    "canSeeTimeSheet": True,
    "canSeeTracker": True,
    "currencyFormat": "CURRENCY_SPACE_VALUE",
    "defaultBillableProjects": True,
    "durationFormat": "FULL",
    "lockTimeEntries": None,
    "lockTimeZone": None,
    "multiFactorEnabled": False,
    "numberFormat": "COMMA_PERIOD",
    "onlyAdminsCanChangeBillableStatus": False,
    "onlyAdminsSeeAllTimeEntries": False,
    "onlyAdminsSeeBillableRates": False,
    "onlyAdminsSeeDashboard": False,
    "onlyAdminsSeePublicProjectsEntries": False,
    "projectFavorites": True,
    "projectGroupingLabel": "Client",
    "projectLabel": "Project",
    "projectPickerSpecialFilter": False,
    "round": {"minutes": "15", "round": "Round to nearest"},
    "taskLabel": "Task",
    "timeRoundingInReports": False,
    "trackTimeDownToSecond": True,
    "workingDays": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
}


class SandboxState:
    """Users, workspaces, clients, projects, tasks, tags and time entries, with Clockify's rules.

    Every public method takes the lock, so the threaded server can call them concurrently.
    """

    def __init__(self, *, seed: int = 7) -> None:
        self.lock = threading.RLock()
        self._random = random.Random(seed)
        self.keys: dict[str, str] = {}  # API key -> user id
        self.users: dict[str, dict[str, Any]] = {}
        self.workspaces: dict[str, dict[str, Any]] = {}
        self.members: dict[str, set[str]] = {}  # workspace id -> user ids
        # workspace id -> user id -> WORKSPACE_ADMIN or OWNER (plain members have none)
        self.roles: dict[str, dict[str, str]] = {}
        self.clients: dict[str, dict[str, Any]] = {}
        self.projects: dict[str, dict[str, Any]] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, Entry] = {}

    def new_id(self) -> str:
        """A 24-hex-digit id, shaped like Clockify's."""
        return f"{self._random.getrandbits(96):024x}"

    # --- building data (seed, tests) ------------------------------------------------------

    def add_user(self, api_key: str, name: str, email: str, time_zone: str = "UTC") -> str:
        with self.lock:
            user_id = self.new_id()
            self.keys[api_key] = user_id
            self.users[user_id] = {
                "id": user_id,
                "name": name,
                "email": email,
                "activeWorkspace": None,
                "defaultWorkspace": None,
                "status": "ACTIVE",
                "profilePicture": "",
                "settings": {
                    "timeZone": time_zone,
                    "weekStart": "MONDAY",
                    "timeFormat": "HOUR24",
                    "dateFormat": "YYYY-MM-DD",
                    **USER_SETTINGS,
                },
                "customFields": [],
                "memberships": [],
            }
            return user_id

    def add_workspace(self, name: str, members: list[str], **settings: bool) -> str:
        with self.lock:
            workspace_id = self.new_id()
            self.workspaces[workspace_id] = {
                "id": workspace_id,
                "name": name,
                "imageUrl": "",
                "memberships": [],
                "workspaceSettings": {
                    "forceProjects": settings.get("forceProjects", False),
                    "forceTasks": settings.get("forceTasks", False),
                    "forceTags": settings.get("forceTags", False),
                    "forceDescription": settings.get("forceDescription", False),
                    "onlyAdminsCreateProject": settings.get("onlyAdminsCreateProject", False),
                    "onlyAdminsCreateTag": settings.get("onlyAdminsCreateTag", False),
                    "onlyAdminsCreateTask": settings.get("onlyAdminsCreateTask", False),
                    "isProjectPublicByDefault": True,
                    "timeTrackingMode": "DEFAULT",
                    **WORKSPACE_SETTINGS,
                    "entityCreationPermissions": {
                        "whoCanCreateProjectsAndClients": "EVERYONE",
                        "whoCanCreateTags": "EVERYONE",
                        "whoCanCreateTasks": "EVERYONE",
                    },
                },
                "hourlyRate": {"amount": 0, "currency": "USD"},
                "costRate": {"amount": 0, "currency": "USD"},
                "currencies": [{"id": self.new_id(), "code": "USD", "isDefault": True}],
                "featureSubscriptionType": None,
                "features": None,
                "subdomain": {"enabled": False, "name": None},
                "cakeOrganizationId": None,
            }
            self.members[workspace_id] = set(members)
            # Whoever makes a workspace owns it: the first member here.
            self.roles[workspace_id] = {members[0]: "OWNER"} if members else {}
            for user_id in members:
                user = self.users[user_id]
                user["activeWorkspace"] = user["activeWorkspace"] or workspace_id
                user["defaultWorkspace"] = user["defaultWorkspace"] or workspace_id
            return workspace_id

    def set_workspace_settings(self, workspace_id: str, **settings: bool) -> None:
        with self.lock:
            self.workspaces[workspace_id]["workspaceSettings"].update(settings)

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

    # --- reads -----------------------------------------------------------------------------

    def user_for_key(self, api_key: str | None) -> dict[str, Any]:
        if not api_key:
            raise ApiError(401, "Full authentication is required to access this resource", 1000)
        with self.lock:
            user_id = self.keys.get(api_key)
            if user_id is None:
                raise ApiError(401, "Api key does not exist", 4003)
            return self.users[user_id]

    def check_workspace(self, user_id: str, workspace_id: str) -> dict[str, Any]:
        with self.lock:
            workspace = self.workspaces.get(workspace_id)
            if workspace is None or user_id not in self.members.get(workspace_id, set()):
                raise ApiError(403, "Access Denied", 1003)
            return workspace

    def workspaces_of(self, user_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [w for wid, w in self.workspaces.items() if user_id in self.members[wid]]

    def add_member(self, workspace_id: str, user_id: str, role: str | None = None) -> None:
        """Make ``user_id`` a member of the workspace: plain, WORKSPACE_ADMIN or OWNER."""
        with self.lock:
            self.members[workspace_id].add(user_id)
            if role:
                self.roles[workspace_id][user_id] = role
            else:
                self.roles[workspace_id].pop(user_id, None)
            user = self.users[user_id]
            user["activeWorkspace"] = user["activeWorkspace"] or workspace_id
            user["defaultWorkspace"] = user["defaultWorkspace"] or workspace_id

    def role_of(self, workspace_id: str, user_id: str) -> str | None:
        with self.lock:
            return self.roles.get(workspace_id, {}).get(user_id)

    def check_admin_for(self, workspace_id: str, user_id: str, setting: str) -> None:
        """Refuse what the workspace lets only its admins do (``setting`` is on) to a member."""
        with self.lock:
            limited = self.workspaces[workspace_id]["workspaceSettings"].get(setting, False)
        if limited and self.role_of(workspace_id, user_id) not in ("WORKSPACE_ADMIN", "OWNER"):
            raise ApiError(403, "Access Denied", 1003)

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
        return {
            "start": start,
            "end": end,
            "description": description,
            "project_id": project_id,
            "task_id": task_id,
            "tag_ids": list(tag_ids),
            "billable": billable is True,
            "hourly_rate": dict(project["hourlyRate"]) if project else None,
            "custom_fields": [
                {"customFieldId": c["customFieldId"], "value": c.get("value")} for c in custom
            ],
        }

    def check_entry_body(self, workspace_id: str, body: dict[str, Any]) -> None:
        """Refuse an entry body as ``replace_entry`` would, without changing anything."""
        self._checked_fields(workspace_id, body)

    def create_entry(self, workspace_id: str, user_id: str, body: dict[str, Any]) -> Entry:
        fields = self._checked_fields(workspace_id, body)
        with self.lock:
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
        self, workspace_id: str, user_id: str, entry_id: str, body: dict[str, Any]
    ) -> Entry:
        with self.lock:
            entry = self.entry_of(workspace_id, user_id, entry_id)
            fields = self._checked_fields(workspace_id, body)
            running = self.running_entry(workspace_id, user_id)
            if fields["end"] is None and running is not None and running.id != entry_id:
                raise ApiError(400, "You already have a timer running", 501)
            for name, value in fields.items():
                setattr(entry, name, value)
            return entry

    def stop_running(self, workspace_id: str, user_id: str, body: dict[str, Any]) -> Entry:
        end = read_time(body.get("end"), "end")
        with self.lock:
            running = self.running_entry(workspace_id, user_id)
            if running is None:
                raise ApiError(404, "Time entry is not in progress", 501)
            if end < running.start:
                raise ApiError(400, "Start time must be before end time", 501)
            running.end = end
            return running

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

    def delete_many(self, workspace_id: str, user_id: str, entry_ids: list[str]) -> list[Entry]:
        with self.lock:
            gone = [
                self.entries.pop(entry_id)
                for entry_id in entry_ids
                if entry_id in self.entries
                and self.entries[entry_id].workspace_id == workspace_id
                and self.entries[entry_id].user_id == user_id
            ]
        return gone

    def is_admin(self, workspace_id: str, user_id: str) -> bool:
        return self.role_of(workspace_id, user_id) in ("WORKSPACE_ADMIN", "OWNER")

    def delete_entry(self, workspace_id: str, user_id: str, entry_id: str) -> None:
        with self.lock:
            self.entry_of(workspace_id, user_id, entry_id)
            del self.entries[entry_id]


DEMO_ZONE = "Europe/Berlin"
# Two weeks back from yesterday: last week's working days are always all there.
DEMO_DAYS_BACK = 14
DEMO_CLIENTS = ["Northwind", "Globex", "Initech", "Umbrella Labs", "Café Olé"]
DEMO_PROJECTS = [
    ("Website relaunch", 0),
    ("Mobile app", 0),
    ("Brand refresh", 0),
    ("SEO audit", 0),
    ("Quarterly report", 1),
    ("Data warehouse", 1),
    ("Billing migration", 1),
    ("Support", 1),
    ("Payroll system", 2),
    ("TPS reports", 2),
    ("Office move", 2),
    ("Security review", 2),
    ("Lab portal", 3),
    ("Vaccine tracker", 3),
    ("Compliance", 3),
    ("Research wiki", 3),
    ("Menu design", 4),
    ("Online orders", 4),
    ("Espresso machine IoT", 4),
    ("Loyalty cards", 4),
    ("Internal tools", None),
    ("Hiring", None),
    ("Training", None),
    ("Open source", None),
    ("Meetings", None),
    ("Admin", None),
    ("Conference talk", None),
    ("Blog", None),
    ("Legacy CRM", 1),
    ("Old intranet", 2),
]
DEMO_COLORS = [
    "#F44336",
    "#E91E63",
    "#9C27B0",
    "#3F51B5",
    "#03A9F4",
    "#009688",
    "#8BC34A",
    "#FF9800",
]
DEMO_TASKS = ["Design", "Development", "Review", "Meetings"]
DEMO_TAGS = ["meeting", "deep work", "support", "travel", "overtime"]
DEMO_DESCRIPTIONS = [
    "Standup",
    "Code review",
    "Write tests",
    "Customer call",
    "Fix login bug",
    "Plan sprint",
    "Update docs",
    "Pair programming",
]


def seed_demo(state: SandboxState, api_key: str, *, now: datetime | None = None) -> None:
    """Fill ``state`` with the demo data: a user, two workspaces, clients, ~30 projects with
    tasks and tags, and finished entries on the working days of the two weeks before ``now``
    (and this morning's, on a working day), so this week and last week both show work, on a
    Monday morning too. Each day's entries come from that day alone: the same day gets the same
    entries whenever it is seeded."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    user_id = state.add_user(api_key, "Demo User", "demo@example.com", time_zone=DEMO_ZONE)
    main = state.add_workspace("Acme Studio", [user_id])
    side = state.add_workspace("Side Projects", [user_id])
    clients = [state.add_client(main, name) for name in DEMO_CLIENTS]
    tags = [state.add_tag(main, name) for name in DEMO_TAGS]
    projects: list[tuple[str, list[str]]] = []
    for index, (name, client_index) in enumerate(DEMO_PROJECTS):
        project_id = state.add_project(
            main,
            name,
            client_id=clients[client_index] if client_index is not None else None,
            color=DEMO_COLORS[index % len(DEMO_COLORS)],
            billable=client_index is not None,
            archived=name in ("Legacy CRM", "Old intranet"),
        )
        task_ids = [
            state.add_task(project_id, task, billable=client_index is not None)
            for task in DEMO_TASKS
        ]
        projects.append((project_id, task_ids))
    state.add_project(side, "Garden planner", color="#4CAF50")
    state.add_project(side, "Photography", color="#795548")
    state.add_tag(side, "weekend")

    zone = ZoneInfo(DEMO_ZONE)
    local_today = now.astimezone(zone).date()
    # Fourteen days back always hold all of last week's working days, whatever today is.
    for days_back in range(DEMO_DAYS_BACK, -1, -1):
        day = local_today - timedelta(days=days_back)
        if day.weekday() >= 5:
            continue
        rng = random.Random(day.toordinal())
        cursor = datetime(day.year, day.month, day.day, 9, tzinfo=zone)
        for _ in range(4):
            project_id, task_ids = projects[rng.randrange(20)]
            length = timedelta(minutes=rng.choice([30, 45, 60, 90, 120]))
            description = rng.choice(DEMO_DESCRIPTIONS)
            task_id = rng.choice(task_ids)
            tag_ids = [rng.choice(tags)] if rng.random() < 0.4 else []
            if cursor + length > now:
                break  # today: only what is already done
            _finished_entry(
                state,
                main,
                user_id,
                cursor,
                length,
                description=description,
                projectId=project_id,
                taskId=task_id,
                tagIds=tag_ids,
                billable=True,
            )
            cursor += length + timedelta(minutes=15)


def _finished_entry(
    state: SandboxState,
    workspace_id: str,
    user_id: str,
    start: datetime,
    length: timedelta,
    **fields: Any,
) -> None:
    """Record a finished entry through the same rules a client's POST meets."""
    body = {"start": wire_time(start), "end": wire_time(start + length), **fields}
    state.create_entry(workspace_id, user_id, body)


def seed_large(
    state: SandboxState,
    *,
    projects: int = 0,
    entries: int = 0,
    seed: int = 1,
    now: datetime | None = None,
) -> None:
    """Grow the demo's main workspace to a large one, reproducibly from ``seed``: ``projects``
    more projects (a client for every 25, every tenth archived) and ``entries`` more finished
    entries over the weeks before ``now`` (default: now), for benchmarks and tries at scale."""
    rng = random.Random(seed)
    user_id = next(iter(state.users))
    main = state.users[user_id]["activeWorkspace"]
    clients = [
        state.add_client(main, f"Client {number:05d}") for number in range(max(1, projects // 25))
    ]
    made = []
    for number in range(projects):
        billable = rng.random() < 0.6
        made.append(
            state.add_project(
                main,
                f"{rng.choice(DEMO_DESCRIPTIONS).split()[0]} {number:05d}",
                client_id=clients[number % len(clients)] if rng.random() < 0.8 else None,
                color=DEMO_COLORS[number % len(DEMO_COLORS)],
                billable=billable,
                archived=number % 10 == 9,
            )
        )
    # Entries go on active projects (Clockify refuses archived ones): the new ones, else the demo's.
    active = [p for p in made if not state.projects[p]["archived"]] or [
        p
        for p, project in state.projects.items()
        if project["workspaceId"] == main and not project["archived"]
    ]
    now = now or datetime.now(UTC)
    cursor = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    for _ in range(entries):
        length = timedelta(minutes=rng.choice([15, 30, 45, 60, 90]))
        cursor -= length + timedelta(minutes=rng.choice([0, 15, 30]))
        _finished_entry(
            state,
            main,
            user_id,
            cursor,
            length,
            description=rng.choice(DEMO_DESCRIPTIONS),
            projectId=rng.choice(active),
            billable=rng.random() < 0.5,
        )
