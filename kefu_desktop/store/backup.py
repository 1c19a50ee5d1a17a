"""Database backups: SQLite through its online backup API, PostgreSQL through pg_dump/pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.logging_setup import REDACTED, redact
from kefu_desktop.store.db import read_only_uri

PG_DUMP_MISSING = (
    "找不到 PostgreSQL 的备份工具 {tool}。请在这台电脑上安装 PostgreSQL 客户端工具"
    "（Windows：安装 PostgreSQL 时勾选 Command Line Tools，并把其 bin 文件夹加入 PATH；"
    "Debian/Ubuntu：apt-get install postgresql-client），或请数据库服务器的管理员在服务器上备份。"
)
_PG_DUMP_MAGIC = b"PGDMP"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BACKUP_TABLES = {"schema_version", "staff", "case"}


class BackupError(KefuError):
    """A backup or restore could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds."""

    path: Path
    database: str
    """'sqlite' or 'postgresql'."""
    schema_version: int


def sqlite_copy(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently (WAL included) into `target`, atomically.

    Written to a temporary file next to `target` and renamed, so an interrupted copy never
    leaves a half backup under the real name.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(str(source), timeout=30)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            src.backup(dest, pages=4096)
        finally:
            dest.close()
    finally:
        src.close()
    os.replace(partial, target)


def sqlite_restore(backup: Path, live: Path) -> None:
    """Write the content of `backup` over the database `live` through SQLite (locks respected)."""
    src = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        dest = sqlite3.connect(str(live), timeout=30)
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def inspect_sqlite_backup(path: Path) -> BackupInfo:
    """The schema version of a SQLite backup; `BackupError` if it is not one of ours, or damaged."""
    with open(path, "rb") as handle:
        if handle.read(16) != _SQLITE_MAGIC:
            raise not_a_backup(path)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= _BACKUP_TABLES:
                raise not_a_backup(path)
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"备份文件已损坏：{path}\n请换一个备份文件；当前数据库未被改动。")
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"备份文件已损坏：{path}（{exc}）\n请换一个备份文件；当前数据库未被改动。"
        ) from exc
    return BackupInfo(path, "sqlite", int(version or 0))


def not_a_backup(path: Path) -> BackupError:
    return BackupError(
        f"这不是售后工作台的数据库备份：{path}\n请选择用“备份数据库”或 kefu-desktop backup 生成的文件；"
        "当前数据库未被改动。"
    )


def file_kind(path: Path) -> str:
    """'sqlite', 'postgresql' (a pg_dump archive) or 'other', from the file's first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head == _SQLITE_MAGIC:
        return "sqlite"
    if head.startswith(_PG_DUMP_MAGIC):
        return "postgresql"
    return "other"


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(PG_DUMP_MISSING.format(tool=name))
    return found


def _pg_connection(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL tools: the password goes in
    the environment (PGPASSWORD), never on the command line where other users could read it."""
    parts = urlsplit(url)
    args = [
        "--host", parts.hostname or "localhost",
        "--port", str(parts.port or 5432),
        "--dbname", unquote(parts.path.lstrip("/")),
        "--no-password",
    ]  # fmt: skip
    if parts.username:
        args += ["--username", unquote(parts.username)]
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
    return args, env


def _run_pg_tool(command: list[str], env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, env=env, timeout=3600)
    except OSError as exc:
        raise BackupError(f"{what}失败：无法运行 {command[0]}（{exc}）。") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = redact(lines[-1] if lines else f"退出码 {done.returncode}")
        password = env.get("PGPASSWORD", "")
        if password:
            detail = detail.replace(password, REDACTED)
        raise BackupError(f"{what}失败：{detail}\n请检查数据库服务器是否可用、账号是否有权限。")
    return done.stdout.decode("utf-8", "replace")


def pg_dump(url: str, target: Path) -> None:
    """A pg_dump archive (custom format) of the database behind `url`, written atomically."""
    tool = _pg_tool("pg_dump")
    args, env = _pg_connection(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    _run_pg_tool(
        [tool, "--format=custom", "--no-owner", "--file", str(partial), *args], env, "备份"
    )
    os.replace(partial, target)


def inspect_pg_backup(path: Path) -> BackupInfo:
    """The schema version recorded in a pg_dump archive; `BackupError` if it is not ours."""
    tool = _pg_tool("pg_restore")
    text = _run_pg_tool(
        [tool, "--data-only", "--table", "schema_version", "--file", "-", str(path)],
        dict(os.environ),
        "读取备份",
    )
    versions: list[int] = []
    in_copy = False
    for line in text.splitlines():
        if line.startswith("COPY ") and "schema_version" in line:
            in_copy = True
        elif in_copy and line == "\\.":
            in_copy = False
        elif in_copy and line.split("\t")[0].isdigit():
            versions.append(int(line.split("\t")[0]))
    if not versions:
        raise not_a_backup(path)
    return BackupInfo(path, "postgresql", max(versions))


def pg_restore(url: str, backup: Path) -> None:
    """Replace the content of the database behind `url` with a pg_dump archive."""
    tool = _pg_tool("pg_restore")
    args, env = _pg_connection(url)
    _run_pg_tool(
        [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(backup)],
        env,
        "恢复",
    )
