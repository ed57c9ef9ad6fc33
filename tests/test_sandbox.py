"""The sandbox's own rules, spoken to with raw HTTP (no client code in between)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from tests.fakes import PINNED
from tray_app.sandbox import Sandbox


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, headers={"X-Api-Key": sandbox.api_key}) as made:
        yield made


@pytest.fixture
def ids(http: httpx.Client) -> tuple[str, str]:
    user = http.get("/user").json()
    return user["activeWorkspace"], user["id"]


def test_missing_and_unknown_key_bodies(sandbox: Sandbox) -> None:
    missing = httpx.get(f"{sandbox.url}/user")
    assert missing.status_code == 401
    assert missing.json() == {
        "message": "Full authentication is required to access this resource",
        "code": 1000,
    }
    unknown = httpx.get(f"{sandbox.url}/user", headers={"X-Api-Key": "nope"})
    assert (unknown.status_code, unknown.json()) == (
        401,
        {"message": "Api key does not exist", "code": 4003},
    )


def test_paging_and_last_page_header(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    first = http.get(f"/workspaces/{workspace}/projects", params={"page": 1, "page-size": 20})
    second = http.get(f"/workspaces/{workspace}/projects", params={"page": 2, "page-size": 20})
    assert (len(first.json()), first.headers["Last-Page"]) == (20, "false")
    assert (len(second.json()), second.headers["Last-Page"]) == (10, "true")
    default = http.get(f"/workspaces/{workspace}/projects")
    assert len(default.json()) == 30  # default page size is 50
    too_big = http.get(f"/workspaces/{workspace}/projects", params={"page-size": 5001})
    assert too_big.status_code == 400 and "5000" in too_big.json()["message"]


def test_in_progress_filter(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, user = ids
    path = f"/workspaces/{workspace}/user/{user}/time-entries"
    assert http.get(path, params={"in-progress": "true"}).json() == []
    started = http.post(
        f"/workspaces/{workspace}/time-entries", json={"start": "2026-01-05T09:00:00Z"}
    )
    assert started.status_code == 201
    running = http.get(path, params={"in-progress": "true"}).json()
    assert [e["id"] for e in running] == [started.json()["id"]]
    assert (
        running[0]["timeInterval"]["end"] is None and running[0]["timeInterval"]["duration"] is None
    )


def test_patch_stop_then_404(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, user = ids
    path = f"/workspaces/{workspace}/user/{user}/time-entries"
    http.post(f"/workspaces/{workspace}/time-entries", json={"start": "2026-01-05T09:00:00Z"})
    stopped = http.patch(path, json={"end": "2026-01-05T10:30:00Z"})
    assert stopped.status_code == 200
    assert stopped.json()["timeInterval"]["duration"] == "PT1H30M"
    again = http.patch(path, json={"end": "2026-01-05T11:00:00Z"})
    assert again.status_code == 404 and set(again.json()) == {"message", "code"}


def test_put_is_full_replace(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, user = ids
    entry = http.get(f"/workspaces/{workspace}/user/{user}/time-entries").json()[0]
    assert entry["projectId"] and entry["description"]
    replaced = http.put(
        f"/workspaces/{workspace}/time-entries/{entry['id']}",
        json={"start": entry["timeInterval"]["start"], "end": entry["timeInterval"]["end"]},
    ).json()
    assert (
        replaced["projectId"],
        replaced["taskId"],
        replaced["description"],
        replaced["billable"],
    ) == (
        None,
        None,
        "",
        False,
    )


def test_put_without_start_is_refused(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, user = ids
    entry = http.get(f"/workspaces/{workspace}/user/{user}/time-entries").json()[0]
    response = http.put(
        f"/workspaces/{workspace}/time-entries/{entry['id']}", json={"description": "x"}
    )
    assert response.status_code == 400


def test_delete_is_204_then_404(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, user = ids
    entry = http.get(f"/workspaces/{workspace}/user/{user}/time-entries").json()[0]
    first = http.delete(f"/workspaces/{workspace}/time-entries/{entry['id']}")
    assert (first.status_code, first.content) == (204, b"")
    assert http.delete(f"/workspaces/{workspace}/time-entries/{entry['id']}").status_code == 404


def test_unknown_project_and_task_rules(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    unknown = http.post(
        f"/workspaces/{workspace}/time-entries",
        json={"start": "2026-01-05T09:00:00Z", "projectId": "abc"},
    )
    assert (unknown.status_code, unknown.json()["code"]) == (400, 501)
    project = http.get(f"/workspaces/{workspace}/projects", params={"name": "Support"}).json()[0]
    other = http.get(f"/workspaces/{workspace}/projects", params={"name": "Hiring"}).json()[0]
    other_task = http.get(f"/workspaces/{workspace}/projects/{other['id']}/tasks").json()[0]
    wrong_task = http.post(
        f"/workspaces/{workspace}/time-entries",
        json={
            "start": "2026-01-05T09:00:00Z",
            "projectId": project["id"],
            "taskId": other_task["id"],
        },
    )
    assert wrong_task.status_code == 400 and "Task" in wrong_task.json()["message"]


def test_malformed_request_json(http: httpx.Client, ids: tuple[str, str]) -> None:
    workspace, _ = ids
    response = http.post(
        f"/workspaces/{workspace}/time-entries",
        content=b"{oops",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["message"] == "Malformed JSON request"


def test_wrong_method_and_path(http: httpx.Client) -> None:
    assert http.delete("/user").status_code == 405
    assert http.get("/nothing-here").status_code == 404


def test_fault_rate_limit_has_empty_body(http: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults.rate_limit_next(2, retry_after=4)
    first = http.get("/user")
    assert (first.status_code, first.content, first.headers["Retry-After"]) == (429, b"", "4")
    assert http.get("/user").status_code == 429
    assert http.get("/user").status_code == 200


def test_fault_server_error_changes_nothing(
    http: httpx.Client, sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    before = len(sandbox.state.entries)
    sandbox.faults.fail_next(1, status=503)
    response = http.post(
        f"/workspaces/{workspace}/time-entries", json={"start": "2026-01-05T09:00:00Z"}
    )
    assert response.status_code == 503 and len(sandbox.state.entries) == before


def test_fault_drop_commits_then_closes(
    http: httpx.Client, sandbox: Sandbox, ids: tuple[str, str]
) -> None:
    workspace, _ = ids
    before = len(sandbox.state.entries)
    sandbox.faults.drop_next_writes(1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(f"/workspaces/{workspace}/time-entries", json={"start": "2026-01-05T09:00:00Z"})
    assert len(sandbox.state.entries) == before + 1
    assert http.get("/user").status_code == 200  # reads are not dropped


def test_fault_malformed_body(http: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults.malform_next(1)
    response = http.get("/user")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.parametrize(
    "body",
    [
        {"start": "2026-01-01T00:00:00Z", "projectId": ["a"]},
        {"start": "2026-01-01T00:00:00Z", "taskId": {"id": "a"}},
        {"start": "2026-01-01T00:00:00Z", "tagIds": [["a"]]},
        {"start": "2026-01-01T00:00:00Z", "billable": "yes"},
        {"start": "0001-01-01T00:00:00+05:00"},
    ],
)
def test_wrongly_typed_entries_get_400_not_500(sandbox: Sandbox, body: dict) -> None:
    workspace = next(iter(sandbox.state.workspaces))
    answer = httpx.post(
        f"{sandbox.url}/workspaces/{workspace}/time-entries",
        json=body,
        headers={"X-Api-Key": sandbox.api_key},
    )
    assert answer.status_code == 400
    assert set(answer.json()) == {"message", "code"}


def test_years_before_1000_keep_four_digits(sandbox: Sandbox) -> None:
    workspace = next(iter(sandbox.state.workspaces))
    answer = httpx.post(
        f"{sandbox.url}/workspaces/{workspace}/time-entries",
        json={"start": "0999-01-01T00:00:00Z", "end": "0999-01-01T01:00:00Z"},
        headers={"X-Api-Key": sandbox.api_key},
    )
    assert answer.status_code == 201
    assert answer.json()["timeInterval"]["start"] == "0999-01-01T00:00:00Z"


def test_large_workspaces_grow_reproducibly() -> None:
    from tray_app.sandbox.seeds import seed_large

    def names(seed: int) -> list[str]:
        with Sandbox(seed_moment=PINNED) as sandbox:
            before = len(sandbox.state.projects)
            seed_large(sandbox.state, projects=120, entries=40, seed=seed, now=PINNED)
            assert len(sandbox.state.projects) == before + 120
            assert sum(1 for e in sandbox.state.entries.values() if e.end) >= 40
            return sorted(p["name"] for p in sandbox.state.projects.values())

    assert names(3) == names(3) != names(4)


def test_entries_alone_go_on_the_demo_s_active_projects() -> None:
    from tray_app.sandbox.seeds import seed_large

    with Sandbox(seed_moment=PINNED) as sandbox:
        before = len(sandbox.state.entries)
        # No new projects: the demo's serve.
        seed_large(sandbox.state, entries=300, seed=5, now=PINNED)
        added = list(sandbox.state.entries.values())[before:]
        assert len(added) == 300
        assert not any(sandbox.state.projects[e.project_id]["archived"] for e in added)


def test_entry_filters_and_hydration(sandbox: Sandbox) -> None:
    workspace = next(iter(sandbox.state.workspaces))
    user = next(iter(sandbox.state.users))
    tagged = next(e for e in sandbox.state.entries.values() if e.tag_ids)
    answer = httpx.get(
        f"{sandbox.url}/workspaces/{workspace}/user/{user}/time-entries",
        params={"tags": tagged.tag_ids[0], "hydrated": "true", "page-size": "200"},
        headers={"X-Api-Key": sandbox.api_key},
    )
    rows = answer.json()
    assert rows and all(tagged.tag_ids[0] in row["tagIds"] for row in rows)
    assert all(row["project"]["id"] == row["projectId"] for row in rows if row["projectId"])
    assert rows[0]["tags"][0]["name"]


def test_bulk_replace_is_all_or_nothing(sandbox: Sandbox) -> None:
    workspace = next(iter(sandbox.state.workspaces))
    user = next(iter(sandbox.state.users))
    first, second = sorted(sandbox.state.entries.values(), key=lambda e: e.start)[:2]
    before = (first.description, second.description)
    url = f"{sandbox.url}/workspaces/{workspace}/user/{user}/time-entries"
    good = {"id": first.id, "start": "2026-03-02T08:00:00Z", "end": "2026-03-02T09:00:00Z"}
    bad = {"id": second.id, "start": "2026-03-02T10:00:00Z", "end": "2026-03-02T09:00:00Z"}
    refused = httpx.put(url, json=[good, bad], headers={"X-Api-Key": sandbox.api_key})
    assert refused.status_code == 400
    assert (first.description, second.description) == before
    assert first.start != datetime(2026, 3, 2, 8, tzinfo=UTC)  # the good one was not saved
    saved = httpx.put(
        url, json=[{**good, "description": "bulk"}], headers={"X-Api-Key": sandbox.api_key}
    )
    assert saved.status_code == 200 and saved.json()[0]["description"] == "bulk"


@pytest.mark.parametrize(
    ("setting", "body", "told"),
    [
        ("forceProjects", {}, "Project is required"),
        ("forceTags", {}, "Tag is required"),
        ("forceDescription", {"description": "  "}, "Description is required"),
    ],
)
def test_forced_fields_are_refused_like_clockify(
    sandbox: Sandbox, setting: str, body: dict, told: str
) -> None:
    workspace = next(iter(sandbox.state.workspaces))
    sandbox.state.set_workspace_settings(workspace, **{setting: True})
    answer = httpx.post(
        f"{sandbox.url}/workspaces/{workspace}/time-entries",
        json={"start": "2026-01-01T09:00:00Z", "end": "2026-01-01T10:00:00Z", **body},
        headers={"X-Api-Key": sandbox.api_key},
    )
    assert answer.status_code == 400 and answer.json()["message"].startswith(told)


def test_archived_projects_take_no_entries(sandbox: Sandbox) -> None:
    workspace = next(iter(sandbox.state.workspaces))
    archived = next(p for p in sandbox.state.projects.values() if p["archived"])
    answer = httpx.post(
        f"{sandbox.url}/workspaces/{workspace}/time-entries",
        json={"start": "2026-01-01T09:00:00Z", "projectId": archived["id"]},
        headers={"X-Api-Key": sandbox.api_key},
    )
    assert answer.status_code == 400 and "archived project" in answer.json()["message"]


def test_repeated_ids_are_kept_once(http: httpx.Client, ids: tuple[str, str]) -> None:
    """Clockify keeps id lists as sets (the spec: unique items); the fuzz run found this."""
    workspace, user = ids
    project = http.get(f"/workspaces/{workspace}/projects", params={"name": "Support"}).json()[0]
    task = http.post(
        f"/workspaces/{workspace}/projects/{project['id']}/tasks",
        json={"name": "Twice assigned", "assigneeIds": [user, user]},
    )
    assert task.status_code == 201 and task.json()["assigneeIds"] == [user]
    tags = [t["id"] for t in http.get(f"/workspaces/{workspace}/tags").json()[:2]]
    entry = http.post(
        f"/workspaces/{workspace}/time-entries",
        json={"start": "2026-01-05T09:00:00Z", "end": "2026-01-05T10:00:00Z",
              "tagIds": [tags[0], tags[1], tags[0]]},
    )  # fmt: skip
    assert entry.status_code == 201 and entry.json()["tagIds"] == tags
