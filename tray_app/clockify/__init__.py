"""Qt-free Clockify API client: the only part of the app that speaks HTTP."""

from tray_app.clockify.client import REGIONS, ClockifyClient, resolve_base_url
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
