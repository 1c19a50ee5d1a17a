"""Customer care beyond the case: customer marks, repeat returners, follow-up visits (回访).

Plain rules with their Chinese labels; the services store and apply them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kefu_desktop.domain.errors import ValidationError


class CustomerMarkKind(StrEnum):
    """A mark an agent puts on a customer, shown wherever the customer comes up."""

    BLOCKED = "blocked"
    REGULAR = "regular"

    @property
    def label(self) -> str:
        return MARK_LABELS[self]


MARK_LABELS: dict[CustomerMarkKind, str] = {
    CustomerMarkKind.BLOCKED: "黑名单",
    CustomerMarkKind.REGULAR: "回头客",
}


class BlockReason(StrEnum):
    """Why a customer is on the blocklist: the patterns the trade knows."""

    EMPTY_PARCEL = "empty_parcel"
    SHORT_CLAIMS = "short_claims"
    WORN_RETURN = "worn_return"
    OTHER = "other"

    @property
    def label(self) -> str:
        return BLOCK_REASON_LABELS[self]


BLOCK_REASON_LABELS: dict[BlockReason, str] = {
    BlockReason.EMPTY_PARCEL: "空包（退回空包裹）",
    BlockReason.SHORT_CLAIMS: "反复声称签收少件",
    BlockReason.WORN_RETURN: "穿过再退",
    BlockReason.OTHER: "其他",
}


class Satisfaction(StrEnum):
    """What the customer said when we followed up."""

    SATISFIED = "satisfied"
    NEUTRAL = "neutral"
    UNSATISFIED = "unsatisfied"

    @property
    def label(self) -> str:
        return SATISFACTION_LABELS[self]


SATISFACTION_LABELS: dict[Satisfaction, str] = {
    Satisfaction.SATISFIED: "满意",
    Satisfaction.NEUTRAL: "一般",
    Satisfaction.UNSATISFIED: "不满意",
}


class SkipReason(StrEnum):
    """Why an agent does not follow a resolved case up."""

    CLOSED_IN_ANGER = "closed_in_anger"
    ASKED_NOT_TO = "asked_not_to"
    NO_CONTACT = "no_contact"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SKIP_REASON_LABELS[self]


SKIP_REASON_LABELS: dict[SkipReason, str] = {
    SkipReason.CLOSED_IN_ANGER: "客户带着情绪结束（不宜回访）",
    SkipReason.ASKED_NOT_TO: "客户要求不要打扰",
    SkipReason.NO_CONTACT: "无法联系客户",
    SkipReason.OTHER: "其他",
}


class FollowUpState(StrEnum):
    """What became of a resolved case's follow-up visit."""

    DONE = "done"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return FOLLOW_UP_STATE_LABELS[self]


FOLLOW_UP_STATE_LABELS: dict[FollowUpState, str] = {
    FollowUpState.DONE: "已回访",
    FollowUpState.SKIPPED: "不回访",
}

FOLLOW_UP_LAPSE_DAYS = 14
"""A follow-up not made within this many days of its due day drops off the to-do list."""
MAX_WINDOW_DAYS = 365
MAX_FOLLOW_UP_DAYS = 60
MAX_REPEAT_CASES = 50


@dataclass(frozen=True)
class CareSettings:
    """The office's settings for repeat returners and follow-ups."""

    repeat_window_days: int = 90
    """The intake counts the customer's cases opened within this many days."""
    repeat_min_cases: int = 3
    """A customer with at least this many cases in the window is a repeat returner (多次售后)."""
    follow_up_days: int = 3
    """A resolved case is due for its follow-up visit this many days after resolution."""


def check_care_settings(window_days: int, min_cases: int, follow_up_days: int) -> CareSettings:
    """The settings if each lies in its range, else `ValidationError` naming the one that does not."""
    if not 1 <= window_days <= MAX_WINDOW_DAYS:
        raise ValidationError(f"统计天数应在 1 到 {MAX_WINDOW_DAYS} 天之间。", "window_days")
    if not 2 <= min_cases <= MAX_REPEAT_CASES:
        raise ValidationError(f"多次售后的单数应在 2 到 {MAX_REPEAT_CASES} 之间。", "min_cases")
    if not 0 <= follow_up_days <= MAX_FOLLOW_UP_DAYS:
        raise ValidationError(
            f"回访天数应在 0 到 {MAX_FOLLOW_UP_DAYS} 天之间（0 = 解决当天即可回访）。",
            "follow_up_days",
        )
    return CareSettings(window_days, min_cases, follow_up_days)


def is_repeat_returner(recent_cases: int, settings: CareSettings) -> bool:
    """Whether a customer with `recent_cases` cases in the window counts as a repeat returner."""
    return recent_cases >= settings.repeat_min_cases


def follow_up_due(resolved_on: date, settings: CareSettings) -> date:
    """The local day a case resolved on `resolved_on` is due for its follow-up visit."""
    return resolved_on + timedelta(days=settings.follow_up_days)


def is_follow_up_due(resolved_on: date, today: date, settings: CareSettings) -> bool:
    """Whether a case resolved on `resolved_on` is on `today`'s to-do list for its follow-up:
    from its due day for `FOLLOW_UP_LAPSE_DAYS` days."""
    due = follow_up_due(resolved_on, settings)
    return due <= today < due + timedelta(days=FOLLOW_UP_LAPSE_DAYS)


def due_resolution_days(today: date, settings: CareSettings) -> tuple[date, date]:
    """The first and last local day a case may have been resolved on to be due `today`."""
    last = today - timedelta(days=settings.follow_up_days)
    return last - timedelta(days=FOLLOW_UP_LAPSE_DAYS - 1), last


def satisfaction_rate(satisfied: int, reached: int) -> float | None:
    """Satisfied customers among those reached; None when nobody was reached."""
    return satisfied / reached if reached else None


def recent_cases_text(count: int, settings: CareSettings) -> str:
    """What the intake shows about the customer's recent cases ('' for a new customer)."""
    if count <= 0:
        return ""
    return f"该买家 {settings.repeat_window_days} 天内已有 {count} 个售后单"


# --- review watch (评价跟踪) --------------------------------------------------------------------


class ReviewRating(StrEnum):
    """A review that needs handling: middling or bad."""

    MIDDLING = "middling"
    BAD = "bad"

    @property
    def label(self) -> str:
        return REVIEW_RATING_LABELS[self]


REVIEW_RATING_LABELS: dict[ReviewRating, str] = {
    ReviewRating.MIDDLING: "中评",
    ReviewRating.BAD: "差评",
}


class ReviewReason(StrEnum):
    """What the customer's review is about."""

    QUALITY = "quality"
    WRONG_OR_MISSING = "wrong_or_missing"
    LOGISTICS = "logistics"
    SIZE_OR_DESCRIPTION = "size_or_description"
    SERVICE = "service"
    PRICE = "price"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REVIEW_REASON_LABELS[self]


REVIEW_REASON_LABELS: dict[ReviewReason, str] = {
    ReviewReason.QUALITY: "质量问题",
    ReviewReason.WRONG_OR_MISSING: "发错货/漏发",
    ReviewReason.LOGISTICS: "物流慢/破损",
    ReviewReason.SIZE_OR_DESCRIPTION: "尺码不符/与描述不符",
    ReviewReason.SERVICE: "服务态度",
    ReviewReason.PRICE: "价格",
    ReviewReason.OTHER: "其他",
}


class ReviewState(StrEnum):
    """How the handling of a review stands."""

    OPEN = "open"
    CONTACTED = "contacted"
    REVISED = "revised"
    CANNOT_REVISE = "cannot_revise"

    @property
    def label(self) -> str:
        return REVIEW_STATE_LABELS[self]

    @property
    def is_final(self) -> bool:
        return self in (ReviewState.REVISED, ReviewState.CANNOT_REVISE)


REVIEW_STATE_LABELS: dict[ReviewState, str] = {
    ReviewState.OPEN: "待处理",
    ReviewState.CONTACTED: "已联系客户",
    ReviewState.REVISED: "客户已改评",
    ReviewState.CANNOT_REVISE: "无法改评",
}


def check_review_move(current: ReviewState, target: ReviewState, note: str) -> None:
    """`ValidationError` unless a review may go from `current` to `target` with `note`:
    a finished review stays finished, and 无法改评 says why."""
    if current.is_final and target != current:
        raise ValidationError(f"该评价已是「{current.label}」，不能再改为「{target.label}」。")
    if target == ReviewState.CANNOT_REVISE and not note:
        raise ValidationError("选「无法改评」时请写明原因。", "note")
