"""Models parse tolerantly and round-trip through the shape the cache stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tray_app.clockify.models import (
    Project,
    Tag,
    Task,
    TimeEntry,
    User,
    Workspace,
    WorkspaceSettings,
)
from tray_app.clockify.timefmt import DurationFormat


def test_nulls_and_unknown_fields_are_tolerated() -> None:
    entry = TimeEntry.from_json(
        {
            "id": "e",
            "description": None,
            "projectId": None,
            "tagIds": None,
            "billable": None,
            "timeInterval": {"start": "2026-01-28T09:00:00Z", "end": None, "duration": None},
            "somethingNew": {"nested": True},
        }
    )
    assert (entry.description, entry.project_id, entry.tag_ids, entry.billable, entry.running) == (
        "",
        None,
        (),
        False,
        True,
    )
    user = User.from_json({"id": "u", "settings": None, "activeWorkspace": None})
    assert (user.name, user.time_zone, user.active_workspace) == ("", None, None)


@pytest.mark.parametrize(
    "model",
    [
        User("u", "Ada", "ada@example.com", "w", "w", "Europe/Berlin", "MONDAY", "HOUR24"),
        Workspace("w", "Acme", WorkspaceSettings(True, False, True, False)),
        Project("p", "Site", "c", "Client", "#ff0000", False, True, False),
        Task("t", "Design", "p", True, False),
        Tag("g", "urgent", True),
        TimeEntry(
            "e",
            datetime(2026, 1, 28, 9, tzinfo=UTC),
            datetime(2026, 1, 28, 10, tzinfo=UTC),
            "Work",
            "p",
            "t",
            ("g",),
            True,
            "u",
            "w",
        ),
        TimeEntry("r", datetime(2026, 1, 28, 9, tzinfo=UTC)),
    ],
)
def test_round_trip(model: object) -> None:
    assert type(model).from_json(model.to_json()) == model  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("settings", "limited"),
    [
        ({"onlyAdminsCreateProject": True}, True),
        ({"entityCreationPermissions": {"whoCanCreateProjectsAndClients": "ADMINS"}}, True),
        (
            {
                "entityCreationPermissions": {
                    "whoCanCreateProjectsAndClients": "ADMINS_AND_PROJECT_MANAGERS"
                }
            },
            True,
        ),
        ({"entityCreationPermissions": {"whoCanCreateProjectsAndClients": "EVERYONE"}}, False),
        ({}, False),
    ],
)
def test_both_permission_models_limit_project_creation(settings: dict, limited: bool) -> None:
    parsed = WorkspaceSettings.from_json(settings)
    assert parsed.only_admins_create_project is limited
    assert parsed.limits_members is limited


@pytest.mark.parametrize(
    ("settings", "style", "written"),
    [
        ({"durationFormat": "COMPACT"}, DurationFormat.COMPACT, "1:05"),
        ({"durationFormat": "DECIMAL", "decimalFormat": False}, DurationFormat.DECIMAL, "1.09"),
        # Workspaces that only carry the deprecated pair (Clockify's mapping of the three).
        ({"decimalFormat": True, "trackTimeDownToSecond": True}, DurationFormat.DECIMAL, "1.09"),
        ({"decimalFormat": False, "trackTimeDownToSecond": False}, DurationFormat.COMPACT, "1:05"),
        ({"durationFormat": "SOMETHING_NEW"}, DurationFormat.FULL, "1:05:09"),
        ({}, DurationFormat.FULL, "1:05:09"),
    ],
)
def test_the_workspace_says_how_durations_are_written(
    settings: dict, style: DurationFormat, written: str
) -> None:
    parsed = WorkspaceSettings.from_json(settings)
    assert parsed.duration_format is style
    assert style.write(timedelta(hours=1, minutes=5, seconds=9)) == written
    kept = Workspace("w", "Acme", parsed).to_json()  # the store keeps it through a restart
    assert Workspace.from_json(kept).settings.duration_format is style
