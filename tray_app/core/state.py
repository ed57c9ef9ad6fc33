"""What the UI shows, as immutable values the worker sends and widgets render (no Qt here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tray_app.clockify.fields import CustomField, CustomValue
from tray_app.clockify.models import Project, Tag, TimeEntry, User, Workspace
from tray_app.clockify.timefmt import DurationFormat
from tray_app.core.workday.targets import Workday
from tray_app.i18n import N_, _, ngettext

RECENT_CONTINUE_COUNT = 5
# The lists a person can track without: a refusal leaves them out, with Clockify's reason.
OPTIONAL_PARTS = {
    "projects": N_("Projects are not available in this workspace: {reason}."),
    "tags": N_("Tags are not available in this workspace: {reason}."),
    "entries": N_("Recent entries are not available: {reason}."),
    "tasks": N_("Tasks are not available for this project: {reason}."),
    "roles": N_("Your role in these workspaces is not known: {reason}."),
    "custom_fields": N_("Custom fields are not available in this workspace: {reason}."),
}


@dataclass(frozen=True)
class StartRequest:
    """A timer to start (quick start, left click, "Continue")."""

    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()
    billable: bool = False
    custom_fields: tuple[CustomValue, ...] = ()

    @classmethod
    def like(cls, entry: TimeEntry) -> StartRequest:
        return cls(
            entry.description,
            entry.project_id,
            entry.task_id,
            entry.tag_ids,
            entry.billable,
            entry.custom_fields,
        )

    @classmethod
    def from_saved(cls, saved: dict[str, Any]) -> StartRequest | None:
        """One read back from the settings file (``dataclasses.asdict``); None if unreadable."""
        try:
            tag_ids = saved.get("tag_ids") or ()
            return cls(
                description=str(saved.get("description") or ""),
                project_id=str(saved["project_id"]) if saved.get("project_id") else None,
                task_id=str(saved["task_id"]) if saved.get("task_id") else None,
                tag_ids=tuple(str(t) for t in tag_ids) if isinstance(tag_ids, list | tuple) else (),
                billable=saved.get("billable") is True,
                custom_fields=_saved_values(saved.get("custom_fields")),
            )
        except (AttributeError, KeyError, TypeError):
            return None


def _saved_values(saved: Any) -> tuple[CustomValue, ...]:
    """Custom field values as ``dataclasses.asdict`` wrote them; unreadable ones left out."""
    if not isinstance(saved, list | tuple):
        return ()
    values = (
        CustomValue.from_json(
            {
                "customFieldId": item.get("field_id"),
                "value": item.get("value"),
                "name": item.get("name"),
            }
        )
        for item in saved
        if isinstance(item, dict)
    )
    return tuple(v for v in values if v is not None)


@dataclass(frozen=True)
class PomodoroPhase:
    """The pomodoro phase to show: ``phase`` (work, short-break, long-break) until ``ends``;
    ``done`` work phases of ``every`` before the long break."""

    phase: str
    ends: datetime
    done: int
    every: int

    @property
    def on_break(self) -> bool:
        return self.phase != "work"

    def line(self, now: datetime) -> str:
        """ "🍅 Pomodoro 2 of 4 · 12 min left", "☕ Break · 3 min left" """
        left = max(0, -int((now - self.ends).total_seconds() // 60))
        # Translators: minutes left of the pomodoro phase, in "☕ Break · 3 min left".
        remaining = ngettext("{left} min left", "{left} min left", left).format(left=left)
        if not self.on_break:
            number = self.done % max(1, self.every) + 1
            title = _("Pomodoro {number} of {every}").format(number=number, every=self.every)
            return f"🍅 {title} · {remaining}"
        # Translators: a pomodoro break, in the tray menu: "☕ Break · 3 min left".
        name = _("Break") if self.phase != "long-break" else _("Long break")
        return f"☕ {name} · {remaining}"


@dataclass(frozen=True)
class EntryRequest:
    """A finished time entry to record (the manual entry form).

    Attributes:
        request_id: echoed in the answer so the form knows it is its own.
    """

    request_id: int
    start: datetime
    end: datetime
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()
    billable: bool = False
    fixes: int | None = None
    custom_fields: tuple[CustomValue, ...] = ()

    @classmethod
    def spanning(
        cls, what: TimeEntry | StartRequest, start: datetime, end: datetime, request_id: int = 0
    ) -> EntryRequest:
        """What ``what`` is (description, project, task, tags, billable, custom fields), from
        ``start`` to ``end``."""
        return cls(
            request_id,
            start,
            end,
            what.description,
            what.project_id,
            what.task_id,
            what.tag_ids,
            what.billable,
            custom_fields=what.custom_fields,
        )


@dataclass(frozen=True)
class EntryEdit:
    """New values for an entry the person changed (the edit form, the entries window).

    Attributes:
        entry_id: the entry, by the id the app shows (a local one until Clockify has it).
        end: None for the running timer, whose end is left alone.
        fixes: the refused write this edit replaces, if any.
        custom_fields: every custom field value the entry is to have; None leaves them as
            they are (the form could not show them).
    """

    request_id: int
    entry_id: str
    start: datetime
    end: datetime | None
    description: str = ""
    project_id: str | None = None
    task_id: str | None = None
    tag_ids: tuple[str, ...] = ()
    billable: bool = False
    fixes: int | None = None
    custom_fields: tuple[CustomValue, ...] | None = None

    @classmethod
    def restoring(cls, entry: TimeEntry) -> EntryEdit:
        """The edit that puts ``entry`` back as it is (undoing a later change)."""
        return cls(
            0,
            entry.id,
            entry.start,
            entry.end,
            entry.description,
            entry.project_id,
            entry.task_id,
            entry.tag_ids,
            entry.billable,
            custom_fields=entry.custom_fields,
        )

    def applied_to(self, entry: TimeEntry) -> TimeEntry:
        """``entry`` as this edit makes it (a running entry keeps running)."""
        return replace(
            entry,
            start=self.start,
            end=self.end if entry.end is not None else None,
            description=self.description,
            project_id=self.project_id,
            task_id=self.task_id,
            tag_ids=self.tag_ids,
            billable=self.billable,
            custom_fields=(
                entry.custom_fields if self.custom_fields is None else self.custom_fields
            ),
        )


@dataclass(frozen=True)
class RefusedWrite:
    """A write Clockify refused for good, kept to be fixed and sent again, or discarded.

    Attributes:
        op_id: its row in the outbox.
        kind: start, create_entry, stop, create_project, update_entry or delete_entry.
        reason: Clockify's message.
        entry: the entry as it was to be saved (for kinds that save one).
        name: what it was, for a person (“Write report”, project “Acme”).
    """

    op_id: int
    kind: str
    reason: str
    name: str
    entry: TimeEntry | None = None


@dataclass(frozen=True)
class AppState:
    """Everything the tray and dialogs show; a new value replaces the old one whole.

    Attributes:
        signed_in: a key has been accepted by the server.
        key_saved: False when the key lives in memory only (no usable keyring).
        offline: the last attempt to reach Clockify failed; writes wait in the outbox.
        pending: writes stored locally and not yet confirmed by Clockify.
        unavailable: (part, Clockify's reason) for optional lists Clockify refused to give
            (``OPTIONAL_PARTS``); the app works on without them, with what it had.
        problem: the last failure that stopped something the person asked for, shown in the
            menu until a later sync succeeds ('' when none).
        refused: writes Clockify refused for good, oldest first.
        admin_of: ids of the workspaces where the user is an admin or the owner (asked only
            where a workspace limits what members may create).
        idle_unavailable: why idle time cannot be read on this system ('' while it can).
        pomodoro: the pomodoro phase under way (None when off).
        reminder: the "not tracking" reminder waiting for an answer ('' when none).
        custom_fields: the workspace's custom fields for time entries, whatever their status.
        workday: this week's targets, holidays and time off (core/workday).
        pins: the pinned timers of each workspace (by id), in their order (core/pins.py);
            ``pinned`` is the chosen workspace's.
    """

    signed_in: bool = False
    user: User | None = None
    workspaces: tuple[Workspace, ...] = ()
    workspace: Workspace | None = None
    projects: tuple[Project, ...] = ()
    tags: tuple[Tag, ...] = ()
    custom_fields: tuple[CustomField, ...] = ()
    workday: Workday = field(default_factory=Workday)
    running: TimeEntry | None = None
    recent: tuple[TimeEntry, ...] = ()
    key_saved: bool = True
    demo: bool = False
    last_start: StartRequest | None = field(default=None)
    offline: bool = False
    pending: int = 0
    autostart: bool = False
    unavailable: tuple[tuple[str, str], ...] = ()
    problem: str = ""
    refused: tuple[RefusedWrite, ...] = ()
    admin_of: frozenset[str] = frozenset()
    idle_unavailable: str = ""
    pomodoro: PomodoroPhase | None = None
    reminder: str = ""
    pins: Mapping[str, tuple[StartRequest, ...]] = field(default_factory=dict)

    @property
    def may_create_projects(self) -> bool:
        """Clockify lets this user create projects in the chosen workspace (admins always)."""
        workspace = self.workspace
        if workspace is None:
            return False
        return not workspace.settings.only_admins_create_project or self.is_admin

    @property
    def is_admin(self) -> bool:
        """The user runs the chosen workspace (admin or owner), as far as is known."""
        return self.workspace is not None and self.workspace.id in self.admin_of

    @cached_property
    def projects_by_id(self) -> dict[str, Project]:
        return {project.id: project for project in self.projects}

    @property
    def zone(self) -> tzinfo:
        """The user's Clockify time zone, else this computer's."""
        return user_zone(self.user)

    @property
    def duration_format(self) -> DurationFormat:
        """How the workspace writes durations (Clockify's default, FULL, before one is known)."""
        workspace = self.workspace
        return workspace.settings.duration_format if workspace else DurationFormat.FULL

    def hours(self, duration: timedelta) -> str:
        """``duration`` as the workspace writes durations (1:23:45, 1:23 or 1.40)."""
        return self.duration_format.write(duration)

    @property
    def zone_problem(self) -> str:
        """Why times are not shown in the user's Clockify zone ('' when they are)."""
        return zone_problem(self.user)

    def unavailable_text(self, part: str) -> str:
        """ "Tags are not available in this workspace: Access Denied", or '' if they are."""
        reason = dict(self.unavailable).get(part)
        if reason is None:
            return ""
        return _(OPTIONAL_PARTS[part]).format(reason=reason.rstrip("."))

    def with_unavailable(self, part: str, reason: str | None) -> AppState:
        """This state with ``part`` marked unavailable for ``reason`` (available if None)."""
        kept = tuple((p, r) for p, r in self.unavailable if p != part)
        return replace(self, unavailable=kept if reason is None else (*kept, (part, reason)))

    def project_name(self, project_id: str | None) -> str:
        project = self.projects_by_id.get(project_id or "")
        return project.name if project else ""

    def today_total(self, now: datetime) -> timedelta:
        """Time tracked today, in the user's Clockify time zone (not the computer's)."""
        local_now = now.astimezone(self.zone)
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
        total = timedelta(0)
        entries = list(self.recent)
        if self.running is not None and all(e.id != self.running.id for e in entries):
            entries.append(self.running)
        for entry in entries:
            end = entry.end or now
            overlap = min(end, now) - max(entry.start, midnight)
            if overlap > timedelta(0):
                total += overlap
        return total

    @property
    def pinned(self) -> tuple[StartRequest, ...]:
        """The chosen workspace's pins, in order (Ctrl+1 is the first)."""
        return self.pins.get(self.workspace.id, ()) if self.workspace else ()

    def last_end_today(self, now: datetime) -> datetime | None:
        """Where a timer started at ``now`` begins so as to leave no gap after the last entry:
        the latest end of a finished entry, when that is earlier than ``now`` on the same day
        (in the user's zone). None while a timer runs, or with no such end: it starts now."""
        if self.running is not None:
            return None
        last = max((e.end for e in self.recent if e.end is not None), default=None)
        if last is None or last >= now:
            return None
        zone = self.zone
        return last if last.astimezone(zone).date() == now.astimezone(zone).date() else None

    def restart_request(self) -> StartRequest | None:
        """What a left click starts: the last timer started here, else the newest entry."""
        if self.last_start is not None:
            return self.last_start
        newest = next((e for e in self.recent if e.description or e.project_id), None)
        return StartRequest.like(newest) if newest is not None else None

    def continue_choices(self) -> list[TimeEntry]:
        """The last distinct (description, project, task) entries, newest first."""
        seen: set[tuple[str, str | None, str | None]] = set()
        if self.running is not None:  # continuing what runs already would be a no-op
            seen.add((self.running.description, self.running.project_id, self.running.task_id))
        choices = []
        for entry in self.recent:
            key = (entry.description, entry.project_id, entry.task_id)
            if key in seen or not (entry.description or entry.project_id):
                continue
            seen.add(key)
            choices.append(entry)
            if len(choices) == RECENT_CONTINUE_COUNT:
                break
        return choices

    def recent_descriptions(self) -> list[str]:
        return list(dict.fromkeys(e.description for e in self.recent if e.description))


def user_zone(user: User | None) -> tzinfo:
    """The user's Clockify time zone; this computer's where it names none, or one this computer
    does not know (``zone_problem`` then says so: it is never a silent change)."""
    zone = _profile_zone(user)
    if zone is not None:
        return zone
    local = datetime.now().astimezone().tzinfo
    assert local is not None
    return local


def zone_problem(user: User | None) -> str:
    """Why the user's Clockify time zone is not the one shown ('' when it is)."""
    if user is None or not user.time_zone or _profile_zone(user) is not None:
        return ""
    return _(
        "Your Clockify time zone {zone} is not known on this computer: times are shown in "
        "this computer's zone."
    ).format(zone=user.time_zone)


def _profile_zone(user: User | None) -> ZoneInfo | None:
    """The zone the user's Clockify profile names, if it names one this computer knows."""
    if user is None or not user.time_zone:
        return None
    try:
        return ZoneInfo(user.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
