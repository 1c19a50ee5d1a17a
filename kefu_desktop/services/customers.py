"""The customer profile (客户档案): all of a customer's cases, photos, money, marks and contacts;
the intake's notice about a customer's recent cases; marks (黑名单, 回头客); the care settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import peewee

from kefu_desktop.domain.care import (
    BlockReason,
    CareSettings,
    CustomerMarkKind,
    check_care_settings,
    is_repeat_returner,
)
from kefu_desktop.domain.clock import to_utc, utc_now
from kefu_desktop.domain.errors import NotFound, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.resolutions import money_of, resolution_label
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text, search_key
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.settings import get_setting
from kefu_desktop.store.db import database
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import Case, Customer, CustomerMark, Evidence, Staff
from kefu_desktop.store.queries import stored_datetime
from kefu_desktop.store.settings import write_setting

log = logging.getLogger("kefu.services.customers")

CARE_SETTINGS_KEY = "care.settings"
MAX_REMARK_LENGTH = 500


# --- settings --------------------------------------------------------------------------------


def get_care_settings() -> CareSettings:
    """The office's repeat-returner and follow-up settings (defaults until someone sets them)."""
    value = get_setting(CARE_SETTINGS_KEY)
    if isinstance(value, dict):
        try:
            return check_care_settings(
                int(value["repeat_window_days"]),
                int(value["repeat_min_cases"]),
                int(value["follow_up_days"]),
            )
        except (KeyError, TypeError, ValueError, ValidationError):
            log.warning("ignoring unusable care setting %r", value)
    return CareSettings()


@operation(Operation.CARE_SETTINGS)
def set_care_settings(
    user: User, window_days: int, min_cases: int, follow_up_days: int
) -> CareSettings:
    """Store the office's repeat-returner window and threshold and the follow-up delay."""
    settings = check_care_settings(window_days, min_cases, follow_up_days)
    write_setting(
        CARE_SETTINGS_KEY,
        {
            "repeat_window_days": settings.repeat_window_days,
            "repeat_min_cases": settings.repeat_min_cases,
            "follow_up_days": settings.follow_up_days,
        },
    )
    log.info("care settings set by %s (id %s) to %s", user.login, user.id, settings)
    return settings


# --- marks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkView:
    id: int
    kind: CustomerMarkKind
    reason: BlockReason | None
    remark: str
    marked_by: str
    marked_at: datetime
    active: bool
    removed_by: str
    removed_at: datetime | None

    @property
    def text(self) -> str:
        """'黑名单：穿过再退（备注）' — how the mark is shown beside the customer."""
        what = self.kind.label
        if self.reason is not None:
            what += f"：{self.reason.label}"
        if self.remark:
            what += f"（{self.remark}）"
        return what


def _names() -> dict[int, str]:
    return {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}


def _marks(customer_id: int, active_only: bool) -> list[MarkView]:
    query = CustomerMark.select().where(CustomerMark.customer == customer_id)
    if active_only:
        query = query.where(CustomerMark.active == True)  # noqa: E712 - peewee expression
    names = _names() if not active_only or query.exists() else {}
    return [
        MarkView(
            id=m.id,
            kind=CustomerMarkKind(m.kind),
            reason=BlockReason(m.reason) if m.reason else None,
            remark=m.remark,
            marked_by=names.get(m.marked_by_id, ""),
            marked_at=m.marked_at,
            active=m.active,
            removed_by=names.get(m.removed_by_id, "") if m.removed_by_id else "",
            removed_at=m.removed_at,
        )
        for m in query.order_by(CustomerMark.id.desc())
    ]


def _customer_id(platform_id: str) -> int:
    key = search_key(platform_id)
    found = Customer.select(Customer.id).where(Customer.platform_id == key).scalar()
    if found is None:
        raise NotFound(f"没有买家「{key}」的售后单记录。请核对买家ID（旺旺ID）。")
    return int(found)


@operation(Operation.MARK_CUSTOMER)
def mark_customer(
    user: User,
    platform_id: str,
    kind: CustomerMarkKind,
    reason: BlockReason | None = None,
    remark: str = "",
) -> MarkView:
    """Put `kind` on a customer (a blocklist entry needs its reason; 其他 needs a remark).

    A customer carries at most one active mark of each kind: a new one replaces the old,
    which stays in the profile's history.
    """
    remark = clean_text(remark, TextKind.TEXT, "备注", "remark", MAX_REMARK_LENGTH)
    if kind == CustomerMarkKind.BLOCKED:
        if reason is None:
            raise ValidationError("请选择加入黑名单的原因。", "reason")
        if reason == BlockReason.OTHER and not remark:
            raise ValidationError("原因选「其他」时请在备注里写明原因。", "remark")
    else:
        reason = None
    customer_id = _customer_id(platform_id)
    now = utc_now()

    def save() -> int:
        with database.atomic():
            _deactivate(user, customer_id, kind, now)
            mark = CustomerMark.create(
                customer=customer_id,
                kind=kind,
                reason=reason or "",
                remark=remark,
                marked_by=user.id,
                marked_at=now,
            )
            return int(mark.id)

    mark_id = write_once(save, lambda ref: int(ref or 0), ref=lambda i: i)
    log.info("customer %s marked %s by %s", customer_id, kind, user.login)
    return next(m for m in _marks(customer_id, active_only=True) if m.id == mark_id)


def _deactivate(user: User, customer_id: int, kind: CustomerMarkKind, now: datetime) -> int:
    return int(
        CustomerMark.update(active=False, removed_by=user.id, removed_at=now)
        .where(
            (CustomerMark.customer == customer_id)
            & (CustomerMark.kind == kind)
            & (CustomerMark.active == True)  # noqa: E712 - peewee expression
        )
        .execute()
    )


@operation(Operation.MARK_CUSTOMER)
def unmark_customer(user: User, platform_id: str, kind: CustomerMarkKind) -> bool:
    """Take `kind` off a customer (kept in the profile's history); False when it had none."""
    customer_id = _customer_id(platform_id)
    removed = write_once(lambda: _deactivate(user, customer_id, kind, utc_now()), lambda r: 1)
    return bool(removed)


# --- the intake's notice -----------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerNotice:
    """What the wizard's intake shows as soon as a known customer ID is typed or pasted."""

    platform_id: str
    recent_cases: int
    window_days: int
    repeat_returner: bool
    marks: tuple[MarkView, ...]

    @property
    def blocked(self) -> MarkView | None:
        return next((m for m in self.marks if m.kind == CustomerMarkKind.BLOCKED), None)

    @property
    def regular(self) -> MarkView | None:
        return next((m for m in self.marks if m.kind == CustomerMarkKind.REGULAR), None)


def _window_start(days: int) -> datetime:
    """The UTC start of the local day `days - 1` days ago: 'within N days' counts today as one."""
    first_day = datetime.now().date() - timedelta(days=days - 1)
    return to_utc(datetime.combine(first_day, time()))


def recent_count_query(customer_id: int, days: int) -> peewee.ModelSelect:
    """The count of the customer's cases (not cancelled) opened in the last `days` local days;
    served by the (customer_id, created_at) index."""
    return Case.select(peewee.fn.COUNT(Case.id)).where(
        (Case.customer == customer_id)
        & (Case.created_at >= _window_start(days))
        & (Case.state != CaseState.CANCELLED)
    )


def _recent_count(customer_id: int, days: int) -> int:
    return int(recent_count_query(customer_id, days).scalar() or 0)


@operation(Operation.VIEW_CUSTOMER)
def customer_notice(user: User, typed_id: str) -> CustomerNotice | None:
    """The notice for a customer ID as typed (None for an ID with no record): two indexed reads."""
    key = search_key(typed_id)
    if not key:
        return None
    found = Customer.select(Customer.id).where(Customer.platform_id == key).scalar()
    if found is None:
        return None
    settings = get_care_settings()
    count = _recent_count(int(found), settings.repeat_window_days)
    marks = tuple(_marks(int(found), active_only=True))
    if count == 0 and not marks:
        return None
    return CustomerNotice(
        platform_id=key,
        recent_cases=count,
        window_days=settings.repeat_window_days,
        repeat_returner=is_repeat_returner(count, settings),
        marks=marks,
    )


# --- the profile -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileCase:
    id: int
    case_no: str
    kind: CaseKind
    state: CaseState
    created_at: datetime
    order_no: str
    sku: str
    resolution: str
    paid_fen: int
    """Refund plus compensation the case paid out (by its resolution)."""
    note_text: str
    note_flag: int
    handler_name: str
    photos: int


@dataclass(frozen=True)
class ProfilePhoto:
    case_no: str
    rel_path: str
    added_at: datetime


@dataclass(frozen=True)
class CustomerProfile:
    platform_id: str
    first_contact: datetime | None
    last_contact: datetime | None
    cases: list[ProfileCase]
    photos: list[ProfilePhoto]
    refund_fen: int
    compensation_fen: int
    recent_cases: int
    window_days: int
    repeat_returner: bool
    marks: list[MarkView]
    """Every mark, active ones and removed ones, newest first."""

    @property
    def paid_fen(self) -> int:
        return self.refund_fen + self.compensation_fen

    @property
    def active_marks(self) -> list[MarkView]:
        return [m for m in self.marks if m.active]


@operation(Operation.VIEW_CUSTOMER)
def customer_profile(user: User, platform_id: str) -> CustomerProfile:
    """Everything about one customer, newest case first; `NotFound` for an unknown ID."""
    customer_id = _customer_id(platform_id)
    key = search_key(platform_id)
    names = _names()
    photo_counts = dict(
        Evidence.select(Evidence.case, peewee.fn.COUNT(Evidence.id))
        .where(Evidence.customer == customer_id)
        .group_by(Evidence.case)
        .tuples()
    )
    cases: list[ProfileCase] = []
    refund = compensation = 0
    first: datetime | None = None
    last: datetime | None = None
    query = (
        Case.select(
            Case.id,
            Case.case_no,
            Case.kind,
            Case.state,
            Case.created_at,
            Case.order_no,
            Case.sku,
            Case.resolution,
            Case.refund_fen,
            Case.compensation_fen,
            Case.courier_fen,
            Case.postage_fen,
            Case.postage_payer,
            Case.note_text,
            Case.note_flag,
            Case.handler,
            Case.asked_at,
            Case.updated_at,
        )
        .where(Case.customer == customer_id)
        .order_by(Case.id.desc())
        .tuples()
    )
    for (case_id, case_no, kind, state, created, order_no, sku, resolution, refund_fen,
         compensation_fen, courier_fen, postage_fen, payer, note_text, note_flag, handler,
         asked, updated) in query:  # fmt: skip
        created_at = stored_datetime(created) or utc_now()
        contact = stored_datetime(asked) or created_at
        touched = stored_datetime(updated) or created_at
        first = contact if first is None or contact < first else first
        last = touched if last is None or touched > last else last
        money = money_of(resolution, refund_fen, compensation_fen, courier_fen, postage_fen, payer)
        if state != CaseState.CANCELLED:
            refund += money.refund_fen
            compensation += money.compensation_fen
        cases.append(
            ProfileCase(
                id=case_id,
                case_no=case_no,
                kind=CaseKind(kind),
                state=CaseState(state),
                created_at=created_at,
                order_no=order_no,
                sku=sku,
                resolution=resolution_label(resolution) if resolution else "",
                paid_fen=money.refund_fen + money.compensation_fen,
                note_text=note_text,
                note_flag=int(note_flag),
                handler_name=names.get(handler, "") if handler else "",
                photos=int(photo_counts.get(case_id, 0)),
            )
        )
    case_nos = {c.id: c.case_no for c in cases}
    photos = [
        ProfilePhoto(case_nos.get(case_ref, ""), rel_path, stored_datetime(added) or utc_now())
        for case_ref, rel_path, added in Evidence.select(
            Evidence.case, Evidence.rel_path, Evidence.added_at
        )
        .where(Evidence.customer == customer_id)
        .order_by(Evidence.id.desc())
        .tuples()
    ]
    settings = get_care_settings()
    recent = _recent_count(customer_id, settings.repeat_window_days)
    return CustomerProfile(
        platform_id=key,
        first_contact=first,
        last_contact=last,
        cases=cases,
        photos=photos,
        refund_fen=refund,
        compensation_fen=compensation,
        recent_cases=recent,
        window_days=settings.repeat_window_days,
        repeat_returner=is_repeat_returner(recent, settings),
        marks=_marks(customer_id, active_only=False),
    )
