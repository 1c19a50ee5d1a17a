"""Review watch (评价跟踪): middling and bad reviews recorded, linked to a case or opening one,
their handling tracked, and counted for the month."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import peewee

from kefu_desktop.domain.care import (
    ReviewRating,
    ReviewReason,
    ReviewState,
    check_review_move,
)
from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import NotFound, StaleRecord, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.text import TextKind, clean_text, search_key
from kefu_desktop.export.monthly import ReviewCount
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import Case, Customer, Review, Staff

MAX_TEXT_LENGTH = 2000
OLDEST_REVIEW_DAYS = 180
"""A review older than this is not 'yesterday's review' any more: refused as a typing slip."""


@dataclass(frozen=True)
class NewReview:
    """What an agent copies from the review page."""

    customer_id: str
    rating: ReviewRating
    reason: ReviewReason
    reviewed_on: date
    text: str = ""
    order_no: str = ""
    sku: str = ""


@dataclass(frozen=True)
class ReviewView:
    id: int
    customer_id: str
    order_no: str
    sku: str
    rating: ReviewRating
    reason: ReviewReason
    reviewed_on: date
    text: str
    state: ReviewState
    note: str
    case_id: int | None
    case_no: str
    recorded_by: str
    handled_by: str
    version: int


def _clean(new: NewReview) -> NewReview:
    customer_id = clean_text(new.customer_id, TextKind.IDENTIFIER, "买家ID", "customer_id", 200)
    if not customer_id:
        raise ValidationError("请填写买家ID（旺旺ID）。", "customer_id")
    order_no = clean_text(new.order_no, TextKind.IDENTIFIER, "订单号", "order_no", 64)
    if order_no and not order_no.isdigit():
        raise ValidationError("订单号只能是数字，请从订单详情复制。", "order_no")
    sku = clean_text(new.sku, TextKind.IDENTIFIER, "款号/SKU", "sku", 64)
    text = clean_text(new.text, TextKind.TEXT, "评价内容", "text", MAX_TEXT_LENGTH)
    today = datetime.now().date()
    if new.reviewed_on > today:
        raise ValidationError("评价日期不能晚于今天，请核对。", "reviewed_on")
    if new.reviewed_on < today - timedelta(days=OLDEST_REVIEW_DAYS):
        raise ValidationError(
            f"评价日期早于 {OLDEST_REVIEW_DAYS} 天前，请核对日期。", "reviewed_on"
        )
    return NewReview(customer_id, new.rating, new.reason, new.reviewed_on, text, order_no, sku)


def _view(review_id: int) -> ReviewView:
    row: Review | None = Review.get_or_none(Review.id == review_id)
    if row is None:
        raise NotFound("找不到该评价记录，请刷新列表。")
    names = {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}
    customer = Customer.select(Customer.platform_id).where(Customer.id == row.customer_id)
    case_no = (
        Case.select(Case.case_no).where(Case.id == row.case_id).scalar() if row.case_id else ""
    )
    return ReviewView(
        id=row.id,
        customer_id=str(customer.scalar()),
        order_no=row.order_no,
        sku=row.sku,
        rating=ReviewRating(row.rating),
        reason=ReviewReason(row.reason),
        reviewed_on=row.reviewed_on,
        text=row.text,
        state=ReviewState(row.state),
        note=row.note,
        case_id=row.case_id,
        case_no=str(case_no or ""),
        recorded_by=names.get(row.recorded_by_id, ""),
        handled_by=names.get(row.handled_by_id, "") if row.handled_by_id else "",
        version=row.version,
    )


@operation(Operation.RECORD_REVIEW)
def record_review(user: User, new: NewReview) -> ReviewView:
    """Record a middling or bad review to handle (待处理)."""
    new = _clean(new)

    def save() -> int:
        customer = cases._customer_for(new.customer_id)
        review = Review.create(
            customer=customer.id,
            order_no=new.order_no,
            sku=new.sku,
            rating=new.rating,
            reviewed_on=new.reviewed_on,
            text=new.text,
            reason=new.reason,
            recorded_by=user.id,
            recorded_at=utc_now(),
        )
        return int(review.id)

    return _view(write_once(save, lambda ref: int(ref or 0), ref=lambda i: i))


def _update(review_id: int, version: int, values: dict[Any, Any]) -> None:
    values[Review.version] = Review.version + 1
    updated = (
        Review.update(values)
        .where((Review.id == review_id) & (Review.version == version))
        .execute()
    )
    if updated != 1:
        if not Review.select().where(Review.id == review_id).exists():
            raise NotFound("找不到该评价记录，请刷新列表。")
        raise StaleRecord("该评价刚被同事更新，你看到的不是最新内容。请刷新后再操作。")


@operation(Operation.RECORD_REVIEW)
def link_case(user: User, review_id: int, version: int, case_no: str) -> ReviewView:
    """Tie the review to the customer's case `case_no` (the case it is about)."""
    review = _view(review_id)
    number = search_key(case_no).upper()
    row = (
        Case.select(Case.id, Customer.platform_id)
        .join(Customer, on=(Case.customer == Customer.id))
        .where(Case.case_no == number)
        .tuples()
        .first()
    )
    if row is None:
        raise ValidationError(f"找不到售后单「{number}」，请核对单号。", "case_no")
    case_id, customer = row
    if customer != review.customer_id:
        raise ValidationError(
            f"售后单 {number} 是买家「{customer}」的，不是写评价的「{review.customer_id}」。",
            "case_no",
        )
    write_once(lambda: _update(review_id, version, {Review.case: case_id}), lambda _r: None)
    return _view(review_id)


@operation(Operation.RECORD_REVIEW)
def open_case_for_review(
    user: User, review_id: int, version: int, kind: CaseKind = CaseKind.QUALITY
) -> ReviewView:
    """Open a case (handled by `user`) for the review's complaint and tie the review to it."""
    review = _view(review_id)
    if review.case_id is not None:
        raise ValidationError(f"该评价已关联售后单 {review.case_no}。")

    def save() -> None:
        detail = cases.create_case(
            user,
            cases.NewCase(
                kind,
                review.customer_id,
                order_no=review.order_no,
                sku=review.sku,
                summary=f"{review.rating.label}（{review.reason.label}）：{review.text}",
            ),
        )
        _update(review_id, version, {Review.case: detail.id})

    write_once(save, lambda _r: None)
    return _view(review_id)


@operation(Operation.RECORD_REVIEW)
def handle_review(
    user: User, review_id: int, version: int, state: ReviewState, note: str = ""
) -> ReviewView:
    """Record how the review's handling stands (已联系, 已改评, 无法改评 with the reason)."""
    note = clean_text(note, TextKind.TEXT, "处理说明", "note", MAX_TEXT_LENGTH)
    current = _view(review_id)
    check_review_move(current.state, state, note)
    values: dict[Any, Any] = {
        Review.state: state,
        Review.note: note or current.note,
        Review.handled_by: user.id,
        Review.handled_at: utc_now(),
    }
    write_once(lambda: _update(review_id, version, values), lambda _r: None)
    return _view(review_id)


@operation(Operation.VIEW_CASES)
def list_reviews(user: User, open_only: bool = True, limit: int = 500) -> list[ReviewView]:
    """Reviews being handled (or all), the newest review first."""
    query = Review.select(Review.id)
    if open_only:
        query = query.where(Review.state.in_([ReviewState.OPEN, ReviewState.CONTACTED]))
    ids = [
        i
        for (i,) in query.order_by(Review.reviewed_on.desc(), Review.id.desc())
        .limit(limit)
        .tuples()
    ]
    return [_view(i) for i in ids]


def review_counts(start: date, end: date) -> list[ReviewCount]:
    """Reviews dated in [start, end) counted by reason and by style (款号), middling and bad,
    with how many the customer revised; reasons in their fixed order, styles by count."""
    by_reason: Counter[tuple[str, str]] = Counter()
    by_style: Counter[tuple[str, str]] = Counter()
    revised_reason: Counter[str] = Counter()
    revised_style: Counter[str] = Counter()
    query = (
        Review.select(
            Review.reason, Review.sku, Review.rating, Review.state, peewee.fn.COUNT(Review.id)
        )
        .where((Review.reviewed_on >= start) & (Review.reviewed_on < end))
        .group_by(Review.reason, Review.sku, Review.rating, Review.state)
        .tuples()
    )
    for reason, sku, rating, state, count in query:
        by_reason[(reason, rating)] += count
        by_style[(sku, rating)] += count
        if state == ReviewState.REVISED:
            revised_reason[reason] += count
            revised_style[sku] += count
    counts = [
        ReviewCount(
            "按原因",
            reason.label,
            by_reason[(reason, ReviewRating.MIDDLING)],
            by_reason[(reason, ReviewRating.BAD)],
            revised_reason[reason],
        )
        for reason in ReviewReason
        if by_reason[(reason, ReviewRating.MIDDLING)] or by_reason[(reason, ReviewRating.BAD)]
    ]
    styles = {sku for sku, _rating in by_style}
    counts += sorted(
        (
            ReviewCount(
                "按款式",
                sku or "（未填款号）",
                by_style[(sku, ReviewRating.MIDDLING)],
                by_style[(sku, ReviewRating.BAD)],
                revised_style[sku],
            )
            for sku in styles
        ),
        key=lambda c: (-(c.middling + c.bad), c.item),
    )
    return counts
