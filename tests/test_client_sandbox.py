"""The client against the sandbox over real HTTP: every operation, and Clockify's rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tray_app.clockify import (
    AuthError,
    ClockifyClient,
    Forbidden,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
    ValidationError,
)
from tray_app.sandbox import Sandbox


def _workspace(client: ClockifyClient) -> str:
    return client.get_user().active_workspace or ""


def test_get_user_reads_profile_and_settings(client: ClockifyClient) -> None:
    user = client.get_user()
    assert user.name == "Demo User"
    assert user.email == "demo@example.com"
    assert user.time_zone == "Europe/Berlin"
    assert user.active_workspace in {w.id for w in client.list_workspaces()}


def test_list_workspaces_reads_names_and_forced_fields(
    client: ClockifyClient, sandbox: Sandbox
) -> None:
    workspaces = client.list_workspaces()
    assert [w.name for w in workspaces] == ["Acme Studio", "Side Projects"]
    sandbox.state.set_workspace_settings(workspaces[0].id, forceProjects=True, forceTags=True)
    settings = client.list_workspaces()[0].settings
    assert (settings.force_projects, settings.force_tags, settings.force_tasks) == (
        True,
        True,
        False,
    )


def test_list_projects_reads_every_page(client: ClockifyClient, sandbox: Sandbox) -> None:
    workspace = _workspace(client)
    projects = client.list_projects(workspace)
    assert len(projects) == 30  # three pages of 10, then an empty check is not needed
    assert len({p.id for p in projects}) == 30
    pages = [r for r in sandbox.requests if r.path.endswith("/projects")]
    assert len(pages) == 3 and "page=3" in pages[-1].query


def test_list_projects_archived_filter(client: ClockifyClient) -> None:
    workspace = _workspace(client)
    archived = client.list_projects(workspace, archived=True)
    active = client.list_projects(workspace, archived=False)
    assert {p.name for p in archived} == {"Legacy CRM", "Old intranet"}
    assert all(p.archived for p in archived) and not any(p.archived for p in active)
    assert len(active) + len(archived) == len(client.list_projects(workspace))


def test_list_projects_by_name_carries_client(client: ClockifyClient) -> None:
    (project,) = client.list_projects(_workspace(client), name="espresso")
    assert project.name == "Espresso machine IoT"
    assert project.client_name == "Café Olé"
    assert project.color.startswith("#") and project.billable


def test_create_project_and_duplicate_refused(client: ClockifyClient) -> None:
    workspace = _workspace(client)
    clients = client.list_clients(workspace)
    made = client.create_project(
        workspace, "Tray timer", client_id=clients[0].id, is_public=False, billable=True
    )
    assert (made.name, made.client_id, made.public, made.billable) == (
        "Tray timer",
        clients[0].id,
        False,
        True,
    )
    assert client.get_project(workspace, made.id) == made
    with pytest.raises(ValidationError, match="already exists") as caught:
        client.create_project(workspace, "tray TIMER", client_id=clients[0].id)
    assert caught.value.status == 400


def test_list_clients_tags_tasks(client: ClockifyClient) -> None:
    workspace = _workspace(client)
    assert [c.name for c in client.list_clients(workspace)] == [
        "Café Olé",
        "Globex",
        "Initech",
        "Northwind",
        "Umbrella Labs",
    ]
    assert {t.name for t in client.list_tags(workspace)} == {
        "meeting",
        "deep work",
        "support",
        "travel",
        "overtime",
    }
    project = client.list_projects(workspace, name="Mobile app")[0]
    tasks = client.list_tasks(workspace, project.id)
    assert [t.name for t in tasks] == ["Design", "Development", "Review", "Meetings"]
    assert all(t.project_id == project.id and t.active for t in tasks)


def test_start_running_stop(client: ClockifyClient) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    project = client.list_projects(workspace, name="Support")[0]
    task = client.list_tasks(workspace, project.id)[0]
    tag = client.list_tags(workspace)[0]
    assert client.get_running_entry(workspace, user.id) is None

    started = client.start_timer(
        workspace,
        description="Ticket 42",
        project_id=project.id,
        task_id=task.id,
        tag_ids=[tag.id],
        billable=True,
    )
    assert started.running and started.end is None
    assert (started.project_id, started.task_id, started.tag_ids) == (
        project.id,
        task.id,
        (tag.id,),
    )
    assert abs(started.start - datetime.now(UTC)) < timedelta(seconds=5)
    assert client.get_running_entry(workspace, user.id) == started

    end = started.start + timedelta(minutes=25)
    stopped = client.stop_timer(workspace, user.id, end=end)
    assert (stopped.id, stopped.end, stopped.billable) == (started.id, end, True)
    assert client.get_running_entry(workspace, user.id) is None


def test_stop_with_nothing_running_is_not_found(client: ClockifyClient) -> None:
    user = client.get_user()
    with pytest.raises(NotFound, match="No timer is running"):
        client.stop_timer(user.active_workspace or "", user.id)


def test_one_running_timer_per_user_and_workspace(client: ClockifyClient) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    first = client.start_timer(
        workspace, description="first", start=datetime(2026, 1, 5, 9, tzinfo=UTC)
    )
    second = client.start_timer(
        workspace, description="second", start=datetime(2026, 1, 5, 10, tzinfo=UTC)
    )
    assert client.get_running_entry(workspace, user.id) == second
    assert client.get_time_entry(workspace, first.id).end == second.start


def test_create_time_entry_finished_and_running(client: ClockifyClient) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    start = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    done = client.create_time_entry(
        workspace, start=start, end=start + timedelta(hours=1, minutes=30), description="Review"
    )
    assert done.duration(datetime.now(UTC)) == timedelta(hours=1, minutes=30)
    running = client.create_time_entry(workspace, start=start + timedelta(hours=2))
    assert running.running


def test_unknown_project_is_400_code_501(client: ClockifyClient) -> None:
    workspace = _workspace(client)
    with pytest.raises(ValidationError) as caught:
        client.create_time_entry(
            workspace, start=datetime(2026, 3, 2, tzinfo=UTC), project_id="0" * 24
        )
    assert (caught.value.status, caught.value.code) == (400, 501)
    assert "Project doesn't belong to Workspace" in caught.value.message


def test_end_before_start_refused_by_server(client: ClockifyClient) -> None:
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    with pytest.raises(ValidationError, match="before end"):
        client.create_time_entry(_workspace(client), start=start, end=start - timedelta(minutes=1))


def test_list_time_entries_pages_and_range(client: ClockifyClient, sandbox: Sandbox) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    everything = client.list_time_entries(workspace, user.id, page_size=200)
    assert len(everything) == len(sandbox.state.entries_of(workspace, user.id)) > 40
    assert everything == sorted(everything, key=lambda e: e.start, reverse=True)
    first_page = client.list_time_entries(workspace, user.id, page=1, page_size=5)
    second_page = client.list_time_entries(workspace, user.id, page=2, page_size=5)
    assert first_page == everything[:5] and second_page == everything[5:10]
    since = everything[9].start
    recent = client.list_time_entries(workspace, user.id, since=since, page_size=200)
    assert recent == everything[:10]


def test_update_time_entry_merges_then_replaces(client: ClockifyClient) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    original = client.list_time_entries(workspace, user.id, page_size=1)[0]
    assert original.project_id and original.task_id
    updated = client.update_time_entry(workspace, original.id, description="Renamed")
    assert updated.description == "Renamed"
    # PUT replaces the whole entry: the merge must have kept every other field.
    assert (updated.project_id, updated.task_id, updated.start, updated.end, updated.billable) == (
        original.project_id,
        original.task_id,
        original.start,
        original.end,
        original.billable,
    )
    with pytest.raises(TypeError, match="cannot change colour"):
        client.update_time_entry(workspace, original.id, colour="red")


def test_delete_time_entry(client: ClockifyClient, sandbox: Sandbox) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    entry = client.list_time_entries(workspace, user.id, page_size=1)[0]
    client.delete_time_entry(workspace, entry.id)
    assert sandbox.requests[-1].status == 204
    with pytest.raises(NotFound):
        client.get_time_entry(workspace, entry.id)


def test_unknown_key_is_auth_error_mentioning_region(sandbox: Sandbox) -> None:
    with ClockifyClient("not-a-key", sandbox.url) as wrong, pytest.raises(AuthError) as caught:
        wrong.get_user()
    assert (caught.value.status, caught.value.code) == (401, 4003)
    assert "region" in caught.value.message


def test_other_users_workspace_is_forbidden(client: ClockifyClient) -> None:
    with pytest.raises(Forbidden):
        client.list_projects("f" * 24)


def test_rate_limit_storm_is_retried_then_succeeds(
    client: ClockifyClient, sandbox: Sandbox
) -> None:
    sandbox.faults.rate_limit_next(3)
    assert client.get_user().name == "Demo User"
    assert [r.status for r in sandbox.requests] == [429, 429, 429, 200]


def test_rate_limit_longer_than_retries_raises(sandbox: Sandbox) -> None:
    sandbox.faults.rate_limit_next(10)
    limited = ClockifyClient(sandbox.api_key, sandbox.url, max_retries=2, backoff_base=0)
    with limited, pytest.raises(RateLimited, match="30 requests an hour"):
        limited.list_workspaces()
    assert len(sandbox.requests) == 3


def test_post_is_retried_after_429_but_not_after_500(
    client: ClockifyClient, sandbox: Sandbox
) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    sandbox.faults.rate_limit_next(1)
    client.start_timer(workspace, description="after 429")
    sandbox.faults.fail_next(1, status=500)
    with pytest.raises(ServerError):
        client.start_timer(workspace, description="after 500")
    running = client.get_running_entry(workspace, user.id)
    assert running is not None and running.description == "after 429"


def test_lost_response_of_a_write_is_not_resent(client: ClockifyClient, sandbox: Sandbox) -> None:
    user = client.get_user()
    workspace = user.active_workspace or ""
    sandbox.faults.drop_next_writes(1)
    with pytest.raises(NetworkError, match="may or may not have been saved"):
        client.start_timer(workspace, description="committed")
    running = client.get_running_entry(workspace, user.id)
    assert running is not None and running.description == "committed"
    posts = [r for r in sandbox.requests if r.method == "POST"]
    assert len(posts) == 1


def test_latency_is_waited_for(sandbox: Sandbox, client: ClockifyClient) -> None:
    sandbox.faults.latency = 0.3
    started = datetime.now(UTC)
    client.get_user()
    assert datetime.now(UTC) - started >= timedelta(seconds=0.3)


def test_connection_refused_is_network_error() -> None:
    offline = ClockifyClient("k", "http://127.0.0.1:9/api/v1", max_retries=1, backoff_base=0)
    with offline, pytest.raises(NetworkError, match="Could not connect"):
        offline.get_user()


def test_an_edit_keeps_custom_field_values_the_app_does_not_show(
    client: ClockifyClient, sandbox: Sandbox
) -> None:
    import httpx

    user = client.get_user()
    workspace = user.active_workspace or ""
    field = sandbox.state.add_custom_field(workspace, "PO number")
    made = httpx.post(
        f"{sandbox.url}/workspaces/{workspace}/time-entries",
        json={
            "start": "2026-03-02T09:00:00Z",
            "end": "2026-03-02T10:00:00Z",
            "customFields": [{"customFieldId": field, "value": "PO-4711"}],
        },
        headers={"X-Api-Key": sandbox.api_key},
    ).json()
    client.update_time_entry(workspace, made["id"], description="Edited")
    stored = sandbox.state.entries[made["id"]]
    assert stored.description == "Edited"
    assert stored.custom_fields == [
        {"customFieldId": field, "value": "PO-4711", "name": "PO number"}
    ]


def test_certificates_named_by_a_missing_file_are_passed_over_not_a_crash(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """SSL_CERT_FILE left pointing at nothing (another machine's setting, a container's):
    httpx would fail to make its client and the app would stop at start; it warns, checks
    certificates against certifi's instead, and works."""
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/ca-certificates.crt")
    with ClockifyClient(sandbox.api_key, sandbox.url) as client:
        assert client.get_user().name
    assert "cannot be read" in caplog.text and "certifi" in caplog.text
