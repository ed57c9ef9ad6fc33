"""The tray app's own command-line options, run as a user runs them: a separate process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, app_process_env, start_app
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.processes


def test_api_url_points_the_app_at_a_server_for_this_run(sandbox: Sandbox, tmp_path: Path) -> None:
    settings = tmp_path / "config" / "clockify-tray" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"base_url": "euc1"}))
    env = app_process_env(tmp_path, CLOCKIFY_API_KEY=sandbox.api_key)
    app = start_app(env, "--api-url", sandbox.url)
    try:
        deadline = time.monotonic() + 30
        while not any(r.path.endswith("/time-entries") for r in sandbox.requests):
            assert app.poll() is None, app.stderr.read() if app.stderr else ""
            assert time.monotonic() < deadline, "the app never read its entries from --api-url"
            time.sleep(0.1)
        assert [r.path for r in sandbox.requests][:2] == ["/api/v1/user", "/api/v1/workspaces"]
        quit_it = subprocess.run(
            [sys.executable, "-m", "tray_app", "--quit"], env=env, cwd=ROOT, timeout=30
        )
        assert quit_it.returncode == 0
        assert app.wait(timeout=20) == 0
    finally:
        app.kill()
        app.wait()
    assert json.loads(settings.read_text())["base_url"] == "euc1"  # for this run only


def test_a_wrong_api_url_is_refused_before_anything_starts(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tray_app", "--api-url", "http://clockify.example.com"],
        env=app_process_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "--api-url: 'http://clockify.example.com' uses plain http" in done.stderr
    assert not (tmp_path / "data").exists()  # no database, no tray: nothing started
