"""The one database proxy and `connect(url)` for SQLite (default) or PostgreSQL."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import peewee

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.paths import DB_URL_ENV, default_db_path

log = logging.getLogger("kefu.store")

database = peewee.DatabaseProxy()
"""Every model is bound to this proxy; `connect()` points it at a real database."""

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -64_000,
    "temp_store": "memory",
}


class DatabaseUnavailable(KefuError):
    """The database cannot be opened or used (unreachable, wrong URL, read-only, locked)."""


class SchemaTooNew(KefuError):
    """The database was written by a newer version of the app."""


def resolve_url(url: str | None) -> str:
    """The URL to use: the one given, else KEFU_DB_URL, else the default SQLite file."""
    url = url or os.environ.get(DB_URL_ENV) or ""
    if not url:
        return f"sqlite:///{default_db_path()}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite:/// URL, None for other databases."""
    if not url.startswith("sqlite:"):
        return None
    path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else url[len("sqlite:") :]
    return Path(unquote(path))


def describe_database(url: str) -> str:
    """A short human description of the database, without any password."""
    path = sqlite_path(url)
    if path is not None:
        return f"SQLite {path}"
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return (
        f"PostgreSQL {parts.username or ''}{'@' if parts.username else ''}{host}{port}{parts.path}"
    )


def is_postgresql() -> bool:
    """Whether the proxy currently points at PostgreSQL."""
    return isinstance(database.obj, peewee.PostgresqlDatabase)


def _open_sqlite(path: Path) -> peewee.SqliteDatabase:
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseUnavailable(
            f"数据库文件是只读的：{path}\n请检查文件属性或权限（取消“只读”），或用 --db 指定其他数据库。"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"无法创建数据文件夹：{path.parent}（{exc.strerror or exc}）。请检查路径和权限。"
        ) from exc
    if not os.access(path.parent, os.W_OK):
        raise DatabaseUnavailable(
            f"数据文件夹不可写：{path.parent}\n请检查权限，或设置 KEFU_DATA_DIR 到可写的文件夹。"
        )
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise DatabaseUnavailable(
                    f"文件不是 SQLite 数据库：{path}\n请确认路径是否正确；原文件未被改动。"
                )
    return peewee.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def _open_postgresql(url: str) -> peewee.PostgresqlDatabase:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise DatabaseUnavailable(
            f"PostgreSQL 地址缺少数据库名：{describe_database(url)}\n"
            "格式：postgresql://用户名:密码@服务器:5432/数据库名"
        )
    try:
        import psycopg2  # noqa: F401
    except ImportError as exc:
        raise DatabaseUnavailable(
            "未安装 PostgreSQL 驱动 psycopg2。请运行：pip install 'kefu-desktop[postgresql]'"
        ) from exc
    kwargs: dict[str, object] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "connect_timeout": 5,
        "application_name": "kefu-desktop",
    }
    if parts.username:
        kwargs["user"] = unquote(parts.username)
    if parts.password:
        kwargs["password"] = unquote(parts.password)
    return peewee.PostgresqlDatabase(unquote(name), **kwargs)


def open_database(url: str | None = None) -> peewee.Database:
    """Open (but do not migrate) the database behind `url`; raise `DatabaseUnavailable`."""
    url = resolve_url(url)
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = sqlite_path(url)
        assert path is not None
        db: peewee.Database = _open_sqlite(path)
    elif scheme in ("postgresql", "postgres"):
        db = _open_postgresql(url)
    else:
        raise DatabaseUnavailable(
            f"不支持的数据库地址：{url}\n"
            "请使用 SQLite 文件路径，或 postgresql://用户名:密码@服务器:5432/数据库名"
        )
    try:
        db.connect(reuse_if_open=True)
        if isinstance(db, peewee.SqliteDatabase):
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.OperationalError, peewee.DatabaseError, sqlite3.Error) as exc:
        db.close()
        raise DatabaseUnavailable(_explain(url, exc)) from exc
    return db


def connect(url: str | None = None, migrate: bool = True) -> str:
    """Point the proxy at the database behind `url`, migrating it; return the URL used."""
    from kefu_desktop.store.migrations import migrate as run_migrations

    resolved = resolve_url(url)
    db = open_database(resolved)
    database.initialize(db)
    if migrate:
        try:
            run_migrations(db, sqlite_path(resolved))
        except (peewee.OperationalError, sqlite3.OperationalError) as exc:
            raise DatabaseUnavailable(_explain(resolved, exc)) from exc
    log.info("connected to %s", describe_database(resolved))
    return resolved


def write_transaction() -> Any:
    """A transaction that writes: on SQLite it takes the write lock at once (BEGIN IMMEDIATE).

    A desk then waits (busy timeout) for another desk's save to finish and reads what it saved,
    instead of reading first and failing with "database is locked" when it tries to write.
    Nested in another transaction it is a savepoint, as `atomic()` is.
    """
    if isinstance(database.obj, peewee.SqliteDatabase):
        return database.atomic("IMMEDIATE")
    return database.atomic()


def is_busy(error: Exception) -> bool:
    """Whether `error` says another connection holds the database (SQLite "database is locked")."""
    text = str(error).lower()
    return "locked" in text or "busy" in text


def close() -> None:
    """Close the current connection, if any."""
    if database.obj is not None and not database.is_closed():
        database.close()


def _explain(url: str, exc: Exception) -> str:
    text = str(exc).strip()
    where = describe_database(url)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"数据库正被其他程序锁定：{where}\n请关闭其他正在使用它的程序后重试。"
    if "readonly" in lowered or "read-only" in lowered:
        return f"数据库是只读的：{where}\n请检查文件权限后重试。"
    if "not a database" in lowered or "malformed" in lowered:
        return f"数据库文件已损坏或不是数据库：{where}\n原文件未被改动，请用备份恢复或联系管理员。"
    if "password" in lowered or "authentication" in lowered:
        return f"无法登录数据库服务器：{where}\n用户名或密码不对，请检查数据库地址。"
    if "does not exist" in lowered:
        return f"数据库不存在：{where}\n请先在服务器上创建它（见 README 的“办公室共享数据库”）。"
    if "could not connect" in lowered or "connection refused" in lowered or "timeout" in lowered:
        return (
            f"连不上数据库服务器：{where}\n请检查服务器是否开机、地址和端口是否正确、网络是否通畅。"
        )
    if "unable to open" in lowered:
        return f"无法打开数据库文件：{where}\n请检查路径和权限。"
    first_line = text.splitlines()[0] if text else type(exc).__name__
    return f"无法使用数据库：{where}\n{first_line}"
