"""Validation of requests and responses against the vendored Clockify OpenAPI document."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft7Validator

SPEC_PATH = Path(__file__).with_name("clockify-openapi.json")
WIRE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
SERVER_PREFIX = "/api"  # the spec's servers end in /api; its paths start with /v1


@cache
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SPEC_PATH.read_text())
    for schema in document["components"]["schemas"].values():
        _repair_enum(schema)
        for prop in (schema.get("properties") or {}).values():
            _repair_any(prop)
            _repair_listed_enum(prop)
    return document


def _repair_listed_enum(schema: dict[str, Any]) -> None:
    """A Java list of enum values (a member's ``workingDays``) comes out as ``type: string``
    with the enum and an example that is a JSON list ("[\"MONDAY\",…]"), though the API sends
    the list. Read it as a list of that enum."""
    example = schema.get("example")
    if (
        schema.get("type") == "string"
        and "enum" in schema
        and isinstance(example, str)
        and example.startswith("[")
    ):
        values = schema.pop("enum")
        schema["type"] = "array"
        schema["items"] = {"type": "string", "enum": values}


def _repair_any(schema: dict[str, Any]) -> None:
    """A Java ``Object`` (a custom field's value) comes out as ``type: object`` with no
    properties and an example that is no object ("Manila"), though the API sends whatever
    the value is: a string, a number, a boolean or a list. Read it as any JSON value."""
    if (
        schema.get("type") == "object"
        and "properties" not in schema
        and "example" in schema
        and not isinstance(schema["example"], dict)
    ):
        del schema["type"]


def _repair_enum(schema: dict[str, Any]) -> None:
    """Clockify's generator writes enums such as AccountStatus as ``type: object`` with a
    ``oneOf`` holding the real string enum, though the API sends a plain string ("ACTIVE").
    Read such a schema as the string enum it describes; nothing else is changed."""
    one_of = schema.get("oneOf")
    if schema.get("type") == "object" and isinstance(one_of, list) and len(one_of) == 1:
        only = one_of[0]
        if only.get("type") == "string" and "enum" in only:
            schema.clear()
            schema.update(only)


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    compiled = []
    for template in spec()["paths"]:
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        compiled.append((re.compile(f"^{pattern}$"), template))
    # Literal segments win over parameters (…/time-entries/status/in-progress vs …/{id}).
    return sorted(compiled, key=lambda item: item[1].count("{"))


def operation(method: str, url_path: str) -> tuple[str, dict[str, Any]]:
    """The spec's path template and operation for a request path such as ``/api/v1/user``."""
    # The main API under /api/v1; the reports host's /v1 (global) or /report/v1 (regional).
    path = url_path.removeprefix(SERVER_PREFIX).removeprefix("/report")
    assert path.startswith("/v1/"), url_path
    for pattern, template in _templates():
        if pattern.match(path):
            operations = spec()["paths"][template]
            assert method.lower() in operations, f"{method} {template} is not in the spec"
            return template, operations[method.lower()]
    raise AssertionError(f"{path} matches no path of the spec")


def _drop_nulls(value: Any) -> Any:
    """The spec marks few fields nullable, yet Clockify sends null for anything unset."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _validate(schema: dict[str, Any], instance: Any, where: str) -> None:
    validator = Draft7Validator({**schema, "components": spec()["components"]})
    errors = sorted(validator.iter_errors(_drop_nulls(instance)), key=lambda e: list(e.path))
    assert not errors, f"{where}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _check_times(body: Any, where: str) -> None:
    if isinstance(body, dict):
        for key, value in body.items():
            if key in ("start", "end") and isinstance(value, str):
                assert WIRE_TIME.match(value), f"{where}: {key}={value} is not yyyy-MM-ddTHH:mm:ssZ"
            _check_times(value, where)
    elif isinstance(body, list):
        for item in body:
            _check_times(item, where)


def validate_request(request: httpx.Request) -> None:
    template, op = operation(request.method, request.url.path)
    where = f"{request.method} {template}"
    declared = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
    for name, value in request.url.params.multi_items():
        assert name in declared, f"{where}: query parameter {name!r} is not in the spec"
        kind = declared[name].get("schema", {}).get("type")
        if kind == "boolean":
            assert value in ("true", "false"), f"{where}: {name}={value} is not a boolean"
        elif kind == "integer":
            assert value.isdigit(), f"{where}: {name}={value} is not an integer"
    for name, parameter in declared.items():
        if parameter.get("required"):
            assert name in request.url.params, f"{where}: required {name!r} missing"
    api_key = request.headers.get("X-Api-Key")
    assert api_key, f"{where}: no X-Api-Key header"
    if request.content:
        body = json.loads(request.content)
        schema = op["requestBody"]["content"]["application/json"]["schema"]
        _validate(schema, body, f"{where} request")
        _check_times(body, f"{where} request")
    else:
        assert "requestBody" not in op or not op["requestBody"].get("required"), (
            f"{where}: body missing"
        )


def validate_response(response: httpx.Response) -> None:
    request = response.request
    template, op = operation(request.method, request.url.path)
    where = f"{request.method} {template} -> {response.status_code}"
    if response.status_code >= 400:
        if response.content:  # 429 may come with no body at all
            body = response.json()
            assert set(body) == {"message", "code"}, f"{where}: error body {body}"
            assert isinstance(body["message"], str) and isinstance(body["code"], int), where
        return
    declared = op["responses"].get(str(response.status_code))
    assert declared is not None, f"{where}: status not in the spec ({sorted(op['responses'])})"
    content = declared.get("content")
    if not content:
        assert response.content == b"", f"{where}: the spec declares no body"
        return
    body = response.json()
    _validate(content["application/json"]["schema"], body, where)
    if "/reports/" not in template:
        # The main API writes UTC with a Z; the reports host writes the wall clock of the
        # report's time zone with its offset (live behaviour, shared/clockify/reports.md §3).
        _check_times(body, where)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec()["components"]["schemas"][name]
    return schema


def missing_fields(schema: dict[str, Any], body: Any, where: str = "") -> list[str]:
    """Fields the spec's response schema lists that ``body`` leaves out (null counts as sent:
    Clockify sends null for unset fields). Nested objects and list items are checked too."""
    schema = _resolve(schema)
    if isinstance(body, list):
        item = schema.get("items", {})
        return [m for entry in body[:3] for m in missing_fields(item, entry, where + "[]")]
    if not isinstance(body, dict):
        return []
    missing = []
    for name, declared in schema.get("properties", {}).items():
        if name not in body:
            missing.append(f"{where}.{name}")
        elif body[name] is not None:
            missing += missing_fields(declared, body[name], f"{where}.{name}")
    return missing


def response_schema(response: httpx.Response) -> dict[str, Any] | None:
    """The schema the spec declares for this response's status, if it declares a body."""
    request = response.request
    _, op = operation(request.method, request.url.path)
    declared = op["responses"].get(str(response.status_code)) or {}
    content = declared.get("content") or {}
    json_content = content.get("application/json") or {}
    schema = json_content.get("schema")
    return schema if isinstance(schema, dict) else None


def validate_schema(schema: dict[str, Any], instance: Any, where: str) -> None:
    """Check ``instance`` against one of the spec's schemas (nulls dropped first, as above)."""
    _validate(schema, instance, where)
