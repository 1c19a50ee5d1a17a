"""Where the app keeps its files: the user's data folder (override with KEFU_DATA_DIR).

A desk may choose another data folder and database in 文件 → 设置; the choice is kept in
`desk.json` in the default data folder and taken once, at start-up (`use_desk_choice`), so a
change takes effect at the next start. --data-dir / KEFU_DATA_DIR and --db / KEFU_DB_URL win.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "KEFU_DATA_DIR"
DB_URL_ENV = "KEFU_DB_URL"
DESK_FILE_NAME = "desk.json"


@dataclass(frozen=True)
class DeskChoice:
    """This desk's choice of data folder and database ('' = the default for each)."""

    data_dir: str = ""
    db_url: str = ""


_started_with = DeskChoice()
"""The choice taken at this run's start (see `use_desk_choice`)."""


def desk_file() -> Path:
    """Where the desk's choice is kept: always in the default data folder, whatever it says."""
    return default_data_dir() / DESK_FILE_NAME


def read_desk_choice(path: Path | None = None) -> DeskChoice:
    """The choice stored in `desk.json`; the defaults when it is missing or unusable."""
    try:
        raw = json.loads((path or desk_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DeskChoice()
    if not isinstance(raw, dict):
        return DeskChoice()
    folder, url = raw.get("data_dir", ""), raw.get("db_url", "")
    return DeskChoice(
        data_dir=folder.strip() if isinstance(folder, str) else "",
        db_url=url.strip() if isinstance(url, str) else "",
    )


def use_desk_choice() -> DeskChoice:
    """At start-up, before anything uses the data folder: take the desk's stored choice for
    this run (a change saved later waits for the next start)."""
    global _started_with
    _started_with = read_desk_choice()
    return _started_with


def started_with() -> DeskChoice:
    """The desk's choice this run started with."""
    return _started_with


def desk_db_url() -> str:
    """The database this desk chose at start-up ('' = the embedded SQLite database)."""
    return _started_with.db_url


def data_dir() -> Path:
    """The data folder: --data-dir / KEFU_DATA_DIR, else the folder chosen in 文件 → 设置 (as
    read at start-up), else the per-user default."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if _started_with.data_dir:
        return Path(_started_with.data_dir).expanduser()
    return default_data_dir()


def default_data_dir() -> Path:
    """The per-user default: %LOCALAPPDATA%\\kefu-desktop on Windows, XDG elsewhere."""
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
