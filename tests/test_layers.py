"""The layers hold: each package imports only the packages below it, the UI only the core's
pure modules, nothing imports in a circle, the Qt-free packages never load Qt, and no file is
over the line limit.

Imports are read from the source (every one: at the top, inside functions and under
TYPE_CHECKING), so a lazy or type-only import cannot cross a layer unnoticed; the Qt check
loads the modules for real, in a process of its own.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tray_app"
LINE_LIMIT = 420

# What each part of the app may import, besides itself and tray_app's own names (APP_ID).
# From the bottom: Clockify's API, the core's decisions, the platform's back-ends (which
# implement the core's ports), the widgets, the worker's thread, the GUI thread's glue, then
# what starts it all: the composition root, the command line, ``python -m``.
MAY_IMPORT: dict[str, set[str]] = {
    "i18n": set(),
    "clockify": {"i18n"},
    "sandbox": set(),
    "resources": set(),
    "core": {"i18n", "clockify"},
    "platform": {"i18n", "core.ports"},
    "ui": {"i18n", "clockify", "core", "resources"},
    "worker": {"i18n", "clockify", "core", "platform"},
    "control": {"i18n", "clockify", "core", "platform", "ui", "worker"},
    "app": {
        *("i18n", "clockify", "core", "platform", "ui", "worker", "control", "sandbox"),
        "resources",
    },
    "cli": {"i18n", "clockify", "core", "platform", "sandbox", "app"},
    "__main__": {"cli"},
}
# Core modules that act (I/O, or drive what does): the UI imports none of them, not even for
# a value type, so a widget never pulls in the store, the sync or the HTTP client.
EFFECTFUL_CORE = (
    "tray_app.core.commands",
    "tray_app.core.events",
    "tray_app.core.logs",
    "tray_app.core.outbox",
    "tray_app.core.preferences",
    "tray_app.core.retry",
    "tray_app.core.session",
    "tray_app.core.store",
    "tray_app.core.sync",
    "tray_app.core.tracking",
    "tray_app.core.attention.keeper",
    "tray_app.core.idle.keeper",
    "tray_app.core.reports.reporter",
    "tray_app.core.week.book",
)
QT_FREE = ("i18n", "clockify", "core", "sandbox", "cli", "platform.keystore", "platform.autostart")


@cache
def modules() -> dict[str, Path]:
    """Every module of the app by dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


@cache
def imports_of(name: str) -> frozenset[str]:
    """The app's modules that ``name`` imports, anywhere in its source."""
    known = modules()
    found = set()
    for node in ast.walk(ast.parse(known[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # ``from tray_app.core import state`` names a module
                module = f"{node.module}.{alias.name}"
                found.add(module if module in known else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return frozenset(m for m in found if m in known and m != name)


def part_of(name: str) -> str:
    """``tray_app.core.state`` → ``core``; ``tray_app.app`` → ``app``."""
    return name.split(".")[1] if "." in name else ""


def allowed(importer: str, imported: str) -> bool:
    part, target = part_of(importer), imported.removeprefix("tray_app.")
    if imported == "tray_app" or part_of(imported) == part:
        return True
    return any(target == rule or target.startswith(rule + ".") for rule in MAY_IMPORT[part])


def test_every_part_of_the_app_has_its_rule() -> None:
    parts = {part_of(name) for name in modules()} - {""}
    assert parts == set(MAY_IMPORT)
    assert len(modules()) > 100


def test_each_package_imports_only_what_its_layer_may() -> None:
    crossing = {
        f"{name} → {imported}"
        for name in modules()
        if name != "tray_app"
        for imported in imports_of(name)
        if not allowed(name, imported)
    }
    assert not crossing


def test_the_rules_catch_a_crossing() -> None:
    assert not allowed("tray_app.core.session", "tray_app.platform.keystore")
    assert not allowed("tray_app.ui.tray", "tray_app.worker.api_worker")
    assert not allowed("tray_app.platform.idle", "tray_app.core.state")
    assert allowed("tray_app.platform.keystore", "tray_app.core.ports")
    assert allowed("tray_app.control.controller", "tray_app.ui.tray")


def effectful(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in EFFECTFUL_CORE)


def test_the_ui_imports_only_the_cores_pure_modules() -> None:
    ui_uses = {
        imported
        for name in modules()
        if part_of(name) == "ui"
        for imported in imports_of(name)
        if part_of(imported) == "core"
    }
    assert "tray_app.core.state" in ui_uses
    # …and those pull in nothing that acts either.
    seen, todo = set(), list(ui_uses)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [m for m in imports_of(name) if part_of(m) == "core"]
    assert not [name for name in seen if effectful(name)]


def test_nothing_imports_in_a_circle() -> None:
    """Not even under TYPE_CHECKING or inside a function: each module's imports lead down."""
    done: set[str] = set()
    circles = []

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            circles.append(" → ".join([*path[path.index(name) :], name]))
            return
        if name in done:
            return
        for imported in sorted(imports_of(name)):
            visit(imported, [*path, name])
        done.add(name)

    for name in sorted(modules()):
        visit(name, [])
    assert not circles


@pytest.mark.processes
def test_qt_free_packages_load_neither_qt_nor_the_layers_above() -> None:
    names = [n for n in modules() if any(n.startswith(f"tray_app.{p}") for p in QT_FREE)]
    assert "tray_app.core.tracking.tracker" in names and "tray_app.cli.actions" in names
    code = (
        "import importlib, json, sys\n"
        f"for name in {sorted(names)!r}:\n"
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
    above = ("tray_app.ui", "tray_app.worker", "tray_app.control", "tray_app.app")
    assert not [m for m in loaded if m.startswith(above)]


def test_no_file_is_over_the_line_limit() -> None:
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in modules().values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LINE_LIMIT
    }
    assert not long
    worker = PACKAGE / "worker" / "api_worker.py"
    assert len(worker.read_text(encoding="utf-8").splitlines()) < 200  # an adapter, no more
