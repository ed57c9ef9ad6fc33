"""Makes PySide6's import hook cheap: imported by the app right after PySide6.

Since PySide6 6.4 (PYSIDE-2029) every module imported after PySide6 is read with
``inspect.getsource`` to see whether its source mentions "PySide6" (to decide whether the
module may use ``from __feature__ import …``). That reads each file through ``linecache``,
which keeps the lines for good: here ~8 MB of Python strings that a tray never needs, and
import time with it. The same question is answered here by reading the file once, plainly;
modules without a ``.py`` file still get PySide6's own answer. Where a PySide6 has no such
hook, nothing changes.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import PySide6.QtCore  # noqa: F401  (it installs the hook this module lightens)


def _lighten() -> None:
    feature: Any = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "plain_read", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    uses_pyside.plain_read = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside


_lighten()
