"""The monthly reward/penalty score sheet (奖罚评分表): the supervisor's scoring rules and an
agent's score from the month's figures."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from kefu_desktop.domain.errors import ValidationError

MAX_POINTS = 100.0
MAX_PENALTY = 50.0
MAX_ADJUSTMENT = 50.0


@dataclass(frozen=True)
class ScoringRules:
    """Points an agent earns and loses in a month (the supervisor edits them)."""

    base: float = 60.0
    reply_points: float = 15.0
    """Earned in full at a 100 % 5-minute first-reply hit rate, in proportion below."""
    logistics_points: float = 10.0
    """Earned in full at a 100 % 48-hour hit rate on logistics problems."""
    satisfaction_points: float = 15.0
    """Earned in full when every customer reached by a follow-up was satisfied."""
    bad_review_penalty: float = 3.0
    """Lost for each middling or bad review tied to one of the agent's cases."""
    escalation_penalty: float = 1.0
    """Lost for each case escalated to the supervisor."""

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


RULE_LABELS: dict[str, str] = {
    "base": "基础分",
    "reply_points": "5分钟首次回复达标率（满分）",
    "logistics_points": "物流48小时解决达标率（满分）",
    "satisfaction_points": "回访满意率（满分）",
    "bad_review_penalty": "每个中差评扣分",
    "escalation_penalty": "每次升级主管扣分",
}


def check_rules(values: dict[str, Any]) -> ScoringRules:
    """The rules from `values` if each lies in its range, else `ValidationError` naming it."""
    checked: dict[str, float] = {}
    for name, label in RULE_LABELS.items():
        try:
            value = float(values[name])
        except (KeyError, TypeError, ValueError):
            raise ValidationError(f"请填写「{label}」（数字）。", name) from None
        limit = MAX_PENALTY if name.endswith("penalty") else MAX_POINTS
        if not 0 <= value <= limit:
            raise ValidationError(f"「{label}」应在 0 到 {limit:g} 之间。", name)
        checked[name] = round(value, 1)
    return ScoringRules(**checked)


@dataclass(frozen=True)
class AgentMonth:
    """The figures one agent is scored on."""

    name: str
    reply_rate: float | None
    logistics_rate: float | None
    satisfaction_rate: float | None
    bad_reviews: int
    escalations: int


def score(figures: AgentMonth, rules: ScoringRules) -> float:
    """The agent's computed score, one decimal, never below 0.

    A rate with nothing to measure (no reply due, no follow-up reached) counts as met: nothing
    was missed.
    """

    def earned(rate: float | None, points: float) -> float:
        return points * (1.0 if rate is None else rate)

    total = (
        rules.base
        + earned(figures.reply_rate, rules.reply_points)
        + earned(figures.logistics_rate, rules.logistics_points)
        + earned(figures.satisfaction_rate, rules.satisfaction_points)
        - rules.bad_review_penalty * figures.bad_reviews
        - rules.escalation_penalty * figures.escalations
    )
    return max(0.0, round(total, 1))


def check_adjustment(points: float, comment: str) -> None:
    """`ValidationError` unless an adjustment is within range and says why."""
    if not -MAX_ADJUSTMENT <= points <= MAX_ADJUSTMENT:
        raise ValidationError(
            f"调整分数应在 -{MAX_ADJUSTMENT:g} 到 +{MAX_ADJUSTMENT:g} 之间。", "points"
        )
    if not comment:
        raise ValidationError("调整分数时请写明原因。", "comment")
