"""``--custom-field NAME=VALUE``: the workspace's custom fields found by name or id, each value
checked against its field's type and choices, the project's defaults filled in where nothing
was given, as Clockify's own forms do."""

from __future__ import annotations

from typing import Any

from tray_app.cli.usage import UsageError
from tray_app.clockify.fields import CustomField, CustomValue, is_empty


def _fields(client: Any, workspace_id: str, asked: bool) -> list[CustomField]:
    """The workspace's fields; a member refused the list still tracks, unless it asked for
    one by name."""
    from tray_app.clockify import Forbidden

    try:
        fields: list[CustomField] = client.list_custom_fields(workspace_id)
    except Forbidden as err:
        if asked:
            raise UsageError(f"Custom fields cannot be read here ({err.reason})") from err
        return []
    return fields


def _find(fields: list[CustomField], key: str) -> CustomField:
    for field in fields:
        if key == field.id or key.casefold() == field.name.casefold():
            if not field.visible:
                raise UsageError(
                    f"The custom field '{field.name}' is not in use in this workspace."
                )
            return field
    names = ", ".join(f.name for f in fields if f.visible) or "none"
    raise UsageError(f"No custom field '{key}' in this workspace (its fields: {names}).")


def custom_values(
    client: Any,
    workspace_id: str,
    given: list[str],
    *,
    project_id: str | None,
    current: tuple[CustomValue, ...] | None = None,
) -> tuple[tuple[CustomValue, ...], list[str]]:
    """The entry's values (``current`` changed by ``given``; a new entry's from the project's
    defaults and ``given``) and the required fields still empty, by name."""
    fields = _fields(client, workspace_id, asked=bool(given))
    values: dict[str, CustomValue] = {v.field_id: v for v in current or ()}
    if current is None:
        for field in fields:
            default = field.default_for(project_id)
            if field.visible and not is_empty(default):
                values[field.id] = CustomValue(field.id, default, field.name)
    for item in given:
        key, equals, text = item.partition("=")
        if not equals or not key.strip():
            raise UsageError(f"--custom-field takes NAME=VALUE, not '{item}'.")
        field = _find(fields, key.strip())
        try:
            values[field.id] = CustomValue(field.id, field.parse(text), field.name)
        except ValueError as err:
            raise UsageError(f"--custom-field {field.name}: {err}") from err
    empty = [
        field.name
        for field in fields
        if field.visible
        and field.required
        and (field.id not in values or is_empty(values[field.id].value))
    ]
    return tuple(values.values()), empty
