"""Where the app keeps its files: the user's data folder (override with KEFU_DATA_DIR)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "KEFU_DATA_DIR"
DB_URL_ENV = "KEFU_DB_URL"


def data_dir() -> Path:
    """The per-user data folder: %LOCALAPPDATA%\\kefu-desktop on Windows, XDG elsewhere."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "kefu-desktop"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "kefu-desktop"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kefu-desktop"


def default_db_path() -> Path:
    """The embedded SQLite database file inside the data folder."""
    return data_dir() / "kefu.db"


def log_dir() -> Path:
    """Where the app writes its log files."""
    return data_dir() / "logs"


def default_archive_root() -> Path:
    """The evidence archive root when none is configured."""
    return data_dir() / "archive"


def pending_photos_dir() -> Path:
    """Photos that wait on this desk for the archive to be reachable again."""
    return data_dir() / "pending-photos"


def resources_dir() -> Path:
    """The resources folder: beside the package in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
