"""Standard replies (话术): the library in the database, searched and filled for a case;
supervisors edit it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import peewee

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.couriers import courier_name
from kefu_desktop.domain.errors import NotFound, StaleRecord, ValidationError
from kefu_desktop.domain.labels import label_of
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.replies import (
    MAX_BODY_LENGTH,
    MAX_TITLE_LENGTH,
    ReplyTopic,
    ReplyVariable,
    fill_reply,
    topic_for_outcome,
)
from kefu_desktop.domain.resolutions import PostagePayer
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.cases import CaseDetail
from kefu_desktop.store.models import CannedReply, Staff
from kefu_desktop.store.settings import read_setting, write_setting

if TYPE_CHECKING:
    from kefu_desktop.domain.flows.base import Outcome

SHOP_NAME_KEY = "shop_name"
MAX_SHOP_NAME = 40


@dataclass(frozen=True)
class ReplyView:
    id: int
    topic: str
    title: str
    body: str
    version: int
    updated_by_name: str
    updated_at: datetime

    @property
    def topic_label(self) -> str:
        return label_of(ReplyTopic, self.topic)


def _view(row: dict[str, object]) -> ReplyView:
    return ReplyView(
        id=int(str(row["id"])),
        topic=str(row["category"]),
        title=str(row["title"]),
        body=str(row["body"]),
        version=int(str(row["version"])),
        updated_by_name=str(row["display_name"] or ""),
        updated_at=row["updated_at"],  # type: ignore[arg-type]
    )


def _query() -> peewee.ModelSelect:
    return (
        CannedReply.select(CannedReply, Staff.display_name)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(CannedReply.updated_by == Staff.id))
        .order_by(CannedReply.position, CannedReply.id)
    )


@operation(Operation.READ_REPLIES)
def list_replies(user: User, search: str = "") -> list[ReplyView]:
    """The replies in the library's order; `search` keeps those whose title, topic or text
    holds every word typed (case-insensitive)."""
    replies = [_view(r) for r in _query().dicts()]
    words = search.casefold().split()
    if not words:
        return replies
    return [
        r
        for r in replies
        if all(w in f"{r.title} {r.topic_label} {r.body}".casefold() for w in words)
    ]


@operation(Operation.READ_REPLIES)
def reply_for_topic(user: User, topic: ReplyTopic) -> ReplyView | None:
    """The first reply of a topic (the one an outcome page offers), if the library has one."""
    row = _query().where(CannedReply.category == topic.value).dicts().first()
    return _view(row) if row is not None else None


def _clean(topic: str, title: str, body: str) -> tuple[str, str, str]:
    if topic not in {t.value for t in ReplyTopic}:
        raise ValidationError("请选择话术的类别。", "topic")
    title = clean_text(title, TextKind.LINE, "标题", "title", MAX_TITLE_LENGTH)
    body = clean_text(body, TextKind.TEXT, "话术内容", "body", MAX_BODY_LENGTH)
    if not title:
        raise ValidationError("请填写话术标题。", "title")
    if not body:
        raise ValidationError("请填写话术内容。", "body")
    return topic, title, body


@operation(Operation.EDIT_REPLIES)
def save_reply(
    user: User,
    reply_id: int | None,
    topic: str,
    title: str,
    body: str,
    expected_version: int | None = None,
) -> ReplyView:
    """Add a reply (`reply_id` None, at the end) or change one; a colleague's save since
    `expected_version` is not overwritten (`StaleRecord`)."""
    topic, title, body = _clean(topic, title, body)
    now = utc_now()
    if reply_id is None:
        last = CannedReply.select(peewee.fn.MAX(CannedReply.position)).scalar() or 0
        row = CannedReply.create(
            category=topic,
            title=title,
            body=body,
            position=int(last) + 1,
            updated_by=user.id,
            updated_at=now,
        )
        reply_id = row.id
    else:
        updated = (
            CannedReply.update(
                category=topic,
                title=title,
                body=body,
                updated_by=user.id,
                updated_at=now,
                version=CannedReply.version + 1,
            )
            .where((CannedReply.id == reply_id) & (CannedReply.version == expected_version))
            .execute()
        )
        if updated != 1:
            _refuse_stale(reply_id)
    return _get(reply_id)


def _get(reply_id: int) -> ReplyView:
    row = _query().where(CannedReply.id == reply_id).dicts().first()
    if row is None:
        raise NotFound("找不到该话术，可能已被同事删除。请刷新列表。")
    return _view(row)


def _refuse_stale(reply_id: int) -> None:
    current = _get(reply_id)  # NotFound when it was deleted
    by = current.updated_by_name or "同事"
    raise StaleRecord(
        f"话术「{current.title}」已被 {by} 修改，你的修改未保存。请重新载入后再改。",
        changed_by=by,
        changed_at=current.updated_at,
    )


@operation(Operation.EDIT_REPLIES)
def delete_reply(user: User, reply_id: int, expected_version: int) -> None:
    """Remove a reply from the library (unless a colleague changed it since)."""
    deleted = (
        CannedReply.delete()
        .where((CannedReply.id == reply_id) & (CannedReply.version == expected_version))
        .execute()
    )
    if deleted != 1:
        _refuse_stale(reply_id)


def shop_name() -> str:
    """The shop's name for {店铺} ('' until a supervisor sets it)."""
    value = read_setting(SHOP_NAME_KEY, "")
    return value if isinstance(value, str) else ""


@operation(Operation.EDIT_REPLIES)
def set_shop_name(user: User, name: str) -> str:
    """Set the shop's name the replies use for {店铺}."""
    cleaned = clean_text(name, TextKind.LINE, "店铺名称", "shop_name", MAX_SHOP_NAME)
    write_setting(SHOP_NAME_KEY, cleaned)
    return cleaned


def case_amount_fen(detail: CaseDetail) -> int:
    """The amount a reply about this case speaks of: freight the customer pays, a refund or
    compensation, or the top-up (0 when the case moves no money)."""
    if detail.postage_payer == PostagePayer.CUSTOMER and detail.postage_fen:
        return detail.postage_fen
    for amount in (detail.refund_fen, detail.compensation_fen, detail.top_up_fen):
        if amount:
            return amount
    return 0


def reply_values(
    user: User, detail: CaseDetail | None = None, amount_fen: int | None = None
) -> dict[str, str]:
    """The variables' values for `user` talking about `detail` (those unknown stay empty and
    show as placeholders); `amount_fen` overrides the case's amount."""
    values = {ReplyVariable.SHOP.value: shop_name(), ReplyVariable.AGENT.value: user.display_name}
    amount = amount_fen if amount_fen is not None else (case_amount_fen(detail) if detail else 0)
    if amount:
        values[ReplyVariable.AMOUNT.value] = format_yuan(amount)
    if detail is not None:
        values[ReplyVariable.CUSTOMER.value] = detail.customer_id
        values[ReplyVariable.WAYBILL.value] = detail.waybill_no
        values[ReplyVariable.COURIER.value] = courier_name(detail.courier) if detail.courier else ""
    return values


def filled(reply: ReplyView, values: dict[str, str]) -> str:
    """The reply's text for the customer, variables filled (placeholders where unknown)."""
    return fill_reply(reply.body, values)


def outcome_amount_fen(outcome: Outcome) -> int:
    """The amount a reply about this outcome speaks of (as `case_amount_fen` for a case)."""
    if outcome.postage_payer == PostagePayer.CUSTOMER and outcome.postage_fen:
        return outcome.postage_fen
    return outcome.refund_fen or outcome.compensation_fen


@operation(Operation.READ_REPLIES)
def reply_for_outcome(
    user: User, outcome: Outcome, answers: dict[str, object]
) -> tuple[ReplyView | None, str]:
    """The reply that fits a wizard's outcome and its text for this customer (filled from the
    intake answers); (None, '') when the library has none of that kind."""
    reply = reply_for_topic(user, topic_for_outcome(outcome.resolution, outcome.postage_payer))
    if reply is None:
        return None, ""
    values = reply_values(user, None, outcome_amount_fen(outcome))
    courier = str(answers.get("courier") or "")
    values[ReplyVariable.CUSTOMER.value] = str(answers.get("customer_id") or "")
    values[ReplyVariable.WAYBILL.value] = str(answers.get("waybill_no") or "")
    values[ReplyVariable.COURIER.value] = courier_name(courier) if courier else ""
    return reply, filled(reply, values)
