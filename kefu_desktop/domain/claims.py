"""Courier claims (快递理赔): what the shop claims from a courier for a parcel it lost, broke or
misdelivered, and the steps a claim goes through.

A claim moves one step at a time: 待提交 → 已提交 → 已受理 → 已赔付 or 已拒赔. Nothing is skipped,
and once the courier paid or refused, the claim is settled and no longer changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kefu_desktop.domain.errors import InvalidTransition, ValidationError
from kefu_desktop.domain.labels import label_of
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.resolutions import Resolution


class ClaimState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    PAID = "paid"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return CLAIM_STATE_LABELS[self]

    @property
    def is_settled(self) -> bool:
        """Paid or refused: the claim no longer changes."""
        return self in (ClaimState.PAID, ClaimState.REJECTED)


CLAIM_STATE_LABELS: dict[ClaimState, str] = {
    ClaimState.DRAFT: "待提交",
    ClaimState.SUBMITTED: "已提交",
    ClaimState.ACCEPTED: "已受理",
    ClaimState.PAID: "已赔付",
    ClaimState.REJECTED: "已拒赔",
}

CLAIM_MOVES: dict[ClaimState, tuple[ClaimState, ...]] = {
    ClaimState.DRAFT: (ClaimState.SUBMITTED,),
    ClaimState.SUBMITTED: (ClaimState.ACCEPTED,),
    ClaimState.ACCEPTED: (ClaimState.PAID, ClaimState.REJECTED),
    ClaimState.PAID: (),
    ClaimState.REJECTED: (),
}
"""The next states a claim may move to (one step at a time)."""

OPEN_CLAIM_STATES: tuple[ClaimState, ...] = (
    ClaimState.DRAFT,
    ClaimState.SUBMITTED,
    ClaimState.ACCEPTED,
)

MOVE_VERBS: dict[ClaimState, str] = {
    ClaimState.SUBMITTED: "提交给快递",
    ClaimState.ACCEPTED: "快递已受理",
    ClaimState.PAID: "快递已赔付",
    ClaimState.REJECTED: "快递拒赔",
}
"""What the button moving a claim to that state says."""

MAX_REMARK_LENGTH = 1000


def claim_state_label(code: str) -> str:
    """The Chinese label of a stored claim state."""
    return label_of(ClaimState, code)


def check_claim_move(current: ClaimState, target: ClaimState) -> None:
    """`InvalidTransition` unless a claim may move from `current` straight to `target`."""
    if current.is_settled:
        raise InvalidTransition(
            f"该理赔已{current.label}，不能再更改。如有新情况，请在售后单里记录。"
        )
    if target not in CLAIM_MOVES[current]:
        allowed = "或".join(f"「{s.label}」" for s in CLAIM_MOVES[current])
        raise InvalidTransition(
            f"理赔当前为「{current.label}」，不能直接改为「{target.label}」，下一步只能是{allowed}。"
        )


def check_claim_amounts(state: ClaimState, claimed_fen: int, received_fen: int) -> None:
    """`ValidationError` for amounts a claim in `state` cannot have."""
    if claimed_fen < 0 or received_fen < 0:
        raise ValidationError("金额不能为负数。", "amount")
    if state != ClaimState.DRAFT and claimed_fen <= 0:
        raise ValidationError("提交前请填写索赔金额（大于 0）。", "claimed")
    if state == ClaimState.PAID:
        if received_fen <= 0:
            raise ValidationError("请填写快递实际赔付的金额（大于 0）。", "received")
        if received_fen > claimed_fen:
            raise ValidationError(
                f"实际赔付 ¥{format_yuan(received_fen)} 超过索赔金额 "
                f"¥{format_yuan(claimed_fen)}，请核对。",
                "received",
            )
    elif received_fen:
        raise ValidationError("只有「已赔付」的理赔才有到账金额。", "received")


def amount_to_claim(
    resolution: Resolution | None,
    claim_fen: int,
    courier_fen: int,
    refund_fen: int,
    postage_fen: int,
) -> int:
    """What to claim for an outcome: the amount the flow asked for, else what the courier
    agreed to pay, else what the shop lost (the refund and the postage it paid again)."""
    if claim_fen:
        return claim_fen
    if courier_fen:
        return courier_fen
    if resolution in (Resolution.REFUND, Resolution.RETURN):
        return refund_fen + postage_fen
    return postage_fen


@dataclass(frozen=True)
class ClaimAge:
    """How long a claim has been open, in whole days, for lists and the workbook."""

    opened_at: datetime
    settled_at: datetime | None

    def days(self, now: datetime) -> int:
        end = self.settled_at or now
        return max((end - self.opened_at).days, 0)
