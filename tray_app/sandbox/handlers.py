"""The main API's handlers, one method per operation Clockify serves under /api/v1: each reads
a ``Request`` and returns an ``Answer`` (status, JSON payload or None, extra headers).

The route table in ``routes`` names these methods; the WSGI app in ``server`` checks the key,
the workspace and who the request acts for before a handler runs.
"""

from __future__ import annotations

from typing import Any

from tray_app.sandbox.faults import Faults
from tray_app.sandbox.state import Entry, SandboxState
from tray_app.sandbox.wire import Answer, ApiError, Json, Request, json_object, read_time
from tray_app.sandbox.workday_handlers import WorkdayHandlers

MAX_PAGE_SIZE = 5000


class Handlers(WorkdayHandlers):
    """The operations of the main API over one state, each answering as Clockify does (the
    workday's from ``WorkdayHandlers``).

    Args:
        state: the data the operations read and change.
        faults: the paging faults a list's pages follow.
    """

    def __init__(self, state: SandboxState, faults: Faults) -> None:
        self.state = state
        self.faults = faults

    def _page(self, rows: list[Any], request: Request) -> Answer:
        """One page of ``rows`` by ``page`` (1-based) and ``page-size`` (default 50, at most
        5000), with ``Last-Page`` as Clockify sends it (unless a paging fault is set)."""
        try:
            page = int(request.arg("page") or 1)
            size = int(request.arg("page-size") or 50)
        except ValueError:
            raise ApiError(400, "page and page-size must be whole numbers", 501) from None
        if page < 1 or size < 1:
            raise ApiError(400, "page and page-size must be at least 1", 501)
        if size > MAX_PAGE_SIZE:
            raise ApiError(400, f"page-size cannot be greater than {MAX_PAGE_SIZE}", 501)
        if self.faults.ignore_page:
            return 200, rows[:size], []
        if self.faults.page_cap is not None:
            size = min(size, self.faults.page_cap)
            return 200, rows[(page - 1) * size : page * size], []
        chunk = rows[(page - 1) * size : page * size]
        last = page * size >= len(rows)
        return 200, chunk, [("Last-Page", "true" if last else "false")]

    def get_user(self, request: Request) -> Answer:
        return 200, request.user, []

    def list_workspaces(self, request: Request) -> Answer:
        user_id = request.user["id"]
        workspaces = self.state.workspaces_of(user_id)
        roles = set(request.query.get("roles", []))
        unknown = roles - {"WORKSPACE_ADMIN", "OWNER", "TEAM_MANAGER", "PROJECT_MANAGER"}
        if unknown:
            raise ApiError(400, f"Unknown role '{sorted(unknown)[0]}'", 501)
        if roles:
            # "Owners are not counted as admins when filtering" (the spec).
            workspaces = [w for w in workspaces if self.state.role_of(w["id"], user_id) in roles]
        return 200, workspaces, []

    def get_workspace(self, request: Request) -> Answer:
        return 200, self.state.workspaces[request.params["wid"]], []

    def list_users(self, request: Request) -> Answer:
        workspace = request.params["wid"]
        rows = [self.state.users[u] for u in sorted(self.state.members[workspace])]
        email, name = request.arg("email"), request.arg("name")
        if email:
            rows = [u for u in rows if email.casefold() in u["email"].casefold()]
        if name:
            rows = [u for u in rows if name.casefold() in u["name"].casefold()]
        status = request.arg("status")
        if status and status not in ("PENDING", "ACTIVE", "DECLINED", "INACTIVE", "ALL"):
            raise ApiError(400, f"Unknown status '{status}'", 501)
        if status and status != "ALL":
            rows = [u for u in rows if u["status"] == status]
        memberships = request.arg("memberships") or "NONE"
        shown = []
        for user in rows:
            row = dict(user)
            row["memberships"] = (
                [
                    {
                        "userId": user["id"],
                        "targetId": workspace,
                        "membershipType": "WORKSPACE",
                        "membershipStatus": "ACTIVE",
                        "hourlyRate": None,
                        "costRate": None,
                    }
                ]
                if memberships in ("ALL", "WORKSPACE")
                else []
            )
            shown.append(row)
        return self._page(sorted(shown, key=lambda u: u["name"].casefold()), request)

    def update_project(self, request: Request) -> Answer:
        workspace, project = request.params["wid"], request.params["pid"]
        self.state.check_admin_for(workspace, request.user["id"], "onlyAdminsCreateProject")
        return 200, self.state.update_project(workspace, project, json_object(request.body)), []

    def delete_project(self, request: Request) -> Answer:
        workspace, project = request.params["wid"], request.params["pid"]
        self.state.check_admin_for(workspace, request.user["id"], "onlyAdminsCreateProject")
        return 200, self.state.delete_project(workspace, project), []

    def create_task(self, request: Request) -> Answer:
        task = self.state.create_task(
            request.params["wid"],
            request.user["id"],
            request.params["pid"],
            json_object(request.body),
        )
        return 201, task, []

    def create_client(self, request: Request) -> Answer:
        body = json_object(request.body)
        return (
            201,
            self.state.create_named("client", request.params["wid"], request.user["id"], body),
            [],
        )

    def create_tag(self, request: Request) -> Answer:
        body = json_object(request.body)
        return (
            201,
            self.state.create_named("tag", request.params["wid"], request.user["id"], body),
            [],
        )

    # Clients, tags and tasks by id: one pattern for the three.

    def _item_args(self, request: Request) -> tuple[str, str, str]:
        return request.params["wid"], request.params["iid"], request.params.get("pid", "")

    def _get_item(self, kind: str, request: Request) -> Answer:
        workspace, item, project = self._item_args(request)
        return 200, self.state.item(kind, workspace, item, project), []

    def _update_item(self, kind: str, request: Request) -> Answer:
        workspace, item, project = self._item_args(request)
        user, body = request.user["id"], json_object(request.body)
        return 200, self.state.update_item(kind, workspace, user, item, body, project), []

    def _delete_item(self, kind: str, request: Request) -> Answer:
        workspace, item, project = self._item_args(request)
        return 200, self.state.delete_item(kind, workspace, request.user["id"], item, project), []

    def get_client(self, request: Request) -> Answer:
        return self._get_item("client", request)

    def update_client(self, request: Request) -> Answer:
        return self._update_item("client", request)

    def delete_client(self, request: Request) -> Answer:
        return self._delete_item("client", request)

    def get_tag(self, request: Request) -> Answer:
        return self._get_item("tag", request)

    def update_tag(self, request: Request) -> Answer:
        return self._update_item("tag", request)

    def delete_tag(self, request: Request) -> Answer:
        return self._delete_item("tag", request)

    def get_task(self, request: Request) -> Answer:
        return self._get_item("task", request)

    def update_task(self, request: Request) -> Answer:
        return self._update_item("task", request)

    def delete_task(self, request: Request) -> Answer:
        return self._delete_item("task", request)

    def list_in_progress(self, request: Request) -> Answer:
        """Running entries: everyone's for an admin, one's own for a member."""
        workspace, me = request.params["wid"], request.user["id"]
        users = self.state.members[workspace] if self.state.is_admin(workspace, me) else {me}
        running = [
            self.state.entry_json(entry)
            for user in sorted(users)
            if (entry := self.state.running_entry(workspace, user)) is not None
        ]
        return self._page(running, request)

    def create_entry_for(self, request: Request) -> Answer:
        entry = self.state.create_entry(
            request.params["wid"],
            request.params["uid"],
            json_object(request.body),
            writer=request.user["id"],
        )
        return 201, self.state.entry_json(entry), []

    def replace_many(self, request: Request) -> Answer:
        """Replace several entries of a user at once: all of them, or none (one bad one refuses
        the lot, so a client never has to work out which half was saved)."""
        items = request.body
        if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
            raise ApiError(400, "The body must be a list of time entries with their ids", 501)
        workspace, user = request.params["wid"], request.params["uid"]
        with self.state.lock:
            for item in items:
                entry_id = item.get("id")
                if not isinstance(entry_id, str):
                    raise ApiError(400, "Every time entry needs its id", 501)
                entry = self.state.entry_of(workspace, user, entry_id)
                self.state.check_entry_body(workspace, item)
                start = read_time(item.get("start"), "start")
                self.state.check_unlocked(workspace, request.user["id"], user, entry.start, start)
            replaced = [
                self.state.replace_entry(workspace, user, item["id"], item) for item in items
            ]
        return 200, [self.state.entry_json(entry) for entry in replaced], []

    def delete_many(self, request: Request) -> Answer:
        ids = request.query.get("time-entry-ids", [])
        wanted = [part for value in ids for part in value.split(",") if part]
        if not wanted:
            raise ApiError(400, "Parameter 'time-entry-ids' is required", 501)
        gone = self.state.delete_many(
            request.params["wid"], request.params["uid"], wanted, writer=request.user["id"]
        )
        return 200, [self.state.entry_json(entry) for entry in gone], []

    def list_projects(self, request: Request) -> Answer:
        rows = self.state.in_workspace(self.state.projects, request.params["wid"])
        archived = request.flag("archived")
        if archived is not None:
            rows = [p for p in rows if p["archived"] == archived]
        rows = _name_filter(rows, request)
        return self._page(sorted(rows, key=lambda p: p["name"].casefold()), request)

    def get_project(self, request: Request) -> Answer:
        project = self.state.project_in(request.params["wid"], request.params["pid"])
        if project is None:
            raise ApiError(404, "Project not found", 501)
        return 200, project, []

    def create_project(self, request: Request) -> Answer:
        workspace = request.params["wid"]
        self.state.check_admin_for(workspace, request.user["id"], "onlyAdminsCreateProject")
        return 201, self.state.create_project(request.params["wid"], json_object(request.body)), []

    def list_tasks(self, request: Request) -> Answer:
        if self.state.project_in(request.params["wid"], request.params["pid"]) is None:
            raise ApiError(404, "Project not found", 501)
        rows = self.state.tasks_of(request.params["pid"])
        active = request.flag("is-active")
        if active:
            rows = [t for t in rows if t["status"] == "ACTIVE"]
        return self._page(_name_filter(rows, request), request)

    def list_clients(self, request: Request) -> Answer:
        return self._list_archivable(self.state.clients, request)

    def list_tags(self, request: Request) -> Answer:
        return self._list_archivable(self.state.tags, request)

    def list_custom_fields(self, request: Request) -> Answer:
        rows = self.state.in_workspace(self.state.custom_fields, request.params["wid"])
        for name, key in (("status", "status"), ("entity-type", "entityType")):
            wanted = {w for v in request.query.get(name, []) for w in v.split(",") if w}
            if wanted:
                rows = [row for row in rows if row[key] in wanted]
        return 200, _name_filter(rows, request), []

    def _list_archivable(self, table: dict[str, Json], request: Request) -> Answer:
        rows = self.state.in_workspace(table, request.params["wid"])
        archived = request.flag("archived")
        if archived is not None:
            rows = [row for row in rows if row["archived"] == archived]
        rows = _name_filter(rows, request)
        return self._page(sorted(rows, key=lambda row: row["name"].casefold()), request)

    def create_entry(self, request: Request) -> Answer:
        me = request.user["id"]
        entry = self.state.create_entry(request.params["wid"], me, json_object(request.body), me)
        return 201, self.state.entry_json(entry), []

    def get_entry(self, request: Request) -> Answer:
        entry = self.state.entry_of(
            request.params["wid"], request.user["id"], request.params["eid"]
        )
        return 200, self.state.entry_json(entry), []

    def replace_entry(self, request: Request) -> Answer:
        entry = self.state.replace_entry(
            request.params["wid"],
            request.user["id"],
            request.params["eid"],
            json_object(request.body),
            writer=request.user["id"],
        )
        return 200, self.state.entry_json(entry), []

    def delete_entry(self, request: Request) -> Answer:
        me = request.user["id"]
        self.state.delete_entry(request.params["wid"], me, request.params["eid"], writer=me)
        return 204, None, []

    def list_entries(self, request: Request) -> Answer:
        entries: list[Entry] = self.state.entries_of(request.params["wid"], request.params["uid"])
        in_progress = request.flag("in-progress")
        if in_progress is not None:
            entries = [e for e in entries if (e.end is None) == in_progress]
        since, until = request.arg("start"), request.arg("end")
        if since:
            start_bound = read_time(since, "start")
            entries = [e for e in entries if e.start >= start_bound]
        if until:
            end_bound = read_time(until, "end")
            entries = [e for e in entries if e.start <= end_bound]
        project = request.arg("project")
        if project:
            entries = [e for e in entries if e.project_id == project]
        description = request.arg("description")
        if description:
            entries = [e for e in entries if description.casefold() in e.description.casefold()]
        task = request.arg("task")
        if task:
            entries = [e for e in entries if e.task_id == task]
        tags = {t for value in request.query.get("tags", []) for t in value.split(",") if t}
        if tags:
            entries = [e for e in entries if tags & set(e.tag_ids)]
        if request.flag("project-required"):
            entries = [e for e in entries if e.project_id]
        if request.flag("task-required"):
            entries = [e for e in entries if e.task_id]
        rows = [self.state.entry_json(e) for e in entries]
        if request.flag("hydrated"):
            rows = [self._hydrated(row) for row in rows]
        return self._page(rows, request)

    def _hydrated(self, row: Json) -> Json:
        """An entry with its project, task and tags inline, as ``hydrated=true`` asks."""
        state = self.state
        return {
            **row,
            "project": state.projects.get(row["projectId"] or ""),
            "task": state.tasks.get(row["taskId"] or ""),
            "tags": [state.tags[t] for t in row["tagIds"] if t in state.tags],
        }

    def stop_timer(self, request: Request) -> Answer:
        entry = self.state.stop_running(
            request.params["wid"],
            request.params["uid"],
            json_object(request.body),
            writer=request.user["id"],
        )
        return 200, self.state.entry_json(entry), []


def _name_filter(rows: list[Json], request: Request) -> list[Json]:
    name = request.arg("name")
    if not name:
        return rows
    if request.flag("strict-name-search"):
        return [row for row in rows if row["name"] == name]
    return [row for row in rows if name.casefold() in row["name"].casefold()]
