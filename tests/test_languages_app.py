"""The app in another language, as people start it: from the system's language, from the
setting Preferences saves, from the environment; and the CLI staying English beside it.

The app runs as a process on Xvfb; its windows' titles are read from X (xdotool), what the
catalogs say they should be is read from the catalogs themselves.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, app_process_env, start_app
from tests.x11 import Keyboard, wait_for
from tray_app import APP_TITLE, i18n
from tray_app.sandbox import Sandbox

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(
        not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool"
    ),
]


@pytest.fixture
def english() -> Iterator[None]:
    yield
    i18n.use("en")


def title_in(code: str) -> str:
    """Quick start's window title in ``code``, as the catalog has it."""
    i18n.use(code)
    try:
        return f"{i18n._('Start a timer')} — {APP_TITLE}"
    finally:
        i18n.use("en")


def _quick_start_title(env: dict[str, str], sandbox: Sandbox, display: str, wanted: str) -> None:
    app = start_app(env, "--api-url", sandbox.url, "--quick-start")
    keys = Keyboard(display)
    try:
        wait_for(lambda: keys.shown(wanted), f"a window titled {wanted!r}")
    finally:
        app.terminate()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors


@pytest.mark.parametrize(
    ("how", "code"),
    [("system", "de"), ("setting", "fr"), ("environment", "es"), ("setting", "pt")],
)
def test_the_app_starts_in_the_language_of_the_system_the_setting_or_the_environment(
    sandbox: Sandbox, display: str, tmp_path: Path, how: str, code: str, english: None
) -> None:
    wanted = title_in(code)
    assert wanted != title_in("en")  # the catalog has it
    env = app_process_env(
        tmp_path,
        QT_QPA_PLATFORM="xcb",
        DISPLAY=display,
        CLOCKIFY_API_KEY=sandbox.api_key,
        LANGUAGE="",
        LC_ALL="",
        LANG="C.UTF-8",
    )
    if how == "system":
        env["LANGUAGE"] = f"{code}_DE:{code}"
    elif how == "environment":
        env.update(LANGUAGE="de_DE:de", CLOCKIFY_TRAY_LANGUAGE=code)  # beats the system's
    else:
        config = tmp_path / "config" / "clockify-tray"
        config.mkdir(parents=True)
        (config / "settings.json").write_text(json.dumps({"language": code}))
        env["LANGUAGE"] = "de_DE:de"  # the setting beats the system's
    _quick_start_title(env, sandbox, display, wanted)


def test_the_cli_stays_english_whatever_the_language(sandbox: Sandbox, tmp_path: Path) -> None:
    config = tmp_path / "config" / "clockify-tray"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"language": "de"}))
    env = app_process_env(
        tmp_path,
        CLOCKIFY_API_KEY="not-a-key",
        LANGUAGE="de_DE:de",
        CLOCKIFY_TRAY_LANGUAGE="fr",
    )
    done = subprocess.run(
        [sys.executable, "-m", "tray_app", "api", "--api-url", sandbox.url, "whoami"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    answer = json.loads(done.stdout)
    assert done.returncode == 1 and answer["status"] == "error"
    assert "API key" in answer["message"]  # English, as scripts expect
