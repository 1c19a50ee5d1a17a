"""Per-area loggers writing to a rotating file in the data folder."""

from __future__ import annotations

import logging
import logging.handlers

from kefu_desktop.paths import log_dir


def setup_logging(level: int = logging.INFO) -> None:
    """Send the 'kefu.*' loggers to logs/kefu-desktop.log (never fails the app)."""
    root = logging.getLogger("kefu")
    if root.handlers:
        return
    root.setLevel(level)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "kefu-desktop.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
