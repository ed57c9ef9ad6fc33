"""Idle time on X11: the XScreenSaver extension's time since the last input (libXss)."""

from __future__ import annotations

import ctypes
import ctypes.util


class _Info(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class X11Idle:
    """Reads ``XScreenSaverQueryInfo`` on its own connection to the X server.

    Raises:
        OSError: libX11 or libXss is missing, or the display cannot be opened.
    """

    name = "X11 XScreenSaver"

    def __init__(self, display: str | None = None) -> None:
        self._x11 = _library("libX11.so.6", "X11")
        self._xss = _library("libXss.so.1", "Xss")
        self._x11.XOpenDisplay.restype = ctypes.c_void_p
        self._x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_Info)
        self._xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_Info),
        ]
        self._xss.XScreenSaverQueryExtension.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_int),
        ]
        self._display = self._x11.XOpenDisplay(display.encode() if display else None)
        if not self._display:
            raise OSError("the X display cannot be opened")
        event, error = ctypes.c_int(), ctypes.c_int()
        if not self._xss.XScreenSaverQueryExtension(
            self._display, ctypes.byref(event), ctypes.byref(error)
        ):
            self.close()
            raise OSError("the X server has no MIT-SCREEN-SAVER extension")
        self._root = self._x11.XDefaultRootWindow(self._display)
        self._info = self._xss.XScreenSaverAllocInfo()

    def idle_seconds(self) -> float | None:
        if not self._display:
            return None
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            return None
        return float(self._info.contents.idle) / 1000

    def close(self) -> None:
        if self._display:
            self._x11.XCloseDisplay(self._display)
            self._display = None


def _library(soname: str, name: str) -> ctypes.CDLL:
    """Loads by its usual file name first: find_library would run ldconfig (10 ms and more)."""
    try:
        return ctypes.CDLL(soname)
    except OSError:
        found = ctypes.util.find_library(name)
        if not found:
            raise OSError("libX11 or libXss (package libxss1) is not installed") from None
        return ctypes.CDLL(found)
