"""Checks the dialogs make before anything is sent (no Qt here, so they test in plain pytest)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from tray_app.clockify.fields import CustomField, CustomValue, is_empty
from tray_app.clockify.models import TimeEntry, WorkspaceSettings
from tray_app.i18n import N_, _, ngettext

LONG_ENTRY = timedelta(hours=24)
_DURATION_PATTERNS = [
    re.compile(r"^(?P<h>\d+):(?P<m>[0-5]?\d)$"),  # 1:30
    re.compile(r"^(?P<h>\d+[.,]\d+)$"),  # 1.25 or 1,5: hours, with either decimal mark
    re.compile(r"^(?P<m>\d+)$"),  # 90: minutes
    re.compile(  # 1h 30m, 1h30, 1.5h, 2 hours, 90m, 45 min
        r"^(?:(?P<h>\d+(?:[.,]\d+)?)\s*h(?:ours?|rs?)?)?\s*"
        r"(?:(?P<m>\d+)\s*(?:m(?:in(?:utes?|s)?)?)?)?$"
    ),
]
# Translators: the ways a duration can be typed; keep the examples as they are (the app reads
# only these), translate the words in brackets and "or".
DURATION_HINT = N_("1:30, 90 (minutes), 1.5 or 1,5 (hours), 1h30 or 1h 30m")


@dataclass(frozen=True)
class Lacking:
    """What an entry lacks of what its workspace requires (Clockify refuses it without).

    Attributes:
        custom: the required custom fields it has no value for.
    """

    description: bool = False
    project: bool = False
    task: bool = False
    tags: bool = False
    custom: tuple[CustomField, ...] = ()

    def __bool__(self) -> bool:
        return any((self.description, self.project, self.task, self.tags, self.custom))

    def phrases(self) -> list[str]:
        """ "a project", "“Cost center”": each lacking thing, for a message."""
        named = (
            # Translators: the things a workspace requires, listed in "This workspace requires
            # a description, a project and at least one tag." (and the others alike).
            (self.description, _("a description")),
            (self.project, _("a project")),
            (self.task, _("a task")),
            (self.tags, _("at least one tag")),
        )
        # Translators: a required custom field by its name, in the same list: “Cost center”.
        custom = [_("“{field}”").format(field=f.name) for f in self.custom]
        return [text for lacks, text in named if lacks] + custom

    @property
    def message(self) -> str:
        return required_message(self.phrases())


def lacking(
    settings: WorkspaceSettings,
    custom_fields: Iterable[CustomField] = (),
    *,
    description: str,
    project_id: str | None,
    task_id: str | None,
    tag_ids: tuple[str, ...],
    project_has_tasks: bool,
    values: Iterable[CustomValue] = (),
) -> Lacking:
    """What the workspace requires (its forced fields, its required visible custom fields)
    and an entry with these values lacks."""
    given = {value.field_id for value in values if not is_empty(value.value)}
    return Lacking(
        description=settings.force_description and not description.strip(),
        project=settings.force_projects and not project_id,
        task=settings.force_tasks and project_has_tasks and not task_id,
        tags=settings.force_tags and not tag_ids,
        custom=tuple(f for f in custom_fields if f.required and f.visible and f.id not in given),
    )


def missing_required(
    settings: WorkspaceSettings,
    *,
    description: str,
    project_id: str | None,
    task_id: str | None,
    tag_ids: tuple[str, ...],
    project_has_tasks: bool,
) -> list[str]:
    """What the workspace forces and the entry lacks, as phrases for an inline message."""
    return lacking(
        settings,
        description=description,
        project_id=project_id,
        task_id=task_id,
        tag_ids=tag_ids,
        project_has_tasks=project_has_tasks,
    ).phrases()


# Limits the official API document sets (ProjectRequest.name, CreateTimeEntryRequest.description).
PROJECT_NAME_LENGTH = (2, 250)
DESCRIPTION_MAX = 3000


def project_name_problem(name: str) -> str:
    """Why Clockify would refuse ``name`` for a project, or '' if it would not."""
    shortest, longest = PROJECT_NAME_LENGTH
    length = len(name.strip())
    if shortest <= length <= longest:
        return ""
    return ngettext(
        "A project name needs {shortest} to {longest} characters; this one has {length}.",
        "A project name needs {shortest} to {longest} characters; this one has {length}.",
        length,
    ).format(shortest=shortest, longest=longest, length=length)


def description_problem(description: str) -> str:
    """Why Clockify would refuse ``description`` for an entry, or '' if it would not."""
    if len(description) > DESCRIPTION_MAX:
        return ngettext(
            "A description can have at most {most} characters; this one has {length}.",
            "A description can have at most {most} characters; this one has {length}.",
            len(description),
        ).format(most=DESCRIPTION_MAX, length=len(description))
    return ""


def listed(items: list[str]) -> str:
    """ "a, b and c" """
    if len(items) == 1:
        return items[0]
    # Translators: the end of a list: {items} are the first ones, joined by commas
    # ("a description, a project"), {last} the last one ("at least one tag").
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def required_message(missing: list[str]) -> str:
    # Translators: {things} is a list such as "a description, a project and at least one tag".
    return _("This workspace requires {things}.").format(things=listed(missing)) if missing else ""


def parse_human_duration(text: str) -> timedelta:
    """Read ``1:30``, ``90`` or ``90m`` (minutes), ``1.25``, ``1,5`` or ``1.5h`` (hours), ``1h30``,
    ``1h 30m`` or ``2h``.

    Raises:
        ValueError: the text is none of these; the message says what is accepted.
    """
    cleaned = text.strip().lower()
    for pattern in _DURATION_PATTERNS:
        match = pattern.match(cleaned)
        parts = match.groupdict() if match else {}
        if cleaned and any(parts.values()):
            hours = float((parts.get("h") or "0").replace(",", "."))
            return timedelta(hours=hours, minutes=int(parts.get("m") or 0))
    raise ValueError(
        _("'{text}' is not a duration; write it like {hint}").format(
            text=text.strip(), hint=_(DURATION_HINT)
        )
    )


def local_moment(day: date, clock: time, zone: tzinfo) -> datetime:
    """``day`` at ``clock`` in ``zone`` as an aware UTC time.

    A wall time that a DST change skips is read with the offset before the change, so it lands
    as far past the change as it was typed into the gap (02:30 → 03:30), as clocks do; a time
    that happens twice is its first occurrence.
    """
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class Span:
    """A checked manual entry.

    Attributes:
        error: why it cannot be saved (nothing is sent); empty when it can.
        warnings: what to confirm before saving (over 24 h, in the future).
        overnight: the end falls on the next day.
    """

    start: datetime | None
    end: datetime | None
    error: str = ""
    warnings: tuple[str, ...] = ()
    overnight: bool = False


def entry_span(
    day: date,
    start_clock: time,
    zone: tzinfo,
    now: datetime,
    *,
    end_clock: time | None = None,
    duration_text: str | None = None,
) -> Span:
    """Turn the form's date, start and end (or duration) into UTC times, with the checks."""
    start = local_moment(day, start_clock, zone)
    overnight = False
    if duration_text is not None:
        try:
            duration = parse_human_duration(duration_text)
        except ValueError as err:
            return Span(start, None, error=str(err))
        if duration <= timedelta(0):
            return Span(start, None, error=_("The duration must be longer than zero."))
        end = start + duration
    else:
        assert end_clock is not None
        if end_clock == start_clock:
            same = _("The end is the same as the start: the entry would last no time.")
            return Span(start, None, error=same)
        overnight = end_clock < start_clock
        end = local_moment(day + timedelta(days=1) if overnight else day, end_clock, zone)
        if end <= start:  # only across a DST change
            return Span(start, None, error=_("The end must be after the start."))
    warnings = []
    if end - start > LONG_ENTRY:
        warnings.append(_("This entry is longer than 24 hours."))
    if end > now:
        warnings.append(_("This entry ends in the future."))
    return Span(start, end, warnings=tuple(warnings), overnight=overnight)


LOCKED = N_(
    "“{what}” is in a locked period (approved, or before the workspace's lock date): only "
    "the workspace's admins and owner can change it."
)


def locked_for(entry: TimeEntry, is_admin: bool) -> str:
    """Why this user may not change or delete ``entry`` ('' when they may): Clockify refuses
    members' writes to locked entries; admins and owners (``is_admin``) may still make them."""
    if not entry.locked or is_admin:
        return ""
    return _(LOCKED).format(what=entry.description or _("(no description)"))


# Translators: {when} is a day and time, "Wed 25 Nov 14:00".
LOCKED_PERIOD = N_(
    "{when} is in a locked period (approved, or before the workspace's lock date): only the "
    "workspace's admins and owner can add time there."
)


def locked_period(
    start: datetime,
    settings: WorkspaceSettings,
    approved: Iterable[tuple[datetime, datetime]],
    is_admin: bool,
) -> bool:
    """Whether a member's entry starting at ``start`` falls in a locked period: before the
    workspace's lock date, or in one of the ``approved`` periods (first, last moment) known."""
    if is_admin:
        return False
    if settings.lock_before is not None and start < settings.lock_before:
        return True
    return any(first <= start <= last for first, last in approved)
