"""Every request the client sends and every sandbox answer, checked against Clockify's spec."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.contract import spec
from tests.fakes import PINNED
from tray_app.clockify import ClockifyClient, ClockifyError
from tray_app.sandbox import Sandbox


@pytest.fixture
def exchanges() -> list[httpx.Response]:
    return []


@pytest.fixture
def recorded_client(sandbox: Sandbox, exchanges: list[httpx.Response]) -> Iterator[ClockifyClient]:
    def record(response: httpx.Response) -> None:
        response.read()
        exchanges.append(response)

    http = httpx.Client(event_hooks={"response": [record]})
    with ClockifyClient(
        sandbox.api_key, sandbox.url, http=http, page_size=10, backoff_base=0
    ) as made:
        yield made


def _every_operation(client: ClockifyClient) -> None:
    user = client.get_user()
    workspace = client.list_workspaces()[0].id
    client.list_workspaces(roles=("WORKSPACE_ADMIN", "OWNER"))
    projects = client.list_projects(workspace)
    client.list_projects(workspace, archived=False, name="a")
    client.get_project(workspace, projects[0].id)
    client.list_clients(workspace)
    client.list_tags(workspace, archived=False)
    client.list_all_time_entries(workspace, user.id, since=datetime(2026, 1, 1, tzinfo=UTC))
    tasks = client.list_tasks(workspace, projects[0].id)
    made = client.create_project(workspace, "Contract", is_public=False, color="#123456")
    client.get_running_entry(workspace, user.id)
    client.start_timer(workspace, description="c", project_id=projects[0].id, task_id=tasks[0].id)
    client.get_running_entry(workspace, user.id)
    stopped = client.stop_timer(workspace, user.id)
    start = datetime(2026, 2, 3, 9, tzinfo=UTC)
    entry = client.create_time_entry(
        workspace, start=start, end=start + timedelta(hours=1), project_id=made.id, billable=True
    )
    client.list_time_entries(
        workspace, user.id, since=start - timedelta(days=1), until=start, page=1
    )
    client.update_time_entry(workspace, entry.id, description="changed", end=None)
    client.delete_time_entry(workspace, stopped.id)


def test_every_client_request_and_sandbox_response_match_the_spec(
    recorded_client: ClockifyClient, exchanges: list[httpx.Response]
) -> None:
    _every_operation(recorded_client)
    seen = set()
    for response in exchanges:
        spec.validate_request(response.request)
        spec.validate_response(response)
        seen.add(
            spec.operation(response.request.method, response.request.url.path)[1]["operationId"]
        )
    assert seen == {
        "getLoggedUser",
        "getWorkspacesOfUser",
        "getProjects",
        "getProject",
        "createNewProject",
        "getClients",
        "getTags",
        "getTasks",
        "getTimeEntries",
        "createTimeEntry",
        "stopRunningTimeEntry",
        "getTimeEntry",
        "updateTimeEntry",
        "deleteTimeEntry",
    }


def test_error_answers_have_clockify_shape(
    recorded_client: ClockifyClient, exchanges: list[httpx.Response], sandbox: Sandbox
) -> None:
    user = recorded_client.get_user()
    workspace = user.active_workspace or ""
    failing = [
        lambda: recorded_client.stop_timer(workspace, user.id),
        lambda: recorded_client.create_time_entry(
            workspace, start=datetime.now(UTC), project_id="x" * 24
        ),
        lambda: recorded_client.create_project(workspace, "Hiring"),
        lambda: recorded_client.get_time_entry(workspace, "0" * 24),
    ]
    for call in failing:
        with pytest.raises(ClockifyError):
            call()
    statuses = [r.status_code for r in exchanges]
    assert statuses == [200, 404, 400, 400, 404]
    for response in exchanges:
        spec.validate_response(response)


def test_validator_catches_a_wrong_type() -> None:
    """The checks themselves must be able to fail."""
    request = httpx.Request(
        "POST",
        "http://127.0.0.1/api/v1/workspaces/w/time-entries",
        json={"start": "2026-01-01T00:00:00Z", "billable": "yes"},
        headers={"X-Api-Key": "k"},
    )
    with pytest.raises(AssertionError, match="billable"):
        spec.validate_request(request)
    bad_time = httpx.Request(
        "POST",
        "http://127.0.0.1/api/v1/workspaces/w/time-entries",
        json={"start": "2026-01-01 00:00"},
        headers={"X-Api-Key": "k"},
    )
    with pytest.raises(AssertionError, match="yyyy-MM-dd"):
        spec.validate_request(bad_time)
    unknown_param = httpx.Request(
        "GET", "http://127.0.0.1/api/v1/user?colour=red", headers={"X-Api-Key": "k"}
    )
    with pytest.raises(AssertionError, match="colour"):
        spec.validate_request(unknown_param)


def test_report_requests_and_answers_match_the_spec(sandbox: Sandbox) -> None:
    """The reports client's summary and detailed requests (every page) and the sandbox's answers
    on the reports host, against the spec's report operations."""

    from tray_app.clockify.reports import ReportsClient, report_body, reports_base_url

    exchanges: list[httpx.Response] = []

    def record(response: httpx.Response) -> None:
        response.read()
        exchanges.append(response)

    http = httpx.Client(event_hooks={"response": [record]})
    reports = ReportsClient(
        sandbox.api_key, reports_base_url(sandbox.url), http=http, backoff_base=0
    )
    user = next(iter(sandbox.state.users))
    today = PINNED.date()
    body = report_body(today - timedelta(days=10), today, "Europe/Berlin", user, amounts=True)
    workspace = sandbox.state.users[user]["activeWorkspace"]
    try:
        for group in ("PROJECT", "CLIENT", "TAG", "DATE"):
            reports.summary(workspace, body, group)
        _, entries = reports.detailed(workspace, body, page_size=7)
    finally:
        reports.close()
    assert len(entries) > 7  # more than one page was read
    seen = set()
    for response in exchanges:
        assert response.status_code == 200
        spec.validate_request(response.request)
        spec.validate_response(response)
        seen.add(
            spec.operation(response.request.method, response.request.url.path)[1]["operationId"]
        )
    assert len(seen) == 2 and all("report" in s.lower() for s in seen), seen
