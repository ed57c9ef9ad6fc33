"""The Windows side of tests/windows/test_backends.py: each probe drives one of the app's Windows
back-ends in a real Windows Python and reads back what happened, through the Windows API itself
(the registry, the Credential Manager, real keyboard input), never through the code it tests.

``python -m tests.windows.probes NAME`` prints one JSON object; the tests judge it.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from ctypes import wintypes
from typing import Any

user32 = ctypes.WinDLL("user32", use_last_error=True)
kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)

Seen = dict[str, Any]


# Real keyboard input: SendInput goes through Wine's server as a key press does.

INPUT_KEYBOARD, KEYEVENTF_KEYUP = 1, 0x2
VK_SHIFT, VK_CONTROL, VK_MENU = 0x10, 0x11, 0x12


class _KeyInput(ctypes.Structure):
    _fields_ = [
        ("vk", wintypes.WORD),
        ("scan", wintypes.WORD),
        ("flags", wintypes.DWORD),
        ("time", wintypes.DWORD),
        ("extra", ctypes.c_size_t),
    ]


class _AnyInput(ctypes.Union):
    # MOUSEINPUT, the largest member of INPUT's union, is 32 bytes on x64.
    _fields_ = [("key", _KeyInput), ("size", ctypes.c_byte * 32)]


class _Input(ctypes.Structure):
    _fields_ = [("type", wintypes.DWORD), ("data", _AnyInput)]


def press(*keys: int) -> int:
    """Holds ``keys`` down in order and lets go in reverse: how many events went in."""
    events = [(key, 0) for key in keys] + [(key, KEYEVENTF_KEYUP) for key in reversed(keys)]
    inputs = (_Input * len(events))()
    for slot, (key, flags) in zip(inputs, events, strict=True):
        slot.type = INPUT_KEYBOARD
        slot.data.key = _KeyInput(key, 0, flags, 0, 0)
    sent: int = user32.SendInput(len(events), inputs, ctypes.sizeof(_Input))
    return sent


def idle() -> Seen:
    """The idle source the app picks, before and after a key press, and a while later."""
    from tray_app.platform.idle import for_this_session

    source = for_this_session()
    seen: Seen = {"source": source.name, "first": source.idle_seconds()}
    seen["sent"] = press(VK_SHIFT)
    seen["after_input"] = source.idle_seconds()
    time.sleep(1.5)
    seen["later"] = source.idle_seconds()
    return seen


# Start at login: the Run key, read with winreg and split as Windows splits a command line.

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "ClockifyTray"


def _run_value() -> list[Any] | None:
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, kind = winreg.QueryValueEx(key, RUN_VALUE)
    except FileNotFoundError:
        return None
    return [value, kind]


def _forget_run_value() -> None:
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.DeleteValue(key, RUN_VALUE)
    except FileNotFoundError:
        pass


def _split_command_line(line: str) -> list[str]:
    shell32 = ctypes.WinDLL("shell32")
    shell32.CommandLineToArgvW.restype = ctypes.POINTER(wintypes.LPWSTR)
    shell32.CommandLineToArgvW.argtypes = [wintypes.LPCWSTR, ctypes.POINTER(ctypes.c_int)]
    count = ctypes.c_int()
    words = shell32.CommandLineToArgvW(line, ctypes.byref(count))
    try:
        return [words[n] for n in range(count.value)]
    finally:
        kernel32.LocalFree(words)


def autostart() -> Seen:
    """The back-end the factory picks turned on, read back, and off again."""
    from tray_app.platform.autostart import launch_command
    from tray_app.platform.autostart.factory import for_this_system

    _forget_run_value()
    backend = for_this_system()
    command = launch_command()
    seen: Seen = {"backend": type(backend).__name__, "command": command}
    seen["before"] = backend.enabled()
    backend.enable(command)
    seen["enabled"] = backend.enabled()
    seen["value"] = value = _run_value()
    seen["split"] = _split_command_line(value[0]) if value else None
    backend.disable()
    seen["disabled"] = backend.enabled()
    seen["value_after"] = _run_value()
    backend.disable()  # nothing left to remove: no error
    return seen


# The key store: the Credential Manager read with CredReadW.

CRED_TYPE_GENERIC, ERROR_NOT_FOUND = 1, 1168


class _Credential(ctypes.Structure):
    _fields_ = [
        ("flags", wintypes.DWORD),
        ("type", wintypes.DWORD),
        ("target", wintypes.LPWSTR),
        ("comment", wintypes.LPWSTR),
        ("written", wintypes.FILETIME),
        ("blob_size", wintypes.DWORD),
        ("blob", ctypes.POINTER(ctypes.c_ubyte)),
        ("persist", wintypes.DWORD),
        ("attribute_count", wintypes.DWORD),
        ("attributes", ctypes.c_void_p),
        ("alias", wintypes.LPWSTR),
        ("user", wintypes.LPWSTR),
    ]


def _advapi32() -> Any:
    return ctypes.WinDLL("advapi32", use_last_error=True)


def _credential(target: str) -> list[str] | None:
    """[user name, secret] of the generic credential ``target``; None if there is none."""
    advapi32 = _advapi32()
    found = ctypes.POINTER(_Credential)()
    if not advapi32.CredReadW(target, CRED_TYPE_GENERIC, 0, ctypes.byref(found)):
        error = ctypes.get_last_error()
        if error == ERROR_NOT_FOUND:
            return None
        raise ctypes.WinError(error)
    try:
        credential = found.contents
        secret = ctypes.string_at(credential.blob, credential.blob_size).decode("utf-16-le")
        return [credential.user, secret]
    finally:
        advapi32.CredFree(found)


def keystore() -> Seen:
    """The app's store (each call a child process, as the tray makes them): set, get, delete."""
    import keyring

    from tray_app.platform.keystore import SERVICE, system
    from tray_app.platform.keystore.factory import for_this_run

    _advapi32().CredDeleteW(SERVICE, CRED_TYPE_GENERIC, 0)  # start with none stored
    key = f"wine-test-{os.urandom(6).hex()}"
    store = for_this_run(separate=True)
    seen: Seen = {"store": type(store).__name__, "key": key, "empty": store.get()}
    store.set(key)
    seen["read_back"] = store.get()
    seen["credential"] = _credential(SERVICE)
    store.delete()
    seen["after_delete"] = store.get()
    seen["credential_after"] = _credential(SERVICE)
    store.delete()  # nothing stored: no error
    system.get_api_key()  # in this process too, to see the back-end it chose
    seen["backend"] = type(keyring.get_keyring()).__name__
    return seen


# Global shortcuts: hotkey messages, posted and typed.

WM_HOTKEY = 0x0312


def _pump(app: Any, done: Callable[[], bool], seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def shortcuts() -> Seen:
    """Registered, triggered by posted WM_HOTKEYs and by typed keys, refused to a second
    taker, and given back by stop()."""
    from PySide6.QtCore import QCoreApplication

    from tray_app.platform.shortcuts.factory import for_this_desktop

    app = QCoreApplication([])
    first = for_this_desktop()
    activated: list[str] = []
    first.activated.connect(activated.append)
    first.start()
    seen: Seen = {"backend": type(first).__name__, "status": first.status}

    thread = kernel32.GetCurrentThreadId()
    for number in (1, 2, 99):  # 99: a hotkey that is not the app's
        user32.PostThreadMessageW(thread, WM_HOTKEY, number, 0)
    _pump(app, lambda: False, seconds=0.5)
    seen["posted"], activated[:] = list(activated), []

    seen["sent"] = press(VK_CONTROL, VK_MENU, ord("S"))
    _pump(app, lambda: bool(activated))
    seen["typed"], activated[:] = list(activated), []

    second = for_this_desktop()
    second.start()
    seen["second_status"] = second.status
    taken = user32.RegisterHotKey(None, 7, 0x4003, ord("C"))  # MOD_NOREPEAT | CTRL | ALT
    seen["direct"] = [bool(taken), ctypes.get_last_error()]
    if taken:
        user32.UnregisterHotKey(None, 7)

    first.stop()
    third = for_this_desktop()
    third.start()
    seen["after_stop"] = third.status
    third.stop()
    return seen


# Sleep, lock and shutdown: the messages Windows sends, sent the way it sends them.

HWND_BROADCAST, SMTO_ABORTIFHUNG, GA_PARENT = 0xFFFF, 0x2, 1


def _send_from_elsewhere(app: Any, window: int, message: int, wparam: int) -> int | None:
    """SendMessageTimeoutW from another thread (as the system's come), the event loop pumped
    meanwhile: the window's answer, None if it gave none in time."""
    user32.SendMessageTimeoutW.argtypes = [
        wintypes.HWND, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM,
        wintypes.UINT, wintypes.UINT, ctypes.POINTER(ctypes.c_size_t),
    ]  # fmt: skip
    answer = ctypes.c_size_t(99)
    sent: list[int] = []

    def send() -> None:
        sent.append(
            user32.SendMessageTimeoutW(
                window, message, wparam, 0, SMTO_ABORTIFHUNG, 3000, ctypes.byref(answer)
            )
        )

    sender = threading.Thread(target=send)
    sender.start()
    _pump(app, lambda: not sender.is_alive())
    sender.join()
    return int(answer.value) if sent and sent[0] else None


def session() -> Seen:
    """The session events the factory picks, started; power messages broadcast to every
    top-level window, lock and end-of-session messages sent to the app's window."""
    from PySide6.QtCore import QCoreApplication

    from tray_app.platform.session_events import windows as events_module
    from tray_app.platform.session_events.factory import for_this_system

    app = QCoreApplication([])
    events = for_this_system()
    heard: list[str] = []
    events.away.connect(heard.append)
    events.back.connect(lambda: heard.append("back"))
    seen: Seen = {"backend": type(events).__name__, "started": events.start()}
    user32.FindWindowW.restype = wintypes.HWND
    window = user32.FindWindowW(events_module.CLASS_NAME, None)
    user32.GetAncestor.restype = wintypes.HWND
    user32.GetAncestor.argtypes = [wintypes.HWND, wintypes.UINT]
    user32.GetDesktopWindow.restype = wintypes.HWND
    seen["top_level"] = bool(window) and user32.GetAncestor(window, GA_PARENT) == (
        user32.GetDesktopWindow()
    )
    seen["visible"] = bool(user32.IsWindowVisible(window))
    m = events_module
    steps = [
        ("suspend", HWND_BROADCAST, m.WM_POWERBROADCAST, m.PBT_APMSUSPEND),
        ("resume", HWND_BROADCAST, m.WM_POWERBROADCAST, m.PBT_APMRESUMEAUTOMATIC),
        ("resume by hand", HWND_BROADCAST, m.WM_POWERBROADCAST, m.PBT_APMRESUMESUSPEND),
        ("lock", window, m.WM_WTSSESSION_CHANGE, m.WTS_SESSION_LOCK),
        ("suspend", HWND_BROADCAST, m.WM_POWERBROADCAST, m.PBT_APMSUSPEND),
        ("resume", HWND_BROADCAST, m.WM_POWERBROADCAST, m.PBT_APMRESUMEAUTOMATIC),
        ("unlock", window, m.WM_WTSSESSION_CHANGE, m.WTS_SESSION_UNLOCK),
        ("may the session end", window, m.WM_QUERYENDSESSION, 0),
        ("it ends", window, m.WM_ENDSESSION, 1),
    ]
    seen["steps"] = []
    for name, target, message, wparam in steps:
        answer = _send_from_elsewhere(app, target, message, wparam)
        _pump(app, lambda: False, seconds=0.05)  # (a queued signal would land here)
        seen["steps"].append([name, answer if target == window else None, list(heard)])
        heard.clear()
    events.stop()
    seen["after_stop"] = bool(user32.IsWindow(window))
    return seen


# Network information: Wine's network list manager, which never answers Qt's back-end.


def network() -> Seen:
    """NetworkWatch loads the back-end (its plugin from the harness's folder aside) while the
    event loop runs Python slots; the loading thread is still waiting when it is asked.

    The waiting thread keeps the process from ending under Wine (even TerminateProcess on
    itself waits): the test kills it once it has the answer."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from tray_app.platform.network import NetworkWatch

    app = QCoreApplication([])
    QCoreApplication.addLibraryPath(os.environ["CLOCKIFY_WINE_ASIDE"])
    watch = NetworkWatch()
    loaded: list[bool] = []
    watch.backend_loaded.connect(lambda: loaded.append(True))
    ticks: list[float] = []
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))  # a Python slot: the GIL
    timer.start()
    started = time.monotonic()
    seen: Seen = {"source": watch.start(), "start_took": time.monotonic() - started}
    _pump(app, lambda: False, seconds=2.0)
    seen["ticks"] = len(ticks)
    seen["loading"] = any(t.name == "network-information" for t in threading.enumerate())
    seen["loaded"] = loaded
    return seen


PROBES: dict[str, Callable[[], Seen]] = {
    "idle": idle,
    "autostart": autostart,
    "keystore": keystore,
    "shortcuts": shortcuts,
    "network": network,
    "session": session,
}

if __name__ == "__main__":
    print(json.dumps(PROBES[sys.argv[1]]()), flush=True)
