"""Typed, immutable views of Clockify's JSON, parsed tolerantly.

Unknown fields are ignored and missing or null fields take a neutral default, because Clockify
adds fields freely and sends ``null`` for anything unset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tray_app.clockify.fields import CustomValue, values_of
from tray_app.clockify.timefmt import DurationFormat, format_utc, parse_utc, parse_utc_or_none

Json = Mapping[str, Any]


def _text(data: Json, key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _optional_text(data: Json, key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _flag(data: Json, key: str) -> bool:
    return data.get(key) is True


def _mapping(data: Json, key: str) -> Json:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _require_id(data: Json, kind: str) -> str:
    if not isinstance(data, Mapping) or not isinstance(data.get("id"), str):
        raise ValueError(f"a {kind} without an id")
    return str(data["id"])


@dataclass(frozen=True)
class User:
    """The signed-in person (``GET /user``)."""

    id: str
    name: str
    email: str
    active_workspace: str | None
    default_workspace: str | None
    time_zone: str | None
    week_start: str | None
    time_format: str | None
    date_format: str | None = None  # Clockify's pattern, e.g. "DD/MM/YYYY"

    @classmethod
    def from_json(cls, data: Json) -> User:
        settings = _mapping(data, "settings")
        return cls(
            id=_require_id(data, "user"),
            name=_text(data, "name"),
            email=_text(data, "email"),
            active_workspace=_optional_text(data, "activeWorkspace"),
            default_workspace=_optional_text(data, "defaultWorkspace"),
            time_zone=_optional_text(settings, "timeZone"),
            week_start=_optional_text(settings, "weekStart"),
            time_format=_optional_text(settings, "timeFormat"),
            date_format=_optional_text(settings, "dateFormat"),
        )

    def to_json(self) -> dict[str, Any]:
        """The API's shape, which ``from_json`` reads back (used by the cache)."""
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "activeWorkspace": self.active_workspace,
            "defaultWorkspace": self.default_workspace,
            "settings": {
                "timeZone": self.time_zone,
                "weekStart": self.week_start,
                "timeFormat": self.time_format,
                "dateFormat": self.date_format,
            },
        }


@dataclass(frozen=True)
class WorkspaceSettings:
    """The workspace rules a time entry must satisfy before it is sent, and what only its
    admins may do."""

    force_projects: bool = False
    force_tasks: bool = False
    force_tags: bool = False
    force_description: bool = False
    only_admins_create_project: bool = False
    only_admins_create_tag: bool = False
    only_admins_create_task: bool = False
    duration_format: DurationFormat = DurationFormat.FULL
    lock_before: datetime | None = None  # members may not write entries starting before it

    @property
    def limits_members(self) -> bool:
        """Members may not create some things (projects, tags or tasks) here."""
        return (
            self.only_admins_create_project
            or self.only_admins_create_tag
            or self.only_admins_create_task
        )

    @classmethod
    def from_json(cls, data: Json) -> WorkspaceSettings:
        return cls(
            force_projects=_flag(data, "forceProjects"),
            force_tasks=_flag(data, "forceTasks"),
            force_tags=_flag(data, "forceTags"),
            force_description=_flag(data, "forceDescription"),
            only_admins_create_project=_flag(data, "onlyAdminsCreateProject")
            or _limited(data, "whoCanCreateProjectsAndClients"),
            only_admins_create_tag=_flag(data, "onlyAdminsCreateTag")
            or _limited(data, "whoCanCreateTags"),
            only_admins_create_task=_flag(data, "onlyAdminsCreateTask")
            or _limited(data, "whoCanCreateTasks"),
            duration_format=_duration_format(data),
            lock_before=parse_utc_or_none(data.get("lockTimeEntries")),
        )


def _duration_format(settings: Json) -> DurationFormat:
    """``durationFormat``, else what the deprecated pair it replaced says (Clockify maps
    FULL, COMPACT and DECIMAL onto decimalFormat and trackTimeDownToSecond)."""
    named = _text(settings, "durationFormat")
    if named in DurationFormat.__members__:
        return DurationFormat(named)
    if _flag(settings, "decimalFormat"):
        return DurationFormat.DECIMAL
    if settings.get("trackTimeDownToSecond") is False:
        return DurationFormat.COMPACT
    return DurationFormat.FULL


def _limited(settings: Json, what: str) -> bool:
    """Clockify's newer permission model: ``entityCreationPermissions.<what>`` is ADMINS or
    ADMINS_AND_PROJECT_MANAGERS where members may not create that (EVERYONE where they may)."""
    permissions = settings.get("entityCreationPermissions")
    if not isinstance(permissions, dict):
        return False
    return permissions.get(what) in ("ADMINS", "ADMINS_AND_PROJECT_MANAGERS")


@dataclass(frozen=True)
class Workspace:
    """A workspace the user belongs to."""

    id: str
    name: str
    settings: WorkspaceSettings = field(default_factory=WorkspaceSettings)
    currency: str = ""  # the default currency's code (USD), '' when Clockify names none

    @classmethod
    def from_json(cls, data: Json) -> Workspace:
        currencies = data.get("currencies")
        listed = (
            [c for c in currencies if isinstance(c, dict)] if isinstance(currencies, list) else []
        )
        default = next((c for c in listed if c.get("isDefault") is True), None)
        return cls(
            id=_require_id(data, "workspace"),
            name=_text(data, "name"),
            settings=WorkspaceSettings.from_json(_mapping(data, "workspaceSettings")),
            currency=str(default.get("code") or "") if default else "",
        )

    def to_json(self) -> dict[str, Any]:
        rules = self.settings
        return {
            "id": self.id,
            "name": self.name,
            "currencies": [{"code": self.currency, "isDefault": True}] if self.currency else [],
            "workspaceSettings": {
                "forceProjects": rules.force_projects,
                "forceTasks": rules.force_tasks,
                "forceTags": rules.force_tags,
                "forceDescription": rules.force_description,
                "onlyAdminsCreateProject": rules.only_admins_create_project,
                "onlyAdminsCreateTag": rules.only_admins_create_tag,
                "onlyAdminsCreateTask": rules.only_admins_create_task,
                "durationFormat": rules.duration_format.value,
                "lockTimeEntries": format_utc(rules.lock_before) if rules.lock_before else None,
            },
        }


@dataclass(frozen=True)
class Client:
    """A client that projects belong to."""

    id: str
    name: str
    archived: bool = False

    @classmethod
    def from_json(cls, data: Json) -> Client:
        return cls(
            id=_require_id(data, "client"),
            name=_text(data, "name"),
            archived=_flag(data, "archived"),
        )


@dataclass(frozen=True)
class Project:
    """A project; ``client_name`` is empty when it has no client."""

    id: str
    name: str
    client_id: str | None = None
    client_name: str = ""
    color: str = ""
    archived: bool = False
    billable: bool = False
    public: bool = True

    @classmethod
    def from_json(cls, data: Json) -> Project:
        public = data.get("public", data.get("isPublic"))
        return cls(
            id=_require_id(data, "project"),
            name=_text(data, "name"),
            client_id=_optional_text(data, "clientId"),
            client_name=_text(data, "clientName"),
            color=_text(data, "color"),
            archived=_flag(data, "archived"),
            billable=_flag(data, "billable"),
            public=public is not False,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "clientId": self.client_id,
            "clientName": self.client_name,
            "color": self.color,
            "archived": self.archived,
            "billable": self.billable,
            "public": self.public,
        }


@dataclass(frozen=True)
class Task:
    """A task inside a project; ``active`` is false for tasks marked done."""

    id: str
    name: str
    project_id: str
    billable: bool = False
    active: bool = True

    @classmethod
    def from_json(cls, data: Json) -> Task:
        return cls(
            id=_require_id(data, "task"),
            name=_text(data, "name"),
            project_id=_text(data, "projectId"),
            billable=_flag(data, "billable"),
            active=data.get("status") != "DONE",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "projectId": self.project_id,
            "billable": self.billable,
            "status": "ACTIVE" if self.active else "DONE",
        }


@dataclass(frozen=True)
class Tag:
    """A tag of the workspace."""

    id: str
    name: str
    archived: bool = False

    @classmethod
    def from_json(cls, data: Json) -> Tag:
        return cls(
            id=_require_id(data, "tag"), name=_text(data, "name"), archived=_flag(data, "archived")
        )

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "archived": self.archived}


@dataclass(frozen=True)
class TimeEntry:
    """A time entry; a running timer has ``end is None``."""

    id: str
    start: datetime
    end: datetime | None = None
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()
    billable: bool = False
    user_id: str | None = None
    workspace_id: str | None = None
    custom_fields: tuple[CustomValue, ...] = ()
    locked: bool = False  # in an approved period or before the workspace's lock date

    @property
    def running(self) -> bool:
        return self.end is None

    def duration(self, now: datetime) -> timedelta:
        """How long the entry lasts, or has lasted so far at ``now`` if it is running."""
        return (self.end or now) - self.start

    @classmethod
    def from_json(cls, data: Json) -> TimeEntry:
        interval = _mapping(data, "timeInterval")
        start_text = interval.get("start")
        if not isinstance(start_text, str):
            raise ValueError("a time entry without a start")
        end_text = interval.get("end")
        tag_ids = data.get("tagIds")
        return cls(
            id=_require_id(data, "time entry"),
            start=parse_utc(start_text),
            end=parse_utc(end_text) if isinstance(end_text, str) else None,
            description=_text(data, "description"),
            project_id=_optional_text(data, "projectId"),
            task_id=_optional_text(data, "taskId"),
            tag_ids=tuple(t for t in tag_ids if isinstance(t, str))
            if isinstance(tag_ids, list)
            else (),
            billable=_flag(data, "billable"),
            user_id=_optional_text(data, "userId"),
            workspace_id=_optional_text(data, "workspaceId"),
            custom_fields=values_of(data),
            locked=_flag(data, "isLocked"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "description": self.description,
            "projectId": self.project_id,
            "taskId": self.task_id,
            "tagIds": list(self.tag_ids),
            "billable": self.billable,
            "userId": self.user_id,
            "workspaceId": self.workspace_id,
            "timeInterval": {
                "start": format_utc(self.start),
                "end": format_utc(self.end) if self.end else None,
            },
            "customFieldValues": [value.to_json() for value in self.custom_fields],
            "isLocked": self.locked,
        }
