"""Logging to a rotating file in the user log directory, with secrets and personal data redacted."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from tray_app import APP_ID

LOG_FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(secret: str) -> None:
    """Never let ``secret`` (an API key) reach a log line, whatever code logs it."""
    if len(secret) >= 4:
        with _secrets_lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, "[redacted key]")
    return _EMAIL.sub("[redacted email]", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's final text with keys and email addresses removed."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def log_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_ID)) / f"{APP_ID}.log"


def setup_logging(level: str = "WARNING") -> None:
    """Log to stderr at ``level``, redacted; ``attach_log_file`` adds the file later."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if level == "DEBUG" else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(level)
    console.setFormatter(logging.Formatter(LOG_FORMAT))
    console.addFilter(RedactingFilter())
    root.addHandler(console)


def attach_log_file(path: Path | None = None) -> Path:
    """Also log INFO and up (DEBUG if asked) to ``path``: rotating, 1 MB × 3, redacted."""
    from logging.handlers import RotatingFileHandler  # not needed before the tray shows

    target = path or log_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    handler = RotatingFileHandler(target, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setLevel(root.level)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    return target
