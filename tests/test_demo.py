"""Demo data: realistic, repeatable, and addable to an existing database."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest

from kefu_desktop.domain.couriers import COURIER_BY_CODE
from kefu_desktop.domain.kinds import SUB_KINDS, CaseKind
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth
from kefu_desktop.services.demo import DEMO_PASSWORD, RealOffice, generate_demo
from kefu_desktop.services.settings import demo_logins, logins_shown_at_login
from kefu_desktop.store import db as store_db
from kefu_desktop.store.models import Case, CaseEvent, Customer, Staff, WarehouseCheck


def test_demo_data_is_realistic(db_url: str) -> None:
    report = generate_demo(1500)
    assert report.cases == 1500 and report.events == CaseEvent.select().count()
    assert Case.select().count() == 1500
    assert {c.kind for c in Case.select(Case.kind).distinct()} == {k.value for k in CaseKind}
    for kind in CaseKind:
        subs = {c.sub_kind for c in Case.select(Case.sub_kind).where(Case.kind == kind).distinct()}
        assert subs == {s.value for s in SUB_KINDS[kind]}
    states = {c.state for c in Case.select(Case.state).distinct()}
    assert {CaseState.CLOSED, CaseState.OPEN, CaseState.WAITING_WAREHOUSE} <= set(states)
    for case in Case.select().limit(200):
        assert COURIER_BY_CODE[case.courier].matches(case.waybill_no), case.waybill_no
        assert case.order_no.isdigit()
    waiting = Case.select().where(Case.state == CaseState.WAITING_WAREHOUSE).count()
    assert WarehouseCheck.select().count() == waiting
    assert any(not c.platform_id.isascii() for c in Customer.select().limit(300))
    for role in Role:
        assert auth.list_staff(role)
    assert auth.login("kefu01", DEMO_PASSWORD).role == Role.AGENT
    assert "kefu01" in demo_logins()


def test_demo_can_be_added_twice_with_unique_numbers(db_url: str) -> None:
    generate_demo(300)
    generate_demo(300)
    assert Case.select().count() == 600
    assert Case.select(peewee.fn.COUNT(Case.case_no.distinct())).scalar() == 600
    last = Case.select().order_by(Case.id.desc()).first()
    assert last is not None and last.customer.platform_id


def test_fresh_sqlite_keeps_its_indexes(db_url: str) -> None:
    before = {i.name for i in store_db.database.obj.get_indexes("case")}
    generate_demo(200)
    assert {i.name for i in store_db.database.obj.get_indexes("case")} == before


def test_if_empty_leaves_existing_cases_alone(db_url: str) -> None:
    generate_demo(50)
    report = generate_demo(50, only_if_empty=True)
    assert report.skipped and report.existing_cases == 50
    assert Case.select().count() == 50


def test_demo_refuses_a_real_offices_database(db_url: str) -> None:
    auth.create_first_admin("boss", "老板", "secret123")
    for only_if_empty in (False, True):
        with pytest.raises(RealOffice, match="boss"):
            generate_demo(50, only_if_empty=only_if_empty)
    assert Case.select().count() == 0
    assert [s.login for s in Staff.select()] == ["boss"]
    assert demo_logins() == [] and not logins_shown_at_login()


def test_demo_refuses_once_someone_added_an_account_to_it(db_url: str) -> None:
    generate_demo(20)
    assert logins_shown_at_login()  # the demo office shows its accounts at login
    admin = auth.login("admin", DEMO_PASSWORD)
    auth.create_staff(admin, "xiaozhang", "小张", Role.AGENT, "secret123")
    with pytest.raises(RealOffice, match="xiaozhang"):
        generate_demo(20)
    assert Case.select().count() == 20


def test_cli_demo_on_a_real_office_exits_non_zero(data_dir: Path) -> None:
    from kefu_desktop.cli import main

    url = f"sqlite:///{data_dir / 'office.db'}"
    store_db.connect(url)
    auth.create_first_admin("boss", "老板", "secret123")
    store_db.close()
    assert main(["--db", url, "demo", "--cases", "10", "--if-empty"]) == 2
    store_db.connect(url)
    assert Staff.select().count() == 1 and Case.select().count() == 0
    store_db.close()


def test_quick_start_uses_its_own_demo_database(tmp_path: Path) -> None:
    """Run scripts/start-demo.sh with the installer and the app stood in for by recorders."""
    import shutil
    import subprocess

    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(Path(__file__).parents[1] / "scripts" / "start-demo.sh", root / "scripts")
    (root / "scripts" / "bootstrap.sh").write_text("exit 0\n")
    app = root / ".venv" / "bin" / "kefu-desktop"
    app.parent.mkdir(parents=True)
    log = tmp_path / "calls.log"
    app.write_text(f'#!/bin/sh\necho "db_env=${{KEFU_DB_URL:-}} args=$*" >> "{log}"\n')
    app.chmod(0o755)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "KEFU_DB_URL": "postgresql://kefu:secret@office-server/kefu",
        "KEFU_DEMO_DIR": str(tmp_path / "demo"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        ["bash", str(root / "scripts" / "start-demo.sh")], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    demo_db = tmp_path / "demo" / "kefu-demo.db"
    assert len(calls) == 2 and " demo " in calls[0]
    for call in calls:
        assert call.startswith("db_env= ") and f"--db {demo_db}" in call
        assert "office-server" not in call
