"""The sandbox's seeds: the demo's user, workspaces, projects and two weeks of work, its workday
(capacity, a holiday, a day off, last week submitted), and a large workspace for benchmarks;
every entry goes in through the rules a client's POST meets.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tray_app.sandbox.approvals import utc_midnight
from tray_app.sandbox.state import SandboxState
from tray_app.sandbox.wire import wire_time

DEMO_ZONE = "Europe/Berlin"
# Two weeks back from yesterday: last week's working days are always all there.
DEMO_DAYS_BACK = 14
DEMO_CLIENTS = ["Northwind", "Globex", "Initech", "Umbrella Labs", "Café Olé"]
DEMO_PROJECTS = [
    ("Website relaunch", 0),
    ("Mobile app", 0),
    ("Brand refresh", 0),
    ("SEO audit", 0),
    ("Quarterly report", 1),
    ("Data warehouse", 1),
    ("Billing migration", 1),
    ("Support", 1),
    ("Payroll system", 2),
    ("TPS reports", 2),
    ("Office move", 2),
    ("Security review", 2),
    ("Lab portal", 3),
    ("Vaccine tracker", 3),
    ("Compliance", 3),
    ("Research wiki", 3),
    ("Menu design", 4),
    ("Online orders", 4),
    ("Espresso machine IoT", 4),
    ("Loyalty cards", 4),
    ("Internal tools", None),
    ("Hiring", None),
    ("Training", None),
    ("Open source", None),
    ("Meetings", None),
    ("Admin", None),
    ("Conference talk", None),
    ("Blog", None),
    ("Legacy CRM", 1),
    ("Old intranet", 2),
]
DEMO_COLORS = [
    "#F44336",
    "#E91E63",
    "#9C27B0",
    "#3F51B5",
    "#03A9F4",
    "#009688",
    "#8BC34A",
    "#FF9800",
]
DEMO_TASKS = ["Design", "Development", "Review", "Meetings"]
DEMO_TAGS = ["meeting", "deep work", "support", "travel", "overtime"]
DEMO_DESCRIPTIONS = [
    "Standup",
    "Code review",
    "Write tests",
    "Customer call",
    "Fix login bug",
    "Plan sprint",
    "Update docs",
    "Pair programming",
]


def seed_demo(state: SandboxState, api_key: str, *, now: datetime | None = None) -> None:
    """Fill ``state`` with the demo data: a user, two workspaces, clients, ~30 projects with
    tasks and tags, and finished entries on the working days of the two weeks before ``now``
    (and this morning's, on a working day), so this week and last week both show work, on a
    Monday morning too. Each day's entries come from that day alone: the same day gets the same
    entries whenever it is seeded. Its workday: see ``_workday``."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    user_id = state.add_user(api_key, "Demo User", "demo@example.com", time_zone=DEMO_ZONE)
    main = state.add_workspace("Acme Studio", [user_id])
    side = state.add_workspace("Side Projects", [user_id])
    clients = [state.add_client(main, name) for name in DEMO_CLIENTS]
    tags = [state.add_tag(main, name) for name in DEMO_TAGS]
    projects: list[tuple[str, list[str]]] = []
    for index, (name, client_index) in enumerate(DEMO_PROJECTS):
        project_id = state.add_project(
            main,
            name,
            client_id=clients[client_index] if client_index is not None else None,
            color=DEMO_COLORS[index % len(DEMO_COLORS)],
            billable=client_index is not None,
            archived=name in ("Legacy CRM", "Old intranet"),
        )
        task_ids = [
            state.add_task(project_id, task, billable=client_index is not None)
            for task in DEMO_TASKS
        ]
        projects.append((project_id, task_ids))
    state.add_project(side, "Garden planner", color="#4CAF50")
    state.add_project(side, "Photography", color="#795548")
    state.add_tag(side, "weekend")

    zone = ZoneInfo(DEMO_ZONE)
    local_today = now.astimezone(zone).date()
    # Fourteen days back always hold all of last week's working days, whatever today is.
    for days_back in range(DEMO_DAYS_BACK, -1, -1):
        day = local_today - timedelta(days=days_back)
        if day.weekday() >= 5:
            continue
        rng = random.Random(day.toordinal())
        cursor = datetime(day.year, day.month, day.day, 9, tzinfo=zone)
        for _ in range(4):
            project_id, task_ids = projects[rng.randrange(20)]
            length = timedelta(minutes=rng.choice([30, 45, 60, 90, 120]))
            description = rng.choice(DEMO_DESCRIPTIONS)
            task_id = rng.choice(task_ids)
            tag_ids = [rng.choice(tags)] if rng.random() < 0.4 else []
            if cursor + length > now:
                break  # today: only what is already done
            _finished_entry(
                state,
                main,
                user_id,
                cursor,
                length,
                description=description,
                projectId=project_id,
                taskId=task_id,
                tagIds=tag_ids,
                billable=True,
            )
            cursor += length + timedelta(minutes=15)
    _custom_fields(state, main, [project for project, _ in projects])
    _workday(state, main, user_id, local_today)


def demo_days_off(today: date) -> tuple[date, date]:
    """The demo's holiday and its day off: last week's Wednesday and Friday, working days
    within the two weeks before ``today`` (a local date) whatever day it is."""
    last_monday = today - timedelta(days=today.weekday() + 7)
    return last_monday + timedelta(days=2), last_monday + timedelta(days=4)


def _workday(state: SandboxState, workspace_id: str, user_id: str, today: date) -> None:
    """The demo user's workday (added after everything else, so the ids before stay as they
    were): 8 hours Monday to Friday, a holiday and an approved day off of the "Vacation" policy
    last week, and last week submitted for approval, pending. The entries of those days stay:
    the tests and screenshots of last week's totals, by day too, count on a full week of work."""
    zone = ZoneInfo(DEMO_ZONE)
    holiday, day_off = demo_days_off(today)
    last_monday = holiday - timedelta(days=2)
    state.profile_of(workspace_id, user_id)  # the defaults: PT8H, MONDAY to FRIDAY
    state.add_holiday(workspace_id, "Founders' Day", holiday)
    vacation = state.create_policy(
        workspace_id,
        {
            "name": "Vacation",
            "approve": {"requiresApproval": True},
            "allowHalfDay": True,
            "everyoneIncludingNew": True,
            "timeUnit": "DAYS",
            "automaticAccrual": {"amount": 20, "period": "YEAR", "timeUnit": "DAYS"},
        },
    )
    asked = datetime.combine(last_monday, time(9), tzinfo=zone)
    period = {"start": day_off.isoformat(), "end": day_off.isoformat()}
    request = state.request_time_off(
        workspace_id,
        user_id,
        vacation["id"],
        {"timeOffPeriod": {"period": period}, "note": "Long weekend"},
        at=asked,
    )
    state.decide_time_off(
        workspace_id,
        user_id,
        vacation["id"],
        request["id"],
        {"status": "APPROVED", "note": "Enjoy!"},
        at=asked + timedelta(hours=1),
    )
    state.submit_approval(
        workspace_id,
        user_id,
        {"periodStart": wire_time(utc_midnight(last_monday)), "period": "WEEKLY"},
        at=datetime.combine(last_monday + timedelta(days=7), time(0), tzinfo=zone),
    )


# The demo's custom fields in use, in order (a CSV export has a column for each).
DEMO_CUSTOM_FIELDS = ("Cost center", "Ticket", "Reviewed")


COST_CENTERS = ("Engineering", "Design", "Sales")


def _custom_fields(state: SandboxState, workspace_id: str, projects: list[str]) -> None:
    """A company's fields on time entries, one of each kind a form shows differently, the
    cost center required (added last, so the ids of everything before stay as they were; the
    entries recorded before get a cost center, as they would have had to)."""
    cost_center = state.add_custom_field(
        workspace_id,
        "Cost center",
        "DROPDOWN_SINGLE",
        allowed=COST_CENTERS,
        required=True,
        project_defaults={projects[0]: "Design"},
    )
    state.add_custom_field(workspace_id, "Ticket", "LINK")
    state.add_custom_field(workspace_id, "Reviewed", "CHECKBOX")
    state.add_custom_field(workspace_id, "Old code", "TXT", status="INACTIVE")
    with state.lock:
        for entry in state.entries.values():
            if entry.workspace_id == workspace_id:
                value = COST_CENTERS[
                    (entry.start.toordinal() + entry.start.hour) % len(COST_CENTERS)
                ]
                entry.custom_fields = [
                    {"customFieldId": cost_center, "value": value, "name": "Cost center"}
                ]


def _finished_entry(
    state: SandboxState,
    workspace_id: str,
    user_id: str,
    start: datetime,
    length: timedelta,
    **fields: Any,
) -> None:
    """Record a finished entry through the same rules a client's POST meets."""
    body = {"start": wire_time(start), "end": wire_time(start + length), **fields}
    state.create_entry(workspace_id, user_id, body)


def seed_large(
    state: SandboxState,
    *,
    projects: int = 0,
    entries: int = 0,
    seed: int = 1,
    now: datetime | None = None,
) -> None:
    """Grow the demo's main workspace to a large one, reproducibly from ``seed``: ``projects``
    more projects (a client for every 25, every tenth archived) and ``entries`` more finished
    entries over the weeks before ``now`` (default: now), for benchmarks and tries at scale."""
    rng = random.Random(seed)
    user_id = next(iter(state.users))
    main = state.users[user_id]["activeWorkspace"]
    clients = [
        state.add_client(main, f"Client {number:05d}") for number in range(max(1, projects // 25))
    ]
    made = []
    for number in range(projects):
        billable = rng.random() < 0.6
        made.append(
            state.add_project(
                main,
                f"{rng.choice(DEMO_DESCRIPTIONS).split()[0]} {number:05d}",
                client_id=clients[number % len(clients)] if rng.random() < 0.8 else None,
                color=DEMO_COLORS[number % len(DEMO_COLORS)],
                billable=billable,
                archived=number % 10 == 9,
            )
        )
    # Entries go on active projects (Clockify refuses archived ones): the new ones, else the demo's.
    active = [p for p in made if not state.projects[p]["archived"]] or [
        p
        for p, project in state.projects.items()
        if project["workspaceId"] == main and not project["archived"]
    ]
    now = now or datetime.now(UTC)
    cursor = now.replace(minute=0, second=0, microsecond=0) - timedelta(days=1)
    cost_center = next(
        (f["id"] for f in state.custom_fields.values() if f["name"] == "Cost center"), None
    )
    for _ in range(entries):
        length = timedelta(minutes=rng.choice([15, 30, 45, 60, 90]))
        cursor -= length + timedelta(minutes=rng.choice([0, 15, 30]))
        _finished_entry(
            state,
            main,
            user_id,
            cursor,
            length,
            description=rng.choice(DEMO_DESCRIPTIONS),
            projectId=rng.choice(active),
            billable=rng.random() < 0.5,
            customFields=[{"customFieldId": cost_center, "value": rng.choice(COST_CENTERS)}]
            if cost_center
            else [],
        )
