"""This desk's data folder and database (文件 → 设置): checked before saving, used from the next
start. The choice is kept in `desk.json` in the default data folder (see `paths`)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.logging_setup import add_secret
from kefu_desktop.paths import (
    DATA_DIR_ENV,
    DB_URL_ENV,
    DeskChoice,
    data_dir,
    default_data_dir,
    desk_file,
    read_desk_choice,
    started_with,
)
from kefu_desktop.services.warehouse_settings import (
    SCALE_FILE_NAME,
    SCANNER_FILE_NAME,
    write_settings_file,
)
from kefu_desktop.store.db import describe_database, probe_postgresql
from kefu_desktop.store.faults import describe_os_error
from kefu_desktop.store.migrations import CURRENT_VERSION

log = logging.getLogger("kefu.services.desk")

RESTART_NOTE = "重启程序后生效"
DESK_FILES = (SCALE_FILE_NAME, SCANNER_FILE_NAME)
"""This desk's own settings files, carried to a newly chosen data folder."""
DEFAULT_PORT = 5432


class DatabaseKind(StrEnum):
    """Which database this desk works on."""

    EMBEDDED = "embedded"
    OFFICE = "office"

    @property
    def label(self) -> str:
        return {
            DatabaseKind.EMBEDDED: "本机数据库（SQLite，存放在数据文件夹里，单台电脑使用）",
            DatabaseKind.OFFICE: "办公室共享数据库（PostgreSQL 服务器，多台电脑共用）",
        }[self]


@dataclass(frozen=True)
class OfficeServer:
    """Where the office's PostgreSQL database is and how to log in to it."""

    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    password: str = ""

    def url(self) -> str:
        """The postgresql:// URL (every part quoted, so any password works)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        login = quote(self.user, safe="")
        if self.password:
            login += ":" + quote(self.password, safe="")
        return f"postgresql://{login}@{host}:{self.port}/{quote(self.database, safe='')}"

    @classmethod
    def from_url(cls, url: str) -> OfficeServer:
        """The parts of a postgresql:// URL (empty parts when it is not one)."""
        try:
            parts = urlsplit(url)
            port = parts.port or DEFAULT_PORT
        except ValueError:
            return cls()
        if parts.scheme not in ("postgresql", "postgres"):
            return cls()
        return cls(
            host=parts.hostname or "",
            port=port,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )


@dataclass(frozen=True)
class DeskSettings:
    """What 文件 → 设置 shows for this desk: the stored choice, and what this run uses."""

    data_folder: Path
    """The data folder the next start uses (unless --data-dir / KEFU_DATA_DIR say otherwise)."""
    kind: DatabaseKind
    server: OfficeServer
    data_folder_overridden: bool
    """--data-dir or KEFU_DATA_DIR chose this run's data folder; they win over the setting."""
    database_overridden: bool
    """KEFU_DB_URL chose this run's database; it wins over the setting."""


def current_desk_settings() -> DeskSettings:
    """This desk's stored choice (as saved, possibly not yet in use) and any overrides."""
    choice = read_desk_choice()
    server = OfficeServer.from_url(choice.db_url)
    add_secret(server.password)
    return DeskSettings(
        data_folder=Path(choice.data_dir) if choice.data_dir else default_data_dir(),
        kind=DatabaseKind.OFFICE if choice.db_url else DatabaseKind.EMBEDDED,
        server=server,
        data_folder_overridden=bool(os.environ.get(DATA_DIR_ENV)),
        database_overridden=bool(os.environ.get(DB_URL_ENV)),
    )


def check_data_folder(text: str) -> Path:
    """The data folder typed or chosen, made and proven writable; `ValidationError` saying what
    is wrong with it. An empty text is the default folder."""
    cleaned = text.strip()
    if not cleaned:
        return default_data_dir()
    folder = Path(cleaned).expanduser()
    if not folder.is_absolute():
        raise ValidationError(
            "请填写数据文件夹的完整路径，例如 D:\\售后工作台数据，或点「选择…」。", "data_folder"
        )
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"{folder} 是一个文件，不是文件夹，请另选一个文件夹。", "data_folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".kefu-probe-"):
            pass
    except OSError as exc:
        raise ValidationError(
            f"数据文件夹不能使用：{folder}（{describe_os_error(exc)}）。请选择一个有写入权限的文件夹。",
            "data_folder",
        ) from exc
    return folder


def check_office_server(server: OfficeServer) -> str:
    """Connect to the office database and say what the desk will find there; `ValidationError`
    for a missing part, `DatabaseUnavailable` / `NotKefuDatabase` / `SchemaTooNew` with what is
    wrong and what to do. Nothing in the database is changed."""
    add_secret(server.password)
    for value, what, field in (
        (server.host, "服务器地址", "host"),
        (server.database, "数据库名", "database"),
        (server.user, "用户名", "user"),
    ):
        if not value.strip():
            raise ValidationError(f"请填写{what}。", field)
        if any(c.isspace() for c in value.strip()):
            raise ValidationError(f"{what}里不能有空格。", field)
    if not 1 <= server.port <= 65535:
        raise ValidationError("端口须在 1–65535 之间（PostgreSQL 一般是 5432）。", "port")
    url = _clean(server).url()
    version = probe_postgresql(url)
    where = describe_database(url)
    if version == 0:
        return f"已连接 {where}：这是一个空数据库，下次启动时会在里面建好售后工作台的数据表。"
    if version < CURRENT_VERSION:
        return (
            f"已连接 {where}：数据库版本 {version}，下次启动时会升级到版本 {CURRENT_VERSION}"
            "（办公室其他电脑也需要升级到本版本）。"
        )
    return f"已连接 {where}：售后工作台数据库，版本 {version}，可以使用。"


def _clean(server: OfficeServer) -> OfficeServer:
    return OfficeServer(
        server.host.strip(),
        server.port,
        server.database.strip(),
        server.user.strip(),
        server.password,
    )


@dataclass(frozen=True)
class CheckedDesk:
    """A desk choice that passed its checks, ready to be stored."""

    choice: DeskChoice
    folder: Path
    notes: tuple[str, ...]


@dataclass(frozen=True)
class SavedDesk:
    """What saving the desk's choice did, to tell the user."""

    restart_needed: bool
    notes: tuple[str, ...]


def check_desk_settings(
    folder_text: str, kind: DatabaseKind, server: OfficeServer | None = None
) -> CheckedDesk:
    """Check the data folder and (office) database without storing anything; raises what is
    wrong (`ValidationError`, `DatabaseUnavailable`, `NotKefuDatabase`, `SchemaTooNew`). May
    take seconds (it connects to the server): the desk runs it off the UI thread."""
    folder = check_data_folder(folder_text)
    notes: list[str] = []
    db_url = ""
    if kind == DatabaseKind.OFFICE:
        notes.append(check_office_server(server or OfficeServer()))
        db_url = _clean(server or OfficeServer()).url()
    same_as_default = _same_folder(folder, default_data_dir())
    choice = DeskChoice(data_dir="" if same_as_default else str(folder), db_url=db_url)
    if kind == DatabaseKind.EMBEDDED and not (folder / "kefu.db").exists():
        notes.append(
            f"{folder} 里还没有数据库：下次启动会在那里新建一个空数据库。要沿用现在的数据，"
            f"请先退出程序，再把现在数据文件夹 {data_dir()} 里的 kefu.db 复制过去。"
        )
    return CheckedDesk(choice, folder, tuple(notes))


def store_desk_settings(checked: CheckedDesk) -> SavedDesk:
    """Store a checked choice for the next start (`KefuError` when the file cannot be written;
    then the earlier choice stays). A new data folder gets this desk's scale and scanner
    settings."""
    choice = checked.choice
    write_settings_file(
        desk_file(), {"data_dir": choice.data_dir, "db_url": choice.db_url}, "本机设置"
    )
    if not _same_folder(checked.folder, data_dir()):
        _carry_desk_files(checked.folder)
    log.info(
        "desk settings saved: data folder %s, database %s",
        choice.data_dir or "(default)",
        describe_database(choice.db_url) if choice.db_url else "(embedded SQLite)",
    )
    notes = list(checked.notes)
    if os.environ.get(DATA_DIR_ENV):
        notes.append("本次启动时用命令行参数或环境变量指定了数据文件夹，它优先于这里的设置。")
    if os.environ.get(DB_URL_ENV):
        notes.append("本次启动时用环境变量指定了数据库，它优先于这里的设置。")
    return SavedDesk(_differs(choice, started_with()), tuple(notes))


def restore_desk_file(previous: DeskChoice) -> None:
    """Put the earlier choice back (when a later part of a save failed)."""
    write_settings_file(
        desk_file(), {"data_dir": previous.data_dir, "db_url": previous.db_url}, "本机设置"
    )


def save_desk_settings(
    folder_text: str, kind: DatabaseKind, server: OfficeServer | None = None
) -> SavedDesk:
    """Check, then store, this desk's data folder and database for the next start; nothing
    is stored when a check fails."""
    return store_desk_settings(check_desk_settings(folder_text, kind, server))


def _same_folder(a: Path, b: Path) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def _differs(choice: DeskChoice, running: DeskChoice) -> bool:
    folder_now = Path(running.data_dir) if running.data_dir else default_data_dir()
    folder_next = Path(choice.data_dir) if choice.data_dir else default_data_dir()
    return choice.db_url != running.db_url or not _same_folder(folder_now, folder_next)


def _carry_desk_files(folder: Path) -> None:
    """Copy this desk's scale and scanner settings to the new data folder (unless it has its own)."""
    for name in DESK_FILES:
        source, target = data_dir() / name, folder / name
        if source.exists() and not target.exists():
            try:
                shutil.copy2(source, target)
            except OSError:
                log.warning("could not copy %s to %s", source, target, exc_info=True)
