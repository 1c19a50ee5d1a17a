"""kefu-desktop backup / restore, the daily SQLite backup, and the checks before a restore."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from kefu_desktop.domain.audit import AuditEvent
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import backup, cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store import db as store_db
from kefu_desktop.store.migrations import CURRENT_VERSION
from kefu_desktop.store.models import AuditEntry, Case, CaseCounter
from tests.conftest import Staffing

ROOT = Path(__file__).resolve().parent.parent


def _cli(url: str, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "kefu_desktop", "--db", url, *args],
        capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
    )  # fmt: skip


def _open(staff: Staffing, customer: str) -> None:
    cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id=customer))


def _case_count(url: str) -> int:
    store_db.connect(url)
    return Case.select().count()


def test_backup_and_restore_round_trip(staff: Staffing, db_url: str, tmp_path: Path) -> None:
    if db_url.startswith("postgresql") and not backup.store_backup.shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    _open(staff, "买家一")
    out = tmp_path / "备份 #1?" / "kefu-backup.bin"  # characters a URI would trip over
    done = _cli(db_url, "backup", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "已备份到" in done.stdout and out.stat().st_size > 0
    _open(staff, "买家二")
    store_db.close()

    refused = _cli(db_url, "restore", str(out))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert _case_count(db_url) == 2
    store_db.close()

    done = _cli(db_url, "restore", str(out), "--yes")
    assert done.returncode == 0, done.stderr
    assert _case_count(db_url) == 1
    assert [e.event for e in AuditEntry.select().order_by(AuditEntry.id)][-1] == AuditEvent.RESTORE
    previous = Path(done.stdout.split("另存在")[-1].strip())
    assert previous.is_file()
    if db_url.startswith("sqlite"):
        with sqlite3.connect(previous) as kept:  # the database as it was, with both cases
            assert kept.execute('SELECT count(*) FROM "case"').fetchone()[0] == 2


def test_restore_refuses_what_is_not_a_backup_or_is_newer(
    sqlite_staff: Staffing, sqlite_url: str, tmp_path: Path
) -> None:
    _open(sqlite_staff, "买家一")
    text = tmp_path / "notes.txt"
    text.write_text("not a database", encoding="utf-8")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.close()
    newer = tmp_path / "newer.db"
    assert _cli(sqlite_url, "backup", "--out", str(newer)).returncode == 0
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'future', '2030-01-01 00:00:00')")
    store_db.close()
    for file, reason in ((text, "不是售后工作台的数据库备份"), (other, "不是售后工作台的数据库备份"),
                         (newer, "更新版本"), (tmp_path / "missing.db", "找不到备份文件")):  # fmt: skip
        done = _cli(sqlite_url, "restore", str(file), "--yes")
        assert done.returncode == 2
        assert reason in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert _case_count(sqlite_url) == 1
    assert not list(tmp_path.glob("data/kefu.db.before-restore-*"))


def test_restore_migrates_an_older_backup(
    sqlite_staff: Staffing, sqlite_url: str, tmp_path: Path
) -> None:
    _open(sqlite_staff, "买家一")
    old = tmp_path / "old.db"
    assert _cli(sqlite_url, "backup", "--out", str(old)).returncode == 0
    with sqlite3.connect(old) as conn:  # as the app before counters and lockouts wrote it
        conn.execute("DROP TABLE case_counter")
        conn.execute("DROP TABLE audit_entry")
        conn.execute("ALTER TABLE staff DROP COLUMN failed_logins")
        conn.execute("ALTER TABLE staff DROP COLUMN locked_until")
        conn.execute("DELETE FROM schema_version WHERE version > 2")
    store_db.close()
    done = _cli(sqlite_url, "restore", str(old), "--yes")
    assert done.returncode == 0, done.stderr
    store_db.connect(sqlite_url)
    assert store_db.database.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()[
        0
    ] == (CURRENT_VERSION)
    assert CaseCounter.get().last == 1
    _open(sqlite_staff, "买家二")
    assert Case.select().count() == 2


def test_backup_is_consistent_while_another_process_writes(
    sqlite_staff: Staffing, sqlite_url: str, tmp_path: Path
) -> None:
    store_db.close()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.office_load", sqlite_url, "kefu01", "secret123", "0",
         "400", "1", str(time.time())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    copies = []
    for n in range(3):
        time.sleep(0.5)
        copy = tmp_path / f"live-{n}.db"
        done = _cli(sqlite_url, "backup", "--out", str(copy))
        assert done.returncode == 0, done.stderr
        copies.append(copy)
    writer.communicate(timeout=120)
    for copy in copies:
        with sqlite3.connect(copy) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            numbers = conn.execute(
                'SELECT count(*), count(DISTINCT case_no) FROM "case"'
            ).fetchone()
            events = conn.execute("SELECT count(DISTINCT case_id) FROM case_event").fetchone()[0]
            assert numbers[0] == numbers[1] == events  # every case with its history, no half


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgresql_backup_without_pg_dump_says_how(db_url: str, tmp_path: Path) -> None:
    store_db.close()
    python_only = str(Path(sys.executable).parent)
    done = _cli(db_url, "backup", "--out", str(tmp_path / "x.dump"), path=python_only)
    assert done.returncode == 2
    assert "找不到 PostgreSQL 的备份工具 pg_dump" in done.stderr
    assert "postgresql-client" in done.stderr
    assert not (tmp_path / "x.dump").exists()


def test_daily_backup_once_a_day_keeping_seven(sqlite_staff: Staffing, sqlite_url: str) -> None:
    path = store_db.sqlite_path(sqlite_url)
    assert path is not None
    first = date(2026, 11, 1)
    made = [backup.daily_backup(sqlite_url, first + timedelta(days=n)) for n in range(9)]
    assert all(made)
    assert backup.daily_backup(sqlite_url, first + timedelta(days=8)) is None
    kept = sorted(p.name for p in (path.parent / "backups").iterdir())
    assert kept == [f"kefu-2026-11-{d:02d}.db" for d in range(3, 10)]
    with sqlite3.connect(path.parent / "backups" / kept[-1]) as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 5
