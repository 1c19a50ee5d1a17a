"""From the wizard's finish through the services to the register list and the monthly workbook.

Each case is walked as an agent would (the warehouse and the supervisor record their parts on
their own desks' services); then the registers and the workbook must show it where the rules
put it, in Chinese, with its money.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import Register, month_period
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, registers, warehouse
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.auth import User
from kefu_desktop.services.registers import RegisterFilter
from kefu_desktop.store.models import ApprovalRequest, WarehouseCheck
from kefu_desktop.store.settings import write_setting
from tests.conftest import Staffing
from tests.test_wizard_service import INTAKE

WS_CONFIRMED = {"ws_photo_check": "confirmed", "request_note": "请核实", "expected_weight_g": None}


def _new(agent: User, kind: CaseKind, customer: str) -> wz.DraftView:
    draft = wz.start_draft(agent, kind)
    values, problems = wz.check_intake(kind, {**INTAKE, "customer_id": customer})
    assert problems == {}
    return wz.save_intake(agent, draft.id, values)


def _finish(agent: User, draft: wz.DraftView, **answers: Any) -> wz.CaseDetail:
    return wz.finish(agent, draft.id, {**draft.answers, **answers})


def _warehouse_says(staff: Staffing, case_id: int, outcome: warehouse.CheckState) -> None:
    check = WarehouseCheck.get(
        (WarehouseCheck.case == case_id) & (WarehouseCheck.state == "pending")
    )
    warehouse.record_verdict(
        staff.warehouse, check.id, check.version, warehouse.Verdict(outcome, True, True, 900)
    )


def _after_warehouse(
    staff: Staffing, kind: CaseKind, customer: str, first: dict[str, Any],
    outcome: warehouse.CheckState, then: dict[str, Any],
) -> int:  # fmt: skip
    detail = _finish(staff.agent, _new(staff.agent, kind, customer), **first)
    assert detail.state == CaseState.WAITING_WAREHOUSE
    _warehouse_says(staff, detail.id, outcome)
    resumed = wz.continue_case(staff.agent, detail.id)
    done = _finish(staff.agent, resumed, **then)
    assert done.state == CaseState.RESOLVED
    return done.id


@pytest.fixture
def walked(staff: Staffing) -> dict[str, int]:
    confirmed, refuted = warehouse.CheckState.CONFIRMED, warehouse.CheckState.REFUTED
    made = {
        "appeal": _after_warehouse(
            staff, CaseKind.WRONG_SHIPMENT, "tb_上诉",
            {"ws_sub_kind": "extra_item", **WS_CONFIRMED}, confirmed,
            {"ws_extra_customer": "keeps", "ws_keeps_way": "appeal"},
        ),
        "extra_back": _after_warehouse(
            staff, CaseKind.WRONG_SHIPMENT, "tb_寄回",
            {"ws_sub_kind": "extra_item", **WS_CONFIRMED}, confirmed,
            {"ws_extra_customer": "return", "postage": 1200},
        ),
        "courier_paid": _after_warehouse(
            staff, CaseKind.DAMAGED_PARCEL, "tb_物流赔",
            {"dp_sub_kind": "signed_missing", "request_note": "请核实", "expected_weight_g": None},
            refuted, {"dp_courier_claim": "agreed", "courier_amount": 5000},
        ),
    }  # fmt: skip
    returned = _new(staff.agent, CaseKind.QUALITY, "tb_退货")
    made["returned"] = _finish(
        staff.agent, returned, within_3_days="yes", worn="no", customer_fault="no",
        q_photos="sent", defect="yes", serious="no", q_remedy="refund", refund=15900, postage=0,
    ).id  # fmt: skip
    escalated = _finish(
        staff.agent, _new(staff.agent, CaseKind.QUALITY, "tb_升级"), within_3_days="no",
        worn="yes", customer_fault="no", q_negotiate="disagrees",
    )  # fmt: skip
    request = ApprovalRequest.get(ApprovalRequest.case == escalated.id)
    approvals.approve(
        staff.supervisor, request.id, request.version, "补偿客户", amount_fen=3000,
        escalation="compensate",
    )  # fmt: skip
    resumed = wz.continue_case(staff.agent, escalated.id)
    made["escalated"] = _finish(staff.agent, resumed).id
    return made


def _register_ids(user: User, register: Register) -> set[int]:
    return {r.id for r in registers.list_register(user, RegisterFilter(register))}


def test_register_lists_hold_each_case_where_the_rules_put_it(
    staff: Staffing, walked: dict[str, int]
) -> None:
    user = staff.supervisor
    expected = {
        Register.DISPUTE: {walked["appeal"]},
        Register.RETURN: {walked["extra_back"], walked["returned"]},
        Register.REFUND: {walked["returned"]},
        Register.DAMAGED: {walked["courier_paid"]},
        Register.EXCHANGE: set(),
        Register.RESHIP: set(),
    }
    for register, ids in expected.items():
        assert _register_ids(user, register) == ids, register
    rows = {r.id: r for r in registers.list_register(user, RegisterFilter(Register.RETURN))}
    assert rows[walked["extra_back"]].resolution_label == "客户寄回多发商品"
    assert rows[walked["returned"]].resolution_label == "退货退款"
    assert rows[walked["returned"]].refund_fen == 15900
    damaged = registers.list_register(user, RegisterFilter(Register.DAMAGED))[0]
    assert (damaged.resolution_label, damaged.courier_fen) == ("物流赔偿", 5000)
    appeal = registers.list_register(user, RegisterFilter(Register.DISPUTE))[0]
    assert appeal.resolution_label == "交投诉客服上诉"
    assert wz.cases.get_case(walked["escalated"]).compensation_fen == 3000


def test_the_monthly_workbook_shows_the_same(
    staff: Staffing, walked: dict[str, int], tmp_path: Path
) -> None:
    write_setting("archive_root", str(tmp_path / "archive"))
    target = registers.export_monthly(
        staff.supervisor, month_period(date.today()), tmp_path / "月报.xlsx"
    )
    book = load_workbook(target)

    def column(sheet: str, header: str) -> list[Any]:
        rows = list(book[sheet].iter_rows(values_only=True))
        index = rows[0].index(header)
        table = itertools.takewhile(any, rows[1:])  # the 退货 sheet's totals follow a blank row
        return [r[index] for r in table]

    assert column("客户维权", "处理结果") == ["交投诉客服上诉"]
    assert sorted(column("退货", "处理结果")) == sorted(["客户寄回多发商品", "退货退款"])
    assert column("申请退款", "退款(元)") == [159.0]
    assert column("货物破损", "物流赔偿(元)") == [50.0]
    assert column("货物破损", "赔偿/补偿(元)") == [None]
    detail = dict(zip(column("明细", "买家ID"), column("明细", "处理结果"), strict=True))
    assert detail["tb_升级"] == "协商补偿"
    assert all(label and not label.isascii() for label in detail.values())
    agents = {r[0]: r for r in book["客服考核"].iter_rows(min_row=2, values_only=True)}
    assert agents["小美"][9] == pytest.approx(159.0 + 30.0)  # refund + compensation paid out


def test_the_case_shows_what_the_courier_paid(staff: Staffing, walked: dict[str, int]) -> None:
    from kefu_desktop.ui.cases.main_window import _detail_html

    detail = wz.cases.get_case(walked["courier_paid"])
    assert (detail.courier_fen, detail.compensation_fen) == (5000, 0)
    assert "物流赔偿 ¥50.00" in _detail_html(detail)
