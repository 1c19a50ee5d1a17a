"""The 退货 register counts goods actually received: what came back, in what condition, what
happens to it and when; a return still expected shows as 待退回 and counts nothing received."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.registers import Register, month_period
from kefu_desktop.domain.returns import (
    Condition,
    Disposition,
    ReceiptLine,
    ReturnProgress,
    returned_goods,
)
from kefu_desktop.services import cases, registers
from kefu_desktop.services.registers import RegisterFilter
from tests.conftest import Staffing
from tests.test_returns_service import _confirmed_wrong_item, _receive

RETURNS = RegisterFilter(register=Register.RETURN)


def test_goods_count_what_arrived_and_an_expected_return_counts_nothing() -> None:
    at = datetime(2026, 11, 3, 8, 0)
    goods = returned_goods(
        [],
        [
            ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK),
            ReceiptLine(2, Condition.DEFECTIVE, Disposition.SECONDS),
            ReceiptLine(1, Condition.MISSING, Disposition.NONE),
        ],
        [datetime(2026, 11, 2), at],
    )
    assert goods.progress == ReturnProgress.RECEIVED and goods.received == 3
    assert goods.condition_text == "完好 1、有质量问题 2、缺件（未寄回） 1"
    assert goods.disposition_text == "上架（回库存） 1、次品 2"
    assert goods.received_at == at
    waiting = returned_goods([2], [], [])
    assert waiting.progress == ReturnProgress.EXPECTED and waiting.progress.label == "待退回"
    assert (waiting.received, waiting.expected_waiting, waiting.condition_text) == (0, 2, "")
    assert returned_goods([], [], [], empty_parcels=1).progress == ReturnProgress.NOT_RECORDED
    empty = returned_goods([], [], [at], empty_parcels=1)
    assert (empty.progress, empty.received, empty.condition_text) == (
        ReturnProgress.RECEIVED,
        0,
        "空包裹",
    )


def numbers_of(case_id: int) -> str:
    return cases.get_case(case_id).case_no


def _row(staff: Staffing, case_id: int) -> registers.RegisterRow | None:
    rows = registers.list_register(staff.supervisor, RETURNS)
    return next((r for r in rows if r.id == case_id), None)


def test_receipts_put_their_goods_in_the_register_and_the_workbook(
    staff: Staffing, tmp_path: Path
) -> None:
    refund = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    waiting = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    exchange = _confirmed_wrong_item(staff, "exchange", postage=0)
    _receive(
        staff, refund, ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK),
        ReceiptLine(1, Condition.DEFECTIVE, Disposition.SCRAP, "破洞"),
    )  # fmt: skip
    _receive(staff, exchange, ReceiptLine(1, Condition.WORN, Disposition.SECONDS), waybill="YT2")

    received = _row(staff, refund)
    assert received is not None and received.goods is not None
    assert received.goods.progress == ReturnProgress.RECEIVED
    assert received.goods.received == 2
    assert received.goods.conditions == ((Condition.GOOD, 1), (Condition.DEFECTIVE, 1))
    assert received.goods.dispositions == ((Disposition.RESTOCK, 1), (Disposition.SCRAP, 1))
    assert received.goods.received_at is not None
    pending = _row(staff, waiting)
    assert pending is not None and pending.goods is not None
    assert pending.goods.progress == ReturnProgress.EXPECTED
    assert (pending.goods.received, pending.goods.conditions) == (0, ())
    assert _row(staff, exchange) is None  # an exchange is counted in 换货
    other = registers.list_register(staff.supervisor, RegisterFilter(register=Register.EXCHANGE))
    assert [r.goods for r in other] == [None]  # goods are the 退货 register's columns
    (returned,) = registers.list_register(
        staff.supervisor, RegisterFilter(register=Register.RETURN, text=numbers_of(refund))
    )
    assert returned.goods == received.goods  # a text search shows the goods too

    period = month_period(cases.get_case(refund).created_at.date().replace(day=1))
    target = registers.export_monthly(staff.supervisor, period, tmp_path / "月报.xlsx")
    sheet = openpyxl.load_workbook(target)["退货"]
    table = list(sheet.iter_rows(values_only=True))
    header = list(table[0])
    assert header[-5:] == ["退回状态", "收到件数", "收货状况", "处理方式", "入库时间"]
    by_case = {r[0]: r[-5:] for r in table[1:] if r[0] and r[0].startswith("SH")}
    numbers = {k: cases.get_case(k).case_no for k in (refund, waiting, exchange)}
    state, count, condition, disposition, at = by_case[numbers[refund]]
    assert (state, count, condition) == ("已入库", 2, "完好 1、有质量问题 1")
    assert disposition == "上架（回库存） 1、报废 1" and isinstance(at, datetime)
    assert by_case[numbers[waiting]] == ("待退回", None, None, None, None)
    assert numbers[exchange] not in by_case
    notes = [r[0] for r in table if r[0] and str(r[0]).startswith(("已入库", "待退回"))]
    assert notes == [
        "已入库：1 单，收到 2 件（完好 1、有质量问题 1）",
        "待退回：1 单 2 件（尚未收到，不计入已收到件数）",
    ]


@pytest.mark.gui
def test_the_register_browser_shows_the_goods_in_the_return_register_only(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from kefu_desktop.ui.reports.registers_view import GOODS_COLUMNS, RegistersView

    refund = _confirmed_wrong_item(sqlite_staff, "refund", refund=9900, postage=0)
    waiting = _confirmed_wrong_item(sqlite_staff, "refund", refund=9900, postage=0)
    _receive(
        sqlite_staff, refund, ReceiptLine(1, Condition.GOOD, Disposition.RESTOCK),
        ReceiptLine(1, Condition.DEFECTIVE, Disposition.SCRAP),
    )  # fmt: skip
    view = RegistersView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.resize(1300, 600)
    view.ui.dateCheck.setChecked(False)
    view.select_register(Register.RETURN)
    view.wait_idle()
    model = view.model
    cells = {
        model.row_at(r).id: [model.data(model.index(r, c)) for c in GOODS_COLUMNS]
        for r in range(model.rowCount())
    }
    assert cells[refund][:4] == ["已入库", "2", "完好 1、有质量问题 1", "上架（回库存） 1、报废 1"]
    assert cells[refund][4]  # when it was received
    assert cells[waiting] == ["待退回", "", "", "", ""]
    assert not any(view.ui.table.isColumnHidden(c) for c in GOODS_COLUMNS)
    view.select_register(Register.REFUND)
    view.wait_idle()
    assert all(view.ui.table.isColumnHidden(c) for c in GOODS_COLUMNS)
