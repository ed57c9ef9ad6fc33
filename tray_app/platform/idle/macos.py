"""Idle time on macOS: the HID system's ``HIDIdleTime`` (nanoseconds), read through IOKit."""

from __future__ import annotations

import ctypes
import ctypes.util


class MacIdle:
    name = "macOS HIDIdleTime"

    def __init__(self) -> None:
        iokit = ctypes.util.find_library("IOKit")
        foundation = ctypes.util.find_library("CoreFoundation")
        if not iokit or not foundation:
            raise OSError("IOKit or CoreFoundation is missing")
        self._io = ctypes.CDLL(iokit)
        self._cf = ctypes.CDLL(foundation)
        self._io.IOServiceMatching.restype = ctypes.c_void_p
        self._io.IOServiceMatching.argtypes = [ctypes.c_char_p]
        self._io.IOServiceGetMatchingService.restype = ctypes.c_uint
        self._io.IOServiceGetMatchingService.argtypes = [ctypes.c_uint, ctypes.c_void_p]
        self._io.IORegistryEntryCreateCFProperty.restype = ctypes.c_void_p
        self._io.IORegistryEntryCreateCFProperty.argtypes = [
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_uint,
        ]
        self._cf.CFStringCreateWithCString.restype = ctypes.c_void_p
        self._cf.CFStringCreateWithCString.argtypes = [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        self._cf.CFNumberGetValue.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
        self._cf.CFRelease.argtypes = [ctypes.c_void_p]
        self._key = self._cf.CFStringCreateWithCString(None, b"HIDIdleTime", 0x08000100)

    def idle_seconds(self) -> float | None:
        service = self._io.IOServiceGetMatchingService(
            0, self._io.IOServiceMatching(b"IOHIDSystem")
        )
        if not service:
            return None
        number = self._io.IORegistryEntryCreateCFProperty(service, self._key, None, 0)
        self._io.IOObjectRelease(service)
        if not number:
            return None
        nanoseconds = ctypes.c_int64()
        ok = self._cf.CFNumberGetValue(number, 4, ctypes.byref(nanoseconds))  # kCFNumberSInt64Type
        self._cf.CFRelease(number)
        return nanoseconds.value / 1e9 if ok else None
