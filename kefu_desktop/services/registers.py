"""Registers (登记表) from the store, and the monthly workbook's figures and rows.

Registers are not stored: each is a query made from the rule in `domain.registers`. The export
reads a period's cases in one pass over a raw cursor (no per-row model objects), so a month of
60,000 cases stays quick; the previous period, needed only for comparison, is read slimmer.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import peewee

from kefu_desktop.domain.clock import to_local, to_utc, utc_now
from kefu_desktop.domain.couriers import courier_name
from kefu_desktop.domain.flows.quality import defect_denied
from kefu_desktop.domain.kinds import KIND_LABELS, CaseKind, SubKind
from kefu_desktop.domain.labels import label_of, mapped_label
from kefu_desktop.domain.production_clusters import (
    ProductionCluster,
    QualityComplaint,
    active_clusters,
    production_clusters,
)
from kefu_desktop.domain.production_feedback import is_quality_complaint
from kefu_desktop.domain.promise_status import Promise
from kefu_desktop.domain.promises import CaseTimes, StateChange, case_clocks, promise_kept
from kefu_desktop.domain.registers import (
    REGISTER_RULES,
    Register,
    RegisterRule,
    ReportPeriod,
    SlaTally,
    median,
    percentile,
    registers_for,
)
from kefu_desktop.domain.resolutions import money_of, resolution_label
from kefu_desktop.domain.returns import ReturnedGoods
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.export.monthly import (
    AgentFigures,
    ClaimRow,
    DetailRow,
    ExportCancelled,
    MonthlyReport,
    PeriodFigures,
    check_target,
    normalise_target,
    write_monthly_workbook,
)
from kefu_desktop.services import returns
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.cases import PAGE_SIZE, text_search_terms
from kefu_desktop.services.claims import ClaimFilter, claim_rows
from kefu_desktop.services.evidence import archive_root
from kefu_desktop.services.follow_ups import satisfaction_by_agent
from kefu_desktop.services.register_queries import (
    pair_conditions,
    recorded_condition,
    register_condition,
)
from kefu_desktop.services.reviews import review_counts
from kefu_desktop.services.scoring import sheet_rows
from kefu_desktop.store.clocks import office_calendar, office_defect_rule, office_limits
from kefu_desktop.store.db import database
from kefu_desktop.store.models import (
    Case,
    CaseEvent,
    Customer,
    Evidence,
    ProductionFeedback,
    Staff,
)
from kefu_desktop.store.queries import stored_datetime

UNASSIGNED = "（未分配）"
POSTAGE_PAYER_LABELS = {"shop": "店铺", "customer": "客户", "courier": "快递"}


# --- time helpers ----------------------------------------------------------------------------


def _utc_bounds(period: ReportPeriod) -> tuple[datetime, datetime]:
    return (
        to_utc(datetime.combine(period.start, time())),
        to_utc(datetime.combine(period.end, time())),
    )


def _local_converter(start: datetime, end: datetime) -> Callable[[datetime], datetime]:
    """naive UTC → naive local; one fixed offset when the period has no clock change."""
    offset = to_local(start).utcoffset()
    if offset is not None and offset == to_local(end).utcoffset():
        return lambda moment: moment + offset
    return lambda moment: to_local(moment).replace(tzinfo=None)


def _in_period(period: ReportPeriod) -> peewee.Expression:
    start, end = _utc_bounds(period)
    return (Case.created_at >= start) & (Case.created_at < end)


# --- register queries ----------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFilter:
    """What a register list is narrowed to; dates are inclusive local dates of registration."""

    register: Register = Register.TRACKING
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    handler_id: int | None = None
    state: CaseState | None = None


@dataclass(frozen=True)
class RegisterRow:
    """One line of a register."""

    id: int
    case_no: str
    created_at: datetime
    customer_id: str
    order_no: str
    waybill_no: str
    courier: str
    kind: CaseKind
    sub_kind: SubKind | None
    state: CaseState
    resolution: str
    handler_name: str
    refund_fen: int
    compensation_fen: int
    postage_fen: int
    courier_fen: int = 0
    """Money the courier paid (物流赔偿)."""
    goods: ReturnedGoods | None = None
    """In the 退货 register: what came back and in what condition, or that it is still
    expected (None elsewhere, and for a case with no return on file)."""

    @property
    def courier_name(self) -> str:
        return courier_name(self.courier)

    @property
    def resolution_label(self) -> str:
        return resolution_label(self.resolution)


def _filter_conditions(flt: RegisterFilter) -> list[peewee.Expression]:
    conditions = [register_condition(REGISTER_RULES[flt.register])]
    if flt.date_from is not None:
        conditions.append(Case.created_at >= to_utc(datetime.combine(flt.date_from, time())))
    if flt.date_to is not None:
        end = datetime.combine(flt.date_to + timedelta(days=1), time())
        conditions.append(Case.created_at < to_utc(end))
    if flt.handler_id is not None:
        conditions.append(Case.handler == flt.handler_id)
    if flt.state is not None:
        conditions.append(Case.state == flt.state)
    return conditions


def register_atoms(rule: RegisterRule) -> list[peewee.Expression]:
    """A register rule as one `column = value` condition per value it names (a sub-kind with
    its resolution is one): each is served newest first by the (column, created_at, id) index,
    so a page never scans the cases. Cases put there by a history action come from the
    history's (action, case) index."""
    atoms: list[peewee.Expression] = []
    for column, values in (
        (Case.kind, rule.kinds),
        (Case.sub_kind, rule.sub_kinds),
        (Case.resolution, rule.resolutions),
        (Case.state, rule.states),
    ):
        atoms.extend(column == value for value in sorted(values))
    atoms.extend(pair_conditions(rule))
    if rule.actions:
        atoms.append(recorded_condition(rule))
    return atoms


def _after_row(before_id: int | None) -> list[peewee.Expression] | None:
    """The conditions for the rows after `before_id` in register order (newest registration
    first, then the higher id); None when that case no longer exists."""
    if before_id is None:
        return []
    created = Case.select(Case.created_at).where(Case.id == before_id).scalar()
    if created is None:
        return None
    return [
        Case.created_at <= created,  # the index range; the tie is decided by the id
        (Case.created_at < created) | (Case.id < before_id),
    ]


_NEWEST_FIRST = (Case.created_at.desc(), Case.id.desc())


def register_page_query(
    flt: RegisterFilter, after: list[peewee.Expression], limit: int = PAGE_SIZE
) -> peewee.SelectBase:
    """The ids of one page of a register (no text search), newest registration first; `after`
    from `_after_row` for the pages after the first.

    A register is an OR of conditions: ordered as one query, it walks the cases back from the
    newest until the page is full (a million rows for a rare register, or for a month long
    past). Instead each condition reads at most a page along its own (column, created_at, id)
    index, the dates narrowing that same walk, and the page is the newest `limit` of those.
    """
    others = [*_filter_conditions(flt)[1:], *after, Case.state != CaseState.CANCELLED]
    pages: list[peewee.SelectBase] = []
    for number, atom in enumerate(register_atoms(REGISTER_RULES[flt.register])):
        branch = (
            Case.select(Case.id, Case.created_at)
            .where(functools.reduce(operator.and_, [atom, *others]))
            .order_by(*_NEWEST_FIRST)
            .limit(limit)
            .alias(f"page{number}")
        )
        pages.append(peewee.Select([branch], [branch.c.id, branch.c.created_at]))
    page = functools.reduce(operator.or_, pages)  # UNION: a case in two branches counts once
    return page.order_by(peewee.SQL("2 DESC"), peewee.SQL("1 DESC")).limit(limit)


_ROW_FIELDS = (
    Case.id,
    Case.case_no,
    Case.created_at,
    Customer.platform_id,
    Case.order_no,
    Case.waybill_no,
    Case.courier,
    Case.kind,
    Case.sub_kind,
    Case.state,
    Case.resolution,
    Staff.display_name,
    Case.refund_fen,
    Case.compensation_fen,
    Case.postage_fen,
    Case.courier_fen,
    Case.postage_payer,
)


@operation(Operation.VIEW_REGISTERS)
def list_register(
    user: User, flt: RegisterFilter, before_id: int | None = None, limit: int = PAGE_SIZE
) -> list[RegisterRow]:
    """One page of a register, newest registration first; pass the last row's id as
    `before_id` for more."""
    query = (
        Case.select(*_ROW_FIELDS)
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(Case)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(Case.handler == Staff.id))
    )
    after = _after_row(before_id)
    if after is None:
        return []
    if flt.text.strip():  # the search terms narrow by their own indexes
        terms = text_search_terms(flt.text)
        if not terms:
            return []
        conditions = [*_filter_conditions(flt), *after]
        where = functools.reduce(operator.and_, conditions) & functools.reduce(operator.or_, terms)
    else:
        page = database.execute(register_page_query(flt, after, limit))
        ids = [case_id for case_id, _created in page]
        if not ids:
            return []
        where = Case.id.in_(ids)
    rows = query.where(where).order_by(*_NEWEST_FIRST).limit(limit)
    found = [_register_row(r) for r in database.execute(rows)]
    if flt.register == Register.RETURN and found:  # the page's goods, in one batch
        goods = returns.goods_by_case([row.id for row in found])
        found = [dataclasses.replace(row, goods=goods.get(row.id)) for row in found]
    return found


def _register_row(r: tuple[Any, ...]) -> RegisterRow:
    money = money_of(r[10], r[12], r[13], r[15], r[14], r[16])
    return RegisterRow(
        id=r[0],
        case_no=r[1],
        created_at=stored_datetime(r[2]) or datetime.min,
        customer_id=r[3],
        order_no=r[4],
        waybill_no=r[5],
        courier=r[6],
        kind=CaseKind(r[7]),
        sub_kind=SubKind(r[8]) if r[8] else None,
        state=CaseState(r[9]),
        resolution=r[10],
        handler_name=r[11] or "",
        refund_fen=money.refund_fen,
        compensation_fen=money.compensation_fen,
        postage_fen=money.postage_fen,
        courier_fen=money.courier_fen,
    )


@operation(Operation.VIEW_REGISTERS)
def register_counts(
    user: User, date_from: date | None, date_to: date | None
) -> dict[Register, int]:
    """How many cases each register holds for the inclusive local dates (None = no bound).

    One pass over the cases (a conditional count per register), not one query per register;
    slow enough on a big office to belong off the UI thread.
    """
    registers = list(Register)
    columns = [
        peewee.fn.COUNT(peewee.Case(None, [(register_condition(REGISTER_RULES[r]), 1)], None))
        for r in registers
    ]
    dated = _filter_conditions(RegisterFilter(date_from=date_from, date_to=date_to))[1:]
    query = Case.select(*columns)
    if dated:
        query = query.where(functools.reduce(operator.and_, dated))
    row = database.execute(query).fetchone()
    return {register: int(row[i] or 0) for i, register in enumerate(registers)}


# --- the monthly report --------------------------------------------------------------------


class _Tally:
    """Accumulates one period's figures, case by case."""

    def __init__(self, now: datetime, changes: dict[int, list[StateChange]] | None = None) -> None:
        self.now = now
        self.calendar = office_calendar()
        self.limits = office_limits()
        self.changes = changes or {}
        self.figures = PeriodFigures()
        self.by_kind: Counter[str] = Counter()
        self.by_sub_kind: Counter[tuple[str, str]] = Counter()
        self.by_resolution: Counter[str] = Counter()
        self.by_register: Counter[Register] = Counter()
        self.reply_minutes: list[float] = []
        self.resolve_hours: list[float] = []

    def add(
        self,
        kind: str,
        sub_kind: str | None,
        state: str,
        resolution: str,
        refund: int,
        compensation: int,
        postage: int,
        payer: str,
        courier: int,
        asked: datetime,
        reply: datetime | None,
        resolved: datetime | None,
        registers: Iterable[Register],
        case_id: int = 0,
    ) -> tuple[bool | None, bool | None, float | None, float | None]:
        """Count one case; returns (reply kept, logistics kept, reply minutes, resolve hours)."""
        fig = self.figures
        if state == CaseState.CANCELLED:
            fig.cancelled += 1
            return None, None, None, None
        fig.cases += 1
        kind_label = _kind_label(kind)
        self.by_kind[kind_label] += 1
        self.by_sub_kind[(kind_label, _sub_kind_label(sub_kind))] += 1
        self.by_resolution[resolution_label(resolution)] += 1
        self.by_register.update(registers)
        money = money_of(resolution, refund, compensation, courier, postage, payer)
        fig.refund_fen += money.refund_fen
        fig.compensation_fen += money.compensation_fen
        fig.courier_fen += money.courier_fen
        fig.postage_fen += money.shop_postage_fen
        reply_minutes = (reply - asked).total_seconds() / 60 if reply is not None else None
        resolve_hours = (resolved - asked).total_seconds() / 3600 if resolved is not None else None
        if reply_minutes is not None:
            self.reply_minutes.append(reply_minutes)
        if resolve_hours is not None:
            self.resolve_hours.append(resolve_hours)
            fig.resolved += 1
        times = CaseTimes(
            kind, CaseState(state), asked, reply, resolved,
            changes=tuple(self.changes.get(case_id, ())),
        )  # fmt: skip
        clocks = case_clocks(times, self.now, self.calendar, self.limits)
        reply_ok = promise_kept(clocks, Promise.FIRST_REPLY)
        logistics_ok = promise_kept(clocks, Promise.LOGISTICS_RESOLVE)
        fig.reply_sla.add(reply_ok)
        fig.logistics_sla.add(logistics_ok)
        return reply_ok, logistics_ok, reply_minutes, resolve_hours

    def add_price_changes(self, state: str, top_up: int, price_cut: int) -> None:
        """Count a case's top-ups and price cuts (none for a cancelled case, like its money)."""
        if state != CaseState.CANCELLED:
            self.figures.top_up_fen += top_up
            self.figures.price_cut_fen += price_cut

    def finish(self) -> PeriodFigures:
        fig = self.figures
        fig.by_kind = dict(self.by_kind)
        fig.by_sub_kind = dict(self.by_sub_kind)
        fig.by_resolution = dict(self.by_resolution)
        fig.by_register = dict(self.by_register)
        fig.reply_minutes_median = median(self.reply_minutes)
        fig.reply_minutes_p90 = percentile(self.reply_minutes, 90)
        fig.resolve_hours_median = median(self.resolve_hours)
        fig.resolve_hours_p90 = percentile(self.resolve_hours, 90)
        return fig


def _kind_label(kind: str) -> str:
    return label_of(CaseKind, kind)


def _sub_kind_label(sub_kind: str | None) -> str:
    return label_of(SubKind, sub_kind)


def _state_label(state: str) -> str:
    return label_of(CaseState, state)


def _state_changes_in(period: ReportPeriod) -> dict[int, list[StateChange]]:
    """The state history the clocks need (logistics cases' pauses, unanswered cases' end)."""
    query = (
        CaseEvent.select(CaseEvent.case, CaseEvent.at, CaseEvent.to_state)
        .join(Case, on=(CaseEvent.case == Case.id))
        .where(
            _in_period(period)
            & CaseEvent.to_state.is_null(False)
            & ((Case.kind == CaseKind.LOGISTICS) | Case.first_reply_at.is_null())
        )
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    changes: dict[int, list[StateChange]] = defaultdict(list)
    for case_id, at, state in database.execute(query):
        moment = stored_datetime(at)
        if moment is not None and state in CaseState.__members__.values():
            changes[case_id].append(StateChange(moment, CaseState(state)))
    return changes


def _escalated_in(period: ReportPeriod) -> set[int]:
    query = (
        CaseEvent.select(CaseEvent.case)
        .join(Case, on=(CaseEvent.case == Case.id))
        .where(_in_period(period) & (CaseEvent.to_state == CaseState.ESCALATED))
        .distinct()
    )
    return {case_id for (case_id,) in database.execute(query)}


def _active_clusters(
    period: ReportPeriod, local: Callable[[datetime], datetime]
) -> list[ProductionCluster]:
    """Production-feedback clusters with a complaint in the period, counted over a rolling
    window that ignores the period's bounds (complaints before it count too)."""
    start, end = _utc_bounds(period)
    rule = office_defect_rule()
    counted = (
        (Case.kind == CaseKind.QUALITY)
        & (Case.state != CaseState.CANCELLED)
        & (Case.sub_kind.is_null() | (Case.sub_kind != SubKind.CUSTOMER_FAULT))
        & (Case.sku != "")
        & (Case.batch != "")
    )
    recent = (
        Case.select(Case.sku, Case.batch)
        .where(counted & (Case.created_at >= start - rule.window) & (Case.created_at < end))
        .distinct()
    )
    query = (
        Case.select(
            Case.case_no, Customer.platform_id, Case.sku, Case.batch, Case.created_at,
            Case.sub_kind, Case.state, Case.wizard_path,
        )
        .join(Customer, on=(Case.customer == Customer.id))
        .where(
            counted
            & (Case.created_at < end)
            & (peewee.Tuple(Case.sku, Case.batch).in_(recent))
        )
    )  # fmt: skip
    complaints: list[QualityComplaint] = []
    for case_no, customer, sku, batch, created, sub_kind, state, path in database.execute(query):
        denied = defect_denied(json.loads(path) if path else [])
        if is_quality_complaint(CaseKind.QUALITY, sub_kind, state, denied):
            at = local(stored_datetime(created) or datetime.min)
            complaints.append(QualityComplaint(case_no, customer, sku, batch, at, sub_kind))
    clusters = production_clusters(complaints, rule.min_customers, rule.window)
    return active_clusters(clusters, local(start), local(end))


def _feedback_recorded(
    clusters: list[ProductionCluster], local: Callable[[datetime], datetime]
) -> dict[tuple[str, str], datetime]:
    """When each cluster's production-feedback record was made (local time), if one was."""
    recorded: dict[tuple[str, str], datetime] = {}
    window = office_defect_rule().window
    for cluster in clusters:
        rows = (
            ProductionFeedback.select(ProductionFeedback.created_at)
            .where(
                (ProductionFeedback.sku == cluster.sku)
                & (ProductionFeedback.batch == cluster.batch)
            )
            .order_by(ProductionFeedback.created_at)
            .tuples()
        )
        for (created,) in rows:
            at = local(stored_datetime(created) or datetime.min)
            if cluster.first_at <= at <= cluster.last_at + window:
                recorded[(cluster.sku, cluster.batch)] = at
                break
    return recorded


def _register_actions_in(period: ReportPeriod) -> dict[int, set[str]]:
    """The history actions that put a case of the period in a register, by case id."""
    wanted = sorted({a for rule in REGISTER_RULES.values() for a in rule.actions})
    query = (
        CaseEvent.select(CaseEvent.case, CaseEvent.action)
        .join(Case, on=(CaseEvent.case == Case.id))
        .where(_in_period(period) & CaseEvent.action.in_(wanted))
    )
    found: dict[int, set[str]] = defaultdict(set)
    for case_id, action in database.execute(query):
        found[case_id].add(action)
    return found


def _evidence_in(period: ReportPeriod, root: Path) -> dict[int, list[str]]:
    query = (
        Evidence.select(Evidence.case, Evidence.rel_path)
        .join(Case, on=(Evidence.case == Case.id))
        .where(_in_period(period))
        .order_by(Evidence.case, Evidence.id)
    )
    found: dict[int, list[str]] = defaultdict(list)
    for case_id, rel_path in database.execute(query):
        found[case_id].append(str(root.joinpath(*PurePosixPath(rel_path).parts)))
    return found


_DETAIL_FIELDS = (
    Case.id,
    Case.case_no,
    Case.created_at,
    Customer.platform_id,
    Case.order_no,
    Case.waybill_no,
    Case.courier,
    Case.kind,
    Case.sub_kind,
    Case.state,
    Case.handler,
    Case.sku,
    Case.colour,
    Case.size,
    Case.quantity,
    Case.batch,
    Case.resolution,
    Case.refund_fen,
    Case.compensation_fen,
    Case.postage_fen,
    Case.postage_payer,
    Case.courier_fen,
    Case.asked_at,
    Case.first_reply_at,
    Case.resolved_at,
    Case.summary,
    Case.top_up_fen,
    Case.price_cut_fen,
)


def _raw_rows(period: ReportPeriod, fields: Iterable[peewee.Field]) -> Iterator[tuple[Any, ...]]:
    query = (
        Case.select(*fields)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(_in_period(period))
        .order_by(Case.created_at, Case.id)
    )
    cursor = database.execute(query)
    while True:
        batch = cursor.fetchmany(2000)
        if not batch:
            return
        yield from batch


def _previous_figures(period: ReportPeriod, now: datetime) -> PeriodFigures:
    tally = _Tally(now, _state_changes_in(period))
    acted = _register_actions_in(period)
    fields = (
        Case.id, Case.kind, Case.sub_kind, Case.state, Case.resolution, Case.refund_fen,
        Case.compensation_fen, Case.postage_fen, Case.postage_payer, Case.courier_fen,
        Case.created_at, Case.asked_at, Case.first_reply_at, Case.resolved_at, Case.top_up_fen,
        Case.price_cut_fen,
    )  # fmt: skip
    for (case_id, kind, sub_kind, state, resolution, refund, compensation, postage, payer,
         courier, created, asked, reply, resolved, top_up, price_cut,
         ) in _raw_rows(period, fields):  # fmt: skip
        created_at = stored_datetime(created) or now
        tally.add(
            kind, sub_kind, state, resolution, refund, compensation, postage, payer, courier,
            stored_datetime(asked) or created_at, stored_datetime(reply), stored_datetime(resolved),
            registers_for(kind, sub_kind, resolution, state, acted.get(case_id, ())), case_id,
        )  # fmt: skip
        tally.add_price_changes(state, top_up, price_cut)
    return tally.finish()


@operation(Operation.EXPORT_WORKBOOK)
def build_monthly_report(
    user: User,
    period: ReportPeriod,
    root: Path | None = None,
    now: datetime | None = None,
) -> MonthlyReport:
    """Everything the monthly workbook shows for `period`, read from the store."""
    now = now or utc_now()
    root = root or archive_root()
    start, end = _utc_bounds(period)
    local = _local_converter(start, end)
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    escalated = _escalated_in(period)
    evidence = _evidence_in(period, root)
    acted = _register_actions_in(period)
    goods = returns.goods_by_case(Case.select(Case.id).where(_in_period(period)))

    tally = _Tally(now, _state_changes_in(period))
    agents: dict[str, AgentFigures] = {}
    agent_reply: dict[str, list[float]] = defaultdict(list)
    per_day: Counter[date] = Counter()
    rows: list[DetailRow] = []
    no_evidence: list[str] = []
    for (case_id, case_no, created, customer, order_no, waybill, courier_code, kind, sub_kind,
         state, handler, sku, colour, size, quantity, batch, resolution, refund, compensation,
         postage, payer, courier, asked, reply, resolved, summary, top_up, price_cut,
         ) in _raw_rows(period, _DETAIL_FIELDS):  # fmt: skip
        created_at = stored_datetime(created) or now
        asked_at = stored_datetime(asked) or created_at
        reply_at = stored_datetime(reply)
        resolved_at = stored_datetime(resolved)
        was_escalated = case_id in escalated
        registers = registers_for(kind, sub_kind, resolution, state, acted.get(case_id, ()))
        money = money_of(resolution, refund, compensation, courier, postage, payer)
        reply_ok, logistics_ok, reply_minutes, resolve_hours = tally.add(
            kind, sub_kind, state, resolution, refund, compensation, postage, payer, courier,
            asked_at, reply_at, resolved_at, registers, case_id,
        )  # fmt: skip
        tally.add_price_changes(state, top_up, price_cut)
        handler_name = names.get(handler, UNASSIGNED) if handler else UNASSIGNED
        created_local = local(created_at)
        if state != CaseState.CANCELLED:
            per_day[created_local.date()] += 1
            agent = agents.get(handler_name)
            if agent is None:
                agent = agents[handler_name] = AgentFigures(handler_name)
            agent.cases += 1
            agent.resolved += resolved_at is not None
            agent.reply_sla.add(reply_ok)
            agent.logistics_sla.add(logistics_ok)
            agent.escalations += was_escalated or state == CaseState.ESCALATED
            agent.refund_fen += money.refund_fen
            agent.compensation_fen += money.compensation_fen
            agent.top_up_fen += top_up
            agent.price_cut_fen += price_cut
            if reply_minutes is not None:
                agent_reply[handler_name].append(reply_minutes)
        rows.append(
            DetailRow(
                case_no=case_no,
                created_at=created_local,
                customer_id=customer,
                order_no=order_no,
                waybill_no=waybill,
                courier=courier_name(courier_code),
                kind=_kind_label(kind),
                sub_kind=_sub_kind_label(sub_kind),
                state=_state_label(state),
                handler=handler_name,
                sku=sku,
                colour=colour,
                size=size,
                quantity=quantity,
                batch=batch,
                resolution=resolution_label(resolution),
                refund_fen=money.refund_fen,
                compensation_fen=money.compensation_fen,
                postage_fen=money.postage_fen,
                postage_payer=mapped_label(POSTAGE_PAYER_LABELS, payer, "postage payer"),
                courier_fen=money.courier_fen,
                asked_at=local(asked_at),
                first_reply_at=local(reply_at) if reply_at else None,
                resolved_at=local(resolved_at) if resolved_at else None,
                reply_minutes=round(reply_minutes, 1) if reply_minutes is not None else None,
                resolve_hours=round(resolve_hours, 1) if resolve_hours is not None else None,
                registers=tuple(registers),
                evidence=tuple(evidence.get(case_id, no_evidence)),
                summary=summary,
                top_up_fen=top_up,
                price_cut_fen=price_cut,
                goods=_local_goods(goods.get(case_id), local)
                if Register.RETURN in registers
                else None,
            )
        )
    for name, values in agent_reply.items():
        agents[name].reply_minutes_median = median(values)
    for name, visits in satisfaction_by_agent(start, end).items():
        agent = agents.get(name)
        if agent is None:
            agent = agents[name] = AgentFigures(name)
        agent.follow_ups = visits.follow_ups
        agent.follow_ups_reached = visits.reached
        agent.follow_ups_satisfied = visits.satisfied
    clusters = _active_clusters(period, local)
    receipts, style_defects = returns.month_receipts(start, end, local)
    scores, score_status = sheet_rows(period, list(agents.values()))
    return MonthlyReport(
        period=period,
        generated_at=local(now),
        current=tally.finish(),
        previous=_previous_figures(period.previous(), now),
        per_day=[(day, per_day.get(day, 0)) for day in period.days],
        agents=sorted(agents.values(), key=lambda a: (-a.cases, a.name)),
        clusters=clusters,
        feedback_recorded=_feedback_recorded(clusters, local),
        rows=rows,
        kind_labels=[KIND_LABELS[k] for k in CaseKind],
        receipts=receipts,
        style_defects=style_defects,
        claims=_claims_in(start, end, now, local),
        defect_rule=office_defect_rule(),
        limits=office_limits(),
        reviews=review_counts(period.start, period.end),
        scores=scores,
        score_status=score_status,
    )


def _local_goods(
    goods: ReturnedGoods | None, local: Callable[[datetime], datetime]
) -> ReturnedGoods | None:
    """A case's returned goods with the receipt time in local time, as the workbook shows."""
    if goods is None or goods.received_at is None:
        return goods
    return dataclasses.replace(goods, received_at=local(goods.received_at))


def _claims_in(
    start: datetime, end: datetime, now: datetime, local: Callable[[datetime], datetime]
) -> list[ClaimRow]:
    """The courier claims opened in [start, end) (UTC) as rows of the 快递理赔 sheet."""
    return [
        ClaimRow(
            case_no=c.case_no,
            opened_at=local(c.created_at),
            courier=c.courier_name,
            waybill_no=c.waybill_no,
            problem=c.kind.label + (f"-{c.sub_kind.label}" if c.sub_kind else ""),
            claimed_fen=c.claimed_fen,
            received_fen=c.received_fen,
            state=c.state.label,
            days_open=c.days_open(now),
            settled_at=local(c.settled_at) if c.settled_at else None,
            remark=c.remark,
        )
        for c in claim_rows(ClaimFilter(created_from=start, created_to=end))
    ]


@operation(Operation.EXPORT_WORKBOOK)
def export_monthly(
    user: User,
    period: ReportPeriod,
    target: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Read the period from the store and write its workbook to `target`; the path written."""
    target = normalise_target(target)
    check_target(target)
    report = build_monthly_report(user, period)
    if cancelled is not None and cancelled():
        raise ExportCancelled("已取消导出，没有生成文件。")
    return write_monthly_workbook(report, target, progress, cancelled)


__all__ = [
    "RegisterFilter",
    "RegisterRow",
    "SlaTally",
    "build_monthly_report",
    "export_monthly",
    "list_register",
    "register_atoms",
    "register_condition",
    "register_counts",
    "register_page_query",
]
