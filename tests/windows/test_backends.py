"""The app's Windows back-ends in a real Windows Python under Wine (tests/windows/probes.py
does the Windows side): idle time, start at login, the key store, global shortcuts, sleep, lock
and shutdown, and a network service that never answers.

What Wine cannot show: GetLastInputInfo there counts from Wine's own start and from input
Wine itself receives; the Credential Manager is Wine's registry, not DPAPI-protected; no login
runs the Run key; and hotkeys reach Wine's server, not a real desktop's.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from scripts.windows_python import Harness, windows_path
from tests.windows.conftest import Probe

pytestmark = pytest.mark.windows


def test_idle_time_from_get_last_input_info(probe: Probe) -> None:
    seen = probe("idle")
    assert seen["source"] == "Windows GetLastInputInfo"
    assert isinstance(seen["first"], float) and seen["first"] >= 0
    # A key press through SendInput is input: the idle time starts again, then grows.
    assert seen["sent"] == 2
    assert 0 <= seen["after_input"] < 0.5
    assert 1.4 <= seen["later"] < 5


def test_autostart_run_key(probe: Probe) -> None:
    seen = probe("autostart")
    assert seen["backend"] == "WindowsRun"
    command = seen["command"]
    assert command[0].lower().endswith("\\pythonw.exe")  # no console window at login
    assert command[1:] == ["-m", "tray_app", "--autostart"]
    assert (seen["before"], seen["enabled"], seen["disabled"]) == (False, True, False)
    reg_sz = 1
    assert seen["value"] == [subprocess.list2cmdline(command), reg_sz]
    # The line Windows will run at login splits back into the very command.
    assert seen["split"] == command
    assert seen["value_after"] is None


def test_key_store_in_credential_manager(probe: Probe) -> None:
    seen = probe("keystore")
    assert seen["store"] == "SeparateKeyringStore"
    assert seen["backend"] == "WinVaultKeyring"
    key = seen["key"]
    assert (seen["empty"], seen["read_back"], seen["after_delete"]) == (None, key, None)
    # Stored where Windows keeps generic credentials: target clockify-tray, user "default".
    assert seen["credential"] == ["default", key]
    assert seen["credential_after"] is None


def test_global_shortcuts_with_register_hot_key(probe: Probe) -> None:
    seen = probe("shortcuts")
    assert seen["backend"] == "WindowsHotkeys"
    assert seen["status"] == (
        "Global shortcuts:\nOpen quick start: Ctrl+Alt+C\nStart or stop the timer: Ctrl+Alt+S"
    )
    assert seen["posted"] == ["quick-start", "toggle"]  # and nothing for a hotkey not its own
    # Ctrl+Alt+S typed: Wine's server matched the registered keys and sent WM_HOTKEY.
    assert (seen["sent"], seen["typed"]) == (6, ["toggle"])
    # Keys another holder has are refused (ERROR_HOTKEY_ALREADY_REGISTERED), and said so.
    assert seen["second_status"].startswith(
        "Taken by another app: Open quick start (Ctrl+Alt+C), "
        "Start or stop the timer (Ctrl+Alt+S). Bind these commands"
    )
    assert seen["direct"] == [False, 1409]
    assert seen["after_stop"] == seen["status"]  # stop() gave them back


@pytest.mark.timeout(60)  # (with the GIL held, the probe never answers at all)
def test_a_network_service_that_never_answers_freezes_nothing(windows: Harness) -> None:
    # Wine's network list manager never answers Qt's back-end: the load waits for good. It
    # waits on its own thread with the GIL let go, so Python slots on the event loop go on.
    # The waiting thread keeps the process from ending: it is killed once it has answered.
    env = windows.env({"CLOCKIFY_WINE_ASIDE": windows_path(windows.aside)})
    command = windows.command(["-m", "tests.windows.probes", "network"])
    # (Both streams piped: a Windows Python given a plain file as one dies at start.)
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.DEVNULL}
    with subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, **pipes) as run:
        assert run.stdout is not None
        try:
            seen = json.loads(run.stdout.readline())
        finally:
            run.kill()
    assert seen["source"] == "qt-network-information"
    assert seen["start_took"] < 0.5
    assert seen["loading"] is True  # in the call still (so the MSVC symbol was found)
    assert seen["loaded"] == []
    assert seen["ticks"] >= 20  # of ~40 in two seconds at 50 ms


def test_sleep_lock_and_shutdown_from_windows_messages(probe: Probe) -> None:
    seen = probe("session")
    assert seen["backend"] == "WindowsSessionEvents"
    assert seen["started"] == ["Windows sleep and shutdown", "Windows session lock"]
    # A hidden top-level window: broadcasts reach it (a message-only one would hear none).
    assert (seen["top_level"], seen["visible"]) == (True, False)
    assert seen["steps"] == [
        ["suspend", None, ["sleep"]],
        ["resume", None, ["back"]],
        ["resume by hand", None, []],  # the second resume message counts once
        ["lock", 0, ["lock"]],
        ["suspend", None, []],  # locked on the way to sleep: still away…
        ["resume", None, []],  # …after the resume,
        ["unlock", 0, ["back"]],  # until the unlock
        ["may the session end", 1, []],
        ["it ends", 0, ["shutdown"]],
    ]
    assert seen["after_stop"] is False  # stop() took the window away
