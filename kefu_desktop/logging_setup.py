"""Per-area loggers writing to a log file in the data folder, rotated at start-up."""

from __future__ import annotations

import logging
from pathlib import Path

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
