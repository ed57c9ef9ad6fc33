"""The wheel and the sdist, as PyPI and pipx meet them: built (python -m build), checked
(twine), installed with pipx into a fresh environment, and run from there: the CLI against the
sandbox it brings, the app in demo mode with its icons and translations, and no test file in
what was installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.x11 import wait_for
from tray_app import APP_ID, __version__

pytestmark = pytest.mark.processes
# Kept between runs, so PySide6 is downloaded once per machine, not per run.
PIP_CACHE = Path(os.environ.get("CLOCKIFY_PIP_CACHE", "/var/cache/clockify-tray-pip"))


def _built(out: Path) -> tuple[Path, Path]:
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist


def test_the_wheel_installs_with_pipx_and_brings_what_it_needs_and_no_tests(
    tmp_path: Path,
) -> None:
    if not os.access(PIP_CACHE.parent, os.W_OK):
        pytest.skip(f"no pip cache to keep at {PIP_CACHE}")
    wheel, sdist = _built(tmp_path / "dist")
    checked = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr

    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    for needed in (
        "tray_app/resources/icons/app.svg",
        "tray_app/locale/de/LC_MESSAGES/tray_app.mo",
        "tray_app/locale/pt/LC_MESSAGES/tray_app.mo",
        "tray_app/sandbox/server.py",
    ):
        assert needed in names, needed
    with tarfile.open(sdist) as archive:  # the sdist can rebuild it all, tests included
        members = archive.getnames()
    assert any(m.endswith("/pyproject.toml") for m in members)
    assert any(m.endswith("/LICENSE") for m in members)

    home = tmp_path / "pipx"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("CLOCKIFY_", "PIP_"))},
        "PIPX_HOME": str(home),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "PIP_CACHE_DIR": str(PIP_CACHE),
        "PYTHONPATH": "",
    }
    installed = subprocess.run(
        [sys.executable, "-m", "pipx", "install", str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    command = tmp_path / "bin" / APP_ID
    run_env = {
        **env,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    version = subprocess.run(
        [str(command), "--version"], env=run_env, capture_output=True, text=True
    )
    assert version.stdout.strip() == f"{APP_ID} {__version__}", version.stderr

    # Everything it uses comes from its own environment, not from this checkout.
    python = next(home.glob("venvs/*/bin/python"))
    where = subprocess.run(
        [str(python), "-c", "import tray_app, PySide6; print(tray_app.__file__)"],
        env=run_env, cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert str(home) in where.stdout and str(ROOT) not in where.stdout, where.stderr
    site = Path(where.stdout.strip()).parent.parent
    assert not (site / "tests").exists()
    german_title = "from tray_app import i18n; i18n.use('de'); print(i18n._('Start a timer'))"
    german = subprocess.run(
        [str(python), "-c", german_title],
        env=run_env, cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert german.stdout.strip() == "Timer starten", german.stderr

    # The sandbox it brings, and the CLI against it.
    server = subprocess.Popen(
        [str(command), "sandbox"], env=run_env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        key = server.stdout.readline().split()[-1]
        whoami = subprocess.run(
            [str(command), "api", "whoami"],
            env={**run_env, "CLOCKIFY_API_URL": url, "CLOCKIFY_API_KEY": key},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert json.loads(whoami.stdout)["status"] == "success", whoami.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)

    # The app itself, in demo mode and in German, answering status.
    app = subprocess.Popen(
        [str(command), "--demo"],
        env={**run_env, "CLOCKIFY_TRAY_LANGUAGE": "de"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        status = [str(command), "status", "--demo", "--format", "json"]

        def signed_in() -> bool:
            said = subprocess.run(status, env=run_env, capture_output=True, text=True)
            return said.returncode == 0 and json.loads(said.stdout).get("signed_in") is True

        wait_for(signed_in, "the installed app in demo mode", 60)
        subprocess.run([str(command), "--demo", "--quit"], env=run_env, timeout=60, check=True)
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            app.kill()
        _, errors = app.communicate(timeout=30)
    assert "Traceback" not in errors
    shutil.rmtree(home, ignore_errors=True)
