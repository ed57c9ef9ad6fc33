"""The Windows bundle (`make bundle-windows`, dist-windows/clockify-tray/) run under Wine: what it
holds, its version, the CLI against the sandbox, and the tray app started and quit.

The bundle is run as built, with two Wine-only crutches kept on this side: propsys is turned off
for its processes (Wine 8 aborts in the WMI query behind platform.*; without propsys ``_wmi``
fails to import and platform falls back, as where WMI is missing), and the tray run uses a
scratch copy without Qt's network list manager plugin (under Wine 8 it never answers, and the
thread left waiting keeps the process from ending).
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from scripts.windows_bundle import DIST
from scripts.windows_python import NETWORK_LIST_MANAGER, WINE_ENV, Harness
from tests.windows.wine_tray import WineTray, running
from tests.x11 import IDLE_BLUE, wait_for
from tray_app import APP_ID, __version__
from tray_app.sandbox import Sandbox

pytestmark = pytest.mark.windows

BUNDLE = DIST / "clockify-tray"
NO_PROPSYS = {"WINEDLLOVERRIDES": WINE_ENV["WINEDLLOVERRIDES"] + ";propsys="}
# The PE optional header's Subsystem: what decides whether Windows gives a program a console.
WINDOWS_GUI, WINDOWS_CUI = 2, 3


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not (BUNDLE / "clockify-tray.exe").exists():
        pytest.skip(f"no Windows bundle in {BUNDLE}: make bundle-windows builds one")
    return BUNDLE


def run(
    windows: Harness, program: Path, args: Sequence[str], env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``program ARGS`` under Wine, both streams piped (a plain file kills Python at start)."""
    return subprocess.run(
        ["wine", str(program), *args],
        env=windows.env({**NO_PROPSYS, **(env or {})}),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=90,
        check=False,
    )


def subsystem(program: Path) -> int:
    data = program.read_bytes()
    (header,) = struct.unpack_from("<I", data, 0x3C)
    assert data[header : header + 4] == b"PE\0\0"
    (value,) = struct.unpack_from("<H", data, header + 24 + 68)
    return int(value)


def test_what_the_bundle_holds(bundle: Path) -> None:
    assert subsystem(bundle / "clockify-tray.exe") == WINDOWS_GUI  # the tray: no console
    assert subsystem(bundle / "clockify-tray.com") == WINDOWS_CUI  # the CLI: its caller's
    internal = bundle / "_internal"
    # What the test harness's Python goes without is in the bundle all the same...
    assert (internal / "PySide6" / "plugins" / NETWORK_LIST_MANAGER).is_file()
    assert (internal / "_wmi.pyd").is_file()
    # ...and the prefix's stand-in ICU is not: Windows has its own.
    names = {path.name.lower() for path in bundle.rglob("*")}
    assert not {name for name in names if name.startswith("icu")}
    assert "qoffscreen.dll" not in names and "qwindows.dll" in names


def test_version(windows: Harness, bundle: Path) -> None:
    for program in ("clockify-tray.com", "clockify-tray.exe"):
        done = run(windows, bundle / program, ["--version"])
        assert (done.returncode, done.stdout) == (0, f"{APP_ID} {__version__}\r\n".encode())


def test_cli_against_the_sandbox(windows: Harness, bundle: Path, sandbox: Sandbox) -> None:
    env = {"CLOCKIFY_API_URL": sandbox.url, "CLOCKIFY_API_KEY": sandbox.api_key}
    done = run(windows, bundle / "clockify-tray.com", ["api", "list-workspaces"], env)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    answer = json.loads(done.stdout)
    names = [workspace["name"] for workspace in answer["workspaces"]]
    assert answer["status"] == "success"
    assert names == [workspace["name"] for workspace in sandbox.state.workspaces.values()]


@pytest.fixture
def scratch_bundle(bundle: Path, tmp_path: Path) -> Path:
    """A copy of the bundle without the network list manager plugin (see above)."""
    copy = tmp_path / "clockify-tray"
    plugin = NETWORK_LIST_MANAGER.name
    shutil.copytree(bundle, copy, ignore=lambda _, names: [n for n in names if n == plugin])
    return copy


@pytest.fixture
def tray_app(windows: Harness, scratch_bundle: Path) -> Iterator[subprocess.Popen[bytes]]:
    command = ["wine", str(scratch_bundle / "clockify-tray.exe"), "--demo"]
    with running(command, windows.env(NO_PROPSYS)) as app:
        yield app


@pytest.mark.skipif(not shutil.which("import"), reason="needs ImageMagick's import")
def test_tray_app_started_and_quit(
    windows: Harness,
    scratch_bundle: Path,
    tray_app: subprocess.Popen[bytes],
    tmp_path: Path,
) -> None:
    tray = WineTray(windows.display, tmp_path)
    wait_for(lambda: tray.icon(IDLE_BLUE) is not None, "the app's icon in Wine's tray", 90)
    assert tray_app.poll() is None

    # The console twin passes --quit to the running windowed app, as a script would, once
    # the app listens (it starts to after its icon shows).
    def quit_passed() -> bool:
        done = run(windows, scratch_bundle / "clockify-tray.com", ["--demo", "--quit"])
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        return b"already running" in done.stdout

    wait_for(quit_passed, "--quit passed to the running app", 60)
    assert tray_app.wait(timeout=60) == 0
    assert tray.icon(IDLE_BLUE) is None
