"""The layers hold: the Qt-free packages never load Qt, and imports only point down."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tray_app

ROOT = Path(__file__).resolve().parent.parent
# Everything here must work without Qt: the CLI, the server, and the decisions the app makes.
QT_FREE_PACKAGES = [
    "tray_app.clockify",
    "tray_app.core",
    "tray_app.sandbox",
    "tray_app.platform.keystore",
    "tray_app.platform.autostart",
]
QT_FREE_MODULES = ["tray_app", "tray_app.cli", "tray_app.platform"]
# What sits above the core: it may import the core, never the other way round.
UPPER_LAYERS = ("tray_app.ui", "tray_app.worker", "tray_app.controller", "tray_app.app")


def qt_free_modules() -> list[str]:
    names = list(QT_FREE_MODULES)
    for package in QT_FREE_PACKAGES:
        names.append(package)
        folder = ROOT.joinpath(*package.split("."))
        names += [f"{package}.{m.name}" for m in pkgutil.walk_packages([str(folder)])]
    return names


def test_the_list_covers_the_core() -> None:
    names = qt_free_modules()
    for expected in ("tray_app.core.tracker", "tray_app.core.session", "tray_app.core.sync"):
        assert expected in names
    assert "tray_app.platform.keystore.system" in names
    assert len(names) > 25


@pytest.mark.processes
def test_qt_free_modules_load_neither_qt_nor_the_layers_above() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {qt_free_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=True,
    )
    loaded = json.loads(done.stdout)
    assert not [m for m in loaded if m.split(".")[0] in ("PySide6", "shiboken6")]
    assert not [m for m in loaded if m.startswith(UPPER_LAYERS)]


def test_no_app_module_is_over_420_lines() -> None:
    package = Path(tray_app.__file__).parent
    # The tracker is the facade every intent goes through (its logic lives in entries,
    # weekbook, sync and outbox); it may hold a little more.
    limits = {"core/tracker.py": 470}
    long = {
        name: n
        for path in package.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines()))
        > limits.get(name := str(path.relative_to(package)), 420)
    }
    assert not long
    assert len((package / "worker.py").read_text(encoding="utf-8").splitlines()) < 300
