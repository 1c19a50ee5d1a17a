"""SQLite when the disk fills, fails, turns read-only, or the file is damaged or mismatched.

Each test asserts the typed message, that nothing confirmed was lost, and that the desk works
again once the fault is gone. Real filesystems (tmpfs, ext4 on a loop device) when root;
injected driver errors otherwise.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store import db as store_db
from kefu_desktop.store.faults import (
    DatabaseDamaged,
    DatabaseUnreachable,
    DiskFull,
    StorageIOError,
    StoragePermissionDenied,
    StorageReadOnly,
    describe_os_error,
)
from kefu_desktop.store.integrity import sidecars
from kefu_desktop.store.models import Case
from tests.conftest import Staffing, make_staff
from tests.small_disk import loop_disk, tmpfs


def _new(customer: str, summary: str = "开线") -> NewCase:
    return NewCase(kind=CaseKind.QUALITY, customer_id=customer, summary=summary)


def _open(path: Path) -> Staffing:
    store_db.connect(str(path))
    return make_staff()


def _fill(folder: Path) -> Path:
    """Fill the filesystem of `folder` to the last byte."""
    filler = folder / "chat-downloads.bin"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
        try:
            while True:
                handle.write(b"\0" * 512)
                handle.flush()
        except OSError:
            pass
    return filler


def _assert_words(error: BaseException, *expected: str, path: Path) -> None:
    text = str(error)
    for part in expected:
        assert part in text
    words = text.replace(str(path), "")
    assert "error" not in words.lower() and "disk" not in words.lower()  # no English driver text


# --- disk full, read-only, disk errors ------------------------------------------------------


def test_disk_full_during_a_case_save(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "3m") as folder:
        staff = _open(folder / "kefu.db")
        confirmed = [cases.create_case(staff.agent, _new(f"tb_full{i}")).id for i in range(3)]
        filler = _fill(folder)
        with pytest.raises(DiskFull) as caught:
            for i in range(50):  # until a page more is needed
                cases.create_case(staff.agent, _new(f"tb_overflow{i}", "很长的描述" * 4000))
        _assert_words(
            caught.value,
            "磁盘已满",
            "没有保存",
            "之前已保存的数据都在",
            "清理磁盘空间",
            path=folder / "kefu.db",
        )
        assert "database or disk is full" in caught.value.original
        filler.unlink()
        again = cases.create_case(staff.agent, _new("tb_after_full"))
        ids = {c.id for c in Case.select(Case.id)}
        assert set(confirmed) <= ids and again.id in ids
        store_db.close()


def test_filesystem_turning_read_only_mid_work_loses_nothing_confirmed(tmp_path: Path) -> None:
    with loop_disk(tmp_path) as disk:
        path = disk.mount_point / "kefu.db"
        staff = _open(path)
        confirmed = [cases.create_case(staff.agent, _new(f"tb_ro{i}")).case_no for i in range(6)]
        disk.disk_error()
        with pytest.raises((StorageReadOnly, StorageIOError)) as caught:
            cases.create_case(staff.agent, _new("tb_during_error"))
        _assert_words(caught.value, "没有保存", "之前已保存的数据都在", path=path)
        assert isinstance(caught.value, StorageReadOnly)  # the OS says the disk went read-only
        store_db.close()
        disk.repair()
        store_db.connect(str(path))
        kept = {c.case_no for c in Case.select(Case.case_no)}
        assert set(confirmed) <= kept  # every case the desk confirmed survived
        cases.create_case(staff.agent, _new("tb_after_repair"))
        store_db.close()


def test_database_share_disappearing_and_coming_back(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    staff = _open(share / "kefu.db")
    first = cases.create_case(staff.agent, _new("tb_share"))
    store_db.database.obj._drop()  # the share drops: the open handle dies with it
    gone = tmp_path / "share-offline"
    share.rename(gone)
    with pytest.raises(DatabaseUnreachable, match="无法访问") as caught:
        cases.list_cases(staff.agent)
    assert "网络盘" in str(caught.value)
    share.mkdir()  # an empty mount point: no fresh database may appear in it
    with pytest.raises(DatabaseUnreachable):
        cases.list_cases(staff.agent)
    assert list(share.iterdir()) == []
    share.rmdir()
    gone.rename(share)
    assert [r.id for r in cases.list_cases(staff.agent)] == [first.id]
    store_db.close()


@pytest.mark.parametrize(
    ("message", "code", "fault", "words"),
    [
        ("database or disk is full", "SQLITE_FULL", DiskFull, "磁盘已满"),
        ("disk I/O error", "SQLITE_IOERR_WRITE", StorageIOError, "磁盘出错"),
        ("attempt to write a readonly database", "SQLITE_READONLY", StorageReadOnly, "只读"),
        ("access permission denied", "SQLITE_PERM", StoragePermissionDenied, "没有权限"),
        ("database disk image is malformed", "SQLITE_CORRUPT", DatabaseDamaged, "已损坏"),
    ],
)
def test_injected_disk_faults_are_typed_and_do_not_hide_behind_rollback(
    sqlite_staff: Staffing,
    monkeypatch: pytest.MonkeyPatch,
    message: str,
    code: str,
    fault: type[Exception],
    words: str,
) -> None:
    """The same faults on any machine: SQLite's own rollback never hides the cause."""
    kept = cases.create_case(sqlite_staff.agent, _new("tb_kept"))
    database = store_db.database.obj
    statement = database._execute_cursor
    fired: list[bool] = []

    def failing(sql: str, params: Any, **options: Any) -> Any:
        if sql.startswith('INSERT INTO "case_event"') and not fired:
            fired.append(True)
            database._state.conn.execute("ROLLBACK")  # what SQLite does itself on these errors
            error = sqlite3.OperationalError(message)
            error.sqlite_errorname = code  # type: ignore[attr-defined]
            raise error
        return statement(sql, params, **options)

    monkeypatch.setattr(database, "_execute_cursor", failing)
    with pytest.raises(fault) as caught:
        cases.create_case(sqlite_staff.agent, _new("tb_injected"))
    assert words in str(caught.value)
    assert "cannot rollback" not in str(caught.value)
    assert [c.id for c in Case.select()] == [kept.id]
    cases.create_case(sqlite_staff.agent, _new("tb_after"))
    assert Case.select().count() == 2


# --- damaged and mismatched files -------------------------------------------------------------


def _damage(path: Path, shape: str) -> None:
    data = path.read_bytes()
    if shape == "zero-byte":
        path.write_bytes(b"")
    elif shape == "truncated":
        path.write_bytes(data[: len(data) // 2 + 100])
    elif shape == "zeroed":
        path.write_bytes(b"\0" * len(data))
    elif shape == "zeroed pages":
        page = 4096
        path.write_bytes(data[: 2 * page] + b"\0" * (len(data) - 3 * page) + data[-page:])
    elif shape == "foreign":
        path.write_bytes(b"PK\x03\x04 this is a zip of chat downloads" + data[:2000])
    elif shape == "another program's database":
        path.unlink()
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE contacts (name TEXT)")
        other.commit()
        other.close()


@pytest.mark.parametrize(
    "shape",
    ["zero-byte", "truncated", "zeroed", "zeroed pages", "foreign", "another program's database"],
)
def test_damaged_file_is_refused_untouched_with_backup_and_restore(
    data_dir: Path, shape: str
) -> None:
    path = data_dir / "kefu.db"
    staff = _open(path)
    for i in range(40):
        cases.create_case(staff.agent, _new(f"tb_damaged{i}", "描述" * 200))
    store_db.close()
    _damage(path, shape)
    before = path.read_bytes()
    listing = sorted(p.name for p in data_dir.iterdir())
    with pytest.raises(DatabaseDamaged) as caught:
        store_db.connect(str(path))
    text = str(caught.value)
    assert str(path) in text
    assert f"备份文件在：{data_dir}" in text
    assert "kefu-desktop restore" in text
    assert path.read_bytes() == before  # nothing written into it
    assert sorted(p.name for p in data_dir.iterdir()) == listing  # nor beside it


def test_fresh_database_only_where_no_file_exists(data_dir: Path) -> None:
    path = data_dir / "kefu.db"
    assert not path.exists()
    _open(path)
    assert path.stat().st_size > 0
    store_db.close()


def _write_then_die(path: Path, customers: list[str], checkpoint_first: bool) -> None:
    """Another process writes cases and is killed before it closes (its WAL stays behind)."""
    script = f"""
import os, sqlite3
conn = sqlite3.connect({str(path)!r}, isolation_level=None)
conn.execute("PRAGMA journal_mode=wal")
if {checkpoint_first!r}:
    for n in range(300):
        conn.execute("INSERT INTO customer (platform_id, created_at) VALUES (?, '2026-01-01')",
                     ("tb_between_%d" % n,))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn.execute("PRAGMA wal_autocheckpoint=0")
for name in {customers!r}:
    conn.execute("INSERT INTO customer (platform_id, created_at) VALUES (?, '2026-01-01')", (name,))
os._exit(0)
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_wal_of_a_crashed_desk_is_applied(data_dir: Path) -> None:
    path = data_dir / "kefu.db"
    _open(path)
    store_db.close()
    _write_then_die(path, ["tb_after_crash"], checkpoint_first=False)
    assert sidecars(path)[0].stat().st_size > 0
    store_db.connect(str(path))
    from kefu_desktop.store.models import Customer

    assert Customer.get_or_none(Customer.platform_id == "tb_after_crash") is not None
    assert not list(data_dir.glob("*.unused-*"))
    store_db.close()


def test_stale_wal_beside_a_restored_copy_is_moved_aside_not_applied(data_dir: Path) -> None:
    path = data_dir / "kefu.db"
    staff = _open(path)
    for i in range(20):
        cases.create_case(staff.agent, _new(f"tb_old{i}", "描述" * 300))
    store_db.close()
    backup = data_dir / "kefu.db.backup-copy"
    shutil.copyfile(path, backup)
    _write_then_die(path, [f"tb_newer{i}" for i in range(400)], checkpoint_first=True)
    wal, _shm = sidecars(path)
    assert wal.stat().st_size > 0
    shutil.copyfile(backup, path)  # the clerk restores "the backup" in Explorer
    store_db.connect(str(path))
    assert Case.select().count() == 20  # the restored copy, whole and unchanged
    assert store_db.database.execute_sql("PRAGMA quick_check").fetchone()[0] == "ok"
    assert list(data_dir.glob("kefu.db-wal.unused-*"))  # kept, but out of the way
    store_db.close()
    os.remove(backup)


def test_damage_met_while_reading_rows_is_one_line_not_a_traceback(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Damage deep in a big file, past what the bounded start-up check reads, found by export."""
    from datetime import date

    from kefu_desktop import cli
    from kefu_desktop.store import integrity

    path = data_dir / "kefu.db"
    staff = _open(path)
    for i in range(150):
        cases.create_case(staff.agent, _new(f"tb_deep{i}", "描述" * 300))
    store_db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page : (middle + 20) * page] = b"\0" * (20 * page)
    path.write_bytes(bytes(data))
    monkeypatch.setattr(integrity, "QUICK_CHECK_SECONDS", 0.0)  # as if the file were huge
    target = tmp_path / "登记表.xlsx"
    code = cli.main(
        [
            "--db",
            str(path),
            "export",
            "--month",
            date.today().strftime("%Y-%m"),
            "--out",
            str(target),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("错误：数据库文件已损坏") and "kefu-desktop restore" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
    store_db.close()


def test_database_disk_cut_off_under_an_open_desk_and_back(tmp_path: Path) -> None:
    """Every read and write of the open file fails (a share gone): words, then recovery."""
    with loop_disk(tmp_path) as disk:
        path = disk.mount_point / "kefu.db"
        staff = _open(path)
        confirmed = [cases.create_case(staff.agent, _new(f"tb_cut{i}")).case_no for i in range(4)]
        disk.cut_off()
        with pytest.raises((StorageIOError, DatabaseUnreachable, StorageReadOnly)) as caught:
            cases.create_case(staff.agent, _new("tb_during_cut"))
        _assert_words(caught.value, "没有保存", path=path)
        assert store_db.database.is_closed()  # the desk let go of the dead file by itself
        disk.unmount()
        disk.mount()  # the share is back
        kept = {c.case_no for c in Case.select(Case.case_no)}  # the desk reopens by itself
        assert set(confirmed) <= kept
        cases.create_case(staff.agent, _new("tb_after_cut"))
        store_db.close()


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (errno.ENOSPC, "磁盘空间已满"),
        (errno.EROFS, "只读"),
        (errno.EACCES, "没有访问权限"),
        (errno.EIO, "I/O 错误"),
        (errno.ENOENT, "不存在"),
        (errno.ESTALE, "网络盘"),
    ],
)
def test_os_errors_in_chinese_with_the_file(number: int, words: str) -> None:
    error = OSError(number, os.strerror(number), "D:\\售后\\登记表.xlsx")
    text = describe_os_error(error)
    assert words in text and text.endswith("：D:\\售后\\登记表.xlsx")
    assert os.strerror(number) not in text


def test_database_missing_at_start_is_not_replaced_by_an_empty_one(tmp_path: Path) -> None:
    """The share with the database is not connected when the desk starts: no fresh file."""
    share = tmp_path / "share"
    share.mkdir()
    staff = _open(share / "kefu.db")
    first = cases.create_case(staff.agent, _new("tb_known"))
    store_db.close()
    share.rename(tmp_path / "share-offline")
    share.mkdir()  # the empty mount point
    with pytest.raises(DatabaseUnreachable, match="以前使用的数据库文件现在找不到了") as caught:
        store_db.connect(str(share / "kefu.db"))
    assert "网络盘" in str(caught.value) and "kefu-desktop restore" in str(caught.value)
    assert list(share.iterdir()) == []
    share.rmdir()
    (tmp_path / "share-offline").rename(share)
    store_db.connect(str(share / "kefu.db"))
    assert [c.id for c in Case.select()] == [first.id]
    store_db.close()


def test_database_deleted_in_the_local_data_folder_starts_afresh(data_dir: Path) -> None:
    path = data_dir / "kefu.db"
    _open(path)
    store_db.close()
    path.unlink()
    store_db.connect(str(path))
    assert Case.select().count() == 0
    store_db.close()
