"""Backing up and restoring the office database, and the automatic daily SQLite backup."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import peewee

from kefu_desktop.domain.audit import AuditEvent
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Permission
from kefu_desktop.services import audit, auth
from kefu_desktop.store import backup as store_backup
from kefu_desktop.store.backup import BackupError, BackupInfo
from kefu_desktop.store.db import connect, database, describe_database, resolve_url, sqlite_path
from kefu_desktop.store.migrations import CURRENT_VERSION

log = logging.getLogger("kefu.backup")

DAILY_KEEP = 7
DAILY_FOLDER = "backups"


@dataclass(frozen=True)
class RestoreReport:
    restored: BackupInfo
    previous_copy: Path
    """Where the database as it was before the restore was kept."""


def backup_database(url: str, out: Path, actor: auth.User | None = None) -> Path:
    """Write a consistent backup of the database behind `url` to `out` (safe while desks work).

    From the app only an administrator may; the command line needs access to the database.
    """
    if actor is not None:
        auth.require(actor, Permission.MANAGE_STAFF)
    url = resolve_url(url)
    out = out.expanduser()
    if out.is_dir():
        raise BackupError(f"{out} 是一个文件夹，请给出备份文件名，例如 {out / 'kefu-备份.db'}")
    path = sqlite_path(url)
    try:
        if path is not None:
            if not path.exists():
                raise BackupError(f"数据库文件不存在：{path}，没有可备份的内容。")
            store_backup.sqlite_copy(path, out)
        else:
            store_backup.pg_dump(url, out)
    except OSError as exc:
        raise BackupError(f"无法写入备份文件 {out}：{exc.strerror or exc}。请换一个位置。") from exc
    except sqlite3.Error as exc:
        raise BackupError(f"备份失败：{exc}。请检查磁盘空间后重试。") from exc
    audit.record(
        AuditEvent.BACKUP,
        actor.id if actor else None,
        actor.login if actor else "",
        f"{describe_database(url)} → {out}",
    )
    log.info("backed up %s to %s", describe_database(url), out)
    return out


def current_url() -> str:
    """The URL of the database the app is connected to (with its password, for pg_dump)."""
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase):
        return f"sqlite:///{db.database}"
    params = dict(db.connect_params)
    user = quote(str(params.get("user", "")), safe="")
    password = quote(str(params.get("password", "")), safe="")
    login = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = params.get("host", "localhost")
    return f"postgresql://{login}{host}:{params.get('port', 5432)}/{quote(db.database)}"


def suggested_backup_name(url: str, now: datetime | None = None) -> str:
    """A file name for a backup made now: kefu-备份-20261129-1432.db (.dump for PostgreSQL)."""
    suffix = ".db" if sqlite_path(url) is not None else ".dump"
    return f"kefu-备份-{(now or datetime.now()):%Y%m%d-%H%M}{suffix}"


def inspect_backup(file: Path) -> BackupInfo:
    """What `file` holds; `BackupError` when it is not a backup this app can restore."""
    if not file.is_file():
        raise BackupError(f"找不到备份文件：{file}")
    kind = store_backup.file_kind(file)
    if kind == "sqlite":
        info = store_backup.inspect_sqlite_backup(file)
    elif kind == "postgresql":
        info = store_backup.inspect_pg_backup(file)
    else:
        raise store_backup.not_a_backup(file)
    if info.schema_version > CURRENT_VERSION:
        raise BackupError(
            f"这个备份来自更新版本的售后工作台（数据库版本 {info.schema_version}，本程序支持到 "
            f"{CURRENT_VERSION}）。请先升级本程序再恢复；当前数据库未被改动。"
        )
    return info


def restore_database(url: str, file: Path) -> RestoreReport:
    """Replace the database behind `url` with the backup `file`, then migrate it.

    Refuses a file that is not a backup, or one from a newer schema, before touching anything;
    the current database is first copied aside (its path is in the report).
    """
    url = resolve_url(url)
    info = inspect_backup(file.expanduser())
    path = sqlite_path(url)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if (path is None) != (info.database == "postgresql"):
        where = "PostgreSQL" if path is None else "SQLite"
        raise BackupError(
            f"备份是 {'PostgreSQL' if info.database == 'postgresql' else 'SQLite'} 数据库的，"
            f"不能恢复到 {where} 数据库。当前数据库未被改动。"
        )
    if path is not None:
        previous = path.with_name(f"{path.name}.before-restore-{stamp}.bak")
        if path.exists():
            store_backup.sqlite_copy(path, previous)
        store_backup.sqlite_restore(info.path, path)
    else:
        from kefu_desktop.paths import data_dir

        previous = data_dir() / DAILY_FOLDER / f"before-restore-{stamp}.dump"
        store_backup.pg_dump(url, previous)
        store_backup.pg_restore(url, info.path)
    connect(url)  # migrates what was restored to this version of the app
    audit.record(
        AuditEvent.RESTORE, detail=f"{info.path} → {describe_database(url)}；原库保存在 {previous}"
    )
    log.info(
        "restored %s from %s (previous kept at %s)", describe_database(url), info.path, previous
    )
    return RestoreReport(info, previous)


def daily_backup(url: str, today: date | None = None, keep: int = DAILY_KEEP) -> Path | None:
    """Once a day, copy a SQLite database to `backups/` beside it, keeping the newest `keep`.

    Nothing for PostgreSQL (the server is backed up on the server). Returns the new backup, or
    None when there was nothing to do. Never raises: a failed backup is logged, the app goes on.
    """
    path = sqlite_path(resolve_url(url))
    if path is None or not path.exists():
        return None
    today = today or date.today()
    folder = path.parent / DAILY_FOLDER
    target = folder / f"{path.stem}-{today:%Y-%m-%d}.db"
    if target.exists():
        return None
    try:
        store_backup.sqlite_copy(path, target)
        for old in sorted(folder.glob(f"{path.stem}-????-??-??.db"))[:-keep]:
            old.unlink()
    except (OSError, sqlite3.Error, KefuError) as exc:
        log.warning("daily backup of %s failed: %s", path, exc)
        return None
    log.info("daily backup written to %s", target)
    return target
