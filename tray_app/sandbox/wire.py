"""The sandbox's wire format: Clockify's error answer, times and durations as Clockify writes
them, request bodies read as JSON, and the checks every body field goes through.

Kept apart from the state and the handlers so that both read and write the wire one way.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

Json = dict[str, Any]
# A handler's answer: the status, the JSON payload (None: no body) and any extra headers.
Answer = tuple[int, Any, list[tuple[str, str]]]
# What goes out on the socket: the status, every header, and the body's bytes.
Reply = tuple[int, list[tuple[str, str]], bytes]
WIRE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
DATE_TEXT = re.compile(r"^\d{4}-\d\d-\d\d$")


class ApiError(Exception):
    """An error answer in Clockify's shape: ``{"message": …, "code": …}`` with an HTTP status."""

    def __init__(self, status: int, message: str, code: int) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def wire_time(moment: datetime) -> str:
    """``moment`` in UTC as Clockify writes it: ``yyyy-MM-ddTHH:mm:ssZ`` (four-digit years)."""
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


def read_date(value: Any, field_name: str) -> date:
    """A calendar day as Clockify's date fields take it: ``yyyy-MM-dd``."""
    if not isinstance(value, str) or not DATE_TEXT.fullmatch(value):
        raise ApiError(400, f"Field '{field_name}' must be a date (yyyy-MM-dd): {value}", 501)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"Field '{field_name}' has an invalid date: {value}", 501) from None


def iso_duration(seconds: int) -> str:
    """Whole seconds as an ISO 8601 duration, as Clockify writes them: ``PT1H30M``, ``PT0S``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if v)
    return "PT" + (text or "0S")


def read_body(environ: dict[str, Any]) -> Any:
    """A request's JSON body (None when it has none); anything else is Clockify's 400."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if not length:
        return None
    raw = environ["wsgi.input"].read(length)
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ApiError(400, "Malformed JSON request", 501) from None


def json_object(body: Any) -> Json:
    """``body`` when it is a JSON object, else the 400 Clockify answers a missing body with."""
    if not isinstance(body, dict):
        raise ApiError(400, "Request body is missing or is not a JSON object", 501)
    return body


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
    """A true/false field, or None when absent or null; anything else is Clockify's 400."""
    value = body.get(key)
    if value is not None and not isinstance(value, bool):
        raise ApiError(400, f"Field '{key}' must be true or false", 501)
    return value


def id_list(body: dict[str, Any], key: str) -> list[str]:
    """A list of ids, without repeats (empty when absent); anything else is Clockify's 400."""
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(400, f"Field '{key}' must be a list of ids", 501)
    return list(dict.fromkeys(value))  # a set of ids, as Clockify keeps them (order kept)


class Request:
    """What a handler needs of one request: the user, path parameters, query and body."""

    def __init__(self, user: Json, params: dict[str, str], query: dict[str, list[str]], body: Any):
        self.user = user
        self.params = params
        self.query = query
        self.body = body

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def flag(self, name: str) -> bool | None:
        value = self.arg(name)
        if value is None or value == "":
            return None
        if value.lower() not in ("true", "false"):
            raise ApiError(400, f"Parameter '{name}' must be true or false", 501)
        return value.lower() == "true"
