"""The sandbox's accounts: API keys, users, workspaces, who belongs to which and in what role,
and the checks on them (who is asking, may they see this workspace, may they do this).

The base of the sandbox's state: it holds the one lock and makes the ids; ``catalog`` builds
the workspaces' clients, projects, tasks and tags on it, and ``state`` the time entries.
"""

from __future__ import annotations

import random
import threading
from typing import Any

from tray_app.sandbox.wire import ApiError

# What a new Clockify account and workspace hold for the settings no client here changes.
USER_SETTINGS: dict[str, Any] = {
    "alerts": True,
    "approval": False,
    "collapseAllProjectLists": False,
    "dashboardPinToTop": False,
    "dashboardSelection": "ME",
    "dashboardViewType": "PROJECT",
    "groupSimilarEntriesDisabled": False,
    "invoiceReminders": False,
    "isCompactViewOn": False,
    "lang": "en",
    "longRunning": True,
    "multiFactorEnabled": False,
    "myStartOfDay": "09:00",
    "onboarding": False,
    "projectListCollapse": 15,
    "projectPickerTaskFilter": False,
    "pto": True,
    "reminders": False,
    "scheduledReports": True,
    "scheduling": False,
    "sendNewsletter": False,
    "showOnlyWorkingDays": False,
    "summaryReportSettings": {"group": "PROJECT", "subgroup": "CLIENT"},
    "theme": "DEFAULT",
    "timeTrackingManual": True,
    "weeklyUpdates": False,
}
WORKSPACE_SETTINGS: dict[str, Any] = {
    "activeBillableHours": False,
    "adminOnlyPages": [],
    "automaticLock": None,
    "canSeeTimeSheet": True,
    "canSeeTracker": True,
    "currencyFormat": "CURRENCY_SPACE_VALUE",
    "defaultBillableProjects": True,
    "durationFormat": "FULL",
    "lockTimeEntries": None,
    "lockTimeZone": None,
    "multiFactorEnabled": False,
    "numberFormat": "COMMA_PERIOD",
    "onlyAdminsCanChangeBillableStatus": False,
    "onlyAdminsSeeAllTimeEntries": False,
    "onlyAdminsSeeBillableRates": False,
    "onlyAdminsSeeDashboard": False,
    "onlyAdminsSeePublicProjectsEntries": False,
    "projectFavorites": True,
    "projectGroupingLabel": "Client",
    "projectLabel": "Project",
    "projectPickerSpecialFilter": False,
    "round": {"minutes": "15", "round": "Round to nearest"},
    "taskLabel": "Task",
    "timeRoundingInReports": False,
    "trackTimeDownToSecond": True,
    "workingDays": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"],
}


class Accounts:
    """API keys, users, workspaces, their members and roles, with Clockify's checks on them.

    Args:
        seed: the seed of the ids, so that the same building gives the same ids.

    Attributes:
        lock: taken by every public method, here and in the layers built on this one, so the
            threaded server can call them concurrently.
    """

    def __init__(self, *, seed: int = 7) -> None:
        self.lock = threading.RLock()
        self._random = random.Random(seed)
        self.keys: dict[str, str] = {}  # API key -> user id
        self.users: dict[str, dict[str, Any]] = {}
        self.workspaces: dict[str, dict[str, Any]] = {}
        self.members: dict[str, set[str]] = {}  # workspace id -> user ids
        # workspace id -> user id -> WORKSPACE_ADMIN or OWNER (plain members have none)
        self.roles: dict[str, dict[str, str]] = {}

    def new_id(self) -> str:
        """A 24-hex-digit id, shaped like Clockify's."""
        return f"{self._random.getrandbits(96):024x}"

    # --- building data (seed, tests) ------------------------------------------------------

    def add_user(self, api_key: str, name: str, email: str, time_zone: str = "UTC") -> str:
        with self.lock:
            user_id = self.new_id()
            self.keys[api_key] = user_id
            self.users[user_id] = {
                "id": user_id,
                "name": name,
                "email": email,
                "activeWorkspace": None,
                "defaultWorkspace": None,
                "status": "ACTIVE",
                "profilePicture": "",
                "settings": {
                    "timeZone": time_zone,
                    "weekStart": "MONDAY",
                    "timeFormat": "HOUR24",
                    "dateFormat": "YYYY-MM-DD",
                    **USER_SETTINGS,
                },
                "customFields": [],
                "memberships": [],
            }
            return user_id

    def add_workspace(self, name: str, members: list[str], **settings: bool) -> str:
        with self.lock:
            workspace_id = self.new_id()
            self.workspaces[workspace_id] = {
                "id": workspace_id,
                "name": name,
                "imageUrl": "",
                "memberships": [],
                "workspaceSettings": {
                    "forceProjects": settings.get("forceProjects", False),
                    "forceTasks": settings.get("forceTasks", False),
                    "forceTags": settings.get("forceTags", False),
                    "forceDescription": settings.get("forceDescription", False),
                    "onlyAdminsCreateProject": settings.get("onlyAdminsCreateProject", False),
                    "onlyAdminsCreateTag": settings.get("onlyAdminsCreateTag", False),
                    "onlyAdminsCreateTask": settings.get("onlyAdminsCreateTask", False),
                    "isProjectPublicByDefault": True,
                    "timeTrackingMode": "DEFAULT",
                    **WORKSPACE_SETTINGS,
                    "entityCreationPermissions": {
                        "whoCanCreateProjectsAndClients": "EVERYONE",
                        "whoCanCreateTags": "EVERYONE",
                        "whoCanCreateTasks": "EVERYONE",
                    },
                },
                "hourlyRate": {"amount": 0, "currency": "USD"},
                "costRate": {"amount": 0, "currency": "USD"},
                "currencies": [{"id": self.new_id(), "code": "USD", "isDefault": True}],
                "featureSubscriptionType": None,
                "features": None,
                "subdomain": {"enabled": False, "name": None},
                "cakeOrganizationId": None,
            }
            self.members[workspace_id] = set(members)
            # Whoever makes a workspace owns it: the first member here.
            self.roles[workspace_id] = {members[0]: "OWNER"} if members else {}
            for user_id in members:
                user = self.users[user_id]
                user["activeWorkspace"] = user["activeWorkspace"] or workspace_id
                user["defaultWorkspace"] = user["defaultWorkspace"] or workspace_id
            return workspace_id

    def set_workspace_settings(self, workspace_id: str, **settings: bool) -> None:
        with self.lock:
            self.workspaces[workspace_id]["workspaceSettings"].update(settings)

    def add_member(self, workspace_id: str, user_id: str, role: str | None = None) -> None:
        """Make ``user_id`` a member of the workspace: plain, WORKSPACE_ADMIN or OWNER."""
        with self.lock:
            self.members[workspace_id].add(user_id)
            if role:
                self.roles[workspace_id][user_id] = role
            else:
                self.roles[workspace_id].pop(user_id, None)
            user = self.users[user_id]
            user["activeWorkspace"] = user["activeWorkspace"] or workspace_id
            user["defaultWorkspace"] = user["defaultWorkspace"] or workspace_id

    # --- who is asking, and what they may do ----------------------------------------------

    def user_for_key(self, api_key: str | None) -> dict[str, Any]:
        if not api_key:
            raise ApiError(401, "Full authentication is required to access this resource", 1000)
        with self.lock:
            user_id = self.keys.get(api_key)
            if user_id is None:
                raise ApiError(401, "Api key does not exist", 4003)
            return self.users[user_id]

    def check_workspace(self, user_id: str, workspace_id: str) -> dict[str, Any]:
        with self.lock:
            workspace = self.workspaces.get(workspace_id)
            if workspace is None or user_id not in self.members.get(workspace_id, set()):
                raise ApiError(403, "Access Denied", 1003)
            return workspace

    def workspaces_of(self, user_id: str) -> list[dict[str, Any]]:
        with self.lock:
            return [w for wid, w in self.workspaces.items() if user_id in self.members[wid]]

    def role_of(self, workspace_id: str, user_id: str) -> str | None:
        with self.lock:
            return self.roles.get(workspace_id, {}).get(user_id)

    def is_admin(self, workspace_id: str, user_id: str) -> bool:
        return self.role_of(workspace_id, user_id) in ("WORKSPACE_ADMIN", "OWNER")

    def check_admin_for(self, workspace_id: str, user_id: str, setting: str) -> None:
        """Refuse what the workspace lets only its admins do (``setting`` is on) to a member."""
        with self.lock:
            limited = self.workspaces[workspace_id]["workspaceSettings"].get(setting, False)
        if limited and self.role_of(workspace_id, user_id) not in ("WORKSPACE_ADMIN", "OWNER"):
            raise ApiError(403, "Access Denied", 1003)
