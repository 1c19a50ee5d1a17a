"""Cases: open, find, list page by page, move between states, with history."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

import peewee

from kefu_desktop.domain.case_numbers import case_number_prefix, format_case_number
from kefu_desktop.domain.clock import to_utc, utc_now
from kefu_desktop.domain.couriers import COURIER_BY_CODE, normalise_waybill
from kefu_desktop.domain.errors import NotFound, StaleRecord, ValidationError, who_and_when
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind, SubKind, sub_kind_belongs
from kefu_desktop.domain.roles import Permission
from kefu_desktop.domain.states import CaseState, check_transition
from kefu_desktop.services.auth import User, require
from kefu_desktop.store.counters import highest_case_sequence
from kefu_desktop.store.db import database, is_postgresql
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import Case, CaseCounter, CaseEvent, Customer, Staff
from kefu_desktop.store.queries import starts_with, stored_datetime

PAGE_SIZE = 200
MAX_CUSTOMER_ID_LENGTH = 200


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


# --- opening -------------------------------------------------------------------------------


def clean_new_case(new: NewCase) -> NewCase:
    """`new` with whitespace trimmed and waybill normalised; `ValidationError` if it breaks a rule."""
    customer_id = new.customer_id.strip()
    if not customer_id:
        raise ValidationError("请填写买家ID（旺旺ID）。", "customer_id")
    if len(customer_id) > MAX_CUSTOMER_ID_LENGTH:
        raise ValidationError(
            f"买家ID过长（最多 {MAX_CUSTOMER_ID_LENGTH} 个字符），请核对。", "customer_id"
        )
    if not sub_kind_belongs(new.kind, new.sub_kind):
        raise ValidationError("问题细类与售后类型不符，请重新选择。", "sub_kind")
    order_no = new.order_no.strip()
    if order_no and not order_no.isdigit():
        raise ValidationError("订单号只能是数字，请从订单详情复制。", "order_no")
    if new.courier and new.courier not in COURIER_BY_CODE:
        raise ValidationError("请从列表中选择快递公司。", "courier")
    if new.quantity < 1:
        raise ValidationError("数量至少为 1。", "quantity")
    return replace(
        new,
        customer_id=customer_id,
        order_no=order_no,
        waybill_no=normalise_waybill(new.waybill_no),
        sku=new.sku.strip(),
        colour=new.colour.strip(),
        size=new.size.strip(),
        batch=new.batch.strip(),
        summary=new.summary.strip(),
    )


def customer_for(platform_id: str) -> Customer:
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


def add_event(
    case_id: int,
    actor: User | None,
    action: str,
    from_state: CaseState | None = None,
    to_state: CaseState | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one entry to a case's history (call inside the same transaction as the change)."""
    CaseEvent.create(
        case=case_id,
        actor=actor.id if actor else None,
        action=action,
        from_state=from_state,
        to_state=to_state,
        details=details or {},
    )


def create_case(user: User, new: NewCase, state: CaseState = CaseState.OPEN) -> CaseDetail:
    """Open a case handled by `user`; the first history entry records it."""
    require(user, Permission.OPEN_CASE)
    new = clean_new_case(new)
    now = utc_now()
    asked_at = to_utc(new.asked_at) if new.asked_at else now
    if asked_at > now + timedelta(minutes=5):
        raise ValidationError("客户首次咨询时间不能晚于现在，请核对。", "asked_at")

    def insert() -> CaseDetail:
        for attempt in range(5):
            try:
                with database.atomic():
                    customer = customer_for(new.customer_id)
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
                    add_event(case.id, user, "created", None, state, {"kind": new.kind})
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
        )
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(Case)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(Case.handler == Staff.id))
    )


def _to_row(values: tuple[Any, ...]) -> CaseRow:
    (id_, case_no, kind, sub_kind, state, customer_id, order_no, waybill, courier, handler,
     created_at, attention, version) = values  # fmt: skip
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
    return conditions


def _customer_ids(condition: peewee.Expression, limit: int = 500) -> list[int]:
    return [c for (c,) in Customer.select(Customer.id).where(condition).limit(limit).tuples()]


def text_search_terms(text: str) -> list[peewee.Expression]:
    """Index-served conditions for the search box: exact hits first, else prefixes."""
    text = text.strip()
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


def list_cases(
    user: User, flt: CaseFilter = CaseFilter(), before_id: int | None = None, limit: int = PAGE_SIZE
) -> list[CaseRow]:
    """One page of cases, newest first; pass the last row's id as `before_id` for the next page."""
    require(user, Permission.VIEW_CASES)
    conditions = _filter_conditions(flt)
    if before_id is not None:
        conditions.append(Case.id < before_id)
    if flt.text.strip():
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


def find_by_waybill(user: User, waybill: str) -> list[CaseRow]:
    """Cases with exactly this waybill number (what a scanner types), newest first."""
    require(user, Permission.VIEW_CASES)
    rows = (
        _row_query()
        .where(Case.waybill_no == normalise_waybill(waybill))
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
            actor_name=staff_names.get(e.actor_id, "系统") if e.actor_id else "系统",
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
    )


# --- changing ------------------------------------------------------------------------------


def update_case_fields(
    user: User,
    case_id: int,
    expected_version: int,
    action: str,
    changes: dict[str, Any],
    details: dict[str, Any] | None = None,
    target_state: CaseState | None = None,
    request_key: str = "",
) -> CaseDetail:
    """Save `changes` to a case if nobody saved it since `expected_version`, with history.

    Raises `StaleRecord` when a colleague saved first, `InvalidTransition` for a bad move.
    The save lands exactly once, even when the connection breaks in the middle of it.
    """
    require(user, Permission.VIEW_CASES)

    def save() -> None:
        current = Case.get_or_none(Case.id == case_id)
        if current is None:
            raise NotFound("找不到该售后单，可能已被删除。请刷新列表。")
        from_state = CaseState(current.state)
        values: dict[Any, Any] = {getattr(Case, k): v for k, v in changes.items()}
        if target_state is not None and target_state != from_state:
            check_transition(from_state, target_state)
            values[Case.state] = target_state
            if target_state == CaseState.RESOLVED:
                values.setdefault(Case.resolved_at, utc_now())
        values[Case.updated_at] = utc_now()
        values[Case.version] = Case.version + 1
        updated = (
            Case.update(values)
            .where((Case.id == case_id) & (Case.version == expected_version))
            .execute()
        )
        if updated != 1:
            raise stale_case(case_id, current.case_no)
        to_state = target_state if target_state is not None and target_state != from_state else None
        add_event(case_id, user, action, from_state if to_state else None, to_state, details)

    write_once(save, lambda _ref: None, key=request_key or None)
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


def change_state(
    user: User, case_id: int, expected_version: int, target: CaseState, note: str = ""
) -> CaseDetail:
    """Move a case to `target`, recording who, when, and the note in its history."""
    require(user, Permission.HANDLE_CASE)
    return update_case_fields(
        user,
        case_id,
        expected_version,
        "state_changed",
        {},
        {"note": note.strip()} if note.strip() else {},
        target_state=target,
    )


def record_first_reply(user: User, case_id: int, expected_version: int) -> CaseDetail:
    """Mark now as our first reply to the customer, unless one is already recorded."""
    require(user, Permission.HANDLE_CASE)
    current = get_case(case_id)
    if current.first_reply_at is not None:
        return current
    return update_case_fields(
        user, case_id, expected_version, "first_reply", {"first_reply_at": utc_now()}
    )


def clear_attention(user: User, case_id: int) -> None:
    """The handler has seen what needed their attention (e.g. a warehouse verdict)."""
    Case.update(attention="").where((Case.id == case_id) & (Case.attention != "")).execute()


def count_cases() -> int:
    """How many cases the database holds."""
    return int(Case.select(peewee.fn.COUNT(Case.id)).scalar() or 0)
