"""Decision table for the wrong-shipment flow (发错货): every branch of DOMAIN.md kind 1."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import FollowUp, flow_for
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.resolutions import PostagePayer
from kefu_desktop.domain.states import CaseState

FLOW = flow_for(CaseKind.WRONG_SHIPMENT)
REQUEST = {"request_note": "请核实底单和重量", "expected_weight_g": 850}


def answers(sub: str, **more: Any) -> dict[str, Any]:
    return {"ws_sub_kind": sub, "ws_photo_check": "confirmed", **REQUEST, **more}


@pytest.mark.parametrize(
    ("given", "expected_step"),
    [
        ({}, "ws_sub_kind"),
        ({"ws_sub_kind": "wrong_item"}, "ws_photo_check"),
        ({"ws_sub_kind": "wrong_item", "ws_photo_check": "confirmed"}, "warehouse_request"),
        (answers("wrong_item", warehouse_verdict="refuted"), "refuted_action"),
        (answers("wrong_item", warehouse_verdict="confirmed"), "remedy_exchange_refund"),
        (answers("miscopied", warehouse_verdict="confirmed"), "remedy_exchange_refund"),
        (answers("missing_item", warehouse_verdict="confirmed"), "remedy_reship_refund"),
        (answers("short_packed", warehouse_verdict="confirmed"), "remedy_reship_refund"),
        (answers("extra_item", warehouse_verdict="confirmed"), "ws_extra_customer"),
        (
            answers("extra_item", warehouse_verdict="confirmed", ws_extra_customer="keeps"),
            "ws_keeps_way",
        ),
        (
            answers("wrong_item", warehouse_verdict="confirmed", remedy_exchange_refund="exchange"),
            "exchange_money",
        ),
        (
            answers("wrong_item", warehouse_verdict="confirmed", remedy_exchange_refund="refund"),
            "refund_money",
        ),
        (
            answers("missing_item", warehouse_verdict="confirmed", remedy_reship_refund="reship"),
            "reship_money",
        ),
        (
            answers("extra_item", warehouse_verdict="confirmed", ws_extra_customer="return"),
            "return_money",
        ),
    ],
)
def test_next_step(given: dict[str, Any], expected_step: str) -> None:
    assert FLOW.next_step(given) == expected_step


# (answers, state, resolution, flag, follow-ups, refund, postage, payer)
OUTCOMES: list[tuple[str, dict[str, Any], CaseState, str, OrderFlag, set[FollowUp], int, int, str]] = [
    (
        "photos awaited",
        {"ws_sub_kind": "wrong_item", "ws_photo_check": "waiting"},
        CaseState.WAITING_CUSTOMER, "", OrderFlag.BLUE,
        {FollowUp.ASK_CUSTOMER}, 0, 0, "",
    ),
    (
        "photos match the order",
        {"ws_sub_kind": "wrong_item", "ws_photo_check": "mismatch"},
        CaseState.RESOLVED, "explained", OrderFlag.BLUE, set(), 0, 0, "",
    ),
    (
        "waits for the warehouse",
        answers("wrong_item"),
        CaseState.WAITING_WAREHOUSE, "", OrderFlag.BLUE,
        {FollowUp.WAREHOUSE_CHECK}, 0, 0, "",
    ),
    (
        "refuted, explained with the stub",
        answers("wrong_item", warehouse_verdict="refuted", refuted_action="explain"),
        CaseState.RESOLVED, "explained", OrderFlag.BLUE, set(), 0, 0, "",
    ),
    (
        "refuted, customer insists: escalated",
        answers("wrong_item", warehouse_verdict="refuted", refuted_action="escalate"),
        CaseState.ESCALATED, "", OrderFlag.BLUE, {FollowUp.ESCALATION}, 0, 0, "",
    ),
    (
        "wrong item exchanged, taken off sale, postage both ways ours",
        answers("wrong_item", warehouse_verdict="confirmed", remedy_exchange_refund="exchange",
                postage=1600),
        CaseState.RESOLVED, "exchange", OrderFlag.BLUE,
        {FollowUp.TAKE_OFF_SALE, FollowUp.EXCHANGE_ORDER}, 0, 1600, "shop",
    ),
    (
        "wrong item refunded",
        answers("wrong_item", warehouse_verdict="confirmed", remedy_exchange_refund="refund",
                refund=12900, postage=800),
        CaseState.RESOLVED, "return", OrderFlag.GREEN,
        {FollowUp.TAKE_OFF_SALE, FollowUp.GUIDE_REFUND}, 12900, 800, "shop",
    ),
    (
        "miscopied exchanged, nothing taken off sale",
        answers("miscopied", warehouse_verdict="confirmed", remedy_exchange_refund="exchange",
                postage=0),
        CaseState.RESOLVED, "exchange", OrderFlag.BLUE, {FollowUp.EXCHANGE_ORDER}, 0, 0, "shop",
    ),
    (
        "missing item reshipped",
        answers("missing_item", warehouse_verdict="confirmed", remedy_reship_refund="reship",
                postage=800),
        CaseState.RESOLVED, "reship", OrderFlag.BLUE, {FollowUp.RESHIP}, 0, 800, "shop",
    ),
    (
        "short-packed refunded",
        answers("short_packed", warehouse_verdict="confirmed", remedy_reship_refund="refund",
                refund=5000, postage=0),
        CaseState.RESOLVED, "refund", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 5000, 0, "shop",
    ),
    (
        "extra goods returned by the customer",
        answers("extra_item", warehouse_verdict="confirmed", ws_extra_customer="return",
                postage=1000),
        CaseState.RESOLVED, "extra_returned", OrderFlag.BLUE,
        {FollowUp.TAKE_OFF_SALE, FollowUp.CUSTOMER_RETURN}, 0, 1000, "shop",
    ),
    (
        "extra goods denied: stub uploaded",
        answers("extra_item", warehouse_verdict="confirmed", ws_extra_customer="denies"),
        CaseState.RESOLVED, "stub_uploaded", OrderFlag.BLUE,
        {FollowUp.TAKE_OFF_SALE, FollowUp.UPLOAD_STUB}, 0, 0, "",
    ),
    (
        "extra goods kept: courier pickup",
        answers("extra_item", warehouse_verdict="confirmed", ws_extra_customer="keeps",
                ws_keeps_way="pickup"),
        CaseState.RESOLVED, "courier_pickup", OrderFlag.RED,
        {FollowUp.TAKE_OFF_SALE, FollowUp.COURIER_PICKUP}, 0, 0, "shop",
    ),
    (
        "extra goods kept: complaints agent appeals",
        answers("extra_item", warehouse_verdict="confirmed", ws_extra_customer="keeps",
                ws_keeps_way="appeal"),
        CaseState.RESOLVED, "platform_appeal", OrderFlag.BLUE,
        {FollowUp.TAKE_OFF_SALE, FollowUp.COMPLAINTS_AGENT}, 0, 0, "",
    ),
    (
        "escalated, supervisor says explain",
        answers("wrong_item", warehouse_verdict="refuted", refuted_action="escalate",
                supervisor_decision="explain"),
        CaseState.RESOLVED, "explained", OrderFlag.BLUE, set(), 0, 0, "",
    ),
    (
        "escalated, supervisor grants 30 yuan: no second approval",
        answers("wrong_item", warehouse_verdict="refuted", refuted_action="escalate",
                supervisor_decision="compensate", compensation=3000),
        CaseState.RESOLVED, "compensation", OrderFlag.GREEN, {FollowUp.PAY_COMPENSATION},
        0, 0, "",
    ),
    (
        "escalated, supervisor grants a refund",
        answers("wrong_item", warehouse_verdict="refuted", refuted_action="escalate",
                supervisor_decision="refund", refund=9900, postage=0),
        CaseState.RESOLVED, "return", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 9900, 0, "shop",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "state", "resolution", "flag", "follow_ups", "refund", "postage", "payer"),
    [row[1:] for row in OUTCOMES],
    ids=[row[0] for row in OUTCOMES],
)
def test_outcome(
    given: dict[str, Any],
    state: CaseState,
    resolution: str,
    flag: OrderFlag,
    follow_ups: set[FollowUp],
    refund: int,
    postage: int,
    payer: str,
) -> None:
    assert FLOW.next_step(given) is None
    outcome = FLOW.outcome(given)
    assert outcome.state == state
    assert outcome.resolution_code == resolution
    assert outcome.flag == flag
    assert set(outcome.follow_ups) == follow_ups
    assert outcome.refund_fen == refund
    assert outcome.postage_fen == postage
    assert outcome.postage_payer == PostagePayer(payer)
    assert outcome.sub_kind == SubKind(given["ws_sub_kind"])
    assert outcome.is_waiting == state.is_waiting or state == CaseState.ESCALATED


def test_warehouse_request_carries_note_and_weight() -> None:
    outcome = FLOW.outcome(answers("missing_item"))
    assert outcome.warehouse_request == "请核实底单和重量"
    assert outcome.expected_weight_g == 850
    assert outcome.resume_step == "warehouse_verdict"


def test_path_lists_steps_in_order_with_answers() -> None:
    given = answers("wrong_item", warehouse_verdict="confirmed", remedy_exchange_refund="exchange",
                    postage=0)  # fmt: skip
    path = FLOW.path(given)
    assert [p["step"] for p in path] == [
        "ws_sub_kind",
        "ws_photo_check",
        "warehouse_request",
        "warehouse_verdict",
        "remedy_exchange_refund",
        "exchange_money",
    ]
    assert path[3]["answers"] == {"warehouse_verdict": "confirmed"}
    assert path[3]["mode"] == "external"


def test_note_text_names_kind_sub_kind_reason_agent_and_date() -> None:
    from datetime import date

    given = answers("wrong_item", warehouse_verdict="confirmed", remedy_exchange_refund="exchange",
                    postage=0)  # fmt: skip
    note = FLOW.outcome(given).note(CaseKind.WRONG_SHIPMENT, "小美", date(2026, 11, 23))
    assert note.text == (
        "发错货-错发：仓库核实属实，错发商品已下架，换货下单，来回邮费我方承担 小美 2026-11-23"
    )
    assert note.flag == OrderFlag.BLUE
    assert note.clipboard_text().startswith("【蓝旗】")
