"""Per-area loggers writing to a log file in the data folder, rotated at start-up, and the
crash report a fatal error leaves beside it."""

from __future__ import annotations

import faulthandler
import logging
import time
from pathlib import Path
from typing import TextIO

from kefu_desktop.paths import log_dir

LOG_NAME = "kefu-desktop.log"
REDACTED = "******"
_secrets: set[str] = set()
MAX_BYTES = 2_000_000
KEEP = 5


def rotate(path: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> None:
    """Move a log that grew past `max_bytes` to .1 (and .1 to .2 …), keeping `keep` old ones.

    Done once at start rather than by logging.handlers, which is slow to import.
    """
    if not path.exists() or path.stat().st_size < max_bytes:
        return
    path.with_name(f"{path.name}.{keep}").unlink(missing_ok=True)
    for number in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{number + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


def add_secret(secret: str) -> None:
    """Never let `secret` (e.g. the database password) reach the log file."""
    if secret:
        _secrets.add(secret)


def redact(text: str) -> str:
    """`text` with every registered secret replaced by asterisks."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


class _RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _secrets:
            record.msg, record.args = redact(record.getMessage()), ()
            if record.exc_info:
                record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def setup_logging(level: int = logging.INFO) -> None:
    """Send the 'kefu.*' loggers to logs/kefu-desktop.log (never fails the app)."""
    root = logging.getLogger("kefu")
    if root.handlers:
        return
    root.setLevel(level)
    # A log write that fails (the disk is full) must not print a traceback to the terminal.
    logging.raiseExceptions = False
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        rotate(folder / LOG_NAME)
        handler: logging.Handler = logging.FileHandler(folder / LOG_NAME, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_RedactSecrets())
    root.addHandler(handler)


CRASH_NAME = "crash.txt"
"""Written by `faulthandler` when the process dies of a fatal error; empty after a normal run."""

_crash_file: TextIO | None = None


def take_previous_crash_report(folder: Path | None = None) -> Path | None:
    """The report left by a run that ended in a fatal error, moved aside to crash-<time>.txt.

    None when the last run ended normally (its crash file is missing or empty).
    """
    folder = folder or log_dir()
    current = folder / CRASH_NAME
    try:
        if not current.exists() or current.stat().st_size == 0:
            return None
        kept = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        current.replace(kept)
    except OSError:
        return None
    return kept


def enable_crash_report(folder: Path | None = None) -> Path | None:
    """Make a fatal error (a crash in Qt or Python itself) write its traceback to logs/crash.txt.

    Returns the previous run's report when that run crashed (see `take_previous_crash_report`).
    """
    global _crash_file
    folder = folder or log_dir()
    previous = take_previous_crash_report(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / CRASH_NAME).open("w", encoding="utf-8")
    except OSError:
        return previous
    faulthandler.enable(handle, all_threads=True)
    if _crash_file is not None:
        _crash_file.close()
    _crash_file = handle
    return previous
