"""Demo data: realistic, repeatable, and addable to an existing database."""

from __future__ import annotations

import peewee

from kefu_desktop.domain.couriers import COURIER_BY_CODE
from kefu_desktop.domain.kinds import SUB_KINDS, CaseKind
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth
from kefu_desktop.services.demo import DEMO_PASSWORD, generate_demo
from kefu_desktop.services.settings import demo_logins
from kefu_desktop.store import db as store_db
from kefu_desktop.store.models import Case, CaseEvent, Customer, WarehouseCheck


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
