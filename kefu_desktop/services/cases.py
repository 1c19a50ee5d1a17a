"""Cases: open, find, list page by page, move between states, with history."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

import peewee

from kefu_desktop.domain.case_numbers import case_number_prefix, format_case_number
from kefu_desktop.domain.clock import format_local, to_utc, utc_now
from kefu_desktop.domain.couriers import COURIER_BY_CODE, normalise_waybill
from kefu_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
    StaleRecord,
    ValidationError,
    who_and_when,
)
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.intake import CASE_TEXT_FIELDS, MAX_QUANTITY, clean_case_text
from kefu_desktop.domain.kinds import CaseKind, SubKind, sub_kind_belongs
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState, check_transition
from kefu_desktop.domain.text import TextKind, clean_text, search_key
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import (
    ESCALATION_DECISION_STEP,
    case_row,
    check_may_change,
    check_money_covered,
    check_nothing_pending,
    handler_away,
    handler_name,
    may_change,
)
from kefu_desktop.store.counters import highest_case_sequence
from kefu_desktop.store.db import database, is_postgresql
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import ApprovalRequest, Case, CaseCounter, CaseEvent, Customer, Staff
from kefu_desktop.store.queries import starts_with, stored_datetime

PAGE_SIZE = 100
"""Rows read at a time for a list: four or five screens, more as the user scrolls down."""
UNRECORDED_ACTOR = "（未记录）"
"""Shown for history entries an older version wrote without a person; new ones always have one."""
MAX_CUSTOMER_ID_LENGTH = 200
MAX_NOTE_LENGTH = 2000
"""Longest note kept with a change of state (in the case's history)."""


@dataclass(frozen=True)
class NewCase:
    """What an agent enters to open a case."""

    kind: CaseKind
    customer_id: str
    sub_kind: SubKind | None = None
    order_no: str = ""
    waybill_no: str = ""
    courier: str = ""
    sku: str = ""
    colour: str = ""
    size: str = ""
    quantity: int = 1
    batch: str = ""
    summary: str = ""
    asked_at: datetime | None = None
    """When the customer first asked (naive = local time); defaults to now."""
    request_key: str = ""
    """Idempotency key of the form that opens the case: the same key never opens two cases,
    however often a cut-off save is tried again (see `store.guarded.write_once`)."""


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    case_no: str
    kind: CaseKind
    sub_kind: SubKind | None
    state: CaseState
    customer_id: str
    order_no: str
    waybill_no: str
    courier: str
    handler_name: str
    created_at: datetime
    attention: str
    version: int
    sla_promise: str = ""
    """The running time promise due first ('' when none runs)."""
    sla_due_at: datetime | None = None
    sla_warn_at: datetime | None = None
    note_flag: OrderFlag = OrderFlag.NONE
    """The flag of the case's order note (the list's 旗帜 column)."""


@dataclass(frozen=True)
class CaseEventView:
    at: datetime
    actor_name: str
    action: str
    from_state: CaseState | None
    to_state: CaseState | None
    details: dict[str, Any]


@dataclass(frozen=True)
class CaseDetail:
    """Everything about one case, for the detail pane."""

    id: int
    case_no: str
    kind: CaseKind
    sub_kind: SubKind | None
    state: CaseState
    customer_id: str
    order_no: str
    waybill_no: str
    courier: str
    sku: str
    colour: str
    size: str
    quantity: int
    batch: str
    summary: str
    handler_id: int | None
    handler_name: str
    created_by_name: str
    asked_at: datetime | None
    first_reply_at: datetime | None
    resolved_at: datetime | None
    created_at: datetime
    updated_at: datetime
    resolution: str
    resolution_text: str
    refund_fen: int
    compensation_fen: int
    postage_fen: int
    postage_payer: str
    note_text: str
    note_flag: OrderFlag
    wizard_path: list[Any]
    attention: str
    version: int
    events: list[CaseEventView] = field(default_factory=list)
    courier_fen: int = 0
    """Money the courier pays the shop (物流赔偿)."""
    check_promised_at: datetime | None = None
    check_answered_at: datetime | None = None
    top_up_fen: int = 0
    """What the customer paid on top (补差价, 补运费)."""
    price_cut_fen: int = 0
    """How much the price was lowered (改价优惠)."""


class DueFilter(StrEnum):
    """The time-promise filters of the case list."""

    SOON = "soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {DueFilter.SOON: "即将超时", DueFilter.OVERDUE: "已超时"}[self]


@dataclass(frozen=True)
class CaseFilter:
    """What the case list is narrowed to. `text` finds customer ID, order, waybill or case no."""

    text: str = ""
    kind: CaseKind | None = None
    state: CaseState | None = None
    handler_id: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    """Inclusive local dates."""
    attention_only: bool = False
    due: DueFilter | None = None
    by_due: bool = False
    sku: str = ""
    batch: str = ""
    """Style and batch exactly (the dashboard's most-reported defects)."""
    """List the cases with a running promise, the one due first at the top (时限 sorted)."""


# --- opening -------------------------------------------------------------------------------


def _refresh_clocks(case_ids: list[int]) -> None:
    """Store the cases' promise clocks again after a change (in the change's transaction).

    The clock arithmetic and the service-hours calendar load with the first change, not with
    the case list, which reads the stored columns."""
    from kefu_desktop.store.clocks import refresh_clock_columns

    refresh_clock_columns(case_ids)


def clean_new_case(new: NewCase) -> NewCase:
    """`new` by the text rule (NFC, trimmed, waybill normalised); `ValidationError` if it breaks one."""
    text: dict[str, Any] = {
        key: clean_case_text(key, getattr(new, key), case_text_max_length(key))
        for key in CASE_TEXT_FIELDS
        if key not in ("quantity", "asked_at")
    }
    if not text["customer_id"]:
        raise ValidationError("请填写买家ID（旺旺ID）。", "customer_id")
    if not sub_kind_belongs(new.kind, new.sub_kind):
        raise ValidationError("问题细类与售后类型不符，请重新选择。", "sub_kind")
    if text["order_no"] and not text["order_no"].isdigit():
        raise ValidationError("订单号只能是数字，请从订单详情复制。", "order_no")
    if text["courier"] and text["courier"] not in COURIER_BY_CODE:
        raise ValidationError("请从列表中选择快递公司。", "courier")
    if new.quantity < 1:
        raise ValidationError("数量至少为 1。", "quantity")
    if new.quantity > MAX_QUANTITY:
        raise ValidationError(f"数量最多 {MAX_QUANTITY}，请核对。", "quantity")
    return replace(new, **text)


def case_text_max_length(key: str) -> int | None:
    """The longest text the column behind a case text field holds (None: no limit)."""
    column = Customer.platform_id if key == "customer_id" else getattr(Case, key, None)
    length = getattr(column, "max_length", None)
    return length if isinstance(length, int) else None


def case_text_max_lengths() -> dict[str, int]:
    """`case_text_max_length` of every case text field that has a limit."""
    limits = {key: case_text_max_length(key) for key in CASE_TEXT_FIELDS}
    return {key: limit for key, limit in limits.items() if limit is not None}


def _customer_for(platform_id: str) -> Customer:
    """The customer row for a platform customer ID, created on first use."""
    customer: Customer | None = Customer.get_or_none(Customer.platform_id == platform_id)
    if customer is None:
        try:
            with database.atomic():
                customer = Customer.create(platform_id=platform_id)
        except peewee.IntegrityError:  # a colleague added the same customer a moment ago
            customer = Customer.get(Customer.platform_id == platform_id)
    assert customer is not None
    return customer


def next_case_number(day: date, resync: bool = False) -> str:
    """Take the next case number of local date `day`; call inside the case's transaction.

    The day's counter row is bumped in one statement, which holds its row lock until the
    transaction ends, so concurrent desks never get the same number and never have to retry.
    `resync` first lifts the counter above numbers written without it (e.g. imported cases).
    """
    prefix = case_number_prefix(day)
    if resync:
        highest = highest_case_sequence(prefix)
        CaseCounter.update(last=highest).where(
            (CaseCounter.prefix == prefix) & (CaseCounter.last < highest)
        ).execute()
    bumped = (
        CaseCounter.update(last=CaseCounter.last + 1).where(CaseCounter.prefix == prefix).execute()
    )
    if not bumped:  # the day's first case: start above any number the day already has
        CaseCounter.insert(prefix=prefix, last=highest_case_sequence(prefix) + 1).on_conflict(
            conflict_target=[CaseCounter.prefix],
            update={CaseCounter.last: CaseCounter.last + 1},
        ).execute()
    last = CaseCounter.select(CaseCounter.last).where(CaseCounter.prefix == prefix).scalar()
    return format_case_number(day, int(last))


@operation(Operation.OPEN_CASE)
def create_case(user: User, new: NewCase, state: CaseState = CaseState.OPEN) -> CaseDetail:
    """Open a case handled by `user`; the first history entry records it."""
    new = clean_new_case(new)
    now = utc_now()
    asked_at = to_utc(new.asked_at) if new.asked_at else now
    if asked_at > now + timedelta(minutes=5):
        raise ValidationError("客户首次咨询时间不能晚于现在，请核对。", "asked_at")

    def insert() -> CaseDetail:
        for attempt in range(5):
            try:
                with database.atomic():
                    customer = _customer_for(new.customer_id)
                    case = Case.create(
                        case_no=next_case_number(datetime.now().date(), resync=attempt > 0),
                        kind=new.kind,
                        sub_kind=new.sub_kind,
                        state=state,
                        customer=customer,
                        order_no=new.order_no,
                        waybill_no=new.waybill_no,
                        courier=new.courier,
                        sku=new.sku,
                        colour=new.colour,
                        size=new.size,
                        quantity=new.quantity,
                        batch=new.batch,
                        summary=new.summary,
                        handler=user.id,
                        created_by=user.id,
                        asked_at=asked_at,
                        created_at=now,
                        updated_at=now,
                    )
                    _append_event(case.id, user, "created", None, state, {"kind": new.kind})
                    _refresh_clocks([case.id])
                return get_case(case.id)
            except peewee.IntegrityError:
                continue  # the number was written without the counter (an import): resync, retry
        raise ValidationError("生成售后单号时冲突过多，请稍后再试。")

    def already_created(case_id: int | None) -> CaseDetail:
        assert case_id is not None
        return get_case(case_id)

    return write_once(
        insert, already_created, key=new.request_key or None, ref=lambda detail: detail.id
    )


# --- reading -------------------------------------------------------------------------------


def _row_query() -> peewee.ModelSelect:
    return (
        Case.select(
            Case.id,
            Case.case_no,
            Case.kind,
            Case.sub_kind,
            Case.state,
            Customer.platform_id,
            Case.order_no,
            Case.waybill_no,
            Case.courier,
            Staff.display_name,
            Case.created_at,
            Case.attention,
            Case.version,
            Case.sla_promise,
            Case.sla_due_at,
            Case.sla_warn_at,
            Case.note_flag,
        )
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(Case)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(Case.handler == Staff.id))
    )


def _to_row(values: tuple[Any, ...]) -> CaseRow:
    (id_, case_no, kind, sub_kind, state, customer_id, order_no, waybill, courier, handler,
     created_at, attention, version, sla_promise, sla_due_at, sla_warn_at,
     note_flag) = values  # fmt: skip
    return CaseRow(
        id=id_,
        case_no=case_no,
        kind=CaseKind(kind),
        sub_kind=SubKind(sub_kind) if sub_kind else None,
        state=CaseState(state),
        customer_id=customer_id,
        order_no=order_no,
        waybill_no=waybill,
        courier=courier,
        handler_name=handler or "",
        created_at=stored_datetime(created_at) or datetime.min,
        attention=attention,
        version=version,
        sla_promise=sla_promise or "",
        sla_due_at=stored_datetime(sla_due_at),
        sla_warn_at=stored_datetime(sla_warn_at),
        note_flag=OrderFlag(note_flag),
    )


def _filter_conditions(flt: CaseFilter) -> list[peewee.Expression]:
    conditions: list[peewee.Expression] = []
    if flt.kind is not None:
        conditions.append(Case.kind == flt.kind)
    if flt.state is not None:
        conditions.append(Case.state == flt.state)
    if flt.handler_id is not None:
        conditions.append(Case.handler == flt.handler_id)
    if flt.created_from is not None:
        conditions.append(Case.created_at >= to_utc(datetime.combine(flt.created_from, time())))
    if flt.created_to is not None:
        end = datetime.combine(flt.created_to + timedelta(days=1), time())
        conditions.append(Case.created_at < to_utc(end))
    if flt.attention_only:
        conditions.append(Case.attention != "")
    if flt.due is not None:
        now = utc_now()
        if flt.due == DueFilter.OVERDUE:
            conditions.append(Case.sla_due_at < now)
        else:
            conditions.append((Case.sla_warn_at <= now) & (Case.sla_due_at >= now))
    if flt.by_due:
        conditions.append(Case.sla_due_at.is_null(False))
    if flt.sku:
        conditions.append(Case.sku == flt.sku)
    if flt.batch:
        conditions.append(Case.batch == flt.batch)
    return conditions


def _customer_ids(condition: peewee.Expression, limit: int = 500) -> list[int]:
    return [c for (c,) in Customer.select(Customer.id).where(condition).limit(limit).tuples()]


def text_search_terms(text: str) -> list[peewee.Expression]:
    """Index-served conditions for the search box: exact hits first, else prefixes."""
    text = search_key(text)
    if not text:
        return []
    waybill = normalise_waybill(text)
    exact: list[peewee.Expression] = [
        Case.waybill_no == waybill,
        Case.order_no == text,
        Case.case_no == text.upper(),
    ]
    customers = _customer_ids(Customer.platform_id == text)
    if customers:
        exact.append(Case.customer.in_(customers))
    if Case.select(Case.id).where(functools.reduce(operator.or_, exact)).exists():
        return exact  # one round trip: each column's index answers its part of the OR
    prefix: list[peewee.Expression] = [starts_with(Case.case_no, text.upper())]
    customers = _customer_ids(starts_with(Customer.platform_id, text))
    if customers:
        prefix.append(Case.customer.in_(customers))
    return prefix


def _newest_first(term: peewee.Expression | None) -> peewee.Node:
    """The order that serves a search term's newest cases from an index.

    Case numbers grow with ids, so on PostgreSQL a case-number prefix is read backwards along
    its text_pattern_ops index (~>~): the planner would otherwise walk the id index from the
    newest case back to the day typed, a million rows for an old day.
    """
    if (
        is_postgresql()
        and isinstance(term, peewee.Expression)
        and term.lhs is Case.case_no
        and term.op == "LIKE"
    ):
        return peewee.NodeList((Case.case_no, peewee.SQL("USING ~>~")))
    return Case.id.desc()


@operation(Operation.VIEW_CASES)
def list_cases(
    user: User, flt: CaseFilter = CaseFilter(), before_id: int | None = None, limit: int = PAGE_SIZE
) -> list[CaseRow]:
    """One page of cases, newest first; pass the last row's id as `before_id` for the next page."""
    conditions = _filter_conditions(flt)
    if flt.by_due or flt.due is not None:  # the due-time index serves these, due first
        return _list_by_due(conditions, flt, before_id, limit)
    if before_id is not None:
        conditions.append(Case.id < before_id)
    if search_key(flt.text):
        terms: list[peewee.Expression | None] = list(text_search_terms(flt.text))
    else:
        terms = [None]
    # Ids first, from the indexes alone where possible; then the rows of just this page.
    ids: set[int] = set()
    for term in terms:
        where = [*conditions, term] if term is not None else conditions
        query = Case.select(Case.id)
        if where:
            query = query.where(*where)
        ids.update(i for (i,) in query.order_by(_newest_first(term)).limit(limit).tuples())
    page = sorted(ids, reverse=True)[:limit]
    if not page:
        return []
    rows = _row_query().where(Case.id.in_(page)).order_by(Case.id.desc()).tuples()
    return [_to_row(r) for r in rows]


def _list_by_due(
    conditions: list[peewee.Expression], flt: CaseFilter, after_id: int | None, limit: int
) -> list[CaseRow]:
    """A page of the cases with a running promise, due first at the top (keyset: due, id)."""
    if after_id is not None:
        last_due = Case.select(Case.sla_due_at).where(Case.id == after_id).scalar()
        if last_due is not None:
            conditions.append(
                (Case.sla_due_at > last_due)
                | ((Case.sla_due_at == last_due) & (Case.id > after_id))
            )
    if search_key(flt.text):
        terms = text_search_terms(flt.text)
        if not terms:
            return []
        conditions.append(functools.reduce(operator.or_, terms))
    rows = _row_query().where(*conditions).order_by(Case.sla_due_at, Case.id).limit(limit).tuples()
    return [_to_row(r) for r in rows]


@operation(Operation.VIEW_CASES)
def find_by_waybill(user: User, waybill: str) -> list[CaseRow]:
    """Cases with exactly this waybill number (what a scanner types), newest first."""
    rows = (
        _row_query()
        .where(Case.waybill_no == normalise_waybill(search_key(waybill)))
        .order_by(Case.id.desc())
        .tuples()
    )
    return [_to_row(r) for r in rows]


def get_case(case_id: int) -> CaseDetail:
    """The full case with its history; `NotFound` if it is gone."""
    case = (
        Case.select(Case, Customer)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(Case.id == case_id)
        .first()
    )
    if case is None:
        raise NotFound("找不到该售后单，可能已被删除。请刷新列表。")
    staff_names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    events = [
        CaseEventView(
            at=e.at,
            actor_name=staff_names.get(e.actor_id or 0, UNRECORDED_ACTOR),
            action=e.action,
            from_state=CaseState(e.from_state) if e.from_state else None,
            to_state=CaseState(e.to_state) if e.to_state else None,
            details=e.details or {},
        )
        for e in CaseEvent.select()
        .where(CaseEvent.case == case_id)
        .order_by(CaseEvent.at, CaseEvent.id)
    ]
    return CaseDetail(
        id=case.id,
        case_no=case.case_no,
        kind=CaseKind(case.kind),
        sub_kind=SubKind(case.sub_kind) if case.sub_kind else None,
        state=CaseState(case.state),
        customer_id=case.customer.platform_id,
        order_no=case.order_no,
        waybill_no=case.waybill_no,
        courier=case.courier,
        sku=case.sku,
        colour=case.colour,
        size=case.size,
        quantity=case.quantity,
        batch=case.batch,
        summary=case.summary,
        handler_id=case.handler_id,
        handler_name=staff_names.get(case.handler_id, "") if case.handler_id else "",
        created_by_name=staff_names.get(case.created_by_id, "") if case.created_by_id else "",
        asked_at=case.asked_at,
        first_reply_at=case.first_reply_at,
        resolved_at=case.resolved_at,
        created_at=case.created_at,
        updated_at=case.updated_at,
        resolution=case.resolution,
        resolution_text=case.resolution_text,
        refund_fen=case.refund_fen,
        compensation_fen=case.compensation_fen,
        postage_fen=case.postage_fen,
        postage_payer=case.postage_payer,
        note_text=case.note_text,
        note_flag=OrderFlag(case.note_flag),
        wizard_path=list(case.wizard_path or []),
        attention=case.attention,
        version=case.version,
        events=events,
        courier_fen=case.courier_fen,
        check_promised_at=case.check_promised_at,
        check_answered_at=case.check_answered_at,
        top_up_fen=case.top_up_fen,
        price_cut_fen=case.price_cut_fen,
    )


# --- changing ------------------------------------------------------------------------------
#
# Each change is a named operation with its rule; all of them write through `_apply_change`,
# which records every changed field's old and new value in the history.


@dataclass(frozen=True)
class OutcomeRecord:
    """What a case was decided to end with (or wait for): resolution, money, order note, path."""

    resolution_code: str
    """The `Resolution` code stored in `Case.resolution` ('' while the case waits)."""
    resolution_text: str
    sub_kind: SubKind | None = None
    refund_fen: int = 0
    compensation_fen: int = 0
    courier_fen: int = 0
    """Money the courier pays the shop (物流赔偿)."""
    postage_fen: int = 0
    postage_payer: str = ""
    note_text: str = ""
    note_flag: OrderFlag = OrderFlag.NONE
    wizard_path: list[dict[str, Any]] = field(default_factory=list)
    summary: str = ""
    """Written only when the case has no summary yet."""


@dataclass(frozen=True)
class SupervisorAsk:
    """A request for the supervisor made with an outcome: compensation or escalation."""

    kind: str
    amount_fen: int = 0
    reason: str = ""


_DETAIL_FIELDS = ("order_no", "waybill_no", "courier", "sku", "colour", "size", "quantity", "batch")


def _shown(name: str, value: Any) -> Any:
    """A field's value as the history keeps it (JSON; people and customers by name)."""
    if name == "customer" and value is not None:
        return Customer.select(Customer.platform_id).where(Customer.id == value).scalar()
    if name == "handler" and value is not None:
        return Staff.select(Staff.display_name).where(Staff.id == value).scalar()
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, OrderFlag):
        return int(value)
    if isinstance(value, (int, str, bool, list, dict)) or value is None:
        return value
    return str(value)


def _append_event(
    case_id: int,
    actor: User,
    action: str,
    from_state: CaseState | None = None,
    to_state: CaseState | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one entry to a case's history, in the name of `actor` (inside the change's
    transaction; for the services' own operations, never a caller's free choice)."""
    CaseEvent.create(
        case=case_id,
        actor=actor.id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        details=details or {},
    )


def _apply_change(
    actor: User,
    case_id: int,
    expected_version: int | None,
    action: str,
    changes: dict[str, Any],
    details: dict[str, Any] | None = None,
    target_state: CaseState | None = None,
    *,
    new_version: bool = True,
) -> CaseDetail:
    """Save `changes` if nobody saved the case since `expected_version`, with history.

    The history entry holds every changed field's old and new value (`details['changes']`).
    Only the services' named operations call this, after checking their rule. Raises
    `StaleRecord` when a colleague saved first, `InvalidTransition` for a bad move.
    `expected_version=None` changes the current version (a highlight, a verdict's note);
    The save lands exactly once, even when the connection breaks in the middle of it.
    `new_version=False` leaves the version as it is (a seen highlight changes nothing a
    colleague is editing, so their save must not be refused for it).
    """
    now = utc_now()

    def save() -> None:
        current = case_row(case_id)
        version = current.version if expected_version is None else expected_version
        from_state = CaseState(current.state)
        values: dict[Any, Any] = {}
        changed: dict[str, list[Any]] = {}
        for name, new in changes.items():
            column = getattr(Case, name)
            old = getattr(current, column.column_name if name in ("customer", "handler") else name)
            stored_new = int(new) if isinstance(new, OrderFlag) else new
            if old != stored_new:
                changed[name] = [_shown(name, old), _shown(name, stored_new)]
            values[column] = stored_new
        to_state = target_state if target_state is not None and target_state != from_state else None
        if to_state is not None:
            check_transition(from_state, to_state)
            values[Case.state] = to_state
            if to_state == CaseState.RESOLVED and "resolved_at" not in changes:
                values[Case.resolved_at] = now
                changed["resolved_at"] = [
                    _shown("resolved_at", current.resolved_at),
                    _shown("resolved_at", now),
                ]
        values[Case.updated_at] = now
        if new_version:
            values[Case.version] = Case.version + 1
        updated = (
            Case.update(values).where((Case.id == case_id) & (Case.version == version)).execute()
        )
        if updated != 1:
            raise stale_case(case_id, current.case_no)
        entry = dict(details or {})
        if changed:
            entry["changes"] = changed
        _append_event(case_id, actor, action, from_state if to_state else None, to_state, entry)
        _refresh_clocks([case_id])

    write_once(save, lambda _ref: None)
    return get_case(case_id)


def last_change(case_id: int) -> tuple[str, datetime | None]:
    """Who last changed a case and when (naive UTC), from its history."""
    row = (
        CaseEvent.select(Staff.display_name, CaseEvent.at)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(CaseEvent.actor == Staff.id))
        .where(CaseEvent.case == case_id)
        .order_by(CaseEvent.id.desc())
        .limit(1)
        .tuples()
        .first()
    )
    if row is None:
        return "", None
    return row[0] or "", stored_datetime(row[1])


def stale_case(case_id: int, case_no: str) -> StaleRecord:
    """The error for a save that lost to a colleague's: who saved the case, and when."""
    by, at = last_change(case_id)
    return StaleRecord(
        f"售后单 {case_no} 已被 {who_and_when(by, at)} 修改，你看到的不是最新内容。\n"
        "你的输入还在，没有保存到该单：请点“重新载入”看最新内容后再操作。",
        changed_by=by,
        changed_at=at,
    )


@operation(Operation.EDIT_CASE_DETAILS)
def edit_case_details(
    user: User, case_id: int, expected_version: int, details: NewCase
) -> CaseDetail:
    """Correct a case's customer, order, waybill, courier and goods (handler, supervisor, admin).

    Only what differs is written; the history keeps each field's old and new value.
    """
    case = case_row(case_id)
    check_may_change(user, case)
    if case.state in (CaseState.CLOSED, CaseState.CANCELLED):
        raise ValidationError(
            f"售后单 {case.case_no} 已{CaseState(case.state).label}，不能再修改。"
        )
    new = clean_new_case(replace(details, kind=CaseKind(case.kind), sub_kind=None))
    changes: dict[str, Any] = {
        name: getattr(new, name)
        for name in _DETAIL_FIELDS
        if getattr(case, name) != getattr(new, name)
    }
    current_customer = (
        Customer.select(Customer.platform_id).where(Customer.id == case.customer_id).scalar()
    )
    if current_customer != new.customer_id:
        changes["customer"] = _customer_for(new.customer_id).id
    if not changes:
        return get_case(case_id)
    return _apply_change(user, case_id, expected_version, "intake_changed", changes)


@operation(Operation.CHANGE_STATE)
def change_state(
    user: User, case_id: int, expected_version: int, target: CaseState, note: str = ""
) -> CaseDetail:
    """Move a case to `target`, recording who, when, and the note in its history.

    Resolving needs no request waiting for the supervisor and its compensation covered.
    """
    case = case_row(case_id)
    check_may_change(user, case)
    note = clean_text(note, TextKind.TEXT, "备注", "note", MAX_NOTE_LENGTH)
    if target == CaseState.RESOLVED:
        check_nothing_pending(case_id)
        check_money_covered(user, case_id, case.compensation_fen)
    return _apply_change(
        user,
        case_id,
        expected_version,
        "state_changed",
        {},
        {"note": note} if note else {},
        target_state=target,
    )


FIRST_REPLY_FORMAT = "%Y-%m-%d %H:%M"


@operation(Operation.RECORD_FIRST_REPLY)
def record_first_reply(
    user: User, case_id: int, expected_version: int, at: datetime | None = None
) -> CaseDetail:
    """Record our first reply to the customer: now, or `at` (naive = local) when it was sent
    earlier. Nothing else fills it in; a reply already recorded stays as it is."""
    case = case_row(case_id)
    check_may_change(user, case)
    if case.first_reply_at is not None:
        return get_case(case_id)
    now = utc_now()
    moment = now if at is None else to_utc(at)
    if moment > now + timedelta(minutes=1):
        raise ValidationError("首次回复时间不能晚于现在，请核对后重新填写。", "first_reply_at")
    asked = stored_datetime(case.asked_at) or stored_datetime(case.created_at) or now
    if moment < asked:
        raise ValidationError(
            f"首次回复时间不能早于客户首次咨询时间（{format_local(asked)}），请核对后重新填写。",
            "first_reply_at",
        )
    return _apply_change(user, case_id, expected_version, "first_reply", {"first_reply_at": moment})


def parse_reply_time(text: str) -> datetime:
    """A typed local time 'YYYY-MM-DD HH:MM' (also 'HH:MM' for today); Chinese message if not."""
    text = search_key(text).replace("：", ":")
    try:
        if len(text) <= 5:
            clock = datetime.strptime(text, "%H:%M").time()
            return datetime.combine(datetime.now().date(), clock)
        return datetime.strptime(text, FIRST_REPLY_FORMAT)
    except ValueError:
        raise ValidationError(
            "回复时间看不懂：请写成 年-月-日 时:分（例如 2026-11-23 09:30），或今天的 时:分（例如 09:30）。",
            "first_reply_at",
        ) from None


@operation(Operation.RECORD_CHECK_PROMISE)
def record_check_promise(user: User, case_id: int, expected_version: int) -> CaseDetail:
    """需核实，已告知客户回复时间: the checked-answer clock starts now (unless one is running)."""
    case = case_row(case_id)
    check_may_change(user, case)
    if case.check_promised_at is not None and case.check_answered_at is None:
        return get_case(case_id)
    return _apply_change(
        user,
        case_id,
        expected_version,
        "check_promised",
        {"check_promised_at": utc_now(), "check_answered_at": None},
    )


@operation(Operation.RECORD_CHECK_PROMISE)
def record_check_answered(user: User, case_id: int, expected_version: int) -> CaseDetail:
    """The checked answer was given to the customer: its clock stops now."""
    case = case_row(case_id)
    check_may_change(user, case)
    if case.check_promised_at is None or case.check_answered_at is not None:
        raise ValidationError(f"售后单 {case.case_no} 没有等待答复的核实事项。")
    return _apply_change(
        user, case_id, expected_version, "check_answered", {"check_answered_at": utc_now()}
    )


@operation(Operation.RECORD_OUTCOME)
def record_outcome(
    user: User,
    case_id: int,
    expected_version: int,
    outcome: OutcomeRecord,
    target_state: CaseState | None = None,
    *,
    action: str = "outcome_recorded",
    details: dict[str, Any] | None = None,
    ask: SupervisorAsk | None = None,
) -> CaseDetail:
    """Save what a case ends with: resolution, money, order note and flag, path; history.

    Compensation above the agent's limit needs a supervisor's approval on record for that
    amount (`case_rules.check_money_covered`); resolving needs no request still waiting.
    `ask` opens the supervisor's request (compensation or escalation) in the same save.
    """
    case = case_row(case_id)
    check_may_change(user, case)
    for amount, label in (
        (outcome.refund_fen, "退款"),
        (outcome.compensation_fen, "补偿"),
        (outcome.courier_fen, "物流赔偿"),
        (outcome.postage_fen, "邮费"),
    ):
        if amount < 0:
            raise ValidationError(f"{label}金额不能为负数。", "money")
    if ask is not None and ask.kind not in ("compensation", "escalation"):
        raise ValidationError("只能向主管申请补偿审批或升级处理。")
    if target_state == CaseState.RESOLVED:
        check_nothing_pending(case_id)
    check_money_covered(
        user,
        case_id,
        outcome.compensation_fen,
        on_escalation_decision=any(
            entry.get("step") == ESCALATION_DECISION_STEP for entry in outcome.wizard_path
        ),
    )
    changes: dict[str, Any] = {
        "sub_kind": outcome.sub_kind,
        "resolution": outcome.resolution_code,
        "resolution_text": outcome.resolution_text,
        "refund_fen": outcome.refund_fen,
        "compensation_fen": outcome.compensation_fen,
        "courier_fen": outcome.courier_fen,
        "postage_fen": outcome.postage_fen,
        "postage_payer": outcome.postage_payer,
        "note_text": outcome.note_text,
        "note_flag": outcome.note_flag,
        "wizard_path": outcome.wizard_path,
        "attention": "",
    }
    if not case.summary and outcome.summary:
        changes["summary"] = outcome.summary

    def save() -> CaseDetail:
        _apply_change(user, case_id, expected_version, action, changes, details, target_state)
        from kefu_desktop.services import returns  # returns builds on this module

        returns._expect_for_outcome(user, case_id)
        if ask is None:
            return get_case(case_id)
        ApprovalRequest.create(
            case=case_id,
            kind=ask.kind,
            amount_fen=ask.amount_fen,
            reason=ask.reason,
            requested_by=user.id,
            requested_at=utc_now(),
        )
        _append_event(
            case_id,
            user,
            "approval_requested",
            details={"kind": ask.kind, "amount_fen": ask.amount_fen},
        )
        return get_case(case_id)

    return write_once(save, lambda _ref: get_case(case_id))


@operation(Operation.TAKE_OVER_CASE)
def take_over(user: User, case_id: int, expected_version: int, note: str = "") -> CaseDetail:
    """接手: `user` becomes the case's handler, recorded in the history.

    Allowed when the handler is away — the case has none, or their account is disabled (they
    left) — and always for a supervisor or an admin, who share out the work.
    """
    case = case_row(case_id)
    if case.handler_id == user.id:
        return get_case(case_id)
    if not check_may_take_over(user, case):
        name = handler_name(case)
        raise PermissionDenied(
            f"售后单 {case.case_no} 的处理人{name}还在岗，不能接手。如需转给你处理，请联系客服主管。"
        )
    if CaseState(case.state) in (CaseState.CLOSED, CaseState.CANCELLED):
        raise ValidationError(f"售后单 {case.case_no} 已{CaseState(case.state).label}，无需接手。")
    details = {"note": note.strip()} if note.strip() else {}
    return _apply_change(
        user, case_id, expected_version, "taken_over", {"handler": user.id}, details
    )


def check_may_take_over(user: User, case: Case) -> bool:
    """Whether `user` may take `case` over: the handler is away, or `user` oversees cases."""
    return may_change(user, case.handler_id) or handler_away(case)


def may_take_over(user: User, detail: CaseDetail) -> bool:
    """Whether 接手 applies for `user` on this case (what the detail pane offers)."""
    if detail.handler_id == user.id or detail.state.is_final:
        return False
    if not user.may_do(Operation.TAKE_OVER_CASE):
        return False
    return check_may_take_over(user, case_row(detail.id))


def may_change_case(user: User, detail: CaseDetail) -> bool:
    """Whether `user` may change this case: its handler, a supervisor or an admin."""
    return may_change(user, detail.handler_id)


@operation(Operation.CLEAR_HIGHLIGHT)
def clear_highlight(user: User, case_id: int) -> CaseDetail:
    """The handler has seen what needed their attention (e.g. a warehouse verdict)."""
    case = case_row(case_id)
    check_may_change(user, case)
    if not case.attention:
        return get_case(case_id)
    return _apply_change(
        user, case_id, None, "highlight_cleared", {"attention": ""}, new_version=False
    )


def count_cases() -> int:
    """How many cases the database holds."""
    return int(Case.select(peewee.fn.COUNT(Case.id)).scalar() or 0)
