"""Start at login: the XDG autostart entry on a temporary XDG_CONFIG_HOME, and the LaunchAgent."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tray_app.platform.autostart import launch_command
from tray_app.platform.autostart.factory import for_this_system
from tray_app.platform.autostart.launch_agent import LaunchAgent
from tray_app.platform.autostart.xdg import XdgAutostart


@pytest.mark.processes
def test_xdg_entry_written_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    autostart = for_this_system("Linux")
    assert isinstance(autostart, XdgAutostart) and not autostart.enabled()
    autostart.enable(["/opt/clockify tray/bin/clockify-tray", "--autostart"])
    entry = tmp_path / "autostart" / "clockify-tray.desktop"
    assert autostart.enabled() and entry.exists()
    text = entry.read_text()
    assert 'Exec="/opt/clockify tray/bin/clockify-tray" --autostart\n' in text
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    autostart.disable()
    assert not entry.exists() and not autostart.enabled()
    autostart.disable()  # twice is fine


def test_entry_switched_off_by_the_desktop_counts_as_off(tmp_path: Path) -> None:
    autostart = XdgAutostart(tmp_path)
    autostart.enable(["clockify-tray"])
    autostart.path.write_text(autostart.path.read_text() + "Hidden=true\n")
    assert not autostart.enabled()


def test_launch_agent(tmp_path: Path) -> None:
    agent = LaunchAgent(tmp_path)
    agent.enable(["/Applications/Clockify Tray.app/Contents/MacOS/clockify-tray", "--autostart"])
    loaded = plistlib.loads(agent.path.read_bytes())
    assert loaded["RunAtLoad"] is True
    assert loaded["ProgramArguments"][-1] == "--autostart"
    agent.disable()
    assert not agent.enabled()


def test_launch_command_ends_with_autostart() -> None:
    assert launch_command()[-1] == "--autostart"


@pytest.mark.processes
def test_shipped_desktop_files_validate() -> None:
    root = Path(__file__).resolve().parent.parent / "resources"
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(
            ["desktop-file-validate", str(root / "clockify-tray.desktop")],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout
    if shutil.which("appstreamcli"):
        metainfo = root / "io.github.clockify_tray.ClockifyTray.metainfo.xml"
        done = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(metainfo)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout
    if not (shutil.which("desktop-file-validate") or shutil.which("appstreamcli")):
        pytest.skip("neither desktop-file-validate nor appstreamcli is installed")


def test_desktop_exec_quoting() -> None:
    from tray_app.platform.autostart import desktop_exec

    assert desktop_exec(["/usr/bin/app", "--flag"]) == "/usr/bin/app --flag"
    assert desktop_exec(["/a b/c$d", "100%"]) == '"/a b/c\\$d" 100%%'


def test_windows_starts_the_windowless_twin_at_login(tmp_path: Path) -> None:
    from tray_app.platform.autostart import windowless

    for console, twin in (
        ("python.exe", "pythonw.exe"),
        ("clockify-tray.com", "clockify-tray.exe"),
    ):
        (tmp_path / console).touch()
        assert windowless(str(tmp_path / console), "win32") == str(tmp_path / console)  # none
        (tmp_path / twin).touch()
        assert windowless(str(tmp_path / console), "win32") == str(tmp_path / twin)
        assert windowless(str(tmp_path / console), "linux") == str(tmp_path / console)
