"""Follow-up visits (回访) after a case is resolved, and the agent's to-do list (我的待办)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import peewee

from kefu_desktop.domain.care import (
    FollowUpState,
    Satisfaction,
    SkipReason,
    due_resolution_days,
    follow_up_due,
    satisfaction_rate,
)
from kefu_desktop.domain.clock import to_local, to_utc, utc_now
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import case_row, check_may_change
from kefu_desktop.services.customers import get_care_settings
from kefu_desktop.store.db import database
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import Case, Customer, FollowUp, Staff
from kefu_desktop.store.queries import stored_datetime

MAX_REMARK_LENGTH = 500
FOLLOWED_STATES = (CaseState.RESOLVED, CaseState.CLOSED)
"""A case is followed up once resolved, closed or not; unsatisfied reopens it from either."""


class TodoKind:
    FOLLOW_UP = "follow_up"
    ATTENTION = "attention"


TODO_LABELS = {TodoKind.FOLLOW_UP: "回访", TodoKind.ATTENTION: "需关注"}


@dataclass(frozen=True)
class TodoItem:
    """One line of 我的待办: a follow-up due, or a case that needs the agent's attention."""

    kind: str
    case_id: int
    case_no: str
    case_kind: CaseKind
    customer_id: str
    due_on: date
    what: str
    resolved_at: datetime | None = None
    """For a follow-up: the resolution it follows (naive UTC)."""

    @property
    def kind_label(self) -> str:
        return TODO_LABELS[self.kind]


def _local_day_start(day: date) -> datetime:
    return to_utc(datetime.combine(day, time()))


@operation(Operation.VIEW_CASES)
def my_todo(user: User, today: date | None = None) -> list[TodoItem]:
    """What is due for `user` today: follow-ups of the cases they handle, then their cases
    that need attention (a colleague's verdict or decision, a follow-up that went badly)."""
    today = today or datetime.now().date()
    settings = get_care_settings()
    first, last = due_resolution_days(today, settings)
    followed = FollowUp.select(FollowUp.id).where(
        (FollowUp.case == Case.id) & (FollowUp.resolved_at == Case.resolved_at)
    )
    rows = (
        Case.select(
            Case.id,
            Case.case_no,
            Case.kind,
            Customer.platform_id,
            Case.resolved_at,
            Case.resolution_text,
        )
        .join(Customer, on=(Case.customer == Customer.id))
        .where(
            (Case.handler == user.id)
            & (Case.resolved_at >= _local_day_start(first))
            & (Case.resolved_at < _local_day_start(last + timedelta(days=1)))
            & Case.state.in_(FOLLOWED_STATES)
            & ~peewee.fn.EXISTS(followed)
        )
        .order_by(Case.resolved_at)
        .tuples()
    )
    items: list[TodoItem] = []
    for case_id, case_no, kind, customer, resolved, resolution_text in rows:
        resolved_at = stored_datetime(resolved)
        assert resolved_at is not None
        due = follow_up_due(to_local(resolved_at).date(), settings)
        items.append(
            TodoItem(
                TodoKind.FOLLOW_UP,
                case_id,
                case_no,
                CaseKind(kind),
                customer,
                due,
                f"回访：{resolution_text or '确认客户是否满意'}",
                resolved_at,
            )
        )
    attention = (
        Case.select(
            Case.id, Case.case_no, Case.kind, Customer.platform_id, Case.updated_at, Case.attention
        )
        .join(Customer, on=(Case.customer == Customer.id))
        .where((Case.handler == user.id) & (Case.attention != ""))
        .order_by(Case.updated_at)
        .limit(500)
        .tuples()
    )
    for case_id, case_no, kind, customer, updated, text in attention:
        moment = stored_datetime(updated) or utc_now()
        items.append(
            TodoItem(
                TodoKind.ATTENTION,
                case_id,
                case_no,
                CaseKind(kind),
                customer,
                to_local(moment).date(),
                text,
            )
        )
    return items


def _check_followable(user: User, case_id: int, resolved_at: datetime | None) -> Case:
    case = case_row(case_id)
    check_may_change(user, case)
    if CaseState(case.state) not in FOLLOWED_STATES or case.resolved_at is None:
        raise ValidationError(
            f"售后单 {case.case_no} 现在是「{CaseState(case.state).label}」，解决后才能回访。"
        )
    if resolved_at is not None and stored_datetime(case.resolved_at) != resolved_at:
        raise ValidationError(
            f"售后单 {case.case_no} 已被重新处理并再次解决，请刷新待办后按新的解决时间回访。"
        )
    return case


def _already(case: Case) -> ValidationError:
    row = (
        FollowUp.select(FollowUp.state, Staff.display_name, FollowUp.recorded_at)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(FollowUp.recorded_by == Staff.id))
        .where((FollowUp.case == case.id) & (FollowUp.resolved_at == case.resolved_at))
        .tuples()
        .first()
    )
    if row is None:
        return ValidationError(f"售后单 {case.case_no} 的回访刚被同事记录，请刷新待办。")
    state, name, at = row
    when = to_local(stored_datetime(at) or utc_now()).strftime("%m-%d %H:%M")
    return ValidationError(
        f"售后单 {case.case_no} 这次解决后的回访已由 {name or '同事'} 在 {when} "
        f"记为「{FollowUpState(state).label}」，不用再记。"
    )


def _insert(case: Case, user: User, values: dict[str, Any]) -> None:
    exists = FollowUp.select().where(
        (FollowUp.case == case.id) & (FollowUp.resolved_at == case.resolved_at)
    )
    if exists.exists():
        raise _already(case)
    try:
        with database.atomic():
            FollowUp.create(
                case=case.id,
                resolved_at=case.resolved_at,
                agent=case.handler_id,
                recorded_by=user.id,
                recorded_at=utc_now(),
                **values,
            )
    except peewee.IntegrityError:  # a colleague recorded it a moment ago
        raise _already(case) from None


@operation(Operation.RECORD_FOLLOW_UP)
def record_follow_up(
    user: User,
    case_id: int,
    reached: bool,
    satisfaction: Satisfaction | None = None,
    remark: str = "",
    resolved_at: datetime | None = None,
) -> cases.CaseDetail:
    """Record the follow-up of a resolved case (handler, supervisor, admin).

    Reached customers say satisfied / neutral / unsatisfied; unsatisfied reopens the case for
    its handler with the remark as what needs attention. `resolved_at` (from the to-do list)
    guards against a case resolved again since the list was read.
    """
    remark = clean_text(remark, TextKind.TEXT, "回访备注", "remark", MAX_REMARK_LENGTH)
    if reached and satisfaction is None:
        raise ValidationError("联系上客户时请选择客户是否满意。", "satisfaction")
    if not reached:
        satisfaction = None
    if satisfaction == Satisfaction.UNSATISFIED and not remark:
        raise ValidationError("客户不满意时请在备注里写明原因，处理人据此重新处理。", "remark")
    case = _check_followable(user, case_id, resolved_at)
    details: dict[str, Any] = {
        "note": "联系上客户" if reached else "未联系上客户",
    }
    if satisfaction is not None:
        details["note"] += f"，{satisfaction.label}"
    if remark:
        details["remark"] = remark

    def save() -> cases.CaseDetail:
        _insert(
            case,
            user,
            {
                "state": FollowUpState.DONE,
                "reached": reached,
                "satisfaction": satisfaction or "",
                "remark": remark,
            },
        )
        cases._append_event(case_id, user, "follow_up_recorded", details=details)
        if satisfaction != Satisfaction.UNSATISFIED:
            return cases.get_case(case_id)
        before = CaseState(case.state)
        return cases._apply_change(
            user,
            case_id,
            None,
            "follow_up_reopened",
            {"state": CaseState.OPEN, "attention": f"回访不满意：{remark}"[:200]},
            {"note": f"{before.label} → {CaseState.OPEN.label}"},
        )

    return write_once(save, lambda _ref: cases.get_case(case_id))


@operation(Operation.RECORD_FOLLOW_UP)
def skip_follow_up(
    user: User,
    case_id: int,
    reason: SkipReason,
    remark: str = "",
    resolved_at: datetime | None = None,
) -> cases.CaseDetail:
    """Decide not to follow a resolved case up, with the reason (其他 needs a remark)."""
    remark = clean_text(remark, TextKind.TEXT, "备注", "remark", MAX_REMARK_LENGTH)
    if reason == SkipReason.OTHER and not remark:
        raise ValidationError("原因选「其他」时请在备注里写明。", "remark")
    case = _check_followable(user, case_id, resolved_at)
    details = {"note": reason.label, **({"remark": remark} if remark else {})}

    def save() -> cases.CaseDetail:
        _insert(
            case, user, {"state": FollowUpState.SKIPPED, "skip_reason": reason, "remark": remark}
        )
        cases._append_event(case_id, user, "follow_up_skipped", details=details)
        return cases.get_case(case_id)

    return write_once(save, lambda _ref: cases.get_case(case_id))


# --- figures -----------------------------------------------------------------------------------


@dataclass
class AgentSatisfaction:
    """One agent's follow-ups in a period: made, customers reached, satisfied."""

    name: str
    follow_ups: int = 0
    reached: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    skipped: int = 0

    @property
    def rate(self) -> float | None:
        return satisfaction_rate(self.satisfied, self.reached)


def satisfaction_by_agent(start: datetime, end: datetime) -> dict[str, AgentSatisfaction]:
    """Follow-ups recorded in [start, end) (naive UTC), per agent display name."""
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    figures: dict[str, AgentSatisfaction] = {}
    counts: defaultdict[tuple[Any, ...], int] = defaultdict(int)
    query = (
        FollowUp.select(
            FollowUp.agent,
            FollowUp.state,
            FollowUp.reached,
            FollowUp.satisfaction,
            peewee.fn.COUNT(FollowUp.id),
        )
        .where((FollowUp.recorded_at >= start) & (FollowUp.recorded_at < end))
        .group_by(FollowUp.agent, FollowUp.state, FollowUp.reached, FollowUp.satisfaction)
        .tuples()
    )
    for agent, state, reached, satisfaction, count in query:
        counts[(agent, state, reached, satisfaction)] += int(count)
    for (agent, state, reached, satisfaction), count in counts.items():
        name = names.get(agent, "（未分配）") if agent else "（未分配）"
        figure = figures.setdefault(name, AgentSatisfaction(name))
        if state == FollowUpState.SKIPPED:
            figure.skipped += count
            continue
        figure.follow_ups += count
        if reached:
            figure.reached += count
            figure.satisfied += count if satisfaction == Satisfaction.SATISFIED else 0
            figure.unsatisfied += count if satisfaction == Satisfaction.UNSATISFIED else 0
    return figures
