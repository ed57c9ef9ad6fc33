"""What every part of the command line shares: its exit codes, the environment it reads, the
error for a command given wrong, and an argument parser that starts fast."""

from __future__ import annotations

import argparse
import os
from typing import Any

EXIT_API_ERROR = 1
EXIT_USAGE = 2
ENV_API_KEY = "CLOCKIFY_API_KEY"
ENV_API_URL = "CLOCKIFY_API_URL"


class UsageError(Exception):
    """The command cannot run as given; the message says what to change."""


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter without its ``import shutil`` (6 ms before the tray shows)."""

    def __init__(self, prog: str) -> None:
        try:
            width = os.get_terminal_size().columns
        except OSError:
            width = 100
        super().__init__(prog, width=max(width - 2, 40))


class Parser(argparse.ArgumentParser):
    """An ArgumentParser using ``_Formatter`` unless told otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
