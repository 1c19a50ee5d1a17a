"""Shared fixtures: a fresh data folder, database (SQLite and PostgreSQL) and staff per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth
from kefu_desktop.services.auth import User
from kefu_desktop.store import db as store_db

PG_URL_ENV = "KEFU_TEST_PG_URL"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; nothing touches the real user's files."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("KEFU_DATA_DIR", str(folder))
    monkeypatch.delenv("KEFU_DB_URL", raising=False)
    return folder


def _reset_postgresql(url: str) -> None:
    database = store_db.open_database(url)
    database.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[str]:
    """A fresh, migrated database: SQLite in the data folder, and PostgreSQL when configured.

    The PostgreSQL variant runs when KEFU_TEST_PG_URL is set (CI sets it); under CI it must.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'kefu.db'}"
    else:
        url = os.environ.get(PG_URL_ENV, "")
        if not url:
            if os.environ.get("CI"):
                pytest.fail(f"{PG_URL_ENV} is not set: CI must run the PostgreSQL tests")
            pytest.skip(f"{PG_URL_ENV} not set")
        _reset_postgresql(url)
    store_db.connect(url)
    yield url
    store_db.close()


@pytest.fixture
def sqlite_url(data_dir: Path) -> Iterator[str]:
    """A fresh, migrated SQLite database only (GUI tests)."""
    url = f"sqlite:///{data_dir / 'kefu.db'}"
    store_db.connect(url)
    yield url
    store_db.close()


@dataclass(frozen=True)
class Staffing:
    admin: User
    agent: User
    agent2: User
    warehouse: User
    supervisor: User


PASSWORD = "secret123"


def make_staff() -> Staffing:
    admin = auth.create_first_admin("admin", "管理员", PASSWORD)
    return Staffing(
        admin=admin,
        agent=auth.create_staff(admin, "kefu01", "小美", Role.AGENT, PASSWORD),
        agent2=auth.create_staff(admin, "kefu02", "阿杰", Role.AGENT, PASSWORD),
        warehouse=auth.create_staff(admin, "cangku01", "老王", Role.WAREHOUSE, PASSWORD),
        supervisor=auth.create_staff(admin, "zhuguan01", "陈主管", Role.SUPERVISOR, PASSWORD),
    )


@pytest.fixture
def staff(db_url: str) -> Staffing:
    """One account of each role in the (parametrised) database."""
    return make_staff()


@pytest.fixture
def sqlite_staff(sqlite_url: str) -> Staffing:
    """One account of each role in a SQLite database."""
    return make_staff()


__all__ = ["PASSWORD", "Staffing", "make_staff"]
