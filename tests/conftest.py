"""Shared fixtures: a sandbox on a free port, and Qt set up to run without a screen."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

# Before any QApplication exists: without a display, Qt would abort the whole run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.core.qobject.connect.warning=false")

import pytest

from tray_app.clockify import ClockifyClient
from tray_app.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        yield running


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
