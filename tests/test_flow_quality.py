"""Decision table for the quality flow (质量问题): branches A, B, C and production feedback."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import FollowUp, flow_for
from kefu_desktop.domain.flows.quality import needs_production_feedback, sub_kind_of
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState

FLOW = flow_for(CaseKind.QUALITY)
A = {"within_3_days": "yes", "worn": "no", "customer_fault": "no"}
B_LATE = {"within_3_days": "no", "worn": "no", "customer_fault": "no"}
B_WORN = {"within_3_days": "yes", "worn": "yes", "customer_fault": "no"}
C = {"within_3_days": "yes", "worn": "no", "customer_fault": "yes"}
A_PHOTOS = {**A, "q_photos": "sent", "defect": "yes", "serious": "no"}


@pytest.mark.parametrize(
    ("within", "worn", "fault", "expected"),
    [
        (True, False, False, SubKind.WITHIN_WINDOW),
        (False, False, False, SubKind.LATE_OR_WORN),
        (True, True, False, SubKind.LATE_OR_WORN),
        (False, True, False, SubKind.LATE_OR_WORN),
        (True, False, True, SubKind.CUSTOMER_FAULT),
        (False, True, True, SubKind.CUSTOMER_FAULT),
    ],
)
def test_branch_from_facts(within: bool, worn: bool, fault: bool, expected: SubKind) -> None:
    assert sub_kind_of(within, worn, fault) == expected


@pytest.mark.parametrize(
    ("given", "expected_step"),
    [
        ({}, "q_facts"),
        (A, "q_photos"),
        ({**A, "q_photos": "sent"}, "q_photo_verdict"),
        (A_PHOTOS, "q_remedy"),
        ({**A_PHOTOS, "q_remedy": "refund"}, "refund_money"),
        ({**A_PHOTOS, "q_remedy": "exchange"}, "exchange_money"),
        ({**A_PHOTOS, "q_remedy": "self_repair"}, "compensation_money"),
        ({**A_PHOTOS, "q_remedy": "discount"}, "compensation_money"),
        ({**A_PHOTOS, "defect": "no"}, "q_negotiate"),
        (B_LATE, "q_negotiate"),
        (B_WORN, "q_negotiate"),
        ({**B_LATE, "q_negotiate": "agreed"}, "compensation_money"),
        (C, "q_goodwill"),
        ({**C, "q_goodwill": "goodwill"}, "compensation_money"),
    ],
)
def test_next_step(given: dict[str, Any], expected_step: str) -> None:
    assert FLOW.next_step(given) == expected_step


OUTCOMES: list[tuple[str, dict[str, Any], CaseState, str, OrderFlag, set[FollowUp], int, int, str]] = [
    ("A: photos awaited", {**A, "q_photos": "waiting"},
     CaseState.WAITING_CUSTOMER, "", OrderFlag.BLUE, {FollowUp.ASK_CUSTOMER},
     0, 0, ""),
    ("A: no photos, goods back for the back office", {**A, "q_photos": "refuses"},
     CaseState.WAITING_RETURN, "", OrderFlag.BLUE, {FollowUp.BACK_OFFICE_CHECK},
     0, 0, ""),
    ("A: return and refund", {**A_PHOTOS, "q_remedy": "refund", "refund": 15900, "postage": 0},
     CaseState.RESOLVED, "return", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 15900, 0, "shop"),
    ("A: exchange", {**A_PHOTOS, "q_remedy": "exchange", "postage": 1600},
     CaseState.RESOLVED, "exchange", OrderFlag.BLUE, {FollowUp.EXCHANGE_ORDER}, 0, 0, "shop"),
    ("A: self-repair allowance within the limit",
     {**A_PHOTOS, "q_remedy": "self_repair", "compensation": 1500},
     CaseState.RESOLVED, "repair_allowance", OrderFlag.GREEN, {FollowUp.PAY_COMPENSATION},
     0, 1500, ""),
    ("A: discount of exactly 20 yuan needs nobody",
     {**A_PHOTOS, "q_remedy": "discount", "compensation": 2000},
     CaseState.RESOLVED, "discount", OrderFlag.GREEN, {FollowUp.PAY_COMPENSATION}, 0, 2000, ""),
    ("A: discount above 20 yuan waits for the supervisor",
     {**A_PHOTOS, "q_remedy": "discount", "compensation": 2001},
     CaseState.WAITING_SUPERVISOR, "", OrderFlag.BLUE, {FollowUp.APPROVAL},
     0, 0, ""),
    ("A: supervisor approved the discount",
     {**A_PHOTOS, "q_remedy": "discount", "compensation": 3000, "approval": "approved"},
     CaseState.RESOLVED, "discount", OrderFlag.GREEN, {FollowUp.PAY_COMPENSATION}, 0, 3000, ""),
    ("A: photos show no defect, negotiated compensation",
     {**A_PHOTOS, "defect": "no", "q_negotiate": "agreed", "compensation": 500},
     CaseState.RESOLVED, "compensation", OrderFlag.GREEN, {FollowUp.PAY_COMPENSATION},
     0, 500, ""),
    ("A: serious defect is reported to production",
     {**A_PHOTOS, "serious": "yes", "q_remedy": "exchange", "postage": 0},
     CaseState.RESOLVED, "exchange", OrderFlag.BLUE,
     {FollowUp.EXCHANGE_ORDER, FollowUp.PRODUCTION_FEEDBACK}, 0, 0, "shop"),
    ("A: back office confirms the defect",
     {**A, "q_photos": "refuses", "q_back_office": "defect", "serious": "no", "q_remedy": "refund",
      "refund": 9900, "postage": 1200},
     CaseState.RESOLVED, "return", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 9900, 0, "shop"),
    ("A: back office finds no defect, back to negotiating",
     {**A, "q_photos": "refuses", "q_back_office": "no_defect", "q_negotiate": "waiting"},
     CaseState.WAITING_CUSTOMER, "", OrderFlag.BLUE, {FollowUp.ASK_CUSTOMER},
     0, 0, ""),
    ("B: customer agrees to compensation", {**B_WORN, "q_negotiate": "agreed",
                                            "compensation": 1000},
     CaseState.RESOLVED, "compensation", OrderFlag.GREEN, {FollowUp.PAY_COMPENSATION},
     0, 1000, ""),
    ("B: customer agrees, above the limit", {**B_LATE, "q_negotiate": "agreed",
                                             "compensation": 5000},
     CaseState.WAITING_SUPERVISOR, "", OrderFlag.BLUE, {FollowUp.APPROVAL},
     0, 0, ""),
    ("B: customer disagrees, escalated", {**B_LATE, "q_negotiate": "disagrees"},
     CaseState.ESCALATED, "", OrderFlag.BLUE, {FollowUp.ESCALATION}, 0, 0, ""),
    ("B: answer awaited", {**B_LATE, "q_negotiate": "waiting"},
     CaseState.WAITING_CUSTOMER, "", OrderFlag.BLUE, {FollowUp.ASK_CUSTOMER},
     0, 0, ""),
    ("B: supervisor decides a refund",
     {**B_LATE, "q_negotiate": "disagrees", "supervisor_decision": "refund", "refund": 4000,
      "postage": 0},
     CaseState.RESOLVED, "return", OrderFlag.GREEN, {FollowUp.GUIDE_REFUND}, 4000, 0, "shop"),
    ("C: explained", {**C, "q_goodwill": "explain"},
     CaseState.RESOLVED, "explained", OrderFlag.BLUE, set(), 0, 0, ""),
    ("C: goodwill compensation", {**C, "q_goodwill": "goodwill", "compensation": 500},
     CaseState.RESOLVED, "goodwill", OrderFlag.GREEN, {FollowUp.PAY_COMPENSATION}, 0, 500, ""),
    ("C: repair at the customer's cost", {**C, "q_goodwill": "paid_repair"},
     CaseState.RESOLVED, "customer_repair", OrderFlag.BLUE, {FollowUp.CUSTOMER_RETURN},
     0, 0, "customer"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "state", "resolution", "flag", "follow_ups", "refund", "compensation", "payer"),
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
    compensation: int,
    payer: str,
) -> None:
    assert FLOW.next_step(given) is None
    outcome = FLOW.outcome(given)
    assert (outcome.state, outcome.resolution_code, outcome.flag) == (state, resolution, flag)
    assert set(outcome.follow_ups) == follow_ups
    assert (outcome.refund_fen, outcome.compensation_fen) == (refund, compensation)
    assert outcome.postage_payer == payer


def test_compensation_above_limit_asks_for_approval_of_that_amount() -> None:
    outcome = FLOW.outcome({**B_LATE, "q_negotiate": "agreed", "compensation": 5000})
    assert outcome.approval_kind == "compensation"
    assert outcome.approval_amount_fen == 5000
    assert outcome.resume_step == "approval"


def test_escalation_asks_for_an_escalation_request() -> None:
    outcome = FLOW.outcome({**B_LATE, "q_negotiate": "disagrees"})
    assert outcome.approval_kind == "escalation"
    assert outcome.resume_step == "supervisor_decision"


@pytest.mark.parametrize(
    ("similar", "serious", "expected"),
    [(0, False, False), (1, False, False), (2, False, True), (0, True, True)],
)
def test_production_feedback_rule(similar: int, serious: bool, expected: bool) -> None:
    """`similar` counts the other customers: with this one, three customers are reported."""
    assert needs_production_feedback(similar, serious) is expected


def test_many_reports_of_the_same_batch_go_to_production() -> None:
    outcome = FLOW.outcome({**B_LATE, "q_negotiate": "agreed", "compensation": 500,
                            "similar_reports": 3})  # fmt: skip
    assert FollowUp.PRODUCTION_FEEDBACK in outcome.follow_ups
