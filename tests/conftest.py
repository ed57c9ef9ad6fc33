"""Shared fixtures: a sandbox on a free port, and Qt set up to run without a screen."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Before any QApplication exists: without a display, Qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.core.qobject.connect.warning=false")

import pytest

from tests.fakes import PINNED
from tray_app.clockify import ClockifyClient
from tray_app.sandbox import Sandbox

# The tiers: `make test` runs every test; `make test-fast` (pytest --fast) leaves out those
# with a marker of SLOW_MARKERS, so it needs no other process, no X server, no D-Bus and no
# fuzzing: plain pytest and offscreen Qt.
SLOW_MARKERS = {
    "processes": "starts another process: the app or the CLI, Xvfb, a D-Bus daemon or peer",
    "secret_service": "needs a real Secret Service (gnome-keyring) on the session bus",
    "fuzz": "Schemathesis generates requests",
    "windows": "runs a Windows Python under Wine: only with --windows (run-windows-tests.sh)",
}
# Opt-in: it needs Wine and a Windows Python (~2 GB, scripts/windows_python.py) and ~40 s.
WINDOWS_OPT_IN = "a Windows Python under Wine: pytest --windows (scripts/run-windows-tests.sh)"
MARKERS = {
    **SLOW_MARKERS,
    "dates": "reads the computer's calendar: also run at faked moments (scripts/run-date-tests.sh)",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast",
        action="store_true",
        help=f"leave out the slow tiers ({', '.join(SLOW_MARKERS)}): `make test-fast`",
    )
    parser.addoption(
        "--windows",
        action="store_true",
        help="run the tests marked windows, in a Windows Python under Wine "
        "(scripts/run-windows-tests.sh sets it up and passes this)",
    )


def pytest_configure(config: pytest.Config) -> None:
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--windows"):
        for item in items:
            if item.get_closest_marker("windows"):
                item.add_marker(pytest.mark.skip(reason=WINDOWS_OPT_IN))
    if not config.getoption("--fast"):
        return
    slow = [item for item in items if any(item.get_closest_marker(m) for m in SLOW_MARKERS)]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if item not in slow]


@pytest.fixture(autouse=True)
def _processes_are_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that starts a process says so with the ``processes`` marker, so that the fast
    tier leaves it out: the marker is checked, not trusted (the process still starts).
    A ``windows`` test starts Wine by definition, and is left out too."""
    if any(request.node.get_closest_marker(name) for name in ("processes", "windows")):
        yield
        return
    started: list[str] = []
    original = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def noted(self: subprocess.Popen[Any], args: Any, *rest: Any, **named: Any) -> Any:
        if _is_library_lookup(args):
            return original(self, args, *rest, **named)
        caller = next(
            (f"{f.filename}:{f.lineno}" for f in reversed(traceback.extract_stack()[:-1])
             if "subprocess" not in f.filename and "ctypes" not in f.filename),
            "?",
        )  # fmt: skip
        started.append(f"{args} (from {caller})")
        return original(self, args, *rest, **named)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "_execute_child", noted)
        yield
    if started:
        pytest.fail(
            f"started {started[0]} without the `processes` marker: mark the test "
            "@pytest.mark.processes (or its module: pytestmark)",
            pytrace=False,
        )


def _is_library_lookup(args: Any) -> bool:
    """ctypes.util.find_library asks ldconfig (keyring's macOS back-end does on import
    everywhere): a lookup, not a process a test depends on."""
    program = args[0] if isinstance(args, list | tuple) and args else args
    return Path(str(program)).name in ("ldconfig", "gcc", "cc", "ld", "objdump")


@pytest.fixture
def demo_sandbox() -> Iterator[Sandbox]:
    """The demo's data as ``--demo`` shows it, seeded at the tests' pinned moment
    (tests/fakes.PINNED): its cost center is required on every entry."""
    with Sandbox(seed_moment=PINNED) as running:
        yield running


@pytest.fixture
def sandbox(demo_sandbox: Sandbox) -> Sandbox:
    """The demo's data with its cost center optional: the tests of everything else start
    timers without one (the required field has its own tests, on ``demo_sandbox``)."""
    demo_sandbox.state.relax_required_fields()
    return demo_sandbox


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[ClockifyClient]:
    """A client of the demo user, reading lists in pages of 10 so paging is exercised."""
    with ClockifyClient(sandbox.api_key, sandbox.url, page_size=10, backoff_base=0) as made:
        yield made


ROOT = Path(__file__).resolve().parent.parent


def app_process_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment for running the app in a separate process: its own folders, offscreen,
    no CLOCKIFY_ variables from outside and no keyring (unless ``extra`` says otherwise)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOCKIFY_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        XDG_STATE_HOME=str(folder / "state"),
        XDG_RUNTIME_DIR=str(folder),
        PYTHONPATH=str(ROOT),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    env.update(extra)
    return env


def start_app(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """``python -m tray_app ARGS`` in the background, its stderr kept for the test to read."""
    return subprocess.Popen(
        [sys.executable, "-m", "tray_app", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_app_logged(
    env: dict[str, str], *args: str
) -> tuple[subprocess.Popen[str], list[str], threading.Thread]:
    """``start_app``, its stderr lines gathered as they come (join the thread once it ends)."""
    app = start_app(env, *args)
    lines: list[str] = []
    assert app.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(app.stderr or []), daemon=True)
    reader.start()
    return app, lines, reader


def hand_to_app(env: dict[str, str], command: str, *options: str) -> None:
    """A second launch, ``python -m tray_app [OPTIONS] --COMMAND``, hands it to the app running
    with ``env`` and says so: the app's event loop took it (the launch fails if none runs)."""
    done = subprocess.run(
        [sys.executable, "-m", "tray_app", *options, f"--{command}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0 and "already running" in done.stdout, done.stdout + done.stderr


def secret_service_usable() -> bool:
    """A real Secret Service answers on this session bus (scripts/run-tests.sh starts one)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        from keyring.backends import SecretService

        return SecretService.Keyring.priority > 0  # type: ignore[operator,no-any-return]
    except Exception:
        return False


# An Xvfb display for the tests that send real X input (tests/x11.py).
from tests.core_parts import Parts  # noqa: E402
from tests.x11 import display  # noqa: E402, F401


@pytest.fixture
def parts(sandbox: Sandbox, tmp_path: Path) -> Iterator[Parts]:
    """A tracker signed in to the sandbox (its first sync done), with a roomy request budget;
    a test module may define its own."""
    made = Parts(sandbox, tmp_path, key=sandbox.api_key)
    made.tracker.on_startup()
    yield made
    made.tracker.close()
    made.store.close()
