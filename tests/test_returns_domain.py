"""The rules of returns, without a database: which outcomes expect goods back, how a receipt is
graded, what the agent is told, and the defect rate by style."""

from __future__ import annotations

import pytest

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.resolutions import Resolution
from kefu_desktop.domain.returns import (
    RESOLUTIONS_SENDING_BACK,
    AfterReceipt,
    Condition,
    Disposition,
    ReceiptLine,
    ReturnReason,
    attention_after_receipt,
    defects_by_style,
    grade,
    return_reason,
    step_after_receipt,
)

GOOD = Condition.GOOD


def line(
    quantity: int, condition: Condition, disposition: Disposition | None = None
) -> ReceiptLine:
    if disposition is None:
        disposition = Disposition.NONE if condition == Condition.MISSING else Disposition.RESTOCK
    return ReceiptLine(quantity, condition, disposition)


@pytest.mark.parametrize(
    ("resolution", "sub_kind", "back_office", "reason"),
    [
        ("return", None, False, ReturnReason.RETURN_REFUND),
        ("exchange", "wrong_item", False, ReturnReason.EXCHANGE),
        ("return", "refused", False, ReturnReason.REFUSED),
        ("exchange", "refused", False, ReturnReason.REFUSED),
        ("extra_returned", "extra_item", False, ReturnReason.EXTRA_RETURNED),
        ("courier_pickup", "extra_item", False, ReturnReason.COURIER_PICKUP),
        ("customer_repair", "customer_fault", False, ReturnReason.REPAIR),
        ("return_reship", "unreachable", False, ReturnReason.RETURN_RESHIP),
        ("", "within_window", True, ReturnReason.BACK_OFFICE),
        ("refund", "missing_item", False, None),
        ("reship", None, False, None),
        ("keep_extra", None, False, None),
        ("compensation", None, False, None),
        ("", None, False, None),
        ("no_such_code", None, False, None),
    ],
)
def test_which_outcomes_send_goods_back(
    resolution: str, sub_kind: str | None, back_office: bool, reason: ReturnReason | None
) -> None:
    assert return_reason(resolution, sub_kind, back_office) == reason


def test_every_resolution_that_sends_goods_back_has_a_reason() -> None:
    for resolution in Resolution:
        expected = resolution in RESOLUTIONS_SENDING_BACK
        assert (return_reason(resolution, None, False) is not None) == expected, resolution


def test_grading_counts_what_arrived_and_what_is_missing() -> None:
    graded = grade(3, [line(1, GOOD), line(1, Condition.DEFECTIVE, Disposition.SECONDS)], False)
    assert (graded.arrived, graded.good, graded.defective, graded.missing) == (2, 1, 1, 1)
    assert graded.short and graded.back_office_verdict == "defect"
    assert graded.summary() == "收到 2/3 件：完好 1，有质量问题 1；缺 1 件"
    worn = grade(1, [line(1, Condition.WORN, Disposition.SECONDS)], False)
    assert worn.back_office_verdict == "no_defect" and not worn.short
    wrong = grade(1, [line(1, Condition.WRONG_ITEM, Disposition.BACK_TO_CUSTOMER)], False)
    assert (wrong.arrived, wrong.missing, wrong.back_office_verdict) == (0, 1, None)
    empty = grade(2, [], True)
    assert empty.empty and empty.missing == 2 and empty.back_office_verdict is None
    assert empty.summary() == "空包裹（应退 2 件，未收到商品）"
    said_missing = grade(2, [line(1, GOOD), line(1, Condition.MISSING)], False)
    assert said_missing.missing == 1


@pytest.mark.parametrize(
    ("expected", "lines", "empty", "message"),
    [
        (2, [line(3, GOOD)], False, "超过应退回的 2 件"),
        (2, [line(1, GOOD), line(1, Condition.WORN), line(1, Condition.DEFECTIVE)], False, "超过"),
        (2, [line(0, GOOD)], False, "数量应为 1 到 999"),
        (2, [line(1000, GOOD)], False, "数量应为 1 到 999"),
        (2, [line(1, GOOD, Disposition.NONE)], False, "第 1 行（完好）请选择处理方式"),
        (2, [], False, "请登记收到的商品"),
        (2, [line(2, Condition.MISSING)], False, "请登记收到的商品"),
        (2, [line(1, GOOD)], True, "空包裹"),
        (2, [line(2, GOOD), line(1, Condition.MISSING)], False, "只可能缺 0 件"),
    ],
)
def test_bad_receipts_are_refused_in_plain_words(
    expected: int, lines: list[ReceiptLine], empty: bool, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        grade(expected, lines, empty)


def test_what_the_agent_is_told() -> None:
    full = grade(1, [line(1, GOOD)], False)
    defect = grade(1, [line(1, Condition.DEFECTIVE, Disposition.SECONDS)], False)
    short = grade(2, [line(1, GOOD)], False)
    empty = grade(1, [], True)
    told = attention_after_receipt
    assert told(full, ReturnReason.RETURN_REFUND, "return") == "退货已入库，可同意退款"
    assert told(full, ReturnReason.REFUSED, "exchange") == "退货已入库，可发出换货"
    assert (
        told(defect, ReturnReason.BACK_OFFICE, "")
        == "退货已入库，后道核实：确认质量问题，请继续处理"
    )
    assert (
        told(full, ReturnReason.BACK_OFFICE, "") == "退货已入库，后道核实：非质量问题，请继续处理"
    )
    assert (
        told(full, ReturnReason.EXTRA_RETURNED, "extra_returned")
        == "退货已入库（收到 1/1 件：完好 1）"
    )
    assert told(short, ReturnReason.RETURN_REFUND, "return").startswith("退货少 1 件")
    assert told(empty, ReturnReason.EXCHANGE, "exchange") == "退回包裹为空，请联系客户核实"
    assert step_after_receipt(ReturnReason.RETURN_REFUND, "return") == AfterReceipt.AGREE_REFUND
    assert step_after_receipt(ReturnReason.EXCHANGE, "exchange") == AfterReceipt.SEND_EXCHANGE
    assert step_after_receipt(ReturnReason.COURIER_PICKUP, "courier_pickup") is None


def test_defect_rate_by_style() -> None:
    styles = defects_by_style(
        [
            ("A1", Condition.GOOD, 3),
            ("A1", Condition.DEFECTIVE, 1),
            ("B2", Condition.DEFECTIVE, 2),
            ("B2", Condition.WORN, 2),
            ("C3", Condition.WRONG_ITEM, 5),
            ("C3", Condition.MISSING, 1),
            ("", Condition.DEFECTIVE, 9),
        ]
    )
    assert [(s.sku, s.received, s.defective, s.worn) for s in styles] == [
        ("B2", 4, 2, 2),
        ("A1", 4, 1, 0),
    ]
    assert styles[0].defect_rate == 0.5
