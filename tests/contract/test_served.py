"""Every operation the sandbox serves, walked from a table: each answer's status and body are
checked against the official spec, and every field the spec's response schema lists is there
(null where Clockify sends null). An operation the sandbox does not serve answers Clockify's
404/405 body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.contract import spec
from tests.fakes import PINNED
from tray_app.sandbox import Sandbox
from tray_app.sandbox.routes import ROUTES, route_of

# (method, path under /api/v1 with {placeholders}, JSON body, expected status)
SERVED: list[tuple[str, str, Any, int]] = [
    ("GET", "/user", None, 200),
    ("GET", "/workspaces", None, 200),
    ("GET", "/workspaces?roles=OWNER", None, 200),
    ("GET", "/workspaces/{ws}", None, 200),
    ("GET", "/workspaces/{ws}/users?memberships=WORKSPACE&page-size=10", None, 200),
    ("GET", "/workspaces/{ws}/projects?archived=false&page=1&page-size=5", None, 200),
    ("GET", "/workspaces/{ws}/projects/{project}", None, 200),
    ("POST", "/workspaces/{ws}/projects", {"name": "Served", "color": "#112233"}, 201),
    ("PUT", "/workspaces/{ws}/projects/{project}", {"name": "Support", "note": "n"}, 200),
    ("DELETE", "/workspaces/{ws}/projects/{archived}", None, 200),
    ("GET", "/workspaces/{ws}/projects/{project}/tasks?is-active=true", None, 200),
    ("POST", "/workspaces/{ws}/projects/{project}/tasks", {"name": "Served task"}, 201),
    ("GET", "/workspaces/{ws}/projects/{project}/tasks/{task}", None, 200),
    (
        "PUT",
        "/workspaces/{ws}/projects/{project}/tasks/{task}",
        {"name": "Served task", "status": "DONE"},
        200,
    ),
    ("DELETE", "/workspaces/{ws}/projects/{project}/tasks/{task}", None, 200),
    ("GET", "/workspaces/{ws}/clients?archived=false", None, 200),
    ("POST", "/workspaces/{ws}/clients", {"name": "Served client"}, 201),
    ("GET", "/workspaces/{ws}/clients/{client}", None, 200),
    ("PUT", "/workspaces/{ws}/clients/{client}", {"name": "Northwind", "note": "n"}, 200),
    ("PUT", "/workspaces/{ws}/clients/{spare_client}", {"archived": True}, 200),
    ("DELETE", "/workspaces/{ws}/clients/{spare_client}", None, 200),
    ("GET", "/workspaces/{ws}/tags?archived=false", None, 200),
    ("POST", "/workspaces/{ws}/tags", {"name": "served"}, 201),
    ("GET", "/workspaces/{ws}/tags/{tag}", None, 200),
    ("PUT", "/workspaces/{ws}/tags/{tag}", {"name": "served", "archived": False}, 200),
    ("DELETE", "/workspaces/{ws}/tags/{tag}", None, 200),
    ("GET", "/workspaces/{ws}/custom-fields?entity-type=TIMEENTRY&status=VISIBLE", None, 200),
    (
        "POST",
        "/workspaces/{ws}/time-entries",
        {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z", "projectId": "{project}"},
        201,
    ),
    ("GET", "/workspaces/{ws}/time-entries/{entry}", None, 200),
    (
        "PUT",
        "/workspaces/{ws}/time-entries/{entry}",
        {"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T09:30:00Z", "description": "x"},
        200,
    ),
    ("GET", "/workspaces/{ws}/user/{user}/time-entries?page-size=5", None, 200),
    ("GET", "/workspaces/{ws}/user/{user}/time-entries?in-progress=true", None, 200),
    ("POST", "/workspaces/{ws}/user/{user}/time-entries", {"start": "2026-03-02T11:00:00Z"}, 201),
    ("GET", "/workspaces/{ws}/time-entries/status/in-progress", None, 200),
    (
        "PUT",
        "/workspaces/{ws}/user/{user}/time-entries",
        [{"id": "{entry}", "start": "2026-03-02T08:00:00Z", "end": "2026-03-02T08:30:00Z"}],
        200,
    ),
    ("PATCH", "/workspaces/{ws}/user/{user}/time-entries", {"end": "2026-03-02T12:00:00Z"}, 200),
    ("DELETE", "/workspaces/{ws}/user/{user}/time-entries?time-entry-ids={entry}", None, 200),
    ("DELETE", "/workspaces/{ws}/time-entries/{other_entry}", None, 204),
    # The workday: profiles, holidays, time off, approvals (the seeded ones pinned below).
    ("GET", "/workspaces/{ws}/member-profile/{user}", None, 200),
    (
        "PATCH",
        "/workspaces/{ws}/member-profile/{user}",
        {"workCapacity": "PT7H30M", "workingDays": ["MONDAY", "TUESDAY"], "weekStart": "MONDAY"},
        200,
    ),
    ("GET", "/workspaces/{ws}/holidays?assigned-to={user}", None, 200),
    (
        "GET",
        "/workspaces/{ws}/holidays/in-period?assigned-to={user}&start=2026-11-02&end=2026-11-08",
        None,
        200,
    ),
    (
        "POST",
        "/workspaces/{ws}/holidays",
        {"name": "Served day", "datePeriod": {"startDate": "2026-12-24", "endDate": "2026-12-26"}},
        200,
    ),
    (
        "PUT",
        "/workspaces/{ws}/holidays/{served_holiday}",
        {
            "name": "Served day",
            "datePeriod": {"startDate": "2026-12-24", "endDate": "2026-12-24"},
            "occursAnnually": True,
            "users": {"contains": "CONTAINS", "ids": ["{user}"]},
        },
        200,
    ),
    ("DELETE", "/workspaces/{ws}/holidays/{served_holiday}", None, 200),
    ("GET", "/workspaces/{ws}/time-off/policies?status=ACTIVE&page=1&page-size=10", None, 200),
    (
        "POST",
        "/workspaces/{ws}/time-off/policies",
        {"name": "Sick leave", "approve": {"requiresApproval": False}, "timeUnit": "HOURS"},
        201,
    ),
    ("GET", "/workspaces/{ws}/time-off/policies/{policy}", None, 200),
    (
        "POST",
        "/workspaces/{ws}/time-off/policies/{policy}/requests",
        {
            "timeOffPeriod": {
                "period": {"start": "2026-11-17", "end": "2026-11-17"},
                "isHalfDay": True,
                "halfDayPeriod": "FIRST_HALF",
            },
            "note": "Dentist",
        },
        200,
    ),
    (
        "PATCH",
        "/workspaces/{ws}/time-off/policies/{policy}/requests/{pending_time_off}",
        {"status": "APPROVED", "note": "Fine"},
        200,
    ),
    (
        "POST",
        "/workspaces/{ws}/time-off/requests",
        {"start": "2026-11-01T00:00:00Z", "end": "2026-11-30T00:00:00Z", "statuses": ["ALL"]},
        200,
    ),
    ("GET", "/workspaces/{ws}/approval-requests?status=PENDING&page=1&page-size=10", None, 200),
    (
        "POST",
        "/workspaces/{ws}/approval-requests",
        {"periodStart": "2026-10-26T00:00:00Z", "period": "WEEKLY"},
        201,
    ),
    ("PATCH", "/workspaces/{ws}/approval-requests/{approval}", {"state": "APPROVED"}, 200),
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed_moment=PINNED) as running:
        running.state.relax_required_fields()  # the entries written carry no cost center
        yield running


def _pins(sandbox: Sandbox) -> dict[str, str]:
    state = sandbox.state
    workspace = next(w for w in state.workspaces.values() if w["name"] == "Acme Studio")
    entries = sorted(state.entries.values(), key=lambda e: e.start)
    return {
        "ws": workspace["id"],
        "user": next(iter(state.users)),
        "project": next(p["id"] for p in state.projects.values() if p["name"] == "Support"),
        "archived": _named(state.projects, "Legacy CRM"),
        "client": _named(state.clients, "Northwind"),
        "spare_client": _named(state.clients, "Initech"),
        "tag": _named(state.tags, "served"),
        "task": _named(state.tasks, "Served task"),
        "entry": entries[0].id,
        "other_entry": entries[1].id,
        "served_holiday": _named(state.holidays, "Served day"),
        "policy": _named(state.policies, "Vacation"),
        "pending_time_off": next(
            (r["id"] for r in state.time_offs.values() if r["status"]["statusType"] == "PENDING"),
            "gone",
        ),
        "approval": next(
            (r["id"] for r in state.approvals.values() if r["state"] == "PENDING"), "gone"
        ),
    }


def _named(table: dict[str, Any], name: str) -> str:
    return next((row["id"] for row in table.values() if row["name"] == name), "gone")


def _fill(value: Any, pins: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**pins)
    if isinstance(value, dict):
        return {key: _fill(item, pins) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, pins) for item in value]
    return value


@pytest.mark.parametrize(("method", "path", "body", "status"), SERVED, ids=lambda v: str(v)[:40])
def test_served_operation_answers_as_the_spec_says(
    sandbox: Sandbox, method: str, path: str, body: Any, status: int
) -> None:
    pins = _pins(sandbox)
    response = httpx.request(
        method,
        sandbox.url + _fill(path, pins),
        json=_fill(body, pins),
        headers={"X-Api-Key": sandbox.api_key},
    )
    assert response.status_code == status, response.text
    spec.validate_response(response)
    schema = spec.response_schema(response)
    if schema is not None:
        assert spec.missing_fields(schema, response.json()) == []


def test_every_served_operation_is_in_the_table() -> None:
    walked = {
        route_of(method, re.sub(r"\{\w+\}", "x0", path.split("?")[0]))[0]
        for method, path, _, _ in SERVED
    }
    assert walked == {handler for _, _, handler in ROUTES}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/workspaces/{ws}/reports/nothing", 404),
        ("PATCH", "/workspaces/{ws}/projects", 405),
        ("POST", "/user", 405),
    ],
)
def test_anything_else_gets_clockify_s_404_or_405(
    sandbox: Sandbox, method: str, path: str, status: int
) -> None:
    response = httpx.request(
        method, sandbox.url + _fill(path, _pins(sandbox)), headers={"X-Api-Key": sandbox.api_key}
    )
    assert response.status_code == status
    assert set(response.json()) == {"message", "code"}


def test_completeness_check_can_fail() -> None:
    schema = {"$ref": "#/components/schemas/TagDtoV1"}
    assert spec.missing_fields(schema, {"id": "t", "name": "n", "workspaceId": "w"}) == [
        ".archived"
    ]
    assert (
        spec.missing_fields(schema, {"id": "t", "name": "n", "workspaceId": "w", "archived": None})
        == []
    )
