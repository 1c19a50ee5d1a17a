"""今日跟进: logistics parcels and courier claims whose last action is more than a day old, and
the one-click records of what was done about them (已查件, 已联系快递, 已延长收货时间).

Watched are the logistics cases still being handled, the resolved ones whose parcel is still on
its way (the receipt deadline was extended for them), and every case with a claim the courier
has not settled. A recorded action goes into the case's history, where the 查件 and 延长收货时间
registers read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from kefu_desktop.domain.claims import OPEN_CLAIM_STATES, ClaimState
from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.couriers import courier_name
from kefu_desktop.domain.history import action_label
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.parcel_watch import WatchAction, is_due
from kefu_desktop.domain.registers import REGISTER_RULES, Register
from kefu_desktop.domain.roles import CASE_OVERSEERS, Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import case_row, check_may_change
from kefu_desktop.services.register_queries import register_condition
from kefu_desktop.store.db import database
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import Case, CaseEvent, CourierClaim, Customer, Staff
from kefu_desktop.store.queries import stored_datetime

MAX_NOTE_LENGTH = 500


@dataclass(frozen=True)
class WatchRow:
    """One parcel or claim due for follow-up (times naive UTC)."""

    case_id: int
    case_no: str
    customer_id: str
    kind: CaseKind
    sub_kind: SubKind | None
    state: CaseState
    courier: str
    waybill_no: str
    handler_name: str
    claim_state: ClaimState | None
    last_action_at: datetime
    last_action: str
    """The Chinese name of the last thing done."""

    @property
    def courier_name(self) -> str:
        return courier_name(self.courier)

    @property
    def what(self) -> str:
        text = self.kind.label + (f"-{self.sub_kind.label}" if self.sub_kind else "")
        if self.claim_state is not None:
            text += f"（理赔{self.claim_state.label}）"
        return text

    def days_idle(self, now: datetime) -> int:
        return (now - self.last_action_at).days


def _watched() -> peewee.Expression:
    """The cases the watch looks at (before asking when they were last acted on)."""
    travelling = (Case.state == CaseState.RESOLVED) & register_condition(
        REGISTER_RULES[Register.EXTEND_RECEIPT]
    )
    active = Case.state.not_in([CaseState.RESOLVED, CaseState.CLOSED, CaseState.CANCELLED])
    open_claims = CourierClaim.select(CourierClaim.case).where(
        CourierClaim.state.in_([s.value for s in OPEN_CLAIM_STATES])
    )
    logistics = (Case.kind == CaseKind.LOGISTICS) & (active | travelling)
    return (logistics | Case.id.in_(open_claims)) & (Case.state != CaseState.CANCELLED)


def due_rows(now: datetime, handler_id: int | None = None) -> list[WatchRow]:
    """What is due for follow-up at `now`, longest idle first (only `handler_id`'s if given).

    Indexed reads: the watched cases, the time of each one's last history entry, then the
    details, open claims and last actions of those that are due.
    """
    condition = _watched()
    if handler_id is not None:
        condition &= Case.handler == handler_id
    watched = [row[0] for row in database.execute(Case.select(Case.id).where(condition))]
    if not watched:
        return []
    last_at: dict[int, datetime] = {}
    latest = (
        CaseEvent.select(CaseEvent.case, peewee.fn.MAX(CaseEvent.at))
        .where(CaseEvent.case.in_(watched))
        .group_by(CaseEvent.case)
    )
    for case_id, at in database.execute(latest):
        moment = stored_datetime(at)
        if moment is not None and is_due(moment, now):
            last_at[case_id] = moment
    if not last_at:
        return []
    details = (
        Case.select(
            Case.id,
            Case.case_no,
            Customer.platform_id,
            Case.kind,
            Case.sub_kind,
            Case.state,
            Case.courier,
            Case.waybill_no,
            Staff.display_name,
        )
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(Case)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(Case.handler == Staff.id))
        .where(Case.id.in_(sorted(last_at)))
    )
    unsettled = CourierClaim.select(CourierClaim.case, CourierClaim.state).where(
        CourierClaim.case.in_(sorted(last_at))
        & CourierClaim.state.in_([s.value for s in OPEN_CLAIM_STATES])
    )
    claim_states: dict[int, str] = dict(unsettled.tuples())
    last_actions = _last_actions(sorted(last_at))
    rows = [
        WatchRow(
            case_id=case_id,
            case_no=case_no,
            customer_id=customer,
            kind=CaseKind(kind),
            sub_kind=SubKind(sub_kind) if sub_kind else None,
            state=CaseState(state),
            courier=courier,
            waybill_no=waybill,
            handler_name=name or "",
            claim_state=ClaimState(claim_states[case_id]) if case_id in claim_states else None,
            last_action_at=last_at[case_id],
            last_action=last_actions.get(case_id, ""),
        )
        for case_id, case_no, customer, kind, sub_kind, state, courier, waybill, name in (
            database.execute(details)
        )
    ]
    rows.sort(key=lambda row: (row.last_action_at, row.case_id))
    return rows


def _last_actions(case_ids: list[int]) -> dict[int, str]:
    """The Chinese name of each case's latest history entry."""
    latest = (
        CaseEvent.select(peewee.fn.MAX(CaseEvent.id))
        .where(CaseEvent.case.in_(case_ids))
        .group_by(CaseEvent.case)
    )
    query = CaseEvent.select(CaseEvent.case, CaseEvent.action).where(CaseEvent.id.in_(latest))
    return {case_id: action_label(action) for case_id, action in query.tuples()}


@operation(Operation.WATCH_PARCELS)
def list_due(user: User, now: datetime | None = None) -> list[WatchRow]:
    """今日跟进: what is due, longest idle first; an agent sees the cases they handle."""
    handler = None if user.role in CASE_OVERSEERS else user.id
    return due_rows(now or utc_now(), handler)


@operation(Operation.WATCH_PARCELS)
def record_follow_up(user: User, case_id: int, action: WatchAction, note: str = "") -> None:
    """Record in the case's history that the parcel was checked, the courier contacted or the
    receipt deadline extended (with an optional note); the case leaves today's list."""
    case = case_row(case_id)
    check_may_change(user, case)
    note = clean_text(note, TextKind.TEXT, "备注", "note", MAX_NOTE_LENGTH)
    details = {"note": note} if note else {}
    write_once(
        lambda: cases._append_event(case_id, user, WatchAction(action).value, details=details),
        lambda _ref: None,
    )
