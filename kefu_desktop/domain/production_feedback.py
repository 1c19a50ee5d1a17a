"""Production feedback (生产问题反馈): quality complaints about one style (款号) and batch (批次)
from several customers close together in time are reported to production."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState

PRODUCTION_MIN_CUSTOMERS = 3
PRODUCTION_WINDOW = timedelta(days=7)
"""Report a style + batch to production when at least 3 different customers complain of a
quality problem with it within 7 days (the office may change both: `DefectRule`)."""


@dataclass(frozen=True)
class DefectRule:
    """When a style + batch is reported to production (生产问题反馈): an office setting."""

    min_customers: int = PRODUCTION_MIN_CUSTOMERS
    window: timedelta = PRODUCTION_WINDOW

    @property
    def text(self) -> str:
        return f"同款同批 {self.window.days} 天内 {self.min_customers} 位及以上不同客户反映质量问题"


def make_defect_rule(min_customers: int, window_days: int) -> DefectRule:
    """A checked rule; `ValidationError` in Chinese when out of range."""
    if not 2 <= min_customers <= 50:
        raise ValidationError("生产反馈的客户人数应在 2 到 50 之间，请修改。", "defect_rule")
    if not 1 <= window_days <= 90:
        raise ValidationError("生产反馈的统计天数应在 1 到 90 天之间，请修改。", "defect_rule")
    return DefectRule(min_customers, timedelta(days=window_days))


def is_quality_complaint(
    kind: str, sub_kind: str | None, state: str, defect_denied: bool = False
) -> bool:
    """A quality problem that counts for production: not the customer's fault, not found to
    be no defect at all, not cancelled."""
    return (
        kind == CaseKind.QUALITY
        and sub_kind != SubKind.CUSTOMER_FAULT
        and state != CaseState.CANCELLED
        and not defect_denied
    )
