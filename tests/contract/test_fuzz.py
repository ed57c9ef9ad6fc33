"""Schemathesis fuzzes the sandbox against the official spec: for every operation a client uses,
valid and invalid requests over real HTTP, ids pinned to the demo data so they get past 403/404.

No answer may be a 5xx or a dropped connection; every error is Clockify's ``{"message", "code"}``
JSON with a 4xx status; every success is valid against the vendored spec (tests/contract/spec.py
applies the spec quirks listed in PROVENANCE.md). Bounded: FUZZ_EXAMPLES per operation and mode.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.contract import spec
from tests.fakes import PINNED
from tray_app.sandbox import Sandbox

SPEC = Path(__file__).with_name("clockify-openapi.json")
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
# What time-tracking clients use: users, workspaces, projects, clients, tags, tasks, entries,
# and the workday (member profiles, holidays, time off, approvals).
SERVED = (
    r"^/v1/(user|workspaces"
    r"|workspaces/\{workspaceId\}"
    r"(/(projects|clients|tags|users|time-entries|time-entries/status/in-progress"
    r"|user/\{userId\}/time-entries|projects/\{projectId\}(/tasks(/\{taskId\})?)?"
    r"|time-entries/\{id\}|clients/\{id\}|tags/\{id\}"
    r"|member-profile/\{userId\}|holidays|holidays/in-period|holidays/\{holidayId\}"
    r"|time-off/policies|time-off/policies/\{id\}|time-off/requests"
    r"|time-off/policies/\{policyId\}/requests(/\{requestId\})?"
    r"|approval-requests|approval-requests/\{approvalRequestId\}"
    r"|reports/summary|reports/detailed))?)$"
)
SCHEMA = schemathesis.openapi.from_path(SPEC).include(path_regex=SERVED)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def _pins(sandbox: Sandbox, path: str) -> dict[str, str]:
    state = sandbox.state
    user = next(iter(state.users.values()))
    workspace = next(w for w in state.workspaces.values() if w["name"] == "Acme Studio")
    project = next(p for p in state.projects.values() if p["name"] == "Support")
    entry = next(iter(state.entries.values()))
    # The demo's workday: its holiday, its "Vacation" policy, day off and pending week.
    policy = next(iter(state.policies))
    return {
        "workspaceId": workspace["id"],
        "userId": user["id"],
        "projectId": project["id"],
        "id": policy if "/time-off/policies/" in path else entry.id,
        "holidayId": next(iter(state.holidays)),
        "policyId": policy,
        "requestId": next(iter(state.time_offs)),
        "approvalRequestId": next(iter(state.approvals)),
    }


def _send(sandbox: Sandbox, http: httpx.Client, case: Any) -> httpx.Response:
    # The main API lives under /api; the reports host's paths start at /v1 on their own.
    api = sandbox.url.removesuffix("/v1")
    root = api.removesuffix("/api") if "/reports/" in case.formatted_path else api
    headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "x-api-key"}
    kwargs: dict[str, Any] = {"params": case.query or None, "headers": headers}
    if isinstance(case.body, bytes | str):  # negative mode sends what is not JSON too
        kwargs["content"] = case.body
        kwargs["headers"]["Content-Type"] = case.media_type or "application/json"
    elif not isinstance(case.body, type(schemathesis.core.NOT_SET)):
        kwargs["json"] = case.body
    try:
        response = http.request(case.method, root + case.formatted_path, **kwargs)
    except httpx.TransportError as err:  # a dropped connection is a failure like a 500
        raise AssertionError(f"{case.method} {case.formatted_path}: no answer ({err!r})") from err
    response.read()
    return response


def _check(response: httpx.Response) -> None:
    where = f"{response.request.method} {response.request.url} → {response.status_code}"
    assert response.status_code < 500, f"{where}: {response.text[:300]}"
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body, dict) and set(body) == {"message", "code"}, f"{where}: {body}"
        assert isinstance(body["message"], str) and isinstance(body["code"], int), where
        return
    spec.validate_response(response)


@pytest.mark.fuzz
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.method.upper()} {op.path}")
def test_fuzzed_requests_get_clockify_answers(operation: Any, mode: GenerationMode) -> None:
    with (
        Sandbox(seed_moment=PINNED) as sandbox,
        httpx.Client(headers={"X-Api-Key": sandbox.api_key}) as http,
    ):
        strategy = operation.as_strategy(mode, path_parameters=_pins(sandbox, operation.path))

        @settings(
            max_examples=FUZZ_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def fuzz(case: Any) -> None:
            _check(_send(sandbox, http, case))

        try:
            fuzz()
        except Unsatisfiable:
            # Everything it could vary is pinned or has no invalid form (e.g. a DELETE by id).
            pytest.skip(f"nothing to make invalid in {operation.method.upper()} {operation.path}")
