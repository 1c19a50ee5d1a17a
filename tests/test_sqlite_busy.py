"""SQLite shared by several processes: writes wait for the lock, and a wait that runs out is a
plain message, never a raw "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store import db as store_db
from kefu_desktop.store.db import DatabaseBusy
from kefu_desktop.store.models import Case
from tests.conftest import Staffing


def _hold_write_lock(path: Path, seconds: float, held: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    held.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def _db_file(url: str) -> Path:
    path = store_db.sqlite_path(url)
    assert path is not None
    return path


def _new_case() -> NewCase:
    return NewCase(kind=CaseKind.QUALITY, customer_id="tb_买家")


def test_a_write_waits_for_a_colleagues_lock(sqlite_staff: Staffing, sqlite_url: str) -> None:
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(_db_file(sqlite_url), 1.0, held))
    holder.start()
    held.wait(5)
    started = time.monotonic()
    cases.create_case(sqlite_staff.agent, _new_case())
    holder.join()
    assert time.monotonic() - started >= 0.8  # it waited, then saved
    assert Case.select().count() == 1


def test_a_wait_that_runs_out_is_a_plain_message(sqlite_staff: Staffing, sqlite_url: str) -> None:
    store_db.database.execute_sql("PRAGMA busy_timeout = 300")
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(_db_file(sqlite_url), 2.0, held))
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(DatabaseBusy, match="数据库正忙") as busy:
            cases.create_case(sqlite_staff.agent, _new_case())
    finally:
        holder.join()
    assert "你填写的内容还在" in str(busy.value)
    assert Case.select().count() == 0
    cases.create_case(sqlite_staff.agent, _new_case())  # the lock is free again: it saves
    assert Case.select().count() == 1
