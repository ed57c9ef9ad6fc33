"""The tray app's real widgets and worker thread against the sandbox over HTTP (offscreen)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import secret_service_usable
from tests.fakes import PINNED, FakeClock
from tests.gui_helpers import round_trip, running_app, sandbox_app
from tray_app.control.controller import Controller
from tray_app.core.pacing import RequestBudget, Timing
from tray_app.core.state import StartRequest
from tray_app.core.tracking.intents import LoadTasks, SignOut, Start
from tray_app.platform.keystore import SERVICE
from tray_app.platform.keystore.system import KeyringStore
from tray_app.sandbox import Sandbox
from tray_app.sandbox.seeds import DEMO_ZONE
from tray_app.ui.manual_entry import ManualEntryDialog
from tray_app.ui.tray_text import tooltip_text


class MemoryKeyring(KeyringBackend):
    """A keyring backend in memory, installed with keyring.set_keyring for one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def app(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> Iterator[Controller]:
    with sandbox_app(
        qtbot,
        sandbox,
        tmp_path / "settings.json",
    ) as controller:
        yield controller


def _running(sandbox: Sandbox) -> list:
    return [e for e in sandbox.state.entries.values() if e.end is None]


def _click(controller: Controller) -> None:
    controller.tray.tray.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)


def test_click_starts_then_stops(qtbot: QtBot, app: Controller, sandbox: Sandbox) -> None:
    project = next(p for p in sandbox.state.projects.values() if p["name"] == "Support")
    app.ask(Start(StartRequest("Triage", project["id"])))
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    _click(app)  # running → stop
    qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
    assert _running(sandbox) == []
    _click(app)  # idle with a last timer → start it again
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    (entry,) = _running(sandbox)
    assert (entry.description, entry.project_id) == ("Triage", project["id"])
    assert app.tray.ticker.isActive()
    assert app.tray.tray.toolTip().endswith("· Support · Triage")
    assert app.tray.tray.toolTip().startswith("Tracking 0:")  # what a screen reader says
    _click(app)
    qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
    stopped = sandbox.state.entries[entry.id]
    assert stopped.end is not None and stopped.end >= stopped.start
    assert not app.tray.ticker.isActive()  # no timer while idle
    assert app.tray.tray.toolTip().startswith("Not tracking · today ")


def test_click_with_no_last_timer_opens_quick_start(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.state.entries.clear()  # a new account: nothing to start again
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as app:
        assert app.state.restart_request() is None
        _click(app)
        qtbot.waitUntil(app.quick_start.isVisible)
        assert app.quick_start.focusWidget() is app.quick_start.description_edit


def test_first_click_continues_the_newest_entry(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    newest = app.state.recent[0]
    _click(app)
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    (entry,) = _running(sandbox)
    assert (entry.description, entry.project_id, entry.task_id) == (
        newest.description,
        newest.project_id,
        newest.task_id,
    )


def test_quick_start_keyboard_only(qtbot: QtBot, app: Controller, sandbox: Sandbox) -> None:
    app.open_quick_start()
    dialog = app.quick_start
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.description_edit, "Write release notes")
    picker = dialog.fields.picker
    picker.filter_edit.setFocus()
    qtbot.keyClicks(picker.filter_edit, "globex")  # a client's name
    assert [picker.model.project(r).name for r in range(picker.model.rowCount())] == [
        "Billing migration",
        "Data warehouse",
        "Quarterly report",
        "Support",
    ]
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)  # chooses, does not start
    assert picker.selected is not None and picker.selected.name == "Data warehouse"
    assert _running(sandbox) == []
    qtbot.waitUntil(lambda: dialog.fields.task_box.count() == 5)  # "No task" + four tasks
    assert dialog.fields.billable_box.isChecked()  # the project is billable
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # starts
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    (entry,) = _running(sandbox)
    assert (entry.description, entry.project_id, entry.billable) == (
        "Write release notes",
        picker.selected.id,
        True,
    )
    assert not dialog.isVisible()


def test_quick_start_escape_cancels(qtbot: QtBot, app: Controller, sandbox: Sandbox) -> None:
    app.open_quick_start()
    qtbot.keyClicks(app.quick_start.description_edit, "Nope")
    qtbot.keyClick(app.quick_start.description_edit, Qt.Key.Key_Escape)
    assert not app.quick_start.isVisible()
    assert _running(sandbox) == []


def test_forced_fields_block_submission(qtbot: QtBot, sandbox: Sandbox, tmp_path: Path) -> None:
    workspace = next(iter(sandbox.state.workspaces))
    sandbox.state.set_workspace_settings(
        workspace, forceProjects=True, forceDescription=True, forceTags=True
    )
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json") as app:
        app.open_quick_start()
        dialog = app.quick_start
        posts_before = [r for r in sandbox.requests if r.method == "POST"]
        qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.error_label.isVisible()
        assert dialog.error_label.text() == (
            "This workspace requires a description, a project and at least one tag."
        )
        qtbot.keyClicks(dialog.description_edit, "Planning")
        qtbot.keyClick(dialog.description_edit, Qt.Key.Key_Return)
        assert (
            dialog.error_label.text() == "This workspace requires a project and at least one tag."
        )
        assert [r for r in sandbox.requests if r.method == "POST"] == posts_before
        # "No project" is not offered where projects are required.
        assert dialog.fields.picker.model.project(0) is not None


def test_manual_entry_sends_utc_for_the_user_zone(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    app.open_manual_entry()
    form = app.manual_entry
    qtbot.waitUntil(form.isVisible)
    assert form.zone_label.text() == "Times are in Europe/Berlin."
    form.date_edit.setDate(QDate(2026, 7, 14))  # summer: Berlin is UTC+2
    form.start_edit.setTime(QTime(23, 15))
    form.end_edit.setTime(QTime(0, 45))  # overnight
    assert form.summary_label.text() == "1:30:00, until 00:45 the next day"
    qtbot.keyClicks(form.description_edit, "Deploy")
    before = set(sandbox.state.entries)
    saved: list[str] = []
    app.worker.entry_saved.connect(lambda _request, entry: saved.append(entry.id))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    (new_id,) = set(sandbox.state.entries) - before
    assert saved == [new_id]  # the answer carries Clockify's entry, not the local stand-in
    entry = sandbox.state.entries[new_id]
    assert (entry.start, entry.end, entry.description) == (
        datetime(2026, 7, 14, 21, 15, tzinfo=UTC),
        datetime(2026, 7, 14, 22, 45, tzinfo=UTC),
        "Deploy",
    )


def _open_form(app: Controller, start: QTime, end: QTime) -> ManualEntryDialog:
    """The manual entry form for 14 July 2026 (summer: Berlin is UTC+2), start to end."""
    app.open_manual_entry()
    form = app.manual_entry
    form.date_edit.setDate(QDate(2026, 7, 14))
    form.start_edit.setTime(start)
    form.end_edit.setTime(end)
    return form


def test_manual_entry_refuses_and_questions(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    form = _open_form(app, QTime(9, 0), QTime(9, 0))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "would last no time" in form.message_label.text()
    form.duration_radio.setChecked(True)
    form.duration_edit.setText("26h")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "longer than 24 hours" in form.message_label.text()
    assert form.save_button.text() == "Save anyway" and form.isVisible()
    before = len(sandbox.state.entries)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert len(sandbox.state.entries) == before + 1


def test_manual_entry_keeps_everything_when_refused(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    form = _open_form(app, QTime(9, 0), QTime(10, 0))
    qtbot.keyClicks(form.description_edit, "Precious notes")
    doomed = next(p for p in app.state.projects if p.name == "Hiring")
    form.fields.picker.select_project(doomed)
    del sandbox.state.projects[doomed.id]  # deleted on the web meanwhile
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.save_button.isEnabled())
    assert form.isVisible()
    assert form.message_label.text().startswith("Not saved: Clockify refused this: Project doesn't")
    assert form.description_edit.text() == "Precious notes"
    assert form.start_edit.time() == QTime(9, 0)
    form.fields.picker.select_project(None)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)  # fixed: it goes through
    qtbot.waitUntil(lambda: not form.isVisible())
    assert [e.description for e in sandbox.state.entries.values()].count("Precious notes") == 1


def test_manual_entry_during_an_outage_is_kept_and_sent_later(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    notices: list[str] = []
    timing = Timing(retry_delays=(0.2,), settle=timedelta(0))
    with sandbox_app(
        qtbot,
        sandbox,
        tmp_path / "s.json",
        timing=timing,
    ) as app:
        app.worker.notice.connect(notices.append)
        form = _open_form(app, QTime(9, 0), QTime(10, 0))
        qtbot.keyClicks(form.description_edit, "During outage")
        sandbox.faults.fail_next(3, status=503)
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not form.isVisible())
        assert notices and "saved on this computer" in notices[0]
        qtbot.waitUntil(lambda: app.state.pending == 0, timeout=10_000)
    landed = [e for e in sandbox.state.entries.values() if e.description == "During outage"]
    assert len(landed) == 1


def test_create_project_from_picker(qtbot: QtBot, app: Controller, sandbox: Sandbox) -> None:
    app.open_quick_start()
    picker = app.quick_start.fields.picker
    picker.filter_edit.setFocus()
    qtbot.keyClicks(picker.filter_edit, "Moon base")
    assert picker.model.rowCount() == 1
    assert picker.model.data(picker.model.index(0, 0)) == "Create project “Moon base”"
    qtbot.keyClick(picker.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.selected is not None and picker.selected.name == "Moon base")
    assert any(p["name"] == "Moon base" for p in sandbox.state.projects.values())


def test_stop_after_a_stop_elsewhere_shows_the_server_truth(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    app.ask(Start(StartRequest("Web")))
    qtbot.waitUntil(lambda: app.state.running is not None and app.state.pending == 0)
    entry_id = app.state.running.id  # type: ignore[union-attr]
    workspace, user = app.state.workspace.id, app.state.user.id  # type: ignore[union-attr]
    # Someone stops the timer on the web while the tray thinks it runs.
    sandbox.state.stop_running(workspace, user, {"end": "2030-01-01T00:00:00Z"})
    _click(app)
    qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
    qtbot.waitUntil(
        lambda: (
            next(e for e in app.state.recent if e.id == entry_id).end
            == datetime(2030, 1, 1, tzinfo=UTC)
        )
    )  # the web's end, not the click's
    assert app.tray.tray.icon().cacheKey() == app.tray.icons.icon("idle").cacheKey()


def test_server_refusal_is_notified_and_state_is_fresh(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    messages: list[str] = []
    app.worker.failed.connect(messages.append)
    app.ask(Start(StartRequest("Ghost project", project_id="0" * 24)))
    qtbot.waitUntil(lambda: bool(messages))
    assert messages[0].startswith("Not saved to Clockify: “Ghost project”. Clockify refused this:")
    qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 0)
    assert all(e.description != "Ghost project" for e in app.state.recent)


def test_event_loop_keeps_running_during_slow_calls(
    qtbot: QtBot, app: Controller, sandbox: Sandbox
) -> None:
    ticks: list[datetime] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(datetime.now(UTC)))
    heartbeat.start()
    sandbox.faults.latency = 2.0
    app.open_quick_start()
    started = datetime.now(UTC)
    app.quick_start.on_buttons_accepted()
    # The tray shows the timer at once, from the outbox, while the request is still on its way.
    qtbot.waitUntil(lambda: app.state.running is not None, timeout=1000)
    assert datetime.now(UTC) - started < timedelta(seconds=1)
    assert app.state.pending == 1
    qtbot.waitUntil(lambda: app.state.pending == 0, timeout=10_000)
    assert app.state.running is not None and not app.state.running.id.startswith("local-")
    heartbeat.stop()
    during = [t for t in ticks if t >= started]
    assert datetime.now(UTC) - started >= timedelta(seconds=1.5)  # the call really was slow
    # The GUI thread kept ticking the whole time: never a gap as long as the call itself.
    gaps = [b - a for a, b in itertools.pairwise(during)]
    assert len(during) > 50 and max(gaps) < timedelta(seconds=0.5)
    sandbox.faults.latency = 0


def test_workspace_switch_is_remembered(qtbot: QtBot, app: Controller, tmp_path: Path) -> None:
    side = next(w for w in app.state.workspaces if w.name == "Side Projects")
    app.tray.menu.aboutToShow.emit()
    submenu = next(a.menu() for a in app.tray.menu.actions() if a.text() == "Workspace")
    next(a for a in submenu.actions() if a.text() == "Side Projects").trigger()
    qtbot.waitUntil(lambda: app.state.workspace == side and bool(app.state.projects))
    assert {p.name for p in app.state.projects} == {"Garden planner", "Photography"}
    assert side.id in (tmp_path / "settings.json").read_text()


def test_menu_lists_continue_entries_and_status(qtbot: QtBot, app: Controller) -> None:
    app.tray.menu.aboutToShow.emit()
    texts = [a.text() for a in app.tray.menu.actions()]
    assert texts[0].startswith("Not tracking — today ")
    continues = [t for t in texts if t.startswith("Continue: ")]
    assert 1 <= len(continues) <= 5 and len(set(continues)) == len(continues)
    assert {
        "Start…",
        "Stop",
        "Manual entry…",
        "Workspace",
        "Open Clockify in browser",
        "Sign out",
        "Quit",
    } <= set(texts)
    next(a for a in app.tray.menu.actions() if a.text() == "Open Clockify in browser").trigger()
    assert app.opened_urls == ["https://app.clockify.me/tracker"]  # type: ignore[attr-defined]


def test_the_tooltip_says_todays_total_in_the_profile_zone(
    app: Controller, sandbox: Sandbox
) -> None:
    now = app.worker.clock.now()
    zone = ZoneInfo(DEMO_ZONE)
    today = [
        e.end - e.start
        for e in sandbox.state.entries.values()
        if e.end and e.start.astimezone(zone).date() == now.astimezone(zone).date()
    ]
    seconds = int(sum(today, timedelta()).total_seconds())
    assert seconds > 0  # the pinned moment is late morning on a working day
    minutes, seconds = divmod(seconds, 60)
    # The demo's member profile asks 8 hours of a working day: today is set against them.
    total = f"{minutes // 60}:{minutes % 60:02d}:{seconds:02d}"
    expected = f"Not tracking · today {total} of 8:00:00"
    assert tooltip_text(app.state, now).splitlines()[0] == expected


def test_sign_in_stores_key_and_wrong_key_message(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    with running_app(
        qtbot,
        tmp_path / "s.json",
        key_store=KeyringStore(),
        base_url=sandbox.url,
        wait_signed_in=False,
    ) as app:
        qtbot.waitUntil(lambda: not app.state.signed_in)
        _click(app)  # not signed in: a click opens the sign-in dialog
        dialog = app.sign_in
        qtbot.waitUntil(dialog.isVisible)
        assert dialog.region_box.currentData() == "custom" and dialog.url_edit.text() == sandbox.url
        assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
        qtbot.keyClicks(dialog.key_edit, "wrong-key")
        qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "does not know this API key" in dialog.status_label.text())
        assert "region" not in dialog.status_label.text()  # a server of its own has none
        assert memory_keyring.store == {}
        dialog.key_edit.clear()
        qtbot.keyClicks(dialog.key_edit, sandbox.api_key)
        # A long message grows the dialog: nothing overlaps, no text is cut.
        long = " ".join(["Your key was revoked by the workspace owner."] * 6)
        sandbox.faults.refuse(r"/user$", 401, long, 1000)
        qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: long in dialog.status_label.text())
        qtbot.waitUntil(lambda: _laid_out(dialog))
        sandbox.faults.allow(r"/user$")
        qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.status_label.text().startswith("Signed in as"))
        assert dialog.status_label.text() == "Signed in as Demo User (demo@example.com)."
        assert dialog.sign_in_button.text() == "Done" and not dialog.cancel_button.isVisible()
        assert memory_keyring.store == {(SERVICE, "default"): sandbox.api_key}
        qtbot.waitUntil(lambda: app.state.signed_in)
        app.ask(SignOut())
        qtbot.waitUntil(lambda: not app.state.signed_in)
        assert memory_keyring.store == {}


def test_sign_in_tells_wrong_region_and_offline(
    qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    with Sandbox(seed_moment=PINNED) as global_server, Sandbox(demo_data=False) as eu_server:
        eu_server.state.add_user("eu-only-key", "Eu User", "eu@example.com")
        regions = {"global": global_server.url, "euc1": eu_server.url}
        with running_app(
            qtbot,
            tmp_path / "s.json",
            key_store=KeyringStore(),
            base_url="global",
            regions=regions,
            wait_signed_in=False,
        ) as app:
            app.open_sign_in()
            dialog = app.sign_in
            assert dialog.region_box.currentData() == "global"
            qtbot.keyClicks(dialog.key_edit, "eu-only-key")
            dialog.on_buttons_accepted()
            qtbot.waitUntil(
                lambda: "belongs to the EU (Germany) server" in dialog.status_label.text()
            )
            global_server.stop()  # the server goes away: offline
            dialog.on_buttons_accepted()
            qtbot.waitUntil(
                lambda: "Could not connect" in dialog.status_label.text(), timeout=10_000
            )
            assert memory_keyring.store == {}


def test_offline_start_and_stop_then_recovery(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    notices: list[str] = []
    with sandbox_app(
        qtbot,
        sandbox,
        tmp_path / "s.json",
        timing=Timing(retry_delays=(0.3,), settle=timedelta(0)),
    ) as app:
        app.worker.notice.connect(notices.append)
        sandbox.faults.offline = True
        app.ask(Start(StartRequest("On the train")))
        qtbot.waitUntil(lambda: app.state.offline and app.state.running is not None)
        _click(app)  # stop, still offline
        qtbot.waitUntil(lambda: app.state.running is None and app.state.pending == 2)
        assert app.tray.tray.icon().cacheKey() == app.tray.icons.icon("offline").cacheKey()
        assert app.tray.tray.toolTip().endswith("\nOffline · 2 changes waiting")
        app.tray.menu.aboutToShow.emit()
        assert "Offline · 2 changes waiting" in [a.text() for a in app.tray.menu.actions()]
        assert not [e for e in sandbox.state.entries.values() if e.description == "On the train"]
        sandbox.faults.offline = False
        qtbot.waitUntil(lambda: app.state.pending == 0 and not app.state.offline, timeout=10_000)
        assert app.tray.tray.icon().cacheKey() == app.tray.icons.icon("idle").cacheKey()
        assert any("Back online" in n for n in notices)
    (entry,) = [e for e in sandbox.state.entries.values() if e.description == "On the train"]
    assert entry.end is not None and entry.end >= entry.start


def test_restart_offline_shows_cached_data_and_waiting_timer(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    settings = tmp_path / "s.json"
    with sandbox_app(qtbot, sandbox, settings) as app:
        sandbox.faults.offline = True
        app.ask(Start(StartRequest("Started offline")))
        qtbot.waitUntil(lambda: app.state.pending == 1 and app.state.offline)
        projects = len(app.state.projects)
    with sandbox_app(
        qtbot,
        sandbox,
        settings,
        timing=Timing(retry_delays=(0.3,), settle=timedelta(0)),
    ) as again:  # still offline: everything comes from the local database
        assert len(again.state.projects) == projects
        assert (
            again.state.running is not None and again.state.running.description == "Started offline"
        )
        assert again.state.pending == 1
        sandbox.faults.offline = False
        qtbot.waitUntil(lambda: again.state.pending == 0, timeout=15_000)
    assert (
        len([e for e in sandbox.state.entries.values() if e.description == "Started offline"]) == 1
    )


def test_menu_syncs_are_throttled_and_budgeted(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    def entry_reads() -> int:
        return sum(
            1 for r in sandbox.requests if r.method == "GET" and r.path.endswith("/time-entries")
        )

    def open_menu(times: int) -> None:
        for _ in range(times):
            app.tray.menu.aboutToShow.emit()
        # A request that settles the worker's queue: every refresh before it has run.
        answered = len(settled)
        app.ask(LoadTasks("local-none"))
        qtbot.waitUntil(lambda: len(settled) > answered)

    clock = FakeClock()
    budget = RequestBudget(capacity=1, clock=clock.monotonic)
    with sandbox_app(
        qtbot,
        sandbox,
        tmp_path / "s.json",
        clock=clock,
        budget=budget,
    ) as app:
        settled: list[str] = []
        app.worker.tasks_loaded.connect(lambda project, _tasks: settled.append(project))
        before = entry_reads()
        open_menu(10)
        assert entry_reads() == before  # just synced at start-up: within the 60 s gap
        clock.advance(61)
        open_menu(5)
        qtbot.waitUntil(lambda: entry_reads() == before + 1)  # the gap passed: one read
        clock.advance(61)
        open_menu(5)
        assert entry_reads() == before + 1  # the gap passed again, but the budget is spent


@pytest.mark.parametrize(
    "backend_name", ["fail", pytest.param("secret_service", marks=pytest.mark.secret_service)]
)
def test_sign_in_with_system_keyring_or_none(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path, backend_name: str
) -> None:
    from keyring.backends import SecretService, fail

    if backend_name == "secret_service":
        if not secret_service_usable():
            pytest.skip("no Secret Service on this session bus")
        backend: KeyringBackend = SecretService.Keyring()
    else:
        backend = fail.Keyring()
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        with running_app(
            qtbot,
            tmp_path / "s.json",
            key_store=KeyringStore(),
            base_url=sandbox.url,
            wait_signed_in=False,
        ) as app:
            app.open_sign_in()
            qtbot.keyClicks(app.sign_in.key_edit, sandbox.api_key)
            app.sign_in.on_buttons_accepted()
            qtbot.waitUntil(lambda: app.sign_in.status_label.text().startswith("Signed in as"))
            qtbot.waitUntil(lambda: app.state.signed_in)
            if backend_name == "fail":
                assert "No system keyring is available" in app.sign_in.status_label.text()
                assert "kept in memory until the app quits" in app.sign_in.status_label.text()
                assert not app.state.key_saved
            else:
                assert keyring.get_password(SERVICE, "default") == sandbox.api_key
                app.ask(SignOut())
                qtbot.waitUntil(lambda: not app.state.signed_in)
                assert keyring.get_password(SERVICE, "default") is None
    finally:
        keyring.set_keyring(before)
    # Never on disk in clear: not in settings, database or logs.
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert sandbox.api_key.encode() not in path.read_bytes(), path


def test_the_duration_is_read_as_typed_and_says_the_day_it_ends(
    qtbot: QtBot, app: Controller
) -> None:
    app.open_manual_entry()
    form = app.manual_entry
    qtbot.waitUntil(form.isVisible)
    form.date_edit.setDate(QDate(2026, 7, 14))
    form.start_edit.setTime(QTime(8, 0))
    form.duration_radio.click()
    qtbot.keyClicks(form.duration_edit, "1,5")  # the demo's Berlin profile writes a comma
    assert form.summary_label.text() == "1:30:00, until 09:30"
    form.duration_edit.clear()
    qtbot.keyClicks(form.duration_edit, "25h")
    assert form.summary_label.text() == "25:00:00, until 09:00 the next day"
    form.duration_edit.clear()
    qtbot.keyClicks(form.duration_edit, "49h")
    assert form.summary_label.text() == "49:00:00, until 09:00 on Thu 16 Jul"
    form.duration_edit.clear()
    qtbot.keyClicks(form.duration_edit, "1x")  # said while typing, before any Save
    assert form.summary_label.text().startswith("'1x' is not a duration; write it like 1:30")
    form.reject()


def _laid_out(dialog: QWidget) -> bool:
    """Every wrapped label has the height its text needs, and no two rows overlap."""
    from PySide6.QtWidgets import QLabel

    shown = [w for w in dialog.findChildren(QWidget) if w.isVisible() and w.parent() is dialog]
    for label in (w for w in shown if isinstance(w, QLabel) and w.wordWrap() and w.text()):
        if label.height() < label.heightForWidth(label.width()):
            return False
    rows = sorted((w.geometry() for w in shown), key=lambda g: g.top())
    return all(a.bottom() < b.top() or a.right() < b.left() or b.right() < a.left()
               for a, b in itertools.pairwise(rows))  # fmt: skip


def test_a_message_in_the_form_squeezes_nothing(qtbot: QtBot, app: Controller) -> None:
    app.open_manual_entry()
    form = app.manual_entry
    qtbot.waitUntil(form.isVisible)
    qtbot.waitUntil(lambda: form.fields.tag_list.count() > 0)
    tags_before = form.fields.tag_list.height()
    form.date_edit.setDate(form.date_edit.date().addDays(1))  # tomorrow…
    form.duration_radio.click()
    qtbot.keyClicks(form.duration_edit, "30h")  # …and long: two warnings
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "longer than 24 hours" in form.message_label.text()
    qtbot.waitUntil(lambda: _laid_out(form))
    assert form.fields.tag_list.height() >= tags_before  # (it lost a row to the message)
    form.reject()


def test_a_toggle_that_came_during_start_up_is_on_disk_and_runs_once(
    qtbot: QtBot, sandbox: Sandbox, tmp_path: Path
) -> None:
    """Before the controller exists, a second launch's --toggle is kept on disk before it is
    told "done" (it waited in memory, lost to a crash), and is carried out once, not twice."""
    from tray_app.app import EarlyCommands
    from tray_app.core.store import Store

    path = tmp_path / "s.sqlite3"
    early = EarlyCommands(path)
    early.arrived("toggle")
    early.arrived("entries")
    assert [command for _, command, _ in Store(path).commands()] == ["toggle"]
    assert early.waiting == [("toggle", True), ("entries", False)]
    assert _running(sandbox) == []
    with sandbox_app(qtbot, sandbox, tmp_path / "s.json", store=early.store) as app:
        for command, kept in early.waiting:
            app.on_command(command, kept=kept)
        qtbot.waitUntil(lambda: len(_running(sandbox)) == 1)
        round_trip(qtbot, app)
        assert len(_running(sandbox)) == 1  # (kept twice, it was started and stopped)
        assert early.store is not None and early.store.commands() == []
        assert app.entries.isVisible()
    demo = EarlyCommands(None)  # the demo's store lives in memory, with the app
    demo.arrived("toggle")
    assert demo.store is None and demo.waiting == [("toggle", False)]
