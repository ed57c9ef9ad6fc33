"""The paths the sandbox answers: the main API's route table (the workday's too), each route
naming its handler method itself (so a renamed handler is a type error, not a 404), and the
reports host's path.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tray_app.sandbox.handlers import Handlers, Request
from tray_app.sandbox.wire import Answer, ApiError

API_PREFIX = "/api/v1"
WS = r"/workspaces/(?P<wid>\w+)"  # the workspace every workday path starts with
# The reports host: /v1/… on the global one (reports.api.clockify.me), /report/v1/… on regional
# hosts; this server answers both, beside the main API under /api/v1.
REPORT_PATH = re.compile(
    r"^(?:/report)?/v1/workspaces/(?P<wid>\w+)/reports/(?P<kind>summary|detailed)$"
)

# A handler of the main API, as the route table holds it: called with the handlers it belongs to.
Handler = Callable[[Handlers, Request], Answer]

ROUTES: list[tuple[str, re.Pattern[str], Handler]] = [
    (method, re.compile("^" + pattern + "$"), handler)
    for method, pattern, handler in [
        ("GET", r"/user", Handlers.get_user),
        ("GET", r"/workspaces", Handlers.list_workspaces),
        ("GET", r"/workspaces/(?P<wid>\w+)", Handlers.get_workspace),
        ("GET", r"/workspaces/(?P<wid>\w+)/users", Handlers.list_users),
        ("PUT", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)", Handlers.update_project),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)", Handlers.delete_project),
        ("POST", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks", Handlers.create_task),
        ("POST", r"/workspaces/(?P<wid>\w+)/clients", Handlers.create_client),
        ("GET", r"/workspaces/(?P<wid>\w+)/clients/(?P<iid>\w+)", Handlers.get_client),
        ("PUT", r"/workspaces/(?P<wid>\w+)/clients/(?P<iid>\w+)", Handlers.update_client),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/clients/(?P<iid>\w+)", Handlers.delete_client),
        ("GET", r"/workspaces/(?P<wid>\w+)/tags/(?P<iid>\w+)", Handlers.get_tag),
        ("PUT", r"/workspaces/(?P<wid>\w+)/tags/(?P<iid>\w+)", Handlers.update_tag),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/tags/(?P<iid>\w+)", Handlers.delete_tag),
        (
            "GET",
            r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks/(?P<iid>\w+)",
            Handlers.get_task,
        ),
        (
            "PUT",
            r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks/(?P<iid>\w+)",
            Handlers.update_task,
        ),
        (
            "DELETE",
            r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks/(?P<iid>\w+)",
            Handlers.delete_task,
        ),
        ("POST", r"/workspaces/(?P<wid>\w+)/tags", Handlers.create_tag),
        (
            "GET",
            r"/workspaces/(?P<wid>\w+)/time-entries/status/in-progress",
            Handlers.list_in_progress,
        ),
        (
            "POST",
            r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries",
            Handlers.create_entry_for,
        ),
        (
            "DELETE",
            r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries",
            Handlers.delete_many,
        ),
        ("PUT", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", Handlers.replace_many),
        ("GET", r"/workspaces/(?P<wid>\w+)/projects", Handlers.list_projects),
        ("POST", r"/workspaces/(?P<wid>\w+)/projects", Handlers.create_project),
        ("GET", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)", Handlers.get_project),
        ("GET", r"/workspaces/(?P<wid>\w+)/projects/(?P<pid>\w+)/tasks", Handlers.list_tasks),
        ("GET", r"/workspaces/(?P<wid>\w+)/clients", Handlers.list_clients),
        ("GET", r"/workspaces/(?P<wid>\w+)/tags", Handlers.list_tags),
        ("GET", r"/workspaces/(?P<wid>\w+)/custom-fields", Handlers.list_custom_fields),
        ("POST", r"/workspaces/(?P<wid>\w+)/time-entries", Handlers.create_entry),
        ("GET", r"/workspaces/(?P<wid>\w+)/time-entries/(?P<eid>\w+)", Handlers.get_entry),
        ("PUT", r"/workspaces/(?P<wid>\w+)/time-entries/(?P<eid>\w+)", Handlers.replace_entry),
        ("DELETE", r"/workspaces/(?P<wid>\w+)/time-entries/(?P<eid>\w+)", Handlers.delete_entry),
        ("GET", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", Handlers.list_entries),
        ("PATCH", r"/workspaces/(?P<wid>\w+)/user/(?P<uid>\w+)/time-entries", Handlers.stop_timer),
        ("GET", WS + r"/member-profile/(?P<uid>\w+)", Handlers.get_member_profile),
        ("PATCH", WS + r"/member-profile/(?P<uid>\w+)", Handlers.update_member_profile),
        ("GET", WS + r"/holidays", Handlers.list_holidays),
        ("POST", WS + r"/holidays", Handlers.create_holiday),
        ("GET", WS + r"/holidays/in-period", Handlers.holidays_in_period),
        ("PUT", WS + r"/holidays/(?P<hid>\w+)", Handlers.update_holiday),
        ("DELETE", WS + r"/holidays/(?P<hid>\w+)", Handlers.delete_holiday),
        ("GET", WS + r"/time-off/policies", Handlers.list_policies),
        ("POST", WS + r"/time-off/policies", Handlers.create_policy),
        ("GET", WS + r"/time-off/policies/(?P<pid>\w+)", Handlers.get_policy),
        ("POST", WS + r"/time-off/policies/(?P<pid>\w+)/requests", Handlers.request_time_off),
        (
            "PATCH",
            WS + r"/time-off/policies/(?P<pid>\w+)/requests/(?P<rid>\w+)",
            Handlers.decide_time_off,
        ),
        ("POST", WS + r"/time-off/requests", Handlers.search_time_off),
        ("GET", WS + r"/approval-requests", Handlers.list_approvals),
        ("POST", WS + r"/approval-requests", Handlers.submit_approval),
        (
            "PATCH",
            WS + r"/approval-requests/(?P<aid>\w+)",
            Handlers.update_approval,
        ),
    ]
]


def route_of(method: str, route: str) -> tuple[Handler, dict[str, str]]:
    """The handler and the path's parameters for a request; 404 or 405 as Clockify."""
    path_known = False
    for route_method, pattern, handler in ROUTES:
        match = pattern.match(route)
        if match:
            path_known = True
            if route_method == method:
                return handler, match.groupdict()
    if path_known:
        raise ApiError(405, f"Request method '{method}' is not supported", 405)
    raise ApiError(404, "Not found", 404)
