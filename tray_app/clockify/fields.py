"""Custom fields: a workspace's definitions (Clockify's CustomFieldDtoV1) and an entry's values
(CustomFieldValueDtoV1), parsed as tolerantly as the other models, and a value typed by a
person checked against its field the way Clockify's own forms check it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tray_app.i18n import _

Json = Mapping[str, Any]
# What a value can be: text (TXT, LINK, DROPDOWN_SINGLE), a number, a checkbox, the choices of
# a DROPDOWN_MULTIPLE, or nothing.
Value = str | float | bool | tuple[str, ...] | None

TYPES = ("TXT", "NUMBER", "DROPDOWN_SINGLE", "DROPDOWN_MULTIPLE", "CHECKBOX", "LINK")
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1", "on"), ("false", "no", "0", "off")


def _value(raw: Any) -> Value:
    """A value off the wire: lists become tuples (entries are immutable), others as they are."""
    if isinstance(raw, list):
        return tuple(str(item) for item in raw)
    if isinstance(raw, bool | str) or raw is None:
        return raw
    if isinstance(raw, int | float):
        return float(raw)
    return str(raw)


def wire(value: Value) -> Any:
    """A value as Clockify's JSON carries it."""
    return list(value) if isinstance(value, tuple) else value


def is_empty(value: Value) -> bool:
    return value is None or value == "" or value == ()


def shown(value: Value) -> str:
    """A value as text, for a list or a CSV cell."""
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return value or ""


@dataclass(frozen=True)
class CustomValue:
    """One custom field's value on an entry."""

    field_id: str
    value: Value
    name: str = ""  # as Clockify names it in the entry ("" where it does not)

    @classmethod
    def from_json(cls, data: Any) -> CustomValue | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("customFieldId"), str):
            return None
        name = data.get("name")
        return cls(
            data["customFieldId"], _value(data.get("value")), name if isinstance(name, str) else ""
        )

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"customFieldId": self.field_id, "value": wire(self.value)}
        if self.name:
            body["name"] = self.name
        return body


def request_body(values: Iterable[CustomValue]) -> list[dict[str, Any]]:
    """Values as a write's ``customFields`` (UpdateCustomFieldRequest: id and value)."""
    return [{"customFieldId": v.field_id, "value": wire(v.value)} for v in values]


def values_of(data: Json) -> tuple[CustomValue, ...]:
    """An entry's ``customFieldValues``."""
    raw = data.get("customFieldValues")
    if not isinstance(raw, list):
        return ()
    return tuple(v for v in (CustomValue.from_json(item) for item in raw) if v is not None)


@dataclass(frozen=True)
class CustomField:
    """A workspace's custom field for time entries."""

    id: str
    name: str
    type: str = "TXT"
    allowed_values: tuple[str, ...] = ()
    required: bool = False
    status: str = "VISIBLE"  # VISIBLE, INVISIBLE (kept, not shown) or INACTIVE
    only_admin_can_edit: bool = False
    placeholder: str = ""
    default: Value = None  # the workspace's default value
    project_defaults: tuple[tuple[str, Value], ...] = ()

    @property
    def visible(self) -> bool:
        return self.status == "VISIBLE"

    def default_for(self, project_id: str | None) -> Value:
        """What the form starts with for an entry on ``project_id``."""
        for project, value in self.project_defaults:
            if project == project_id:
                return value
        return self.default

    @classmethod
    def from_json(cls, data: Json) -> CustomField:
        if not isinstance(data.get("id"), str):
            raise ValueError("a custom field without an id")
        allowed = data.get("allowedValues")
        defaults = data.get("projectDefaultValues")
        kind = data.get("type")
        return cls(
            id=data["id"],
            name=str(data.get("name") or ""),
            type=kind if kind in TYPES else "TXT",
            allowed_values=tuple(str(v) for v in allowed) if isinstance(allowed, list) else (),
            required=data.get("required") is True,
            status=str(data.get("status") or "VISIBLE"),
            only_admin_can_edit=data.get("onlyAdminCanEdit") is True,
            placeholder=str(data.get("placeholder") or ""),
            default=_value(data.get("workspaceDefaultValue")),
            project_defaults=tuple(
                (d["projectId"], _value(d.get("value")))
                for d in (defaults if isinstance(defaults, list) else [])
                if isinstance(d, Mapping) and isinstance(d.get("projectId"), str)
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The field as Clockify's JSON has it (for the cache)."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "allowedValues": list(self.allowed_values),
            "required": self.required,
            "status": self.status,
            "onlyAdminCanEdit": self.only_admin_can_edit,
            "placeholder": self.placeholder,
            "workspaceDefaultValue": wire(self.default),
            "projectDefaultValues": [
                {"projectId": project, "value": wire(value)}
                for project, value in self.project_defaults
            ],
        }

    def parse(self, text: str) -> Value:
        """``text`` typed for this field as its value; ValueError says what it takes."""
        text = text.strip()
        if not text:
            return None
        if self.type == "NUMBER":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                raise ValueError(_("'{text}' is not a number.").format(text=text)) from None
        if self.type == "CHECKBOX":
            if text.lower() in TRUE_WORDS + FALSE_WORDS:
                return text.lower() in TRUE_WORDS
            raise ValueError(_("'{text}' is not true or false.").format(text=text))
        if self.type == "LINK" and not text.lower().startswith(("http://", "https://")):
            raise ValueError(_("'{text}' is not a link (http://… or https://…).").format(text=text))
        if self.type == "DROPDOWN_SINGLE":
            return self._allowed(text)
        if self.type == "DROPDOWN_MULTIPLE":
            chosen = [self._allowed(part.strip()) for part in text.split(",") if part.strip()]
            return tuple(dict.fromkeys(chosen))
        return text

    def _allowed(self, text: str) -> str:
        for allowed in self.allowed_values:
            if allowed.casefold() == text.casefold():
                return allowed
        raise ValueError(
            _("'{text}' is not one of: {choices}.").format(
                text=text, choices=", ".join(self.allowed_values)
            )
        )
