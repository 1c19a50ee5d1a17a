"""Migration 3 on a database written before the text rule: stored text cleaned, customers that
become one merged with their cases, every change kept; SQLite backed up first. SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store import db as store_db
from kefu_desktop.store import migrations
from kefu_desktop.store.db import is_postgresql
from kefu_desktop.store.models import (
    ApprovalRequest,
    Case,
    CaseEvent,
    Customer,
    Evidence,
    Product,
    SchemaVersion,
    Staff,
    TextRepair,
    WarehouseCheck,
    WizardDraft,
)
from tests.conftest import Staffing

CLEAN_VERSION = 8


def _as_before_the_rule(db_url: str) -> None:
    """Make the database look as a version-2 app left it, then reopen it (which migrates)."""
    database = store_db.database.obj
    database.drop_tables([TextRepair])
    SchemaVersion.delete().where(SchemaVersion.version >= CLEAN_VERSION).execute()
    store_db.close()


def _case(staff: Staffing) -> int:
    return cases.create_case(staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tmp")).id


def _put_customer(case_id: int, platform_id: str) -> int:
    """Give a case a customer with an ID as an old app stored it (no rule applied)."""
    customer = Customer.create(platform_id=platform_id)
    Case.update(customer=customer.id).where(Case.id == case_id).execute()
    return int(customer.id)


def test_stored_text_is_cleaned_and_customers_merged(
    db_url: str, staff: Staffing, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    nul = "" if is_postgresql() else "\x00"  # PostgreSQL never stored a NUL
    composed, decomposed, invisible = (_case(staff) for _ in range(3))
    keeper = _put_customer(composed, "café")
    _put_customer(decomposed, "cafe\u0301")
    merged = _put_customer(invisible, "\u200bcafé\u200e")
    Evidence.create(
        case=invisible, customer=merged, rel_path="a/b.jpg", sha256="0" * 64,
        size_bytes=1, width=1, height=1,
    )  # fmt: skip
    control = _case(staff)
    _put_customer(control, f"tb\x01buyer{nul}")
    nothing = _case(staff)
    _put_customer(nothing, "\u200b")
    Customer.delete().where(Customer.platform_id == "tmp").execute()
    Case.update(
        summary="第一行\r\n第二行\x07\ufffe", sku="WT\u200b2301", waybill_no="sf 14\u200b02"
    ).where(Case.id == control).execute()
    Staff.update(display_name="小\x1b美").where(Staff.id == staff.agent.id).execute()
    Product.create(sku="P1", name="旧", unit_weight_g=100)
    Product.create(sku="P1\u200b", name="新\x02", unit_weight_g=200)
    WizardDraft.create(
        staff=staff.agent.id, kind=CaseKind.QUALITY, answers={"note": "a\x02b", "n": 1}
    )
    WarehouseCheck.create(case=control, remark=f"备\x1f注{nul}")
    ApprovalRequest.create(case=control, kind="compensation", reason="理\x0c由")
    _as_before_the_rule(db_url)

    with caplog.at_level(logging.INFO, logger="kefu.store.migrations"):
        store_db.connect(db_url)
    assert migrations.schema_version(store_db.database.obj) == migrations.CURRENT_VERSION
    if not is_postgresql():
        backups = list(data_dir.glob(f"kefu.db.v{CLEAN_VERSION - 1}-*.bak"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as backup:
            ids = {r[0] for r in backup.execute("SELECT platform_id FROM customer")}
        assert f"tb\x01buyer{nul}" in ids and "cafe\u0301" in ids  # the backup holds the old text

    # one customer for the three spellings of café, every case and photo moved, nothing lost
    assert {c.platform_id for c in Customer.select()} == {"café", "tbbuyer", "<U+200B>"}
    assert Customer.get(Customer.platform_id == "café").id == keeper
    owners = {c.id: c.customer_id for c in Case.select()}
    assert owners[composed] == owners[decomposed] == owners[invisible] == keeper
    assert Evidence.get().customer_id == keeper
    assert Case.select().count() == 5

    row = Case.get(Case.id == control)
    assert (row.summary, row.sku, row.waybill_no) == ("第一行\n第二行", "WT2301", "SF1402")
    assert Staff.get(Staff.id == staff.agent.id).display_name == "小美"
    assert [(p.sku, p.unit_weight_g, p.name) for p in Product.select()] == [("P1", 200, "新")]
    assert WizardDraft.get().answers == {"note": "ab", "n": 1}
    assert WarehouseCheck.get().remark == "备注"
    assert ApprovalRequest.get().reason == "理由"

    # every change is kept (before and after), logged, and shown in the cases' history
    kept = {(r.table_name, r.field_name, r.before): r.after for r in TextRepair.select()}
    assert kept[("customer", "platform_id", "cafe\u0301")] == "café"
    assert kept[("customer", "platform_id", "\u200bcafé\u200e")] == "café"
    assert kept[("case", "summary", "第一行\r\n第二行\x07\ufffe")] == "第一行\n第二行"
    assert kept[("staff", "display_name", "小\x1b美")] == "小美"
    assert kept[("product", "sku", "P1\u200b")] == "P1"
    assert len(caplog.records) >= len(kept) > 10
    history = {(e.case_id, e.action) for e in CaseEvent.select()}
    assert {(decomposed, "customer_merged"), (invisible, "customer_merged")} <= history
    assert (control, "text_cleaned") in history
    notes = [
        e.details["note"]
        for e in CaseEvent.select().where(
            (CaseEvent.case == control) & (CaseEvent.action == "text_cleaned")
        )
    ]
    assert any("问题描述「第一行" in n and "<U+0007>" in n for n in notes)
    assert any("买家ID「tb<U+0001>buyer" in n for n in notes)

    # idempotent: run again, nothing more changes
    before = TextRepair.select().count()
    migrations._clean_stored_text(store_db.database.obj)
    assert TextRepair.select().count() == before


def test_a_login_that_would_become_another_is_left_alone(db_url: str, staff: Staffing) -> None:
    Staff.update(login="kefu01\u200b").where(Staff.id == staff.agent2.id).execute()
    Staff.update(login="cangku\u200b01").where(Staff.id == staff.warehouse.id).execute()
    _as_before_the_rule(db_url)
    store_db.connect(db_url)
    logins = {s.id: s.login for s in Staff.select()}
    assert logins[staff.agent.id] == "kefu01"
    assert logins[staff.agent2.id] == "kefu01\u200b"  # would collide: kept, logged
    assert logins[staff.warehouse.id] == "cangku01"
