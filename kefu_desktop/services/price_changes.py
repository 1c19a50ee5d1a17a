"""Price changes on a case (改价/补差): recorded from any case with the amount and reason, noted
with the agent's name and 黄旗, and added up in the case's money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee

from kefu_desktop.domain.errors import DecisionNotOnRecord, ValidationError
from kefu_desktop.domain.money import format_yuan
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
from kefu_desktop.services.case_rules import case_row, check_may_change, check_money_covered
from kefu_desktop.store.db import database
from kefu_desktop.store.models import PriceAdjustment, Staff


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
        if change.customer_pays:
            totals = {"top_up_fen": case.top_up_fen + amount_fen}
        else:
            total_cut = case.price_cut_fen + amount_fen
            try:
                check_money_covered(user, case_id, total_cut)
            except DecisionNotOnRecord:
                raise DecisionNotOnRecord(
                    f"该单改价优惠合计 ¥{format_yuan(total_cut)}，超过客服可自行决定的 20 元。"
                    "请先申请客服主管审批该金额，或请主管改价。",
                    "amount",
                ) from None
            totals = {"price_cut_fen": total_cut}
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
