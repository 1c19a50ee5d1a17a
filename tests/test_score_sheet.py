"""The monthly score sheet (奖罚评分表): scoring at the edges, adjustments, the sign-off lock
and its history, and the sheet in the workbook."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from kefu_desktop.domain.care import ReviewRating, ReviewReason
from kefu_desktop.domain.clock import to_utc
from kefu_desktop.domain.errors import PermissionDenied, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import month_period
from kefu_desktop.domain.scoring import (
    AgentMonth,
    ScoringRules,
    check_adjustment,
    check_rules,
    score,
)
from kefu_desktop.services import cases, registers, reviews, scoring
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.reviews import NewReview
from kefu_desktop.store.models import Case, Review, ScoreAdjustment
from tests.conftest import Staffing

RULES = ScoringRules()


def _month(**changes: object) -> AgentMonth:
    values: dict[str, object] = {
        "name": "小美",
        "reply_rate": 1.0,
        "logistics_rate": 1.0,
        "satisfaction_rate": 1.0,
        "bad_reviews": 0,
        "escalations": 0,
    }
    values.update(changes)
    return AgentMonth(**values)  # type: ignore[arg-type]


def test_full_marks_and_proportional_points() -> None:
    assert score(_month(), RULES) == 100.0
    assert score(_month(reply_rate=0.5), RULES) == 92.5
    assert score(_month(reply_rate=0.0, logistics_rate=0.0, satisfaction_rate=0.0), RULES) == 60
    # nothing to measure counts as met
    assert score(_month(reply_rate=None, satisfaction_rate=None), RULES) == 100.0


def test_penalties_and_the_floor() -> None:
    assert score(_month(bad_reviews=2, escalations=3), RULES) == 100 - 6 - 3
    assert score(_month(bad_reviews=40), RULES) == 0.0  # never below zero


def test_rules_and_adjustments_at_their_edges() -> None:
    values = RULES.as_dict()
    assert check_rules({**values, "base": 0, "bad_review_penalty": 50}).base == 0
    for name, bad in (("base", 100.1), ("reply_points", -1), ("bad_review_penalty", 50.1)):
        with pytest.raises(ValidationError) as error:
            check_rules({**values, name: bad})
        assert error.value.field == name
    with pytest.raises(ValidationError, match="数字"):
        check_rules({**values, "base": "很多"})
    check_adjustment(50, "表现突出")
    check_adjustment(-50, "多次投诉")
    with pytest.raises(ValidationError, match="之间"):
        check_adjustment(50.1, "太多")
    with pytest.raises(ValidationError, match="原因"):
        check_adjustment(5, "")


# --- the service ---------------------------------------------------------------------------


def _last_month() -> tuple[date, object]:
    first = date.today().replace(day=1)
    start = (first - timedelta(days=1)).replace(day=1)
    return start, month_period(start)


def _case_last_month(staff: Staffing, customer: str) -> int:
    start, _period = _last_month()
    detail = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, customer))
    moment = to_utc(datetime.combine(start + timedelta(days=3), time(10)))
    replied = moment + timedelta(minutes=2)
    Case.update(created_at=moment, asked_at=moment, first_reply_at=replied).where(
        Case.id == detail.id
    ).execute()
    return detail.id


def test_adjust_sign_off_and_the_lock(staff: Staffing, tmp_path: Path) -> None:
    start, period = _last_month()
    case_id = _case_last_month(staff, "tb_差评")
    review = reviews.record_review(
        staff.agent,
        NewReview("tb_差评", ReviewRating.BAD, ReviewReason.SERVICE, date.today()),
    )
    reviews.link_case(staff.agent, review.id, review.version, cases.get_case(case_id).case_no)
    Review.update(reviewed_on=start + timedelta(days=4)).execute()

    with pytest.raises(PermissionDenied):
        scoring.score_sheet(staff.agent, period)
    sheet = scoring.score_sheet(staff.supervisor, period)
    (line,) = [r for r in sheet.rows if r.name == "小美"]
    assert line.bad_reviews == 1 and line.computed == 97.0 and not sheet.signed

    with pytest.raises(ValidationError, match="原因"):
        scoring.adjust_score(staff.supervisor, period, "小美", 2, " ")
    scoring.adjust_score(staff.supervisor, period, "小美", 5, "主动跟进差评")
    sheet = scoring.adjust_score(staff.supervisor, period, "小美", 3, "改为 3 分")
    (line,) = [r for r in sheet.rows if r.name == "小美"]
    assert (line.adjustment, line.final, line.comment) == (3.0, 100.0, "改为 3 分")

    scoring.set_rules(staff.supervisor, {**RULES.as_dict(), "bad_review_penalty": 10})
    signed = scoring.sign_off(staff.supervisor, period)
    assert signed.signed and signed.signed_by == "陈主管"
    (line,) = [r for r in signed.rows if r.name == "小美"]
    assert line.computed == 90.0 and line.final == 93.0
    with pytest.raises(ValidationError, match="签字锁定"):
        scoring.adjust_score(staff.admin, period, "小美", 1, "再改")
    with pytest.raises(ValidationError, match="签字锁定"):
        scoring.sign_off(staff.admin, period)
    assert ScoreAdjustment.select().count() == 2
    assert [e.what for e in signed.history] == [
        "调整 小美 +5 分：主动跟进差评",
        "调整 小美 +3 分：改为 3 分",
        "签字确认，本月评分锁定",
    ]
    # later rule changes leave the signed month as it was signed
    scoring.set_rules(staff.supervisor, {**RULES.as_dict(), "bad_review_penalty": 0})
    again = scoring.score_sheet(staff.supervisor, period)
    assert again.rows == signed.rows and again.rules.bad_review_penalty == 10

    target = registers.export_monthly(staff.supervisor, period, tmp_path / "月报.xlsx")
    rows = list(openpyxl.load_workbook(target)["奖罚评分表"].iter_rows(values_only=True))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[0] == "客服" and first["客服"] == "小美"
    assert (first["计算得分"], first["主管调整"], first["最终得分"]) == (90, 3, 93)
    assert str(first["签字"]).startswith("已签字（陈主管")


def test_a_range_that_is_not_a_month_is_refused(staff: Staffing) -> None:
    from kefu_desktop.domain.registers import ReportPeriod

    period = ReportPeriod(date(2026, 11, 3), date(2026, 11, 10))
    with pytest.raises(ValidationError, match="整月"):
        scoring.score_sheet(staff.supervisor, period)
