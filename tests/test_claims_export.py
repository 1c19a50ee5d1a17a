"""The monthly workbook's 快递理赔 sheet (claims of the month: courier, case, amounts claimed and
received, status, days open) and the logistics figures on 汇总."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl

from kefu_desktop.domain.claims import ClaimState
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import month_period
from kefu_desktop.services import cases, claims, registers
from tests.conftest import Staffing
from tests.test_claims_service import LOST_RESHIP, _claim_of, _finish
from tests.test_monthly_export import _column, _summary_value


def test_the_claims_sheet_lists_the_months_claims_with_amounts_and_state(
    staff: Staffing, tmp_path: Path
) -> None:
    agent = staff.agent
    hour_ago = f"{datetime.now() - timedelta(hours=1):%Y-%m-%d %H:%M}"
    days_ago = f"{datetime.now() - timedelta(days=3):%Y-%m-%d %H:%M}"
    paid_case = _finish(
        agent, CaseKind.LOGISTICS, LOST_RESHIP, customer_id="tb_1", asked_at=hour_ago
    )
    claim = _claim_of(paid_case)
    for target in (ClaimState.SUBMITTED, ClaimState.ACCEPTED):
        claim = claims.move_claim(agent, claim.id, claim.version, target)
    claims.move_claim(agent, claim.id, claim.version, ClaimState.PAID, received_fen=20000,
                      remark="=1+1 已到账")  # fmt: skip
    open_case = _finish(
        agent, CaseKind.LOGISTICS, {**LOST_RESHIP, "claim_amount": 5000}, customer_id="tb_2",
        waybill_no="78312345678901", courier="ZTO", asked_at=hour_ago,
    )  # fmt: skip
    _finish(agent, CaseKind.LOGISTICS, {"lg_sub_kind": "wrong_address",
            "lg_misdelivery_remedy": "courier_retrieve"}, customer_id="tb_3",
            asked_at=days_ago)  # fmt: skip
    period = month_period(date.today())
    book = openpyxl.load_workbook(
        registers.export_monthly(staff.supervisor, period, tmp_path / "月报.xlsx")
    )
    sheet = book["快递理赔"]
    assert [c.value for c in sheet[1]] == [
        "售后单号", "生成时间", "快递公司", "运单号", "问题", "索赔金额(元)", "到账金额(元)", "状态",
        "已开天数", "结案时间", "备注",
    ]  # fmt: skip
    numbers = [cases.get_case(paid_case).case_no, cases.get_case(open_case).case_no]
    assert _column(sheet, "售后单号") == numbers
    assert _column(sheet, "快递公司") == ["顺丰速运", "中通快递"]
    assert _column(sheet, "索赔金额(元)") == [208.0, 50.0]
    assert _column(sheet, "到账金额(元)") == [200.0, None]
    assert _column(sheet, "状态") == ["已赔付", "待提交"]
    assert _column(sheet, "已开天数") == [0, 0]
    assert _column(sheet, "问题") == ["物流问题-快递丢件"] * 2
    assert _column(sheet, "备注")[0] == "=1+1 已到账"  # text stays text
    assert sheet["K2"].data_type == "s"
    assert _column(sheet, "结案时间")[0] is not None and _column(sheet, "结案时间")[1] is None

    summary = book["汇总"]
    assert _summary_value(summary, "顺丰速运")[:3] == (1, 208.0, 200.0)
    assert _summary_value(summary, "中通快递")[:3] == (1, 50.0, 0)
    assert _summary_value(summary, "物流问题48小时解决达标率")[0] == 2 / 3
    assert _summary_value(summary, "物流问题48小时内解决(单)")[0] == 2
    assert _summary_value(summary, "物流问题已到期(单)")[0] == 3


def test_a_month_without_claims_says_so(staff: Staffing, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(
        registers.export_monthly(
            staff.supervisor, month_period(date(2024, 2, 1)), tmp_path / "空.xlsx"
        )
    )
    assert book["快递理赔"]["A2"].value == "本期没有快递理赔。"
