"""今日跟进: parcels and claims idle for a day are listed, longest idle first; one click records
已查件 / 已联系快递 / 已延长收货时间 in the history, and the registers read those records."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import PermissionDenied
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.parcel_watch import WatchAction
from kefu_desktop.domain.registers import Register, registers_for
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import parcel_watch, registers
from kefu_desktop.services.auth import User
from kefu_desktop.services.registers import RegisterFilter
from kefu_desktop.store.models import Case, CaseEvent, CourierClaim, Customer
from tests.conftest import Staffing

DAYS_AGO = 3


def _old_case(
    handler: User,
    number: int,
    kind: CaseKind,
    state: CaseState,
    sub_kind: str | None = None,
    resolution: str = "",
    days_ago: float = DAYS_AGO,
) -> int:
    """A case whose whole history lies `days_ago` back (as a case from earlier days is)."""
    at = utc_now() - timedelta(days=days_ago)
    customer, _ = Customer.get_or_create(platform_id=f"tb_watch{number}")
    case = Case.create(
        case_no=f"SH20261101-{number:04d}", kind=kind, sub_kind=sub_kind, state=state,
        customer=customer, waybill_no="SF1402345678901", courier="SF", handler=handler.id,
        created_by=handler.id, created_at=at, updated_at=at, asked_at=at, resolution=resolution,
    )  # fmt: skip
    CaseEvent.insert(case=case.id, at=at, actor=handler.id, action="created").execute()
    return int(case.id)


def _due(user: User, now: datetime | None = None) -> list[int]:
    return [row.case_id for row in parcel_watch.list_due(user, now)]


def test_idle_logistics_parcels_and_open_claims_are_due_longest_idle_first(
    staff: Staffing,
) -> None:
    agent = staff.agent
    stuck = _old_case(agent, 1, CaseKind.LOGISTICS, CaseState.WAITING_CUSTOMER, "courier_damaged")
    older = _old_case(agent, 2, CaseKind.LOGISTICS, CaseState.OPEN, "lost", days_ago=5)
    travelling = _old_case(agent, 3, CaseKind.LOGISTICS, CaseState.RESOLVED, "unreachable",
                           "ems_forward")  # fmt: skip
    claimed = _old_case(agent, 4, CaseKind.DAMAGED_PARCEL, CaseState.RESOLVED, "contents_damaged",
                        "exchange")  # fmt: skip
    CourierClaim.create(case=claimed, courier="SF", claimed_fen=9900, state="submitted",
                        created_at=utc_now() - timedelta(days=DAYS_AGO))  # fmt: skip
    # not watched: delivered and closed, a parcel refunded, another kind without a claim,
    # a settled claim, a fresh case
    _old_case(agent, 5, CaseKind.LOGISTICS, CaseState.CLOSED, "unreachable", "ems_forward")
    _old_case(agent, 6, CaseKind.LOGISTICS, CaseState.RESOLVED, "lost", "refund")
    _old_case(agent, 7, CaseKind.QUALITY, CaseState.OPEN)
    settled = _old_case(agent, 8, CaseKind.LOGISTICS, CaseState.RESOLVED, "lost", "refund")
    CourierClaim.create(case=settled, courier="SF", claimed_fen=100, received_fen=100,
                        state="paid")  # fmt: skip
    fresh = _old_case(agent, 9, CaseKind.LOGISTICS, CaseState.OPEN, "lost", days_ago=0.5)

    assert _due(agent) == [older, stuck, travelling, claimed]
    rows = {row.case_id: row for row in parcel_watch.list_due(agent)}
    assert rows[claimed].what == "破包-内件破损（理赔已提交）"
    assert rows[stuck].last_action == "新建" and rows[stuck].courier_name == "顺丰速运"
    assert fresh in _due(agent, utc_now() + timedelta(hours=13))  # a day after its last action
    assert _due(staff.agent2) == []  # an agent sees the parcels they handle
    assert set(_due(staff.supervisor)) == {older, stuck, travelling, claimed}


def test_one_click_records_the_action_and_the_case_leaves_the_list(staff: Staffing) -> None:
    agent = staff.agent
    case_id = _old_case(agent, 1, CaseKind.LOGISTICS, CaseState.OPEN, "lost")
    assert _due(agent) == [case_id]
    parcel_watch.record_follow_up(agent, case_id, WatchAction.PARCEL_CHECKED, "物流停在转运中心")
    assert _due(agent) == []
    tomorrow = utc_now() + timedelta(days=1, minutes=1)
    [row] = parcel_watch.list_due(agent, tomorrow)
    assert row.last_action == "已查件"
    event = CaseEvent.select().where(CaseEvent.case == case_id).order_by(CaseEvent.id.desc()).get()
    assert (event.action, event.details, event.actor_id) == (
        "parcel_checked", {"note": "物流停在转运中心"}, agent.id)  # fmt: skip
    with pytest.raises(PermissionDenied, match="只有处理人"):
        parcel_watch.record_follow_up(staff.agent2, case_id, WatchAction.COURIER_CONTACTED)
    with pytest.raises(PermissionDenied):
        parcel_watch.list_due(staff.warehouse)


def test_recorded_actions_feed_the_tracking_and_extension_registers(staff: Staffing) -> None:
    agent = staff.agent
    damaged = _old_case(agent, 1, CaseKind.DAMAGED_PARCEL, CaseState.OPEN, "refused")
    quality = _old_case(agent, 2, CaseKind.QUALITY, CaseState.OPEN, "within_window")

    def listed(register: Register) -> set[int]:
        return {r.id for r in registers.list_register(staff.supervisor, RegisterFilter(register))}

    assert damaged not in listed(Register.TRACKING) | listed(Register.EXTEND_RECEIPT)
    parcel_watch.record_follow_up(agent, damaged, WatchAction.COURIER_CONTACTED)
    parcel_watch.record_follow_up(agent, quality, WatchAction.RECEIPT_EXTENDED)
    assert damaged in listed(Register.TRACKING) and damaged not in listed(Register.EXTEND_RECEIPT)
    assert quality in listed(Register.EXTEND_RECEIPT) and quality not in listed(Register.TRACKING)
    counts = registers.register_counts(staff.supervisor, None, None)
    assert counts[Register.TRACKING] == 1 and counts[Register.EXTEND_RECEIPT] == 1
    # the same rule in Python, as the workbook applies it
    assert Register.TRACKING in registers_for("quality", None, "", "open", {"parcel_checked"})
    assert registers_for("quality", None, "", "open", {"receipt_extended"}) == [
        Register.EXTEND_RECEIPT
    ]
