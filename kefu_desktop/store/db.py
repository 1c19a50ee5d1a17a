"""The one database proxy and `connect(url)` for SQLite (default) or PostgreSQL."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import peewee

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.logging_setup import add_secret, redact
from kefu_desktop.paths import DB_URL_ENV, default_db_path, desk_db_url
from kefu_desktop.store.faults import DatabaseUnavailable, describe_os_error, storage_fault
from kefu_desktop.store.guarded import GuardedPostgresqlDatabase, GuardedSqliteDatabase, health
from kefu_desktop.store.integrity import (
    refuse_if_vanished,
    remember_database,
    verify_database_file,
)

log = logging.getLogger("kefu.store")

database = peewee.DatabaseProxy()
"""Every model is bound to this proxy; `connect()` points it at a real database."""

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # A commit the desk confirmed must survive a power cut or a disk error: with "normal",
    # WAL mode may lose the last transactions when the disk fails before a checkpoint.
    "synchronous": "full",
    "cache_size": -64_000,
    "temp_store": "memory",
}


# TCP keepalives: a connection silently dropped by a router or firewall is noticed within
# about 20 seconds instead of the system's default two hours.
POSTGRESQL_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,
}


class SchemaTooNew(KefuError):
    """The database was written by a newer version of the app."""


class DatabaseBusy(KefuError):
    """Another desk held the SQLite write lock for longer than the busy timeout."""


DATABASE_BUSY_MESSAGE = (
    "数据库正忙：其他同事或程序正在保存，等了 {seconds} 秒仍未轮到。\n"
    "请稍等片刻再点一次保存；你填写的内容还在，没有丢失。"
)


@contextmanager
def _busy_as_typed(timeout_ms: int) -> Iterator[None]:
    try:
        yield
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        lowered = str(exc).lower()
        if "database is locked" in lowered or "database is busy" in lowered:
            raise DatabaseBusy(DATABASE_BUSY_MESSAGE.format(seconds=timeout_ms // 1000)) from exc
        raise


class SharedSqliteDatabase(GuardedSqliteDatabase):
    """SQLite for several processes at once, guarded against disk faults and vanished files.

    Every transaction begins IMMEDIATE: it takes the write lock up front, so a busy file is
    waited for through the busy timeout instead of failing later when a read would turn into
    a write. A wait that runs out raises `DatabaseBusy` (a message for the user), never a raw
    "database is locked".
    """

    def __init__(self, path: Path, **kwargs: Any) -> None:
        kwargs.setdefault("lock_type", "IMMEDIATE")
        super().__init__(path, **kwargs)

    def _busy_timeout_ms(self) -> int:
        return int(dict(self._pragmas).get("busy_timeout", 5000))

    def begin(self, lock_type: str | None = None) -> None:
        with _busy_as_typed(self._busy_timeout_ms()):
            super().begin(lock_type)

    def commit(self) -> None:
        with _busy_as_typed(self._busy_timeout_ms()):
            super().commit()

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        with _busy_as_typed(self._busy_timeout_ms()):
            return super().execute_sql(sql, params)


def resolve_url(url: str | None) -> str:
    """The URL to use: the one given, else KEFU_DB_URL, else the desk's choice (文件 → 设置),
    else the SQLite file in the data folder."""
    url = url or os.environ.get(DB_URL_ENV) or desk_db_url()
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


def read_only_uri(path: Path | str) -> str:
    """A SQLite URI opening `path` read-only (any characters in the path, any platform)."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


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


_checked_ahead: dict[Path, tuple[threading.Thread, threading.Event, list[BaseException | None]]]
_checked_ahead = {}
"""Checks of SQLite files started by `check_file_ahead`, ended and read by the next open."""


def check_file_ahead(url: str | None = None) -> None:
    """Start checking the SQLite file behind `url` on a thread of its own (nothing for
    PostgreSQL), so the check runs while the program loads its windows. The next `connect`
    to that file takes its outcome instead of checking again: the quick check of the file's
    pages ends there if it is still reading (it reads for at most `QUICK_CHECK_SECONDS`)."""
    path = sqlite_path(resolve_url(url))
    if path is None or path in _checked_ahead:
        return
    stop = threading.Event()
    outcome: list[BaseException | None] = []

    def check() -> None:
        _in_the_background()
        try:
            _check_sqlite_file(path, stop)
        except BaseException as exc:  # handed to the thread that opens the database
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=check, name="database-file-check", daemon=True)
    _checked_ahead[path] = (thread, stop, outcome)
    thread.start()


def _in_the_background() -> None:
    """Let the calling thread give way to the program's others on a busy processor: a check
    done in the background must not slow the window it runs beside (best effort)."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(), -2)  # THREAD_PRIORITY_LOWEST
        elif sys.platform.startswith("linux"):
            me = threading.get_native_id()  # this thread only, 10 steps below the rest
            os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + 10))
    except OSError:
        pass


def _open_sqlite(path: Path) -> peewee.SqliteDatabase:
    ahead = _checked_ahead.pop(path, None)
    if ahead is None:
        _check_sqlite_file(path)
    else:
        thread, stop, outcome = ahead
        stop.set()
        thread.join()
        if outcome and outcome[0] is not None:
            raise outcome[0]
    return SharedSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, check_same_thread=False)


def _check_sqlite_file(path: Path, stop: threading.Event | None = None) -> None:
    """Refuse a file that cannot be opened for writing, has gone missing or is damaged (the
    quick check of its pages ends early once `stop` is set)."""
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseUnavailable(
            f"数据库文件是只读的：{path}\n请检查文件属性或权限（取消“只读”），或用 --db 指定其他数据库。"
        )
    refuse_if_vanished(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"无法创建数据文件夹：{path.parent}（{describe_os_error(exc)}）。请检查路径和权限。",
            str(exc),
        ) from exc
    if not os.access(path.parent, os.W_OK):
        raise DatabaseUnavailable(
            f"数据文件夹不可写：{path.parent}\n请检查权限，或设置 KEFU_DATA_DIR 到可写的文件夹。"
        )
    verify_database_file(path, stop=stop)


def _open_postgresql(url: str) -> peewee.PostgresqlDatabase:
    name, kwargs = _postgresql_params(url)
    return GuardedPostgresqlDatabase(name, location=describe_database(url), **kwargs)


def _postgresql_params(url: str) -> tuple[str, dict[str, object]]:
    """The database name and connection arguments of a postgresql:// URL."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise DatabaseUnavailable(
            f"PostgreSQL 地址缺少数据库名：{describe_database(url)}\n"
            "格式：postgresql://用户名:密码@服务器:5432/数据库名"
        )
    try:
        _peewee_with_psycopg2()
    except ImportError as exc:
        raise DatabaseUnavailable(
            "未安装 PostgreSQL 驱动 psycopg2。请运行：pip install 'kefu-desktop[postgresql]'"
        ) from exc
    kwargs: dict[str, object] = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "connect_timeout": 5,
        "application_name": "kefu-desktop",
        **POSTGRESQL_KEEPALIVES,
    }
    if parts.username:
        kwargs["user"] = unquote(parts.username)
    if parts.password:
        kwargs["password"] = unquote(parts.password)
    return unquote(name), kwargs


class NotKefuDatabase(KefuError):
    """The database holds tables of another program, not this app's."""


def probe_postgresql(url: str) -> int:
    """Connect to the PostgreSQL database behind `url` beside the one in use, and return its
    schema version (0 for an empty database) without changing anything in it.

    `DatabaseUnavailable` says why it cannot be reached (server, password, database name),
    `NotKefuDatabase` that it holds another program's tables, `SchemaTooNew` that a newer
    version of the app wrote it. The password never appears in a message or the log.
    """
    from kefu_desktop.store.migrations import CURRENT_VERSION
    from kefu_desktop.store.models import SchemaVersion

    add_secret(_password_of(url))
    where = describe_database(url)
    if urlsplit(url).scheme not in ("postgresql", "postgres"):
        raise DatabaseUnavailable(
            f"不是 PostgreSQL 地址：{where}\n格式：postgresql://用户名:密码@服务器:5432/数据库名"
        )
    name, kwargs = _postgresql_params(url)
    db = peewee.PostgresqlDatabase(name, **kwargs)
    try:
        db.connect()
        tables = set(db.get_tables())
        version_table = SchemaVersion._meta.table_name
        if version_table not in tables:
            if tables:
                raise NotKefuDatabase(
                    f"数据库 {where} 里已有其他程序的数据表（共 {len(tables)} 张），不是售后工作台的数据库。\n"
                    "请让管理员在服务器上为售后工作台新建一个空数据库（见 README 的“办公室共享数据库”），"
                    "再填写它的名字。"
                )
            return 0
        cursor = db.execute_sql(f'SELECT MAX(version) FROM "{version_table}"')
        version = int(cursor.fetchone()[0] or 0)
    except peewee.PeeweeException as exc:
        raise DatabaseUnavailable(explain_open_failure(where, exc)) from exc
    finally:
        db.close()
    if version > CURRENT_VERSION:
        raise SchemaTooNew(
            f"数据库 {where} 是由更新版本的售后工作台创建的（数据库版本 {version}，"
            f"本程序支持到 {CURRENT_VERSION}）。\n请先把本机的售后工作台升级到办公室其他电脑的版本，再改用这个数据库。"
        )
    return version


def _peewee_with_psycopg2() -> None:
    """Give peewee the PostgreSQL driver, as its own import would have (`kefu_desktop.store`
    loads peewee without it, so a SQLite desk does not load psycopg2 at start)."""
    import psycopg2
    from psycopg2 import extensions, extras

    module: Any = peewee
    if module.psycopg2 is not None:
        return
    extras.register_uuid()
    module.pg_extensions = extensions
    module.pg_register_uuid = extras.register_uuid
    module.Json_pg2 = extras.Json
    adapter: Any = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
    module.psycopg2 = psycopg2


def open_database(url: str | None = None) -> peewee.Database:
    """Open (but do not migrate) the database behind `url`; raise `DatabaseUnavailable`."""
    url = resolve_url(url)
    add_secret(_password_of(url))
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
    health.reset()  # a newly opened database starts with a clean record
    try:
        db.connect(reuse_if_open=True)
        if isinstance(db, peewee.SqliteDatabase):
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseUnavailable as exc:
        db.close()
        if type(exc) is not DatabaseUnavailable:
            raise  # already a typed fault with its own message
        raise DatabaseUnavailable(explain_open_failure(describe_database(url), exc)) from exc
    except (peewee.OperationalError, peewee.DatabaseError, sqlite3.Error, DatabaseBusy) as exc:
        db.close()
        fault = storage_fault(exc, sqlite_path(url))
        if fault is not None:
            raise fault from exc
        raise DatabaseUnavailable(explain_open_failure(describe_database(url), exc)) from exc
    if isinstance(db, GuardedSqliteDatabase):
        remember_database(db.path)
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
            raise DatabaseUnavailable(
                explain_open_failure(describe_database(resolved), exc)
            ) from exc
    log.info("connected to %s", describe_database(resolved))
    return resolved


def typed_fault(exc: BaseException) -> DatabaseUnavailable | None:
    """The typed fault for a driver error that escaped the guarded database (e.g. raised
    while rows were being read), so boundaries can show words instead of a traceback."""
    if not isinstance(exc, peewee.PeeweeException | sqlite3.Error):
        return None
    current = database.obj
    if isinstance(current, GuardedSqliteDatabase | GuardedPostgresqlDatabase):
        return current.fault_for(exc)
    return None


def close() -> None:
    """Close the current connection, if any."""
    if database.obj is not None and not database.is_closed():
        database.close()


def _password_of(url: str) -> str:
    try:
        password = urlsplit(url).password
    except ValueError:
        return ""
    return unquote(password) if password else ""


def explain_open_failure(where: str, exc: BaseException) -> str:
    """Why the database described as `where` could not be opened, in words (no password)."""
    text = redact(str(getattr(exc, "original", "") or exc).strip())
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
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return f"找不到数据库服务器：{where}\n服务器名称不对或网络不通，请检查服务器地址（也可以填服务器的数字地址，如 192.168.1.10）。"
    if any(
        sign in lowered
        for sign in ("could not connect", "connection refused", "timeout", "connection to server")
    ):
        return (
            f"连不上数据库服务器：{where}\n请检查服务器是否开机、地址和端口是否正确、网络是否通畅。"
        )
    if "unable to open" in lowered:
        return f"无法打开数据库文件：{where}\n请检查路径和权限。"
    first_line = text.splitlines()[0] if text else type(exc).__name__
    return f"无法使用数据库：{where}\n{first_line}"
