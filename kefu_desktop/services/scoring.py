"""The monthly score sheet (奖罚评分表): computed from the month's per-agent figures with the
supervisor's rules, adjusted with comments, signed off and locked with its history."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from kefu_desktop.domain.clock import format_local, utc_now
from kefu_desktop.domain.errors import ValidationError
from kefu_desktop.domain.registers import ReportPeriod
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.scoring import (
    AgentMonth,
    ScoringRules,
    check_adjustment,
    check_rules,
    score,
)
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.export.monthly import AgentFigures, ScoreRow
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.settings import get_setting
from kefu_desktop.store.db import database
from kefu_desktop.store.guarded import write_once
from kefu_desktop.store.models import Case, Review, ScoreAdjustment, ScoreSignOff, Staff
from kefu_desktop.store.queries import stored_datetime
from kefu_desktop.store.settings import write_setting

log = logging.getLogger("kefu.services.scoring")

SCORING_RULES_KEY = "scoring.rules"
MAX_COMMENT_LENGTH = 500
UNSIGNED = "未签字"


def get_rules() -> ScoringRules:
    """The office's scoring rules (the defaults until the supervisor edits them)."""
    value = get_setting(SCORING_RULES_KEY)
    if isinstance(value, dict):
        try:
            return check_rules(value)
        except ValidationError:
            log.warning("ignoring unusable scoring rules %r", value)
    return ScoringRules()


@operation(Operation.SCORE_SHEET)
def set_rules(user: User, values: dict[str, Any]) -> ScoringRules:
    """Store the scoring rules; months already signed off keep the rules they were signed with."""
    rules = check_rules(values)
    write_setting(SCORING_RULES_KEY, rules.as_dict())
    log.info("scoring rules set by %s (id %s) to %s", user.login, user.id, rules)
    return rules


def month_key(period: ReportPeriod) -> str:
    """'2026-11' for a calendar month; `ValidationError` for any other range."""
    if not period.is_month:
        raise ValidationError("奖罚评分表按整月计算，请选择一个月份。")
    return f"{period.start:%Y-%m}"


@dataclass(frozen=True)
class ScoreHistoryEntry:
    at: datetime
    by: str
    what: str


@dataclass(frozen=True)
class ScoreSheetView:
    month: str
    rows: list[ScoreRow]
    rules: ScoringRules
    signed_by: str
    signed_at: datetime | None
    history: list[ScoreHistoryEntry]

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


def _names() -> dict[int, str]:
    return {s.id: s.display_name for s in Staff.select(Staff.id, Staff.display_name)}


def _bad_reviews(period: ReportPeriod) -> Counter[str]:
    """Middling and bad reviews dated in the period, by the display name of the handler of the
    case each is tied to."""
    query = (
        Review.select(Staff.display_name, peewee.fn.COUNT(Review.id))
        .join(Case, on=(Review.case == Case.id))
        .join(Staff, on=(Case.handler == Staff.id))
        .where((Review.reviewed_on >= period.start) & (Review.reviewed_on < period.end))
        .group_by(Staff.display_name)
        .tuples()
    )
    return Counter({name: int(count) for name, count in query})


def _adjustments(month: str) -> dict[str, tuple[float, str]]:
    latest: dict[str, tuple[float, str]] = {}
    for name, points, comment in (
        ScoreAdjustment.select(
            ScoreAdjustment.agent_name, ScoreAdjustment.points, ScoreAdjustment.comment
        )
        .where(ScoreAdjustment.month == month)
        .order_by(ScoreAdjustment.id)
        .tuples()
    ):
        latest[name] = (float(points), comment)
    return latest


def computed_rows(
    period: ReportPeriod, agents: list[AgentFigures], rules: ScoringRules | None = None
) -> list[ScoreRow]:
    """The score sheet's lines from the month's agent figures, with the adjustments made."""
    rules = rules or get_rules()
    bad = _bad_reviews(period)
    adjustments = _adjustments(f"{period.start:%Y-%m}") if period.is_month else {}
    names = {a.name for a in agents} | set(bad) | set(adjustments)
    by_name = {a.name: a for a in agents}
    rows: list[ScoreRow] = []
    for name in sorted(names):
        agent = by_name.get(name) or AgentFigures(name)
        figures = AgentMonth(
            name=name,
            reply_rate=agent.reply_sla.rate,
            logistics_rate=agent.logistics_sla.rate,
            satisfaction_rate=agent.satisfaction_rate,
            bad_reviews=bad.get(name, 0),
            escalations=agent.escalations,
        )
        computed = score(figures, rules)
        adjustment, comment = adjustments.get(name, (0.0, ""))
        rows.append(
            ScoreRow(
                name=name,
                reply_rate=figures.reply_rate,
                logistics_rate=figures.logistics_rate,
                satisfaction_rate=figures.satisfaction_rate,
                bad_reviews=figures.bad_reviews,
                escalations=figures.escalations,
                computed=computed,
                adjustment=adjustment,
                final=max(0.0, round(computed + adjustment, 1)),
                comment=comment,
            )
        )
    return rows


def _signed(month: str) -> ScoreSignOff | None:
    row: ScoreSignOff | None = ScoreSignOff.get_or_none(ScoreSignOff.month == month)
    return row


def sheet_rows(period: ReportPeriod, agents: list[AgentFigures]) -> tuple[list[ScoreRow], str]:
    """The lines the workbook shows and whether they are signed ('已签字（…）' or '未签字'):
    a signed month's lines as signed, otherwise computed now."""
    if period.is_month:
        signed = _signed(f"{period.start:%Y-%m}")
        if signed is not None:
            names = _names()
            status = (
                f"已签字（{names.get(signed.signed_by_id, '')} "
                f"{format_local(stored_datetime(signed.signed_at))}）"
            )
            return [ScoreRow(**line) for line in signed.lines], status
    return computed_rows(period, agents), UNSIGNED


def _history(month: str) -> list[ScoreHistoryEntry]:
    names = _names()
    entries = [
        ScoreHistoryEntry(
            stored_datetime(a.made_at) or utc_now(),
            names.get(a.made_by_id, ""),
            f"调整 {a.agent_name} {a.points:+g} 分：{a.comment}",
        )
        for a in ScoreAdjustment.select().where(ScoreAdjustment.month == month)
    ]
    signed = _signed(month)
    if signed is not None:
        entries.append(
            ScoreHistoryEntry(
                stored_datetime(signed.signed_at) or utc_now(),
                names.get(signed.signed_by_id, ""),
                "签字确认，本月评分锁定",
            )
        )
    return sorted(entries, key=lambda e: e.at)


def _agents(user: User, period: ReportPeriod) -> list[AgentFigures]:
    from kefu_desktop.services.registers import build_monthly_report  # it shows this sheet too

    return build_monthly_report(user, period).agents


@operation(Operation.SCORE_SHEET)
def score_sheet(user: User, period: ReportPeriod) -> ScoreSheetView:
    """The month's score sheet: as signed, or computed now with the adjustments made."""
    month = month_key(period)
    signed = _signed(month)
    if signed is not None:
        rows = [ScoreRow(**line) for line in signed.lines]
        return ScoreSheetView(
            month, rows, check_rules(signed.rules), _names().get(signed.signed_by_id, ""),
            stored_datetime(signed.signed_at), _history(month),
        )  # fmt: skip
    rows = computed_rows(period, _agents(user, period))
    return ScoreSheetView(month, rows, get_rules(), "", None, _history(month))


def _refuse_if_signed(month: str) -> None:
    signed = _signed(month)
    if signed is not None:
        by = _names().get(signed.signed_by_id, "主管")
        raise ValidationError(
            f"{month} 的奖罚评分表已由 {by} 在 {format_local(stored_datetime(signed.signed_at))} "
            "签字锁定，不能再修改。"
        )


@operation(Operation.SCORE_SHEET)
def adjust_score(
    user: User, period: ReportPeriod, agent_name: str, points: float, comment: str
) -> ScoreSheetView:
    """Adjust an agent's score for the month by `points` (replacing an earlier adjustment;
    both stay in the history), with the reason. Refused once the month is signed off."""
    month = month_key(period)
    comment = clean_text(comment, TextKind.TEXT, "调整原因", "comment", MAX_COMMENT_LENGTH)
    check_adjustment(points, comment)
    _refuse_if_signed(month)

    def save() -> None:
        _refuse_if_signed(month)
        ScoreAdjustment.create(
            month=month,
            agent_name=agent_name,
            points=round(points, 1),
            comment=comment,
            made_by=user.id,
            made_at=utc_now(),
        )

    write_once(save, lambda _r: None)
    return score_sheet(user, period)


@operation(Operation.SCORE_SHEET)
def sign_off(user: User, period: ReportPeriod) -> ScoreSheetView:
    """Sign the month's score sheet off as it stands now: its lines and rules are kept and the
    month is locked (a second sign-off, even at the same moment on another desk, is refused)."""
    month = month_key(period)
    _refuse_if_signed(month)
    view = score_sheet(user, period)

    def save() -> None:
        try:
            with database.atomic():
                ScoreSignOff.create(
                    month=month,
                    signed_by=user.id,
                    signed_at=utc_now(),
                    rules=view.rules.as_dict(),
                    lines=[row._asdict() for row in view.rows],
                )
        except peewee.IntegrityError:  # a colleague signed it a moment ago
            _refuse_if_signed(month)
            raise

    write_once(save, lambda _r: None)
    return score_sheet(user, period)
