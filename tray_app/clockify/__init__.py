"""Qt-free Clockify API client: the only part of the app that speaks HTTP.

The client (and with it httpx, ~14 MB and ~90 ms) is imported on first use, so the models and
errors can be used, and the tray shown, without it.
"""

import sys
from typing import TYPE_CHECKING, Any

# httpx tries to import its command-line client on import, which loads rich, pygments and click
# where they are installed (~9 MB); nothing here uses it. None in sys.modules makes that import
# fail at once, as it does where they are absent (httpx then defines a stub main()).
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

if TYPE_CHECKING:
    from tray_app.clockify.client import ClockifyClient
    from tray_app.clockify.errors import (
        AuthError,
        BadResponse,
        ClockifyError,
        Forbidden,
        NetworkError,
        NotFound,
        RateLimited,
        ServerError,
        ValidationError,
    )
    from tray_app.clockify.models import (
        Client,
        Project,
        Tag,
        Task,
        TimeEntry,
        User,
        Workspace,
        WorkspaceSettings,
    )
    from tray_app.clockify.regions import REGIONS, resolve_base_url

# Each name is imported from its module on first use: importing ``tray_app.clockify.regions``
# (a table the CLI checks before the tray shows) then costs only that table.
_HOMES = {
    "ClockifyClient": "client",
    **dict.fromkeys(
        ("AuthError", "BadResponse", "ClockifyError", "Forbidden", "NetworkError", "NotFound",
         "RateLimited", "ServerError", "ValidationError"),
        "errors",
    ),
    **dict.fromkeys(
        ("Client", "Project", "Tag", "Task", "TimeEntry", "User", "Workspace",
         "WorkspaceSettings"),
        "models",
    ),
    "REGIONS": "regions",
    "resolve_base_url": "regions",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"tray_app.clockify.{home}"), name)


__all__ = [
    "REGIONS",
    "AuthError",
    "BadResponse",
    "Client",
    "ClockifyClient",
    "ClockifyError",
    "Forbidden",
    "NetworkError",
    "NotFound",
    "Project",
    "RateLimited",
    "ServerError",
    "Tag",
    "Task",
    "TimeEntry",
    "User",
    "ValidationError",
    "Workspace",
    "WorkspaceSettings",
    "resolve_base_url",
]
