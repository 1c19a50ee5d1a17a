"""Every reachable outcome of every flow, walked to its end: one vocabulary, the right registers.

The answers are enumerated (every option of every step, every verdict of the warehouse, the
back office and the supervisor), not hand-picked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kefu_desktop.domain.flows import FLOWS, Outcome
from kefu_desktop.domain.flows.explore import Reached, reachable
from kefu_desktop.domain.flows.quality import SIMILAR_REPORTS_KEY
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import Register, registers_for
from kefu_desktop.domain.resolutions import (
    RESOLUTION_LABELS,
    Payout,
    Resolution,
    money_of,
    payout_of,
    resolution_label,
)
from kefu_desktop.domain.states import CaseState

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# What DOMAIN.md gives each resolution, on top of the registers its kind is always in.
BY_RESOLUTION: dict[Resolution, set[Register]] = {
    Resolution.EXCHANGE: {Register.EXCHANGE},
    Resolution.RESHIP: {Register.RESHIP},
    Resolution.RETURN: {Register.RETURN, Register.REFUND},
    Resolution.REFUND: {Register.REFUND},
    Resolution.EXTRA_RETURNED: {Register.RETURN},
    Resolution.COURIER_PICKUP: {Register.RETURN},
    Resolution.PLATFORM_APPEAL: {Register.DISPUTE},
    Resolution.STUB_UPLOADED: {Register.DISPUTE},
    Resolution.COURIER_COMPENSATION: {Register.DAMAGED},
    Resolution.SHIPPED_RETURN: {Register.RETURN},
    Resolution.RETURN_RESHIP: {Register.RESHIP},
    Resolution.EMS_FORWARD: {Register.EXTEND_RECEIPT},
    Resolution.COURIER_REDELIVER: {Register.EXTEND_RECEIPT},
    Resolution.ADDRESS_CHANGED: {Register.EXTEND_RECEIPT},
}
# What a sub-kind adds: a parcel stuck or misdelivered is delayed, a broken one is damaged, a
# lost one only when reshipped (the buyer waits for the new parcel).
BY_SUB_KIND: dict[str, set[Register]] = {
    "unreachable": {Register.EXTEND_RECEIPT},
    "wrong_address": {Register.EXTEND_RECEIPT},
    "courier_damaged": {Register.DAMAGED},
}
BY_PAIR: dict[tuple[str, Resolution], set[Register]] = {
    ("lost", Resolution.RESHIP): {Register.EXTEND_RECEIPT},
}
BY_KIND: dict[CaseKind, set[Register]] = {
    CaseKind.DAMAGED_PARCEL: {Register.DAMAGED},
    CaseKind.WRONG_SHIPMENT: set(),
    CaseKind.QUALITY: set(),
    CaseKind.ORDER_CHANGE: set(),
    CaseKind.LOGISTICS: {Register.TRACKING},
}
EXPECTED_RESOLUTIONS: dict[CaseKind, set[Resolution]] = {
    CaseKind.WRONG_SHIPMENT: {
        Resolution.EXCHANGE, Resolution.RETURN, Resolution.RESHIP, Resolution.REFUND,
        Resolution.EXTRA_RETURNED, Resolution.STUB_UPLOADED, Resolution.COURIER_PICKUP,
        Resolution.PLATFORM_APPEAL, Resolution.EXPLAINED, Resolution.COMPENSATION,
    },
    CaseKind.DAMAGED_PARCEL: {
        Resolution.EXCHANGE, Resolution.RETURN, Resolution.RESHIP, Resolution.REFUND,
        Resolution.COURIER_COMPENSATION,
    },
    CaseKind.QUALITY: {
        Resolution.EXCHANGE, Resolution.RETURN, Resolution.REPAIR_ALLOWANCE, Resolution.DISCOUNT,
        Resolution.COMPENSATION, Resolution.EXPLAINED, Resolution.GOODWILL,
        Resolution.CUSTOMER_PAID_REPAIR,
    },
    CaseKind.ORDER_CHANGE: {
        Resolution.CUSTOMER_CLOSES, Resolution.ORDER_CHANGED, Resolution.REFUND,
        Resolution.SHIPPED_RETURN, Resolution.SPECIAL_REQUEST, Resolution.EXPLAINED,
    },
    CaseKind.LOGISTICS: {
        Resolution.EMS_FORWARD, Resolution.RETURN_RESHIP, Resolution.ADDRESS_CHANGED,
        Resolution.COURIER_REDELIVER, Resolution.RESHIP, Resolution.REFUND, Resolution.EXCHANGE,
        Resolution.RETURN,
    },
}  # fmt: skip
WAITING_STATES = {
    CaseState.WAITING_CUSTOMER,
    CaseState.WAITING_WAREHOUSE,
    CaseState.WAITING_SUPERVISOR,
    CaseState.WAITING_RETURN,
    CaseState.ESCALATED,
}


def _all(kind: CaseKind) -> list[Reached]:
    starts = [{}] if kind != CaseKind.QUALITY else [{SIMILAR_REPORTS_KEY: n} for n in (0, 2)]
    return [r for start in starts for r in reachable(FLOWS[kind], start)]


REACHED = {kind: _all(kind) for kind in FLOWS}


def _outcome(reached: Reached) -> Outcome:
    assert reached.decision.outcome is not None
    return reached.decision.outcome


@pytest.mark.parametrize("kind", list(FLOWS))
def test_every_resolved_outcome_lands_in_its_registers(kind: CaseKind) -> None:
    seen: set[Resolution] = set()
    for reached in REACHED[kind]:
        outcome = _outcome(reached)
        if outcome.state != CaseState.RESOLVED:
            continue
        resolution = outcome.resolution
        assert isinstance(resolution, Resolution), reached.answers
        seen.add(resolution)
        label = resolution_label(outcome.resolution_code)
        assert label == RESOLUTION_LABELS[resolution] and CHINESE.search(label)
        sub_kind = outcome.sub_kind.value if outcome.sub_kind else None
        expected = (
            BY_KIND[kind]
            | BY_RESOLUTION.get(resolution, set())
            | BY_SUB_KIND.get(sub_kind or "", set())
            | BY_PAIR.get((sub_kind or "", resolution), set())
        )
        got = set(registers_for(kind, sub_kind, outcome.resolution_code, outcome.state))
        assert got == expected, (resolution, reached.answers)
    assert seen == EXPECTED_RESOLUTIONS[kind]


@pytest.mark.parametrize("kind", list(FLOWS))
def test_waiting_outcomes_have_no_resolution_and_no_register_by_it(kind: CaseKind) -> None:
    waits = [_outcome(r) for r in REACHED[kind] if _outcome(r).state != CaseState.RESOLVED]
    assert waits
    for outcome in waits:
        assert outcome.state in WAITING_STATES
        assert outcome.resolution is None and outcome.resolution_code == ""
        assert outcome.resume_step is not None
        sub_kind = outcome.sub_kind.value if outcome.sub_kind else None
        expected = BY_KIND[kind] | BY_SUB_KIND.get(sub_kind or "", set())
        assert set(registers_for(kind, sub_kind, "", outcome.state)) == expected


@pytest.mark.parametrize("kind", list(FLOWS))
def test_money_follows_the_resolution(kind: CaseKind) -> None:
    for reached in REACHED[kind]:
        o = _outcome(reached)
        money = money_of(
            o.resolution_code,
            o.refund_fen,
            o.compensation_fen,
            o.courier_fen,
            o.postage_fen,
            o.postage_payer.value,
        )
        assert (money.refund_fen, money.compensation_fen, money.courier_fen) == (
            o.refund_fen,
            o.compensation_fen,
            o.courier_fen,
        )
        payout = payout_of(o.resolution_code)
        assert (o.refund_fen > 0) == (payout == Payout.REFUND)
        assert (o.compensation_fen > 0) == (payout == Payout.COMPENSATION)
        assert (o.courier_fen > 0) == (payout == Payout.COURIER)


def test_production_feedback_never_for_customer_fault_or_no_defect() -> None:
    reported = 0
    for reached in REACHED[CaseKind.QUALITY]:
        o = _outcome(reached)
        path = reached.decision.path
        answers = {k: v for entry in path for k, v in entry["answers"].items()}
        denied = answers.get("defect") == "no" or answers.get("q_back_office") == "no_defect"
        if (o.sub_kind is not None and o.sub_kind.value == "customer_fault") or denied:
            assert "production_feedback" not in o.follow_ups, reached.answers
        reported += "production_feedback" in o.follow_ups
    assert reported  # serious defects and the third customer are reported


def test_every_resolution_has_a_chinese_label_and_a_payout() -> None:
    for resolution in Resolution:
        assert CHINESE.search(resolution.label)
        assert payout_of(resolution.value) in Payout


def test_an_outcome_cannot_carry_money_its_resolution_does_not_pay() -> None:
    from kefu_desktop.domain.flags import OrderFlag

    with pytest.raises(ValueError):
        Outcome(CaseState.RESOLVED, Resolution.EXCHANGE, "x", OrderFlag.BLUE, refund_fen=100)
    with pytest.raises(ValueError):
        Outcome(CaseState.RESOLVED, None, "x", OrderFlag.BLUE)
    with pytest.raises(ValueError):
        Outcome(CaseState.WAITING_CUSTOMER, Resolution.EXCHANGE, "x", OrderFlag.BLUE)


def test_mypy_refuses_a_flow_that_ends_with_a_free_string(tmp_path: Path) -> None:
    """The vocabulary is typed: a new branch returning a code instead of a member fails mypy."""
    from mypy import api

    flow = tmp_path / "new_branch.py"
    flow.write_text(
        "from kefu_desktop.domain.flags import OrderFlag\n"
        "from kefu_desktop.domain.flows import Outcome\n"
        "from kefu_desktop.domain.resolutions import Resolution\n"
        "from kefu_desktop.domain.states import CaseState\n"
        "good = Outcome(CaseState.RESOLVED, Resolution.EXPLAINED, '说明', OrderFlag.BLUE)\n"
        "bad = Outcome(CaseState.RESOLVED, 'explained', '说明', OrderFlag.BLUE)\n",
        encoding="utf-8",
    )
    out, _, status = api.run(
        [str(flow), "--strict", "--no-site-packages", "--cache-dir", str(tmp_path / "cache"),
         "--ignore-missing-imports", "--follow-imports=silent"]
    )  # fmt: skip
    assert status == 1
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "new_branch.py:6:" in errors[0] and "Resolution" in errors[0]
