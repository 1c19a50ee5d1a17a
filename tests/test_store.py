"""Opening databases: migrations, backups, and every way a database can be unusable."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import peewee
import pytest

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store import db as store_db
from kefu_desktop.store import migrations
from kefu_desktop.store.db import DatabaseUnavailable, SchemaTooNew, connect
from kefu_desktop.store.models import ApprovalRequest, Case, SchemaVersion
from tests.conftest import Staffing


def test_fresh_database_is_migrated_and_configured(db_url: str) -> None:
    database = store_db.database.obj
    assert migrations.schema_version(database) == migrations.CURRENT_VERSION
    if isinstance(database, peewee.SqliteDatabase):
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_search_columns_are_indexed(db_url: str) -> None:
    database = store_db.database.obj
    indexed = {tuple(i.columns) for i in database.get_indexes("case")}
    for columns in (("case_no",), ("order_no",), ("waybill_no",), ("customer_id", "id")):
        assert columns in indexed
    assert ("platform_id",) in {tuple(i.columns) for i in database.get_indexes("customer")}


def test_migrating_twice_changes_nothing(db_url: str) -> None:
    database = store_db.database.obj
    before = SchemaVersion.select().count()
    assert migrations.migrate(database) == migrations.CURRENT_VERSION
    migrations._initial_schema(database)  # each step is idempotent
    assert SchemaVersion.select().count() == before


def test_older_sqlite_database_is_backed_up_before_migrating(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data_dir / "kefu.db"
    connect(str(path))
    store_db.close()
    extra = migrations.Migration(
        migrations.CURRENT_VERSION + 1,
        "test step",
        lambda database: database.execute_sql("CREATE TABLE IF NOT EXISTS extra (x INTEGER)"),
    )
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    monkeypatch.setattr(migrations, "CURRENT_VERSION", extra.version)
    connect(str(path))
    before = extra.version - 1
    backups = list(data_dir.glob(f"kefu.db.v{before}-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as backup:
        assert backup.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == before
    assert migrations.schema_version(store_db.database.obj) == extra.version
    store_db.close()


def test_newer_schema_is_refused_untouched(data_dir: Path) -> None:
    path = data_dir / "kefu.db"
    connect(str(path))
    SchemaVersion.create(version=99, description="from the future")
    store_db.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNew, match="更新版本"):
        connect(str(path))
    store_db.close()
    assert path.read_bytes() == before


def test_not_a_database_file(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    path.write_text("这不是数据库")
    with pytest.raises(DatabaseUnavailable, match="不是 SQLite 数据库"):
        connect(str(path))
    assert path.read_text() == "这不是数据库"


def test_read_only_file(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_dir / "kefu.db"
    connect(str(path))
    store_db.close()
    real_access = os.access
    monkeypatch.setattr(
        store_db.os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode)
    )
    with pytest.raises(DatabaseUnavailable, match="只读"):
        connect(str(path))


def test_locked_database(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_dir / "kefu.db"
    connect(str(path))
    store_db.close()
    monkeypatch.setitem(store_db.SQLITE_PRAGMAS, "busy_timeout", 100)
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA journal_mode=delete")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        monkeypatch.setattr(migrations, "CURRENT_VERSION", migrations.CURRENT_VERSION + 1)
        with pytest.raises(DatabaseUnavailable, match="锁定"):
            connect(str(path))
    finally:
        holder.rollback()
        holder.close()
        store_db.close()


def test_unsupported_url() -> None:
    with pytest.raises(DatabaseUnavailable, match="不支持的数据库地址"):
        connect("mysql://x@y/z")


def test_postgresql_without_database_name() -> None:
    with pytest.raises(DatabaseUnavailable, match="缺少数据库名"):
        connect("postgresql://kefu:kefu@127.0.0.1:5432/")


def test_unreachable_postgresql() -> None:
    with pytest.raises(DatabaseUnavailable, match="连不上数据库服务器"):
        connect("postgresql://kefu:kefu@127.0.0.1:1/kefu")


def test_password_is_not_shown() -> None:
    text = store_db.describe_database("postgresql://kefu:topsecret@db.local:5433/shop")
    assert "topsecret" not in text
    assert text == "PostgreSQL kefu@db.local:5433/shop"


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "kefu_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_reports_bad_database_in_one_line(data_dir: Path) -> None:
    done = _cli("--db", "postgresql://kefu:kefu@127.0.0.1:1/kefu", "demo", data_dir=data_dir)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：连不上数据库服务器")
    assert "Traceback" not in done.stderr


def test_cli_demo_fills_and_skips_when_asked(data_dir: Path) -> None:
    done = _cli("demo", "--cases", "300", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "300 条售后单" in done.stdout
    again = _cli("demo", "--cases", "300", "--if-empty", data_dir=data_dir)
    assert again.returncode == 0
    assert "已有 300 条售后单" in again.stdout
    connect(str(data_dir / "kefu.db"))
    assert Case.select().count() == 300
    store_db.close()


def test_version_1_database_keeps_approved_amounts_apart(db_url: str, staff: Staffing) -> None:
    """Migration 2 on a database that a version-1 app wrote (the approved amount overwrote)."""
    database = store_db.database.obj
    case = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_v1"))
    ApprovalRequest.create(case=case.id, kind="compensation", amount_fen=3000, state="approved")
    ApprovalRequest.create(case=case.id, kind="compensation", amount_fen=5000, state="pending")
    database.execute_sql('ALTER TABLE "approval_request" DROP COLUMN "approved_fen"')
    SchemaVersion.delete().where(SchemaVersion.version > 1).execute()
    store_db.close()
    store_db.connect(db_url)
    assert migrations.schema_version(store_db.database.obj) == migrations.CURRENT_VERSION
    rows = {r.state: (r.amount_fen, r.approved_fen) for r in ApprovalRequest.select()}
    assert rows == {"approved": (3000, 3000), "pending": (5000, None)}
    migrations._add_approved_amount(store_db.database.obj)  # idempotent


def test_version_6_database_gets_one_resolution_vocabulary(
    db_url: str, staff: Staffing, data_dir: Path
) -> None:
    """Migration 7 on cases a version-6 app saved with its own codes; idempotent, SQLite backed up."""
    database = store_db.database.obj
    legacy = {
        "complaints_appeal": "platform_appeal",
        "upload_stub": "stub_uploaded",
        "customer_return": "extra_returned",
        "self_repair": "repair_allowance",
        "waiting_warehouse": "",
        "escalated": "",
        "exchange": "exchange",
        "courier_compensation": "courier_compensation",
    }
    made = {}
    for code in legacy:
        case = cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id=code))
        made[code] = case.id
    for code, case_id in made.items():
        Case.update(resolution=code).where(Case.id == case_id).execute()
    Case.update(compensation_fen=5000).where(Case.id == made["courier_compensation"]).execute()
    escalation = ApprovalRequest.create(
        case=made["escalated"], kind="escalation", state="approved", approved_fen=3000
    )
    explained = ApprovalRequest.create(case=made["escalated"], kind="escalation", state="rejected")
    database.execute_sql('ALTER TABLE "case" DROP COLUMN "courier_fen"')
    database.execute_sql('ALTER TABLE "approval_request" DROP COLUMN "decision"')
    SchemaVersion.delete().where(SchemaVersion.version > 6).execute()
    store_db.close()
    before = set(data_dir.glob("*.bak"))
    store_db.connect(db_url)
    database = store_db.database.obj
    assert migrations.schema_version(database) == migrations.CURRENT_VERSION
    if db_url.startswith("sqlite"):
        backups = set(data_dir.glob("*.bak")) - before
        assert len(backups) == 1
        with sqlite3.connect(str(backups.pop())) as backup:
            codes = {r[0] for r in backup.execute('SELECT resolution FROM "case"')}
            assert "complaints_appeal" in codes
    for _ in range(2):  # the step may run again without harm
        got = {code: Case.get_by_id(case_id).resolution for code, case_id in made.items()}
        assert got == legacy
        courier = Case.get_by_id(made["courier_compensation"])
        assert (courier.courier_fen, courier.compensation_fen) == (5000, 0)
        assert ApprovalRequest.get_by_id(escalation.id).decision == "compensate"
        assert ApprovalRequest.get_by_id(explained.id).decision == "explain"
        with database.atomic():
            migrations._one_resolution_vocabulary(database)
