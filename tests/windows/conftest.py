"""The Windows Python under Wine, kept up for the session; skipped when it is not set up."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.windows_python import Harness, NativeHarness, default_cache
from tests.x11 import xvfb


@pytest.fixture(scope="session")
def windows() -> Iterator[Harness]:
    """The harness, Wine's server and services up until the session ends, every Windows
    process on one Xvfb display; on Windows itself, this Python."""
    if sys.platform == "win32":
        yield NativeHarness(Path.cwd())
        return
    why = Harness(default_cache()).missing()
    if why:
        pytest.skip(
            f"no Windows Python under Wine ({why}): scripts/run-windows-tests.sh sets one up"
        )
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("needs Xvfb and xdotool")
    with xvfb() as display:
        harness = Harness(default_cache(), display=display)
        with harness.session():
            yield harness


Probe = Callable[..., dict[str, Any]]


@pytest.fixture
def probe(windows: Harness) -> Probe:
    """``probe(name)``: runs tests/windows/probes.py's ``name`` on Windows, its JSON answer."""

    def run(name: str, **env: str) -> dict[str, Any]:
        done = windows.run(["-m", "tests.windows.probes", name], env)
        stderr = done.stderr.decode(errors="replace")
        assert done.returncode == 0, f"probe {name} failed:\n{stderr}"
        answer: dict[str, Any] = json.loads(done.stdout.decode().splitlines()[-1])
        return answer

    return run
