"""Sleep, shutdown and lock on Windows, from a hidden top-level window of the app's own.

Windows tells every top-level window about sleep and resume (WM_POWERBROADCAST) and the end
of the session (WM_QUERYENDSESSION, then WM_ENDSESSION); a message-only window hears none of
these broadcasts. Lock and unlock (WM_WTSSESSION_CHANGE) come to the windows registered with
WTSRegisterSessionNotification. The window belongs to the thread that starts this object: on
Windows every Qt event loop pumps its thread's messages, so the window procedure runs there.
"""

from __future__ import annotations

import ctypes
import logging
from ctypes import wintypes
from typing import Any

from tray_app.platform.session_events import SessionEvents

logger = logging.getLogger(__name__)

WM_QUERYENDSESSION, WM_ENDSESSION = 0x0011, 0x0016
WM_POWERBROADCAST, WM_WTSSESSION_CHANGE = 0x0218, 0x02B1
PBT_APMSUSPEND, PBT_APMRESUMESUSPEND, PBT_APMRESUMEAUTOMATIC = 0x4, 0x7, 0x12
WTS_SESSION_LOCK, WTS_SESSION_UNLOCK = 0x7, 0x8
NOTIFY_FOR_THIS_SESSION = 0
ERROR_CLASS_ALREADY_EXISTS = 1410
CLASS_NAME = "ClockifyTraySessionEvents"

LRESULT = ctypes.c_ssize_t
WNDPROC = ctypes.WINFUNCTYPE(  # type: ignore[attr-defined,unused-ignore]
    LRESULT, wintypes.HWND, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM
)


class _WindowClass(ctypes.Structure):  # WNDCLASSW
    _fields_ = [
        ("style", wintypes.UINT),
        ("wndproc", WNDPROC),
        ("class_extra", ctypes.c_int),
        ("window_extra", ctypes.c_int),
        ("instance", wintypes.HINSTANCE),
        ("icon", wintypes.HICON),
        ("cursor", wintypes.HANDLE),
        ("background", wintypes.HBRUSH),
        ("menu_name", wintypes.LPCWSTR),
        ("class_name", wintypes.LPCWSTR),
    ]


def _user32() -> Any:
    user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    user32.DefWindowProcW.restype = LRESULT
    user32.DefWindowProcW.argtypes = [
        wintypes.HWND, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM
    ]  # fmt: skip
    user32.CreateWindowExW.restype = wintypes.HWND
    user32.CreateWindowExW.argtypes = [
        wintypes.DWORD, wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.DWORD,
        ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        wintypes.HWND, wintypes.HMENU, wintypes.HINSTANCE, wintypes.LPVOID,
    ]  # fmt: skip
    user32.RegisterClassW.argtypes = [ctypes.POINTER(_WindowClass)]
    user32.DestroyWindow.argtypes = [wintypes.HWND]
    return user32


# One window class for the process; its procedure finds the object by the window's handle.
_LISTENERS: dict[int, WindowsSessionEvents] = {}


def _window_procedure(window: int, message: int, wparam: int, lparam: int) -> int:
    listener = _LISTENERS.get(window or 0)
    if listener is not None:
        answer = listener.on_message(message, wparam)
        if answer is not None:
            return answer
    result: int = _user32().DefWindowProcW(window, message, wparam, lparam)
    return result


_PROCEDURE = WNDPROC(_window_procedure)  # kept for the life of the process


class WindowsSessionEvents(SessionEvents):
    """Turns the hidden window's messages into ``away`` and ``back``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.window = 0

    def start(self) -> list[str]:
        if self.window:
            return ["Windows power and session messages"]
        user32 = _user32()
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        kernel32.GetModuleHandleW.restype = wintypes.HMODULE
        instance = kernel32.GetModuleHandleW(None)
        window_class = _WindowClass(wndproc=_PROCEDURE, instance=instance, class_name=CLASS_NAME)
        if not user32.RegisterClassW(ctypes.byref(window_class)):
            error = ctypes.get_last_error()  # type: ignore[attr-defined,unused-ignore]
            if error != ERROR_CLASS_ALREADY_EXISTS:
                logger.warning("no session messages: RegisterClassW failed (%d)", error)
                return []
        # Top-level (no parent) and never shown: WS_OVERLAPPED without WS_VISIBLE.
        window = user32.CreateWindowExW(
            0, CLASS_NAME, "Clockify Tray session events", 0, 0, 0, 0, 0,
            None, None, instance, None,
        )  # fmt: skip
        if not window:
            error = ctypes.get_last_error()  # type: ignore[attr-defined,unused-ignore]
            logger.warning("no session messages: CreateWindowExW failed (%d)", error)
            return []
        self.window = int(window)
        _LISTENERS[self.window] = self
        heard = ["Windows sleep and shutdown"]
        wtsapi32 = ctypes.WinDLL("wtsapi32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        wtsapi32.WTSRegisterSessionNotification.argtypes = [wintypes.HWND, wintypes.DWORD]
        if wtsapi32.WTSRegisterSessionNotification(self.window, NOTIFY_FOR_THIS_SESSION):
            heard.append("Windows session lock")
        logger.info("sleep and lock from: %s", ", ".join(heard))
        return heard

    def stop(self) -> None:
        if not self.window:
            return
        wtsapi32 = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined,unused-ignore]
        wtsapi32.WTSUnRegisterSessionNotification.argtypes = [wintypes.HWND]
        wtsapi32.WTSUnRegisterSessionNotification(self.window)
        _user32().DestroyWindow(self.window)
        _LISTENERS.pop(self.window, None)
        self.window = 0

    def on_message(self, message: int, wparam: int) -> int | None:
        """The window's answer to ``message``; None leaves it to DefWindowProc."""
        if message == WM_POWERBROADCAST:
            if wparam == PBT_APMSUSPEND:
                self._leave("sleep")
            elif wparam in (PBT_APMRESUMEAUTOMATIC, PBT_APMRESUMESUSPEND):
                self._return("sleep")  # (both come after a resume by hand: one counts)
            return 1
        if message == WM_WTSSESSION_CHANGE:
            if wparam == WTS_SESSION_LOCK:
                self._leave("lock")
            elif wparam == WTS_SESSION_UNLOCK:
                self._return("lock")
            return 0
        if message == WM_QUERYENDSESSION:
            return 1  # nothing to save first: the session may end
        if message == WM_ENDSESSION:
            if wparam:  # it does end; the process may be gone once this returns
                self._leave("shutdown")
            return 0
        return None
