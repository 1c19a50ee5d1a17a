"""The supervisor's daily watch (每日查看退款中、维权中的售后单，提醒售后客服及时处理)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from kefu_desktop.domain.clock import format_local, utc_now
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.registers import Register
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import case_row
from kefu_desktop.services.register_queries import register_condition
from kefu_desktop.store.models import Case

WATCH_LIMIT = 500
REMINDER_PREFIX = "主管提醒"
_DONE = (CaseState.RESOLVED, CaseState.CLOSED, CaseState.CANCELLED)


@dataclass(frozen=True)
class WatchRow:
    """One case on the daily watch and why it is there."""

    case: cases.CaseRow
    asked_at: datetime | None
    reasons: tuple[str, ...]


def _reasons(
    row: cases.CaseRow, refund_ids: set[int], dispute_ids: set[int], now: datetime
) -> tuple[str, ...]:
    reasons: list[str] = []
    if row.id in refund_ids:
        reasons.append("退款中")
    if row.id in dispute_ids:
        reasons.append("维权中")
    if row.sla_due_at is not None and row.sla_due_at < now:
        reasons.append("已超时")
    return tuple(reasons)


@operation(Operation.DAILY_WATCH)
def daily_watch(user: User, now: datetime | None = None) -> list[WatchRow]:
    """Open cases in the refund (退款中) and dispute (维权中) registers, and open cases past a
    time promise — the oldest first."""
    now = now or utc_now()
    refund = register_condition(Register.REFUND.rule)
    dispute = register_condition(Register.DISPUTE.rule)
    breached = Case.sla_due_at < now
    open_ = Case.state.not_in(_DONE)
    query = (
        cases._row_query()
        .where(open_ & (refund | dispute | breached))
        .order_by(peewee.fn.COALESCE(Case.asked_at, Case.created_at), Case.id)
        .limit(WATCH_LIMIT)
        .tuples()
    )
    rows = [cases._to_row(r) for r in query]
    ids = [r.id for r in rows]
    refund_ids = {i for (i,) in Case.select(Case.id).where(Case.id.in_(ids) & refund).tuples()}
    dispute_ids = {i for (i,) in Case.select(Case.id).where(Case.id.in_(ids) & dispute).tuples()}
    asked = dict(Case.select(Case.id, Case.asked_at).where(Case.id.in_(ids)).tuples())
    return [WatchRow(r, asked.get(r.id), _reasons(r, refund_ids, dispute_ids, now)) for r in rows]


@operation(Operation.REMIND_HANDLER)
def remind_handler(user: User, case_id: int, note: str = "") -> cases.CaseDetail:
    """提醒处理人: highlight the case for its handler and record the reminder in its history."""
    case = case_row(case_id)
    if CaseState(case.state) in _DONE:
        raise ValidationError(f"售后单 {case.case_no} 已{CaseState(case.state).label}，无需提醒。")
    if case.handler_id is None:
        raise ValidationError(f"售后单 {case.case_no} 还没有处理人，请先指定处理人或自己接手。")
    note = clean_text(note, TextKind.LINE, "提醒内容", "note", 120)
    text = f"{REMINDER_PREFIX}（{user.display_name} {format_local(utc_now())}）：" + (
        note or "请及时处理"
    )
    # the version stays: the handler's own save must not be refused for a reminder
    return cases._apply_change(
        user,
        case_id,
        None,
        "reminded",
        {"attention": text[:200]},
        {"note": note} if note else {},
        new_version=False,
    )
