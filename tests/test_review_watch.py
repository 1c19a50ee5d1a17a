"""Review watch (评价跟踪): recording a middling or bad review, tying it to a case or opening
one, its handling, and the month's counts by reason and by style in the workbook."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from kefu_desktop.domain.care import ReviewRating, ReviewReason, ReviewState, check_review_move
from kefu_desktop.domain.errors import PermissionDenied, StaleRecord, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import parse_month
from kefu_desktop.services import cases, registers, reviews
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.reviews import OLDEST_REVIEW_DAYS, NewReview
from tests.conftest import Staffing


def _bad(customer: str = "tb_差评", **changes: object) -> NewReview:
    values: dict[str, object] = {
        "customer_id": customer,
        "rating": ReviewRating.BAD,
        "reason": ReviewReason.QUALITY,
        "reviewed_on": date.today() - timedelta(days=1),
        "text": "洗一次就起球",
        "order_no": "3890123456789012",
        "sku": "WT2301",
    }
    values.update(changes)
    return NewReview(**values)  # type: ignore[arg-type]


def test_handling_moves_and_their_edges() -> None:
    check_review_move(ReviewState.OPEN, ReviewState.CONTACTED, "")
    check_review_move(ReviewState.CONTACTED, ReviewState.REVISED, "")
    with pytest.raises(ValidationError, match="原因"):
        check_review_move(ReviewState.CONTACTED, ReviewState.CANNOT_REVISE, "")
    check_review_move(ReviewState.CONTACTED, ReviewState.CANNOT_REVISE, "客户不回复")
    with pytest.raises(ValidationError, match="客户已改评"):
        check_review_move(ReviewState.REVISED, ReviewState.CONTACTED, "")


def test_record_checks_what_was_copied(staff: Staffing) -> None:
    with pytest.raises(ValidationError, match="买家ID"):
        reviews.record_review(staff.agent, _bad(customer=" "))
    with pytest.raises(ValidationError, match="订单号"):
        reviews.record_review(staff.agent, _bad(order_no="12-34"))
    with pytest.raises(ValidationError, match="晚于今天"):
        reviews.record_review(staff.agent, _bad(reviewed_on=date.today() + timedelta(days=1)))
    oldest = date.today() - timedelta(days=OLDEST_REVIEW_DAYS)
    reviews.record_review(staff.agent, _bad(reviewed_on=oldest))
    with pytest.raises(ValidationError, match="核对日期"):
        reviews.record_review(staff.agent, _bad(reviewed_on=oldest - timedelta(days=1)))
    with pytest.raises(PermissionDenied):
        reviews.record_review(staff.warehouse, _bad())
    view = reviews.record_review(staff.agent, _bad(customer="\u200btb_新买家"))
    assert view.customer_id == "tb_新买家" and view.state == ReviewState.OPEN
    assert view.recorded_by == "小美"


def test_link_to_the_customers_case_or_open_one(staff: Staffing) -> None:
    own = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, "tb_差评"))
    other = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, "tb_别人"))
    review = reviews.record_review(staff.agent, _bad())
    with pytest.raises(ValidationError, match="tb_别人"):
        reviews.link_case(staff.agent, review.id, review.version, other.case_no)
    with pytest.raises(ValidationError, match="找不到"):
        reviews.link_case(staff.agent, review.id, review.version, "SH20990101-0001")
    linked = reviews.link_case(staff.agent, review.id, review.version, own.case_no.lower())
    assert linked.case_no == own.case_no

    second = reviews.record_review(staff.agent2, _bad(text="发错颜色"))
    opened = reviews.open_case_for_review(staff.agent2, second.id, second.version)
    detail = cases.get_case(opened.case_id or 0)
    assert detail.handler_name == "阿杰" and detail.customer_id == "tb_差评"
    assert detail.summary == "差评（质量问题）：发错颜色" and detail.sku == "WT2301"
    with pytest.raises(ValidationError, match="已关联"):
        reviews.open_case_for_review(staff.agent2, opened.id, opened.version)


def test_handling_is_tracked_and_a_stale_save_refused(staff: Staffing) -> None:
    review = reviews.record_review(staff.agent, _bad())
    contacted = reviews.handle_review(
        staff.agent2, review.id, review.version, ReviewState.CONTACTED, "已电话道歉"
    )
    assert contacted.handled_by == "阿杰" and contacted.note == "已电话道歉"
    with pytest.raises(StaleRecord):
        reviews.handle_review(staff.agent, review.id, review.version, ReviewState.REVISED)
    done = reviews.handle_review(staff.agent, review.id, contacted.version, ReviewState.REVISED)
    assert done.note == "已电话道歉"  # kept when nothing new is written
    assert reviews.list_reviews(staff.warehouse) == []
    assert [r.id for r in reviews.list_reviews(staff.warehouse, open_only=False)] == [review.id]


def test_the_months_reviews_by_reason_and_style_in_the_workbook(
    staff: Staffing, tmp_path: Path
) -> None:
    for changes in (
        {},
        {"rating": ReviewRating.MIDDLING},
        {"reason": ReviewReason.LOGISTICS, "sku": "KZ1002"},
        {"sku": ""},
    ):
        reviews.record_review(staff.agent, _bad(**changes))
    revised = reviews.record_review(staff.agent, _bad())
    reviews.handle_review(staff.agent, revised.id, revised.version, ReviewState.REVISED)
    today = date.today()
    period = parse_month(f"{today:%Y-%m}", today)
    if (today - timedelta(days=1)).month != today.month:
        period = parse_month(f"{today - timedelta(days=1):%Y-%m}", today)
    target = registers.export_monthly(staff.supervisor, period, tmp_path / "月报.xlsx")
    sheet = openpyxl.load_workbook(target)["评价跟踪"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == [
        ("按原因", "质量问题", 1, 3, 4, 1),
        ("按原因", "物流慢/破损", 0, 1, 1, 0),
        ("按款式", "WT2301", 1, 2, 3, 1),
        ("按款式", "KZ1002", 0, 1, 1, 0),
        ("按款式", "（未填款号）", 0, 1, 1, 0),
    ]
