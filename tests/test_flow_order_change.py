"""Decision table for the order-change flow (撤单/改单): every branch of DOMAIN.md's order
changes, with the flag the shop's table gives each situation."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import FollowUp, flow_for
from kefu_desktop.domain.flows.explore import reachable
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.resolutions import PostagePayer, Resolution
from kefu_desktop.domain.states import CaseState

FLOW = flow_for(CaseKind.ORDER_CHANGE)
WAREHOUSE = {"oc_warehouse_note": "请找包裹拦截"}
SPECIAL = {"oc_special_kind": "courier", "oc_instruction": "改发顺丰"}


def given(request: str, state: str, **more: Any) -> dict[str, Any]:
    return {"oc_request": request, "oc_order_state": state, **more}


@pytest.mark.parametrize(
    ("answers", "expected_step"),
    [
        ({}, "oc_request"),
        ({"oc_request": "withdraw"}, "oc_order_state"),
        (given("withdraw", "not_printed"), "oc_refund"),
        (given("change", "not_printed"), "oc_change_detail"),
        (given("withdraw", "printed"), "oc_warehouse_request"),
        (given("withdraw", "printed", oc_warehouse_result="intercepted", **WAREHOUSE), "oc_refund"),
        (
            given("change", "printed", oc_warehouse_result="intercepted", **WAREHOUSE),
            "oc_change_detail",
        ),
        (
            given("change", "printed", oc_warehouse_result="shipped", **WAREHOUSE),
            "oc_shipped_way",
        ),
        (given("withdraw", "shipped"), "oc_shipped_way"),
        (given("withdraw", "shipped", oc_shipped_way="refuse"), "oc_freight"),
        (given("special", "not_printed"), "oc_special"),
        (given("special", "shipped"), "oc_special"),
    ],
)
def test_next_step(answers: dict[str, Any], expected_step: str) -> None:
    assert FLOW.next_step(answers) == expected_step


# (answers, state, resolution, flag, sub-kind, follow-up that must be there, words in the text)
TABLE: list[tuple[dict[str, Any], CaseState, Resolution | None, OrderFlag, SubKind, FollowUp, str]]
TABLE = [
    # not paid: the customer closes the deal, we do not (紫旗: not shipped)
    (given("withdraw", "unpaid"), CaseState.RESOLVED, Resolution.CUSTOMER_CLOSES,
     OrderFlag.PURPLE, SubKind.WITHDRAW, FollowUp.CUSTOMER_CLOSES, "客户自行关闭交易"),
    (given("change", "unpaid"), CaseState.RESOLVED, Resolution.CUSTOMER_CLOSES,
     OrderFlag.PURPLE, SubKind.CHANGE_ITEM, FollowUp.CUSTOMER_CLOSES, "重新拍下"),
    # paid, not printed: change (紫旗) or refund (绿旗)
    (given("change", "not_printed", oc_change_to="改为黑色L码"), CaseState.RESOLVED,
     Resolution.ORDER_CHANGED, OrderFlag.PURPLE, SubKind.CHANGE_ITEM, FollowUp.CHANGE_ORDER,
     "已付款未打单，客户改单：改为黑色L码"),
    (given("withdraw", "not_printed", refund=9900), CaseState.RESOLVED, Resolution.REFUND,
     OrderFlag.GREEN, SubKind.WITHDRAW, FollowUp.GUIDE_REFUND, "退款 ¥99.00"),
    # label printed: the warehouse looks for the parcel; the case waits (紫旗)
    (given("withdraw", "printed", **WAREHOUSE), CaseState.WAITING_WAREHOUSE, None,
     OrderFlag.PURPLE, SubKind.WITHDRAW, FollowUp.INTERCEPT_PARCEL, "已请仓库找包裹"),
    (given("withdraw", "printed", oc_warehouse_result="intercepted", refund=5000, **WAREHOUSE),
     CaseState.RESOLVED, Resolution.REFUND, OrderFlag.GREEN, SubKind.WITHDRAW,
     FollowUp.TELL_CUSTOMER, "仓库已找到包裹拦截，客户撤单"),
    (given("change", "printed", oc_warehouse_result="intercepted", oc_change_to="换成白色",
           **WAREHOUSE),
     CaseState.RESOLVED, Resolution.ORDER_CHANGED, OrderFlag.PURPLE, SubKind.CHANGE_ITEM,
     FollowUp.TELL_CUSTOMER, "客户改单：换成白色"),
    # the label cannot be found and the stub says it went out: waybill to the customer, shipped
    (given("change", "printed", oc_warehouse_result="shipped", oc_shipped_way="refuse",
           postage=1200, **WAREHOUSE),
     CaseState.RESOLVED, Resolution.SHIPPED_RETURN, OrderFlag.BLUE, SubKind.CHANGE_ITEM,
     FollowUp.COURIER_RETURN, "已告知客户运单号并标记已发货"),
    # shipped: courier returns it or the customer refuses; the freight is the customer's
    (given("withdraw", "shipped", oc_shipped_way="courier_return", postage=1000),
     CaseState.RESOLVED, Resolution.SHIPPED_RETURN, OrderFlag.BLUE, SubKind.WITHDRAW,
     FollowUp.COURIER_RETURN, "联系快递退回，退回后退款；客户原因，运费客户承担"),
    (given("withdraw", "shipped", oc_shipped_way="refuse", postage=0),
     CaseState.RESOLVED, Resolution.SHIPPED_RETURN, OrderFlag.BLUE, SubKind.WITHDRAW,
     FollowUp.COURIER_RETURN, "客户拒收"),
    # special requests: 红旗 with the instruction in the note
    (given("special", "not_printed", oc_special_can="yes", **SPECIAL), CaseState.RESOLVED,
     Resolution.SPECIAL_REQUEST, OrderFlag.RED, SubKind.SPECIAL_REQUEST,
     FollowUp.NOTE_INSTRUCTION, "特殊要求（指定快递）：改发顺丰"),
    (given("special", "shipped", oc_special_can="yes", oc_special_kind="address",
           oc_instruction="改送公司地址"),
     CaseState.RESOLVED, Resolution.SPECIAL_REQUEST, OrderFlag.RED, SubKind.SPECIAL_REQUEST,
     FollowUp.NOTE_INSTRUCTION, "改送公司地址，已发货，联系快递按要求派送"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "state", "resolution", "flag", "sub", "follow", "words"), TABLE
)
def test_outcome(
    answers: dict[str, Any],
    state: CaseState,
    resolution: Resolution | None,
    flag: OrderFlag,
    sub: SubKind,
    follow: FollowUp,
    words: str,
) -> None:
    outcome = FLOW.outcome(answers)
    assert (outcome.state, outcome.resolution, outcome.flag, outcome.sub_kind) == (
        state,
        resolution,
        flag,
        sub,
    )
    assert follow in outcome.follow_ups
    assert words in outcome.resolution_text


def test_shipped_freight_is_the_customers() -> None:
    outcome = FLOW.outcome(given("withdraw", "shipped", oc_shipped_way="refuse", postage=1500))
    assert outcome.postage_payer == PostagePayer.CUSTOMER and outcome.postage_fen == 1500
    assert outcome.money_lines() == ["邮费 ¥15.00：客户承担"]


def test_unmet_special_request_is_explained_with_the_shipping_flag() -> None:
    for state, flag in (("not_printed", OrderFlag.PURPLE), ("shipped", OrderFlag.BLUE)):
        outcome = FLOW.outcome(given("special", state, oc_special_can="no", **SPECIAL))
        assert outcome.resolution == Resolution.EXPLAINED and outcome.flag == flag


def test_waiting_for_the_warehouse_asks_it_to_find_the_parcel() -> None:
    outcome = FLOW.outcome(given("change", "printed", oc_warehouse_note="找包裹改成白色"))
    assert outcome.warehouse_request == "找包裹改成白色"
    assert outcome.resume_step == "oc_warehouse_result"


def test_the_warehouse_result_is_filled_from_its_record_when_continuing() -> None:
    waiting = given("withdraw", "printed", **WAREHOUSE)
    answers = FLOW.continue_answers(waiting, {"oc_warehouse_result": "shipped"})
    assert FLOW.next_step(answers) == "oc_shipped_way"


def test_the_note_is_reason_agent_and_date_with_the_flag() -> None:
    from datetime import date

    outcome = FLOW.outcome(given("change", "not_printed", oc_change_to="改为M码"))
    note = outcome.note(CaseKind.ORDER_CHANGE, "小美", date(2026, 11, 29))
    assert note.text == "订单变更-改单/换款：已付款未打单，客户改单：改为M码 小美 2026-11-29"
    assert note.clipboard_text() == "【紫旗】" + note.text


def test_every_flag_of_the_shop_comes_out_of_this_flow_but_yellow() -> None:
    """Yellow is the price change's flag (recorded from any case), not an order change's."""
    flags = {r.decision.outcome.flag for r in reachable(FLOW) if r.decision.outcome is not None}
    assert flags == {OrderFlag.PURPLE, OrderFlag.BLUE, OrderFlag.RED, OrderFlag.GREEN}
