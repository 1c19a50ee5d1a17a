"""Continuing waiting cases, step validation and intake validation (plain pytest)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from kefu_desktop.domain.flows import clean_step, flow_for
from kefu_desktop.domain.intake import clean_intake
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState

WS = flow_for(CaseKind.WRONG_SHIPMENT)
Q = flow_for(CaseKind.QUALITY)
WAITING_WAREHOUSE = {
    "ws_sub_kind": "wrong_item",
    "ws_photo_check": "confirmed",
    "request_note": "核实",
    "expected_weight_g": None,
}
B_LATE = {"within_3_days": "no", "worn": "no", "customer_fault": "no"}


@pytest.mark.parametrize(
    ("verdict", "expected_step"),
    [("confirmed", "remedy_exchange_refund"), ("refuted", "refuted_action")],
)
def test_warehouse_verdict_is_read_as_an_answer(verdict: str, expected_step: str) -> None:
    answers = WS.continue_answers(WAITING_WAREHOUSE, {"warehouse_verdict": verdict})
    assert answers["warehouse_verdict"] == verdict
    assert WS.next_step(answers) == expected_step


def test_pending_warehouse_check_keeps_the_case_waiting() -> None:
    answers = WS.continue_answers(WAITING_WAREHOUSE, {})
    assert WS.outcome(answers).state == CaseState.WAITING_WAREHOUSE


def test_waiting_customer_asks_the_same_step_again() -> None:
    answers = WS.continue_answers({"ws_sub_kind": "extra_item", "ws_photo_check": "waiting"}, {})
    assert "ws_photo_check" not in answers
    assert answers["ws_sub_kind"] == "extra_item"
    assert WS.next_step(answers) == "ws_photo_check"


def test_rejected_compensation_is_asked_again() -> None:
    waiting = {**B_LATE, "q_negotiate": "agreed", "compensation": 5000}
    answers = Q.continue_answers(waiting, {"approval": "rejected"})
    assert "compensation" not in answers and "approval" not in answers
    assert Q.next_step(answers) == "compensation_money"


def test_approved_compensation_resolves() -> None:
    waiting = {**B_LATE, "q_negotiate": "agreed", "compensation": 5000}
    answers = Q.continue_answers(waiting, {"approval": "approved"})
    outcome = Q.outcome(answers)
    assert outcome.state == CaseState.RESOLVED
    assert outcome.compensation_fen == 5000


def test_a_deferred_step_is_asked_when_continuing() -> None:
    waiting = {**B_LATE, "q_negotiate": "waiting"}
    assert Q.next_step(waiting) is None
    answers = Q.continue_answers(waiting, {})
    assert Q.next_step(answers) == "q_negotiate"


@pytest.mark.parametrize(
    ("waiting", "step", "verdict", "expected_step"),
    [
        ({**B_LATE, "q_negotiate": "disagrees"}, "supervisor_decision", "refund", "refund_money"),
        (
            {"within_3_days": "yes", "worn": "no", "customer_fault": "no", "q_photos": "refuses"},
            "q_back_office",
            "defect",
            "q_severity",
        ),
    ],
)
def test_a_step_answered_by_a_record_is_filled_from_it(
    waiting: dict[str, Any], step: str, verdict: str, expected_step: str
) -> None:
    assert Q.next_step(waiting) is None
    assert Q.continue_answers(waiting, {}) == waiting  # no record yet: still waiting
    answers = Q.continue_answers(waiting, {step: verdict})
    assert answers[step] == verdict
    assert Q.next_step(answers) == expected_step


def test_back_office_verdict_leads_on() -> None:
    waiting = {"within_3_days": "yes", "worn": "no", "customer_fault": "no", "q_photos": "refuses"}
    answers = {**Q.continue_answers(waiting, {"q_back_office": "defect"}), "serious": "no"}
    assert Q.next_step(answers) == "q_remedy"


def test_resolved_answers_are_returned_unchanged() -> None:
    done = {**B_LATE, "q_negotiate": "agreed", "compensation": 100}
    assert Q.continue_answers(done, {}) == done


# --- step validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step_id", "raw", "field", "message"),
    [
        ("refund_money", {"refund": "-5"}, "refund", "金额不能为负数，请输入 0 或正数。"),
        ("refund_money", {"refund": "12.345"}, "refund", "金额最多两位小数（精确到分），例如 12.50。"),
        ("refund_money", {"refund": "abc"}, "refund", "「abc」不是有效金额，请输入数字，例如 12.50。"),
        ("compensation_money", {"compensation": "1.5.0"}, "compensation",
         "「1.5.0」不是有效金额，请输入数字，例如 12.50。"),
        ("warehouse_request", {"request_note": ""}, "request_note", "请填写「核实内容」。"),
        ("warehouse_request", {"request_note": "x", "expected_weight_g": "1.2kg"},
         "expected_weight_g", "「预计重量（克）」请填写整数克数，例如 850。"),
        ("warehouse_request", {"request_note": "x", "expected_weight_g": "0"},
         "expected_weight_g", "「预计重量（克）」应在 1 到 100000 克之间。"),
        ("remedy_exchange_refund", {}, "remedy_exchange_refund", "请选择「处理方式」。"),
        ("remedy_exchange_refund", {"remedy_exchange_refund": "gift"}, "remedy_exchange_refund",
         "请从列表中选择「处理方式」。"),
    ],
)  # fmt: skip
def test_step_validation_messages(
    step_id: str, raw: dict[str, str], field: str, message: str
) -> None:
    _values, problems = clean_step(WS.steps[step_id], raw)
    assert problems[field] == message


def test_step_values_are_cleaned() -> None:
    values, problems = clean_step(WS.steps["refund_money"], {"refund": "¥12.5", "postage": ""})
    assert problems == {}
    assert values == {"refund": 1250, "postage": 0}


# --- intake validation -------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 10, 0)
GOOD = {
    "customer_id": "tb_小王",
    "order_no": "3312345678901234",
    "waybill_no": "sf 1402 3456 78901",
    "courier": "SF",
    "sku": "A123",
    "quantity": "1",
    "asked_at": "2026-11-23 09:30",
}


def test_good_intake_is_cleaned() -> None:
    values, problems = clean_intake(CaseKind.WRONG_SHIPMENT, GOOD, NOW)
    assert problems == {}
    assert values["waybill_no"] == "SF140234567890" + "1"
    assert values["quantity"] == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"customer_id": " "}, "customer_id", "请填写买家ID（旺旺ID）。"),
        ({"customer_id": "x" * 201}, "customer_id", "买家ID最多 200 个字（现在 201 个），请精简后重试。"),
        ({"customer_id": "tb\x00buyer"}, "customer_id", "买家ID里有看不见的控制字符，请重新粘贴。"),
        ({"sku": "A\ud800"}, "sku", "款号/SKU里有损坏的字符（不完整的 Unicode 编码），请重新输入或重新粘贴。"),
        ({"batch": "B\u00ad1"}, "batch", "批次里有看不见的格式字符，请重新粘贴或手动输入。"),
        ({"colour": "红\n色"}, "colour", "颜色只能填一行，不能有换行或制表符，请删除后重新填写。"),
        ({"quantity": "²"}, "quantity", "数量至少为 1，请填写整数。"),
        ({"quantity": "10000"}, "quantity", "数量最多 9999，请核对。"),
        ({"order_no": ""}, "order_no", "请填写订单号。"),
        ({"order_no": "33-12"}, "order_no", "订单号只能是数字，请从订单详情复制。"),
        ({"waybill_no": ""}, "waybill_no", "请填写运单号（可用扫描枪扫描面单条码）。"),
        ({"waybill_no": "YT7512345678901"}, "waybill_no",
         "运单号「YT7512345678901」不像顺丰速运的单号，例如 SF1402345678901。请核对快递公司和单号。"),
        ({"courier": ""}, "courier", "请选择快递公司。"),
        ({"sku": ""}, "sku", "请填写款号/SKU。"),
        ({"quantity": "0"}, "quantity", "数量至少为 1，请填写整数。"),
        ({"quantity": "1.5"}, "quantity", "数量至少为 1，请填写整数。"),
        ({"quantity": ""}, "quantity", "请填写数量。"),
        ({"asked_at": "昨天"}, "asked_at", "时间格式应为 年-月-日 时:分，例如 2026-11-23 09:30。"),
        ({"asked_at": "2026-11-24 09:30"}, "asked_at", "客户首次咨询时间不能晚于现在，请核对。"),
        ({"asked_at": ""}, "asked_at", "请填写客户首次咨询的时间。"),
    ],
)  # fmt: skip
def test_intake_validation_messages(change: dict[str, str], field: str, message: str) -> None:
    limits = {"customer_id": 200}
    _values, problems = clean_intake(CaseKind.WRONG_SHIPMENT, {**GOOD, **change}, NOW, limits)
    assert problems == {field: message}


def test_intake_text_is_nfc_and_identifiers_lose_invisible_marks() -> None:
    raw = {**GOOD, "customer_id": "\u200bcafe\u0301\u200e", "colour": "e\u0301"}
    values, problems = clean_intake(CaseKind.WRONG_SHIPMENT, raw, NOW)
    assert problems == {}
    assert (values["customer_id"], values["colour"]) == ("café", "é")


def test_quality_case_needs_no_waybill() -> None:
    _values, problems = clean_intake(
        CaseKind.QUALITY, {**GOOD, "waybill_no": "", "courier": ""}, NOW
    )
    assert problems == {}
