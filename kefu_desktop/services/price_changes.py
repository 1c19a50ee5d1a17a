"""Price changes on a case (改价/补差): recorded from any case with the amount and reason, noted
with the agent's name and 黄旗, and added up in the case's money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from kefu_desktop.domain.errors import DecisionNotOnRecord, ValidationError
from kefu_desktop.domain.money import format_yuan, limit_text
from kefu_desktop.domain.price_changes import (
    MAX_REASON_LENGTH,
    PRICE_CHANGE_FLAG,
    PriceChange,
    price_change_note,
)
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.case_rules import (
    approved_amounts,
    case_row,
    check_may_change,
    check_money_covered,
)
from kefu_desktop.services.settings import agent_compensation_limit_fen
from kefu_desktop.store.db import database
from kefu_desktop.store.models import ApprovalRequest, CaseEvent, PriceAdjustment, Staff

PRICE_CUT_REQUESTED = "approval_requested"
"""The history entry of a request for the supervisor's approval (here: of a price cut)."""


@dataclass(frozen=True)
class PriceChangeView:
    id: int
    change: PriceChange
    amount_fen: int
    reason: str
    note_text: str
    created_by_name: str
    created_at: datetime

    @property
    def clipboard_text(self) -> str:
        """Note and flag as the seller workbench takes them."""
        return f"【{PRICE_CHANGE_FLAG.label}】{self.note_text}"


@dataclass(frozen=True)
class PriceCutRequest:
    """A price cut above the agent's limit sent to the supervisor, with what the agent typed."""

    request_id: int
    amount_fen: int
    """The price cut the agent typed."""
    total_fen: int
    """The case's price cuts in all with this one: the amount the supervisor approves."""
    reason: str
    state: str
    """'pending', 'approved' or 'rejected' (the approvals desk's `RequestState`)."""
    approved_fen: int | None
    decision_note: str

    @property
    def status_text(self) -> str:
        """What happens next, in the agent's words."""
        total = f"¥{format_yuan(self.total_fen)}"
        if self.state == "pending":
            return (
                f"已申请主管审批改价优惠合计 {total}，等待客服主管在「主管审批」处理。"
                "批准后再打开本窗口点「保存」即可记录，已填写的内容会保留。"
            )
        if self.state == "approved":
            approved = f"¥{format_yuan(self.approved_fen or 0)}"
            return f"主管已批准改价优惠合计 {approved}，请点「保存」记录改价。"
        return f"主管驳回了改价优惠合计 {total}：{self.decision_note}"


def clean_reason(reason: str) -> str:
    """The reason as typed, by the text rule; `ValidationError` when empty or too long."""
    text = clean_text(reason, TextKind.LINE, "改价原因", "reason", MAX_REASON_LENGTH)
    if not text:
        raise ValidationError("请填写改价原因，例如「换购高价款」「补运费」。", "reason")
    return text


@operation(Operation.RECORD_PRICE_CHANGE)
def record_price_change(
    user: User,
    case_id: int,
    expected_version: int,
    change: PriceChange,
    amount_fen: int,
    reason: str,
    day: datetime | None = None,
) -> cases.CaseDetail:
    """Record a price change: the case's note becomes its 黄旗 note (agent's name and date) and
    its total top-up or price cut grows by `amount_fen`.

    A price cut is a discount: above the agent's 20 yuan in all on the case it needs the
    supervisor's approval on record (`DecisionNotOnRecord`); a supervisor records it
    themselves. `StaleRecord` when a colleague saved the case since `expected_version`.
    """
    if amount_fen <= 0:
        raise ValidationError("请填写金额（大于 0 元）。", "amount")
    text = clean_reason(reason)
    when = day or datetime.now()
    note = price_change_note(change, amount_fen, text, user.display_name, when.date())
    with database.atomic():
        case = case_row(case_id)
        check_may_change(user, case)
        covered_by: dict[str, int] = {}
        if change.customer_pays:
            totals = {"top_up_fen": case.top_up_fen + amount_fen}
        else:
            total_cut = case.price_cut_fen + amount_fen
            try:
                check_money_covered(user, case_id, total_cut)
            except DecisionNotOnRecord:
                raise DecisionNotOnRecord(
                    _over_limit_message(case_id, total_cut), "amount"
                ) from None
            totals = {"price_cut_fen": total_cut}
            request = _open_price_cut_request(case_id)
            if request is not None and request.state == "approved":
                covered_by = {"request_id": request.request_id}
        row = PriceAdjustment.create(
            case=case_id,
            kind=change.value,
            amount_fen=amount_fen,
            reason=text,
            note_text=note.text,
            created_by=user.id,
        )
        return cases._apply_change(
            user,
            case_id,
            expected_version,
            "price_changed",
            {**totals, "note_text": note.text, "note_flag": note.flag},
            {
                "price_change": change.value,
                "amount_fen": amount_fen,
                "note": note.text,
                "adjustment_id": row.id,
                **covered_by,
            },
        )


@operation(Operation.VIEW_CASES)
def price_changes_for_case(user: User, case_id: int) -> list[PriceChangeView]:
    """A case's price changes, oldest first."""
    query = (
        PriceAdjustment.select(PriceAdjustment, Staff.display_name)
        .join(Staff, peewee.JOIN.LEFT_OUTER, on=(PriceAdjustment.created_by == Staff.id))
        .where(PriceAdjustment.case == case_id)
        .order_by(PriceAdjustment.created_at, PriceAdjustment.id)
        .dicts()
    )
    return [
        PriceChangeView(
            id=r["id"],
            change=PriceChange(r["kind"]),
            amount_fen=r["amount_fen"],
            reason=r["reason"],
            note_text=r["note_text"],
            created_by_name=r["display_name"] or "",
            created_at=r["created_at"],
        )
        for r in query
    ]


def _over_limit_message(case_id: int, total_cut: int) -> str:
    """Why a price cut above the limit is refused, and what to do next."""
    total = f"¥{format_yuan(total_cut)}"
    request = _open_price_cut_request(case_id)
    if request is not None and request.state == "pending":
        return (
            f"改价优惠合计 {total} 已申请主管审批，还在等待客服主管处理。主管批准后再点「保存」。"
        )
    if request is not None and request.state == "rejected":
        return (
            f"主管驳回了改价优惠合计 ¥{format_yuan(request.total_fen)}：{request.decision_note}。"
            f"该单改价优惠合计最多 {limit_text(agent_compensation_limit_fen())}，或重新申请主管审批。"
        )
    covered = max(approved_amounts(case_id), default=0)
    if covered:
        return (
            f"该单改价优惠合计 {total}，主管批准的是 ¥{format_yuan(covered)}。"
            "请按批准的金额填写，或重新申请主管审批。"
        )
    return (
        f"该单改价优惠合计 {total}，超过客服可自行决定的 {limit_text(agent_compensation_limit_fen())}。"
        "请点「申请主管审批」，或请主管改价。"
    )


def _open_price_cut_request(case_id: int) -> PriceCutRequest | None:
    """The case's latest price-cut request not yet followed by the price cut it asked for."""
    asked = (
        CaseEvent.select(CaseEvent.details)
        .where((CaseEvent.case == case_id) & (CaseEvent.action == PRICE_CUT_REQUESTED))
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
    )
    details = next(
        (e.details for e in asked if e.details.get("price_change") == PriceChange.DISCOUNT),
        None,
    )
    if details is None:
        return None
    request_id = int(details["request_id"])
    used = CaseEvent.select(CaseEvent.details).where(
        (CaseEvent.case == case_id) & (CaseEvent.action == "price_changed")
    )
    if any(e.details.get("request_id") == request_id for e in used):
        return None
    row = ApprovalRequest.get_or_none(ApprovalRequest.id == request_id)
    if row is None:
        return None
    return PriceCutRequest(
        request_id=request_id,
        amount_fen=int(details["price_cut_fen"]),
        total_fen=int(row.amount_fen),
        reason=str(details["reason"]),
        state=str(row.state),
        approved_fen=row.approved_fen,
        decision_note=str(row.decision_note),
    )


@operation(Operation.VIEW_CASES)
def price_cut_request(user: User, case_id: int) -> PriceCutRequest | None:
    """The price cut the agent asked the supervisor for and has not recorded yet (None if none):
    the dialog shows its state and fills in what was typed."""
    return _open_price_cut_request(case_id)


@operation(Operation.RECORD_PRICE_CHANGE)
def request_price_cut_approval(
    user: User, case_id: int, amount_fen: int, reason: str
) -> PriceCutRequest:
    """Ask the supervisor to approve a price cut that takes the case above the agent's limit:
    a compensation request for the case's price cuts in all, decided on 主管审批.

    `ValidationError` for a bad amount or reason, a cut within the limit or already covered,
    or a request already waiting on the case.
    """
    if amount_fen <= 0:
        raise ValidationError("请填写金额（大于 0 元）。", "amount")
    text = clean_reason(reason)
    with database.atomic():
        case = case_row(case_id)
        check_may_change(user, case)
        total = case.price_cut_fen + amount_fen
        limit = agent_compensation_limit_fen()
        if total <= limit:
            raise ValidationError(
                f"改价优惠合计 ¥{format_yuan(total)} 未超过 {limit_text(limit)}，无需审批，请直接点「保存」。",
                "amount",
            )
        try:
            check_money_covered(user, case_id, total)
        except DecisionNotOnRecord:
            pass
        else:
            raise ValidationError(
                f"改价优惠合计 ¥{format_yuan(total)} 已在批准范围内，请直接点「保存」。",
                "amount",
            )
        waiting = (
            ApprovalRequest.select()
            .where((ApprovalRequest.case == case_id) & (ApprovalRequest.state == "pending"))
            .exists()
        )
        if waiting:
            raise ValidationError(
                f"售后单 {case.case_no} 已有等待主管处理的审批请求，请等主管处理后再申请。",
                "amount",
            )
        row = ApprovalRequest.create(
            case=case_id,
            kind="compensation",
            amount_fen=total,
            reason=f"改价优惠 ¥{format_yuan(amount_fen)}（合计 ¥{format_yuan(total)}）：{text}",
            requested_by=user.id,
        )
        cases._append_event(
            case_id,
            user,
            PRICE_CUT_REQUESTED,
            details={
                "kind": "compensation",
                "amount_fen": total,
                "request_id": row.id,
                "price_change": PriceChange.DISCOUNT.value,
                "price_cut_fen": amount_fen,
                "reason": text,
            },
        )
    return PriceCutRequest(row.id, amount_fen, total, text, "pending", None, "")
