"""What a screen reader sees and does, over the real accessibility bus (AT-SPI).

The app runs as a process on Xvfb (xcb) with Qt's AT-SPI bridge on; at-spi2-core's bus
launcher runs on a private session bus; tests/peers/atspi_reader.py, under Debian's Python and
pyatspi, reads the app's tree and acts on it the way Orca does: nodes are found by role and
accessible name, focused and pressed through the bus. Keys are real X key events (xdotool).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.buses import kept_environ
from tests.conftest import ROOT, app_process_env, hand_to_app, start_app
from tests.x11 import Keyboard, timer_with_short_idle, wait_for
from tray_app.sandbox import Sandbox

SYSTEM_PYTHON = "/usr/bin/python3"
IDLE_S = 3  # the idle threshold of the idle test
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
READER = ROOT / "tests" / "peers" / "atspi_reader.py"


def _reader_usable() -> bool:
    if not (Path(SYSTEM_PYTHON).exists() and Path(BUS_LAUNCHER).exists()):
        return False
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    return found.returncode == 0


pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool") and _reader_usable()),
        reason="needs Xvfb, xdotool, at-spi2-core and python3-pyatspi (Debian)",
    ),
]
# Roles a person operates; each needs a name a screen reader can say.
CONTROLS = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "spin button",
    "slider",
    "page tab",
    "list",
    "table",
    "tree",
    "tree table",
}
# Roles whose name is what they show (a list's row, a menu's entry): named by their content.
CONTENT = {"list item", "table cell", "menu item", "tree item", "label", "filler", "panel"}


class Reader:
    """The AT-SPI peer: one JSON command a line (see tests/peers/atspi_reader.py)."""

    def __init__(self, env: dict[str, str]) -> None:
        self._process = subprocess.Popen(
            [SYSTEM_PYTHON, str(READER)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, **command: str) -> Any:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({"do": command.pop("do"), **command}) + "\n")
        self._process.stdin.flush()
        reply = json.loads(self._process.stdout.readline())
        if "error" in reply:
            raise AssertionError(reply["error"])
        return reply["ok"]

    def window_shown(self, name: str) -> bool:
        try:
            return any(w["name"].startswith(name) for w in self.ask(do="windows"))
        except AssertionError:  # the app is not on the bus yet
            return False

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=10)


@pytest.fixture
def accessibility_bus(display: str) -> Iterator[dict[str, str]]:
    """A private session bus with at-spi2-core's accessibility bus on it: the environment
    for the app and the reader."""
    import dbusmock

    with (
        kept_environ("DBUS_SESSION_BUS_ADDRESS"),
        dbusmock.PrivateDBus(dbusmock.BusType.SESSION) as bus,
    ):
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus.address, "DISPLAY": display}
        launcher = subprocess.Popen(
            [BUS_LAUNCHER, "--launch-immediately"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            yield env
        finally:
            launcher.terminate()
            launcher.wait(timeout=10)


@pytest.fixture
def reader(accessibility_bus: dict[str, str]) -> Iterator[Reader]:
    reading = Reader(accessibility_bus)
    try:
        yield reading
    finally:
        reading.close()


def _app_env(sandbox: Sandbox, bus: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return app_process_env(
        tmp_path,
        QT_QPA_PLATFORM="xcb",
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        DISPLAY=bus["DISPLAY"],
        DBUS_SESSION_BUS_ADDRESS=bus["DBUS_SESSION_BUS_ADDRESS"],
        CLOCKIFY_API_KEY=sandbox.api_key,
    )


def test_quick_start_by_role_and_name_as_a_screen_reader_user(
    sandbox: Sandbox,
    accessibility_bus: dict[str, str],
    reader: Reader,
    tmp_path: Path,
) -> None:
    user = sandbox.state.keys[sandbox.api_key]
    workspace = sandbox.state.users[user]["activeWorkspace"]
    env = _app_env(sandbox, accessibility_bus, tmp_path)
    app = start_app(env, "--api-url", sandbox.url, "--quick-start")
    keys = Keyboard(accessibility_bus["DISPLAY"])
    try:
        wait_for(lambda: reader.window_shown("Start a timer"), "quick start on the bus")
        keys.focus("Start a timer")
        window = "Start a timer"
        assert reader.ask(do="focus", window=window, role="text", name="Description")
        keys.type("Accessible review")
        assert reader.ask(do="text", window=window, role="text", name="Description") == (
            "Accessible review"
        )
        assert reader.ask(do="focus", window=window, role="text", name="Project")
        keys.type("umbr")
        keys.key("Return")  # chooses the first project that matches
        # The field now says the chosen project's name, as a screen reader reads it out.
        chosen = lambda: reader.ask(do="text", window=window, role="text", name="Project")  # noqa: E731
        wait_for(lambda: chosen() not in ("", "umbr"), "the project chosen")
        heard = chosen()
        assert reader.ask(do="press", window=window, role="push button", name="Start")
        wait_for(lambda: sandbox.state.running_entry(workspace, user) is not None, "a timer")
        running = sandbox.state.running_entry(workspace, user)
        assert running is not None and running.description == "Accessible review"
        project = sandbox.state.projects[running.project_id or ""]
        client = sandbox.state.clients.get(project.get("clientId") or "", {})
        assert "umbr" in f"{project['name']} {client.get('name', '')}".casefold()
        assert project["name"] == heard
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors


def _unnamed(tree: list[dict[str, Any]]) -> list[str]:
    """Controls a screen reader cannot name: no name and no label tied to them. (On Linux
    Qt names a combo box by its current choice and ties the label to it as a relation, which
    is what Orca reads: such a combo box needs that label.)"""
    found = []
    for node in tree:
        if node["role"] not in CONTROLS or not node["focusable"]:
            continue
        name, labels = node["name"].strip(), [t for t in node["labelled_by"] if t.strip()]
        if node["role"] == "combo box" and not labels:
            found.append(f"combo box with no label tied to it (shows {node['value']!r})")
        elif not name and not labels:
            found.append(f"{node['role']} with no name (shows {node['value']!r})")
    return found


WINDOWS = [
    ("quick-start", "Start a timer"),
    ("manual-entry", "Add a time entry"),
    ("entries", "Entries"),
    ("reports", "Reports"),
    ("preferences", "Preferences"),
]


def test_every_control_of_every_window_has_a_name(
    sandbox: Sandbox,
    accessibility_bus: dict[str, str],
    reader: Reader,
    tmp_path: Path,
) -> None:
    env = _app_env(sandbox, accessibility_bus, tmp_path)
    app = start_app(env, "--api-url", sandbox.url)
    problems: dict[str, list[str]] = {}
    try:
        wait_for(lambda: reader.window_shown(""), "the app on the bus", timeout=30)
        for command, title in WINDOWS:
            hand_to_app(env, command)
            wait_for(lambda t=title: reader.window_shown(t), f"{title} on the bus")
            tree = reader.ask(do="tree", window=title)
            tabs = [n["name"] for n in tree if n["role"] == "page tab"]
            for tab in tabs or [""]:
                if tab:
                    reader.ask(do="press", window=title, role="page tab", name=tab)
                    tree = reader.ask(do="tree", window=title)
                where = f"{title} › {tab}" if tab else title
                problems[where] = _unnamed(tree)
                if title == "Entries":
                    chart = [n for n in tree if "chart" in n["name"].casefold()]
                    if not chart or ":" not in chart[0]["description"]:
                        problems[where].append("the week chart says nothing of its numbers")
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors
    unnamed = {where: found for where, found in problems.items() if found}
    assert not unnamed, json.dumps(unnamed, indent=1, ensure_ascii=False)


def test_the_idle_question_comes_up_saying_what_it_asks(
    sandbox: Sandbox,
    accessibility_bus: dict[str, str],
    reader: Reader,
    tmp_path: Path,
) -> None:
    display = accessibility_bus["DISPLAY"]
    entry, env = timer_with_short_idle(sandbox, tmp_path, display, IDLE_S)
    env.update(
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        DBUS_SESSION_BUS_ADDRESS=accessibility_bus["DBUS_SESSION_BUS_ADDRESS"],
    )
    keys = Keyboard(display)
    app = start_app(env, "--api-url", sandbox.url)
    try:
        wait_for(lambda: any("time-entries" in r.path for r in sandbox.requests), "a sync")
        keys.run("mousemove", "5", "5")
        time.sleep(IDLE_S + 2)  # nobody touches anything: idle time is real time
        keys.run("mousemove", "50", "50")  # back
        wait_for(lambda: reader.window_shown("Were you away?"), "the idle question on the bus")
        (window,) = [w for w in reader.ask(do="windows") if w["name"].startswith("Were you")]
        assert window["role"] == "dialog"
        # Announced with the whole question, not only its title.
        assert "No keyboard or mouse input while “Focus” ran" in window["description"]
        assert window["description"].startswith("Idle since ")
        tree = reader.ask(do="tree", window="Were you away?")
        buttons = {n["name"] for n in tree if n["role"] == "push button"}
        assert {"Discard idle time", "Keep idle time"} <= buttons
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors
    assert entry.end is None  # asked, nothing decided
