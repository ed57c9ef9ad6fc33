"""The workspace's required fields, checked before a write is sent: a script learns which
option is missing (exit 2) instead of Clockify's refusal after a round trip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tray_app.cli.usage import UsageError
from tray_app.core.rules import missing_required

OPTION_OF = {
    "a description": "--description",
    "a project": "--project-id",
    "a task": "--task-id",
    "at least one tag": "--tag-id",
}


def check_required(
    client: Any,
    workspace_id: str,
    *,
    description: str,
    project_id: str | None,
    task_id: str | None,
    tag_ids: tuple[str, ...],
    empty_fields: Sequence[str] = (),
) -> None:
    """Raise UsageError naming what the workspace forces and the entry lacks, required
    custom fields (``empty_fields``, by name) too."""
    workspace = next((w for w in client.list_workspaces() if w.id == workspace_id), None)
    if workspace is None:
        return  # not one of the user's: the write itself gets Clockify's answer for that
    settings = workspace.settings
    has_tasks = bool(
        settings.force_tasks
        and project_id
        and not task_id
        and any(task.active for task in client.list_tasks(workspace_id, project_id))
    )
    missing = missing_required(
        settings,
        description=description,
        project_id=project_id,
        task_id=task_id,
        tag_ids=tag_ids,
        project_has_tasks=has_tasks,
    )
    options = [OPTION_OF[m] for m in missing]
    for name in empty_fields:
        missing.append(f"the custom field '{name}'")
        options.append(f"--custom-field '{name}=…'")
    if missing:
        what = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
        raise UsageError(
            f"This workspace requires {what} on every time entry ({', '.join(options)}); "
            "nothing was sent."
        )
