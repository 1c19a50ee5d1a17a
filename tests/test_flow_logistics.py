"""Decision table for the logistics flow (物流问题): every branch of DOMAIN.md's logistics rules.

Whose fault it is decides who pays postage (the courier's fault never costs the customer), a
delayed parcel gets the receipt deadline extended, and the courier's fault opens a claim.
"""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import FollowUp, flow_for
from kefu_desktop.domain.flows.explore import reachable
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.registers import Register, registers_for
from kefu_desktop.domain.states import CaseState

FLOW = flow_for(CaseKind.LOGISTICS)
UNREACHABLE = {"lg_sub_kind": "unreachable"}
WRONG = {"lg_sub_kind": "wrong_address"}
LOST = {"lg_sub_kind": "lost"}
BROKEN = {"lg_sub_kind": "courier_damaged"}
BROKEN_IN = {**BROKEN, "lg_damage_evidence": "received"}


@pytest.mark.parametrize(
    ("given", "expected_step"),
    [
        ({}, "lg_sub_kind"),
        (UNREACHABLE, "lg_unreachable_cause"),
        ({**UNREACHABLE, "lg_unreachable_cause": "courier"}, "lg_unreachable_remedy"),
        (
            {**UNREACHABLE, "lg_unreachable_cause": "courier", "lg_unreachable_remedy": "ems_forward"},
            "lg_extra_postage",
        ),
        (
            {**UNREACHABLE, "lg_unreachable_cause": "courier",
             "lg_unreachable_remedy": "ems_forward", "postage": 1500},
            "lg_claim",
        ),
        (WRONG, "lg_misdelivery_remedy"),
        ({**WRONG, "lg_misdelivery_remedy": "reship"}, "reship_money"),
        ({**WRONG, "lg_misdelivery_remedy": "reship", "postage": 800}, "lg_claim"),
        (LOST, "lg_lost_remedy"),
        ({**LOST, "lg_lost_remedy": "reship"}, "reship_money"),
        ({**LOST, "lg_lost_remedy": "refund"}, "refund_money"),
        ({**LOST, "lg_lost_remedy": "refund", "refund": 9900, "postage": 0}, "lg_claim"),
        (BROKEN, "lg_damage_evidence"),
        (BROKEN_IN, "remedy_exchange_refund"),
        ({**BROKEN_IN, "remedy_exchange_refund": "exchange"}, "exchange_money"),
        ({**BROKEN_IN, "remedy_exchange_refund": "refund"}, "refund_money"),
    ],
)  # fmt: skip
def test_next_step(given: dict[str, Any], expected_step: str) -> None:
    assert FLOW.next_step(given) == expected_step


def _unreachable(cause: str, way: str, postage: int, **more: Any) -> dict[str, Any]:
    return {
        **UNREACHABLE,
        "lg_unreachable_cause": cause,
        "lg_unreachable_remedy": way,
        "postage": postage,
        **more,
    }


# name, answers, resolution, flag, postage payer, postage, claim, extends receipt, follow-ups
ROWS: list[tuple[str, dict[str, Any], str, OrderFlag, str, int, int, bool, set[FollowUp]]] = [
    ("problem parcel, EMS at the courier's cost, claimed",
     _unreachable("courier", "ems_forward", 1500, claim_amount=1500),
     "ems_forward", OrderFlag.BLUE, "courier", 1500, 1500, True,
     {FollowUp.EMS_FORWARD, FollowUp.EXTEND_RECEIPT, FollowUp.COURIER_CLAIM}),
    ("problem parcel, courier forwards by EMS free: nothing to claim",
     _unreachable("courier", "ems_forward", 0),
     "ems_forward", OrderFlag.BLUE, "courier", 0, 0, True,
     {FollowUp.EMS_FORWARD, FollowUp.EXTEND_RECEIPT}),
    ("problem parcel, returned and reshipped, claimed",
     _unreachable("courier", "return_reship", 1000, claim_amount=1000),
     "return_reship", OrderFlag.BLUE, "courier", 1000, 1000, True,
     {FollowUp.RETURN_RESHIP, FollowUp.EXTEND_RECEIPT, FollowUp.COURIER_CLAIM}),
    ("problem parcel, customer gives another address",
     _unreachable("courier", "new_address", 0),
     "address_changed", OrderFlag.BLUE, "courier", 0, 0, True,
     {FollowUp.NEW_ADDRESS, FollowUp.EXTEND_RECEIPT}),
    ("out of the courier's area, EMS at our cost",
     _unreachable("out_of_area", "ems_forward", 1200),
     "ems_forward", OrderFlag.BLUE, "shop", 1200, 0, True,
     {FollowUp.EMS_FORWARD, FollowUp.EXTEND_RECEIPT}),
    ("out of the courier's area, reshipped with another courier: red flag",
     _unreachable("out_of_area", "return_reship", 1200),
     "return_reship", OrderFlag.RED, "shop", 1200, 0, True,
     {FollowUp.RETURN_RESHIP, FollowUp.EXTEND_RECEIPT}),
    ("out of the courier's area, customer gives another address",
     _unreachable("out_of_area", "new_address", 0),
     "address_changed", OrderFlag.BLUE, "shop", 0, 0, True,
     {FollowUp.NEW_ADDRESS, FollowUp.EXTEND_RECEIPT}),
    ("customer's wrong address, EMS at the customer's cost",
     _unreachable("customer_address", "ems_forward", 2000),
     "ems_forward", OrderFlag.BLUE, "customer", 2000, 0, True,
     {FollowUp.EMS_FORWARD, FollowUp.EXTEND_RECEIPT}),
    ("customer's wrong address, returned and reshipped at the customer's cost",
     _unreachable("customer_address", "return_reship", 1000),
     "return_reship", OrderFlag.BLUE, "customer", 1000, 0, True,
     {FollowUp.RETURN_RESHIP, FollowUp.EXTEND_RECEIPT}),
    ("customer's wrong address, corrected",
     _unreachable("customer_address", "new_address", 500),
     "address_changed", OrderFlag.BLUE, "customer", 500, 0, True,
     {FollowUp.NEW_ADDRESS, FollowUp.EXTEND_RECEIPT}),
    ("misdelivered, courier retrieves and redelivers",
     {**WRONG, "lg_misdelivery_remedy": "courier_retrieve"},
     "courier_redeliver", OrderFlag.BLUE, "courier", 0, 0, True,
     {FollowUp.COURIER_REDELIVER, FollowUp.EXTEND_RECEIPT}),
    ("misdelivered and gone, reshipped and claimed",
     {**WRONG, "lg_misdelivery_remedy": "reship", "postage": 800, "claim_amount": 15800},
     "reship", OrderFlag.BLUE, "courier", 800, 15800, True,
     {FollowUp.COURIER_CLAIM, FollowUp.RESHIP, FollowUp.EXTEND_RECEIPT}),
    ("lost, reshipped and claimed",
     {**LOST, "lg_lost_remedy": "reship", "postage": 800, "claim_amount": 20800},
     "reship", OrderFlag.BLUE, "courier", 800, 20800, True,
     {FollowUp.COURIER_CLAIM, FollowUp.RESHIP, FollowUp.EXTEND_RECEIPT}),
    ("lost, refunded and claimed: nothing is on its way",
     {**LOST, "lg_lost_remedy": "refund", "refund": 19900, "postage": 0, "claim_amount": 19900},
     "refund", OrderFlag.GREEN, "courier", 0, 19900, False,
     {FollowUp.COURIER_CLAIM, FollowUp.GUIDE_REFUND}),
    ("broken by the courier, exchanged and claimed",
     {**BROKEN_IN, "remedy_exchange_refund": "exchange", "postage": 1200, "claim_amount": 9000},
     "exchange", OrderFlag.BLUE, "courier", 1200, 9000, False,
     {FollowUp.COURIER_CLAIM, FollowUp.EXCHANGE_ORDER}),
    ("broken by the courier, returned and refunded, claimed",
     {**BROKEN_IN, "remedy_exchange_refund": "refund", "refund": 8800, "postage": 600,
      "claim_amount": 9400},
     "return", OrderFlag.GREEN, "courier", 600, 9400, False,
     {FollowUp.COURIER_CLAIM, FollowUp.GUIDE_REFUND}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("given", "resolution", "flag", "payer", "postage", "claim", "extends", "follow_ups"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_outcome(
    given: dict[str, Any],
    resolution: str,
    flag: OrderFlag,
    payer: str,
    postage: int,
    claim: int,
    extends: bool,
    follow_ups: set[FollowUp],
) -> None:
    assert FLOW.next_step(given) is None
    outcome = FLOW.outcome(given)
    assert outcome.state == CaseState.RESOLVED
    assert (outcome.resolution_code, outcome.flag) == (resolution, flag)
    assert (outcome.postage_payer.value, outcome.postage_fen) == (payer, postage)
    assert (outcome.claim_fen, outcome.extends_receipt) == (claim, extends)
    assert set(outcome.follow_ups) == follow_ups
    assert outcome.claims_courier == (FollowUp.COURIER_CLAIM in follow_ups)
    assert outcome.sub_kind == SubKind(given["lg_sub_kind"])
    assert outcome.compensation_fen == 0 and outcome.courier_fen == 0
    registers = registers_for(
        "logistics", outcome.sub_kind.value, outcome.resolution_code, outcome.state
    )
    assert Register.TRACKING in registers
    assert (Register.EXTEND_RECEIPT in registers) == extends
    # the note: reason, agent and date
    from datetime import date

    note = outcome.note(CaseKind.LOGISTICS, "小美", date(2026, 11, 23))
    assert note.text.startswith(f"物流问题-{outcome.sub_kind.label}：")
    assert "小美" in note.text and note.flag == flag


def test_broken_parcel_waits_for_the_customers_evidence() -> None:
    outcome = FLOW.outcome({**BROKEN, "lg_damage_evidence": "waiting"})
    assert outcome.state == CaseState.WAITING_CUSTOMER
    assert outcome.resume_step == "lg_damage_evidence"
    assert not outcome.claims_courier
    continued = FLOW.continue_answers({**BROKEN, "lg_damage_evidence": "waiting"}, {})
    assert FLOW.next_step(continued) == "lg_damage_evidence"


def test_the_customer_never_pays_for_the_couriers_fault() -> None:
    ends = [r.decision.outcome for r in reachable(FLOW)]
    assert len(ends) >= 15
    for outcome in ends:
        assert outcome is not None
        courier_fault = outcome.sub_kind != SubKind.UNREACHABLE or "疑难件" in (
            outcome.resolution_text
        )
        if courier_fault and outcome.state == CaseState.RESOLVED:
            assert outcome.postage_payer == "courier", outcome.resolution_text
        if outcome.claims_courier:
            assert outcome.claim_fen > 0
