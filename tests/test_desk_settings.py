"""This desk's data folder and database (文件 → 设置): checked before saving, nothing saved when
a check fails, and used by the next start (a real process), with --data-dir / KEFU_DATA_DIR and
KEFU_DB_URL still winning."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kefu_desktop import paths
from kefu_desktop.commands import PASSWORD_ENV
from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.logging_setup import LOG_NAME
from kefu_desktop.services import desk_settings
from kefu_desktop.services.desk_settings import DatabaseKind, OfficeServer
from kefu_desktop.services.warehouse_settings import (
    ScaleSettings,
    load_scale_settings,
    save_scale_settings,
)
from kefu_desktop.store import db as store_db
from kefu_desktop.store.db import NotKefuDatabase, SchemaTooNew
from kefu_desktop.store.faults import DatabaseUnavailable
from tests.conftest import PASSWORD, PG_URL_ENV, make_staff


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's default data folder (where desk.json lives), away from the real one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "xdg"))  # the same on Windows
    monkeypatch.setattr(paths, "_started_with", paths.DeskChoice())
    default = paths.default_data_dir()
    if sys.platform != "darwin":
        assert default == tmp_path / "xdg" / "kefu-desktop"
    return default


def _pg_server() -> OfficeServer:
    url = os.environ.get(PG_URL_ENV, "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_URL_ENV} is not set: CI must run the PostgreSQL tests")
        pytest.skip(f"{PG_URL_ENV} not set")
    return OfficeServer.from_url(url)


def _with(server: OfficeServer, **changes: object) -> OfficeServer:
    return OfficeServer(**{**server.__dict__, **changes})  # type: ignore[arg-type]


def test_an_office_database_that_cannot_be_used_is_refused_and_nothing_saved(
    home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = _pg_server()
    caplog.set_level(logging.DEBUG)
    cases = [
        (_with(good, port=1), "连不上数据库服务器"),
        (_with(good, host="no-such-host.invalid"), "找不到数据库服务器"),
        (_with(good, password="wrong-Pa55:@/"), "用户名或密码不对"),
        (_with(good, database="kefu_no_such_database"), "数据库不存在"),
        (_with(good, host=""), "请填写服务器地址"),
        (_with(good, database=" "), "请填写数据库名"),
    ]
    for server, message in cases:
        with pytest.raises(KefuError, match=message) as refused:
            desk_settings.save_desk_settings("", DatabaseKind.OFFICE, server)
        assert "wrong-Pa55" not in str(refused.value)
        assert not paths.desk_file().exists()
    assert all("wrong-Pa55" not in r.getMessage() for r in caplog.records)
    assert paths.read_desk_choice() == paths.DeskChoice()


def test_a_good_office_database_is_accepted_and_kept_for_the_next_start(home: Path) -> None:
    server = _pg_server()
    saved = desk_settings.save_desk_settings("", DatabaseKind.OFFICE, server)
    assert saved.restart_needed
    assert any("已连接" in note for note in saved.notes)
    choice = paths.read_desk_choice()
    assert choice.data_dir == ""
    assert OfficeServer.from_url(choice.db_url) == server
    shown = desk_settings.current_desk_settings()
    assert (shown.kind, shown.server) == (DatabaseKind.OFFICE, server)
    if os.name == "posix":
        assert paths.desk_file().stat().st_mode & 0o077 == 0  # the password: this user only
    back = desk_settings.save_desk_settings("", DatabaseKind.EMBEDDED)
    assert not back.restart_needed and paths.read_desk_choice() == paths.DeskChoice()


def test_another_programs_database_or_a_newer_one_is_refused(home: Path) -> None:
    server = _pg_server()
    url = os.environ[PG_URL_ENV]
    try:
        for sql, error, message in (
            ("CREATE TABLE orders (id int)", NotKefuDatabase, "不是售后工作台的数据库"),
            (
                "CREATE TABLE schema_version (version int, description text);"
                "INSERT INTO schema_version VALUES (999, 'future')",
                SchemaTooNew,
                "更新版本的售后工作台",
            ),
        ):
            _reset(url)
            db = store_db.open_database(url)
            db.execute_sql(sql)
            db.close()
            with pytest.raises(error, match=message):
                desk_settings.save_desk_settings("", DatabaseKind.OFFICE, server)
            assert not paths.desk_file().exists()
    finally:
        _reset(url)


def _reset(url: str) -> None:
    db = store_db.open_database(url)
    db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    db.execute_sql("CREATE SCHEMA public")
    db.close()


def test_a_data_folder_that_cannot_be_used_is_refused(home: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "note.txt"
    a_file.write_text("x")
    for text, message in (
        ("relative/folder", "完整路径"),
        (str(a_file), "是一个文件"),
        (str(a_file / "sub"), "数据文件夹不能使用"),
    ):
        with pytest.raises(ValidationError, match=message):
            desk_settings.save_desk_settings(text, DatabaseKind.EMBEDDED)
        assert not paths.desk_file().exists()


def test_a_new_data_folder_takes_the_desks_scale_along_and_says_it_is_empty(
    home: Path, tmp_path: Path, data_dir: Path
) -> None:
    save_scale_settings(ScaleSettings(port="COM3", baud=4800))
    chosen = tmp_path / "新数据"
    saved = desk_settings.save_desk_settings(str(chosen), DatabaseKind.EMBEDDED)
    assert saved.restart_needed
    assert any("新建一个空数据库" in note for note in saved.notes)
    assert paths.read_desk_choice().data_dir == str(chosen)
    assert json.loads((chosen / "scale.json").read_text(encoding="utf-8"))["port"] == "COM3"
    assert desk_settings.current_desk_settings().data_folder == chosen
    assert load_scale_settings().port == "COM3"  # this run keeps its folder until restart


def _start(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kefu_desktop", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_the_chosen_data_folder_is_used_at_the_next_start(home: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen"
    desk_settings.save_desk_settings(str(chosen), DatabaseKind.EMBEDDED)
    store_db.connect(f"sqlite:///{chosen / 'kefu.db'}")
    make_staff()
    store_db.close()
    env = {k: v for k, v in os.environ.items() if k not in ("KEFU_DATA_DIR", "KEFU_DB_URL")}
    env.update({PASSWORD_ENV: PASSWORD, "QT_QPA_PLATFORM": "offscreen"})
    done = _start(env, "--user", "kefu01", "--exit-when-ready")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "ready"
    log = (chosen / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert f"connected to SQLite {chosen / 'kefu.db'}" in log
    assert not (home / "kefu.db").exists() and not (home / "logs").exists()

    other = tmp_path / "given"  # --data-dir still wins over the setting
    done = _start(env, "--data-dir", str(other), "backup", "--out", str(tmp_path / "b.db"))
    assert done.returncode == 0, done.stderr
    assert (other / "kefu.db").exists() and (other / "logs" / LOG_NAME).exists()


def test_the_desks_database_is_used_unless_kefu_db_url_says_otherwise(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = "postgresql://kefu:geheim@server:5432/kefu"
    home.mkdir(parents=True)
    paths.desk_file().write_text(
        json.dumps({"data_dir": str(tmp_path / "d"), "db_url": url}), encoding="utf-8"
    )
    monkeypatch.delenv("KEFU_DATA_DIR")
    assert paths.data_dir() == home  # not before start-up takes the choice
    paths.use_desk_choice()
    assert paths.data_dir() == tmp_path / "d"
    assert store_db.resolve_url(None) == url
    monkeypatch.setenv("KEFU_DB_URL", "sqlite:///x.db")
    assert store_db.resolve_url(None) == "sqlite:///x.db"
    assert store_db.resolve_url("sqlite:///given.db") == "sqlite:///given.db"
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "env"))
    assert paths.data_dir() == tmp_path / "env"


def test_an_unreadable_desk_file_means_the_defaults(home: Path) -> None:
    home.mkdir(parents=True)
    for text in ("{not json", "[1, 2]", '{"data_dir": 5, "db_url": null}'):
        paths.desk_file().write_text(text, encoding="utf-8")
        assert paths.read_desk_choice() == paths.DeskChoice()


def test_office_server_url_round_trips_any_password() -> None:
    server = OfficeServer("db.office", 5433, "售后", "kefu", "p@ss:w/rd%")
    assert OfficeServer.from_url(server.url()) == server
    assert OfficeServer.from_url("sqlite:///x.db") == OfficeServer()
    with pytest.raises(DatabaseUnavailable, match="不是 PostgreSQL 地址"):
        store_db.probe_postgresql("sqlite:///x.db")
