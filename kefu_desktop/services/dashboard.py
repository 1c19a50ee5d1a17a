"""统计看板: the supervisor's figures — cases per day by kind, open cases by state, the styles and
batches most reported, production-feedback alerts, and how often each promise was kept."""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import peewee

from kefu_desktop.domain.clock import to_local, utc_now
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.promise_status import Promise
from kefu_desktop.domain.promises import PromiseOutcome, case_clocks, outcome_kept, promise_kept
from kefu_desktop.domain.registers import SlaTally
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services.auth import User, operation
from kefu_desktop.store.clocks import (
    OUTCOME_COLUMNS,
    case_times_of,
    office_calendar,
    office_defect_rule,
    office_limits,
)
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Case, ProductionFeedback, Staff
from kefu_desktop.store.queries import stored_datetime

DAYS = 30
TOP_DEFECTS = 10
SLA_DAYS = 7
"""The promises' hit rates cover the cases of the last week."""
_DONE = (CaseState.RESOLVED, CaseState.CLOSED, CaseState.CANCELLED)


@dataclass(frozen=True)
class DefectCount:
    sku: str
    batch: str
    customers: int


@dataclass(frozen=True)
class FeedbackAlert:
    """A production-feedback record: a style + batch that enough customers reported."""

    sku: str
    batch: str
    customers: int
    first_at: datetime
    last_at: datetime
    case_nos: list[str]


@dataclass
class DashboardFigures:
    """What the dashboard draws (local dates)."""

    days: list[date]
    per_day: dict[CaseKind, list[int]]
    open_by_state: list[tuple[CaseState, int]]
    defects: list[DefectCount]
    """The styles and batches most reported within the office's production-feedback window."""
    defect_days: int
    alerts: list[FeedbackAlert]


@dataclass
class SlaFigures:
    """Promises kept and broken over the last week, in total and per agent."""

    since: date
    per_promise: dict[Promise, SlaTally] = field(default_factory=dict)
    per_agent: dict[str, SlaTally] = field(default_factory=dict)


def _local_offset_minutes(now: datetime) -> int:
    offset = to_local(now).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


@operation(Operation.DAILY_WATCH)
def dashboard_figures(user: User, now: datetime | None = None) -> DashboardFigures:
    """The dashboard's figures: a few grouped queries served by the indexes."""
    now = now or utc_now()
    offset = _local_offset_minutes(now)
    today = to_local(now).date()
    days = [today - timedelta(days=DAYS - 1 - n) for n in range(DAYS)]
    since = datetime.combine(days[0], datetime.min.time()) - timedelta(minutes=offset)
    per_day: dict[CaseKind, list[int]] = {kind: [0] * DAYS for kind in CaseKind}
    # one range per day on the (created_at, kind, state) index: no date function per row
    for position in range(DAYS):
        start = since + timedelta(days=position)
        counts = (
            Case.select(Case.kind, peewee.fn.COUNT(Case.id))
            .where(
                (Case.created_at >= start)
                & (Case.created_at < start + timedelta(days=1))
                & (Case.state != CaseState.CANCELLED)
            )
            .group_by(Case.kind)
            .tuples()
        )
        for kind, count in counts:
            if kind in CaseKind.__members__.values():
                per_day[CaseKind(kind)][position] += int(count)
    open_counts = dict(
        Case.select(Case.state, peewee.fn.COUNT(Case.id))
        .where(Case.state.in_([s.value for s in CaseState if s not in _DONE]))
        .group_by(Case.state)
        .tuples()
    )
    open_by_state = [
        (state, int(open_counts.get(state.value, 0))) for state in CaseState if state not in _DONE
    ]
    customers = peewee.fn.COUNT(Case.customer.distinct())
    defects = [
        DefectCount(sku, batch, int(n))
        for sku, batch, n in Case.select(Case.sku, Case.batch, customers)
        .where(
            (Case.kind == CaseKind.QUALITY)
            & (Case.created_at >= now - office_defect_rule().window)
            & (Case.state != CaseState.CANCELLED)
            & (Case.sub_kind.is_null() | (Case.sub_kind != SubKind.CUSTOMER_FAULT))
            & (Case.sku != "")
            & (Case.batch != "")
        )
        .group_by(Case.sku, Case.batch)
        .order_by(customers.desc(), Case.sku, Case.batch)
        .limit(TOP_DEFECTS)
        .tuples()
    ]
    alerts = [
        FeedbackAlert(
            r.sku,
            r.batch,
            r.customers,
            stored_datetime(r.first_at) or now,
            stored_datetime(r.last_at) or now,
            list(r.case_nos or []),
        )
        for r in ProductionFeedback.select()
        .where(ProductionFeedback.last_at >= since)
        .order_by(ProductionFeedback.last_at.desc())
        .limit(20)
    ]
    defect_days = office_defect_rule().window.days
    return DashboardFigures(days, per_day, open_by_state, defects, defect_days, alerts)


def _count(tally: SlaTally, kept: bool | None, count: int) -> None:
    if kept is True:
        tally.kept += count
    elif kept is False:
        tally.broken += count


@operation(Operation.DAILY_WATCH)
def sla_figures(user: User, now: datetime | None = None) -> SlaFigures:
    """Promises kept and broken for the cases the customers raised in the last week, counted
    with the same clocks as the case list and the monthly workbook: decided outcomes are
    counted from the stored `Case.outcome_*` columns by index, and only the cases with a clock
    still running are computed here (whether it is late depends on now)."""
    now = now or utc_now()
    since = now - timedelta(days=SLA_DAYS)
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    figures = SlaFigures(to_local(since).date(), {p: SlaTally() for p in Promise})
    per_agent: dict[str, SlaTally] = defaultdict(SlaTally)

    def agent_of(handler: int | None) -> SlaTally:
        return per_agent[names.get(handler, "（未分配）") if handler else "（未分配）"]

    in_week = (Case.created_at >= since) & (Case.state != CaseState.CANCELLED)
    columns = list(OUTCOME_COLUMNS.values())
    running = functools.reduce(operator.or_, (c == PromiseOutcome.OPEN for c in columns))
    counts = (
        Case.select(Case.handler, *columns, peewee.fn.COUNT(Case.id))
        .where(in_week & ~running)
        .group_by(Case.handler, *columns)
        .tuples()
    )
    for handler, *outcomes, count in database.execute(counts):
        agent = agent_of(handler)
        for promise, outcome in zip(OUTCOME_COLUMNS, outcomes, strict=True):
            kept = outcome_kept(PromiseOutcome(outcome))
            _count(figures.per_promise[promise], kept, int(count))
            _count(agent, kept, int(count))
    handlers = dict(database.execute(Case.select(Case.id, Case.handler).where(in_week & running)))
    calendar, limits = office_calendar(), office_limits()
    for case_id, times in case_times_of(list(handlers)):
        clocks = case_clocks(times, now, calendar, limits)
        agent = agent_of(handlers.get(case_id))
        for promise in Promise:
            kept = promise_kept(clocks, promise)
            figures.per_promise[promise].add(kept)
            agent.add(kept)
    figures.per_agent = dict(sorted(per_agent.items()))
    return figures
