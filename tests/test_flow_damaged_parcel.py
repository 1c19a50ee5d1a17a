"""Decision table for the damaged-parcel flow (破包): every branch of DOMAIN.md kind 2."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import FollowUp, flow_for
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState

FLOW = flow_for(CaseKind.DAMAGED_PARCEL)
MISSING = {
    "dp_sub_kind": "signed_missing",
    "request_note": "核实底单重量",
    "expected_weight_g": None,
}
DAMAGED = {"dp_sub_kind": "contents_damaged", "dp_damage_evidence": "received"}


@pytest.mark.parametrize(
    ("given", "expected_step"),
    [
        ({}, "dp_sub_kind"),
        ({"dp_sub_kind": "refused"}, "remedy_exchange_refund"),
        ({"dp_sub_kind": "signed_missing"}, "warehouse_request"),
        ({**MISSING, "warehouse_verdict": "confirmed"}, "remedy_reship_refund"),
        ({**MISSING, "warehouse_verdict": "refuted"}, "dp_courier_claim"),
        (
            {**MISSING, "warehouse_verdict": "refuted", "dp_courier_claim": "agreed"},
            "dp_courier_amount",
        ),
        (
            {**MISSING, "warehouse_verdict": "refuted", "dp_courier_claim": "failed"},
            "remedy_reship_refund",
        ),
        ({"dp_sub_kind": "contents_damaged"}, "dp_damage_evidence"),
        (DAMAGED, "dp_courier_coord"),
        ({**DAMAGED, "dp_courier_coord": "courier_pays"}, "remedy_exchange_refund"),
        ({**DAMAGED, "dp_courier_coord": "shop_bears"}, "remedy_exchange_refund"),
    ],
)
def test_next_step(given: dict[str, Any], expected_step: str) -> None:
    assert FLOW.next_step(given) == expected_step


OUTCOMES: list[tuple[str, dict[str, Any], CaseState, str, OrderFlag, set[FollowUp], int, int]] = [
    (
        "refused, exchanged",
        {"dp_sub_kind": "refused", "remedy_exchange_refund": "exchange", "postage": 1200},
        CaseState.RESOLVED, "exchange", OrderFlag.BLUE, {FollowUp.EXCHANGE_ORDER}, 0, 1200,
    ),
    (
        "refused, refunded",
        {"dp_sub_kind": "refused", "remedy_exchange_refund": "refund", "refund": 19900,
         "postage": 0},
        CaseState.RESOLVED, "return", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 19900, 0,
    ),
    (
        "signed missing: waits for the warehouse",
        MISSING,
        CaseState.WAITING_WAREHOUSE, "", OrderFlag.BLUE,
        {FollowUp.WAREHOUSE_CHECK}, 0, 0,
    ),
    (
        "warehouse short-packed: reship",
        {**MISSING, "warehouse_verdict": "confirmed", "remedy_reship_refund": "reship",
         "postage": 800},
        CaseState.RESOLVED, "reship", OrderFlag.BLUE, {FollowUp.RESHIP}, 0, 800,
    ),
    (
        "warehouse short-packed: refund the missing part",
        {**MISSING, "warehouse_verdict": "confirmed", "remedy_reship_refund": "refund",
         "refund": 3000, "postage": 0},
        CaseState.RESOLVED, "refund", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 3000, 0,
    ),
    (
        "lost in transit: courier compensates",
        {**MISSING, "warehouse_verdict": "refuted", "dp_courier_claim": "agreed",
         "courier_amount": 5000},
        CaseState.RESOLVED, "courier_compensation", OrderFlag.BLUE, {FollowUp.COURIER_CLAIM},
        0, 0,
    ),
    (
        "lost in transit: courier refuses, we reship",
        {**MISSING, "warehouse_verdict": "refuted", "dp_courier_claim": "failed",
         "remedy_reship_refund": "reship", "postage": 800},
        CaseState.RESOLVED, "reship", OrderFlag.BLUE, {FollowUp.COURIER_CLAIM, FollowUp.RESHIP},
        0, 800,
    ),
    (
        "contents damaged: evidence awaited",
        {"dp_sub_kind": "contents_damaged", "dp_damage_evidence": "waiting"},
        CaseState.WAITING_CUSTOMER, "", OrderFlag.BLUE,
        {FollowUp.ASK_CUSTOMER}, 0, 0,
    ),
    (
        "contents damaged, courier liable, exchanged",
        {**DAMAGED, "dp_courier_coord": "courier_pays", "remedy_exchange_refund": "exchange",
         "postage": 0},
        CaseState.RESOLVED, "exchange", OrderFlag.BLUE,
        {FollowUp.COURIER_CLAIM, FollowUp.EXCHANGE_ORDER}, 0, 0,
    ),
    (
        "contents damaged, we bear it, refunded",
        {**DAMAGED, "dp_courier_coord": "shop_bears", "remedy_exchange_refund": "refund",
         "refund": 8800, "postage": 600},
        CaseState.RESOLVED, "return", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 8800, 600,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "state", "resolution", "flag", "follow_ups", "refund", "postage"),
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
) -> None:
    assert FLOW.next_step(given) is None
    outcome = FLOW.outcome(given)
    assert (outcome.state, outcome.resolution_code, outcome.flag) == (state, resolution, flag)
    assert set(outcome.follow_ups) == follow_ups
    assert (outcome.refund_fen, outcome.postage_fen) == (refund, postage)
    assert outcome.sub_kind == SubKind(given["dp_sub_kind"])
    if state == CaseState.RESOLVED and resolution != "courier_compensation":
        assert outcome.postage_payer == "shop"


def test_courier_compensation_amount_is_in_the_note_not_our_money() -> None:
    outcome = FLOW.outcome(
        {
            **MISSING,
            "warehouse_verdict": "refuted",
            "dp_courier_claim": "agreed",
            "courier_amount": 5000,
        }
    )
    assert "物流赔偿 ¥50.00" in outcome.resolution_text
    assert outcome.compensation_fen == 0
