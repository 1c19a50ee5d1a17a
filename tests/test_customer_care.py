"""Customer profile, marks, the intake's notice and follow-up visits: the rules at their edges."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import peewee
import pytest

from kefu_desktop.domain.care import (
    FOLLOW_UP_LAPSE_DAYS,
    BlockReason,
    CareSettings,
    CustomerMarkKind,
    Satisfaction,
    SkipReason,
    check_care_settings,
    follow_up_due,
    is_follow_up_due,
    is_repeat_returner,
    recent_cases_text,
    satisfaction_rate,
)
from kefu_desktop.domain.clock import to_utc, utc_now
from kefu_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import parse_month
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, customers, follow_ups, registers
from kefu_desktop.services.cases import NewCase, OutcomeRecord
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Case, FollowUp
from tests.conftest import Staffing

# --- plain rules ---------------------------------------------------------------------------


def test_repeat_returner_starts_at_the_threshold() -> None:
    settings = CareSettings(repeat_window_days=90, repeat_min_cases=3)
    assert not is_repeat_returner(2, settings)
    assert is_repeat_returner(3, settings)
    assert recent_cases_text(3, settings) == "该买家 90 天内已有 3 个售后单"
    assert recent_cases_text(0, settings) == ""


def test_follow_up_is_due_from_its_day_until_it_lapses() -> None:
    settings = CareSettings(follow_up_days=3)
    resolved = date(2026, 11, 1)
    assert follow_up_due(resolved, settings) == date(2026, 11, 4)
    assert not is_follow_up_due(resolved, date(2026, 11, 3), settings)
    assert is_follow_up_due(resolved, date(2026, 11, 4), settings)
    last = date(2026, 11, 4) + timedelta(days=FOLLOW_UP_LAPSE_DAYS - 1)
    assert is_follow_up_due(resolved, last, settings)
    assert not is_follow_up_due(resolved, last + timedelta(days=1), settings)
    assert is_follow_up_due(resolved, resolved, CareSettings(follow_up_days=0))


def test_care_settings_ranges() -> None:
    assert check_care_settings(1, 2, 0) == CareSettings(1, 2, 0)
    assert check_care_settings(365, 50, 60) == CareSettings(365, 50, 60)
    for window, cases_, days, field in (
        (0, 3, 3, "window_days"),
        (366, 3, 3, "window_days"),
        (90, 1, 3, "min_cases"),
        (90, 51, 3, "min_cases"),
        (90, 3, -1, "follow_up_days"),
        (90, 3, 61, "follow_up_days"),
    ):
        with pytest.raises(ValidationError) as error:
            check_care_settings(window, cases_, days)
        assert error.value.field == field


def test_satisfaction_rate_counts_reached_customers_only() -> None:
    assert satisfaction_rate(0, 0) is None
    assert satisfaction_rate(3, 4) == 0.75


# --- helpers -------------------------------------------------------------------------------


def _open(staff: Staffing, customer: str = "tb_回头客", by: object = None) -> cases.CaseDetail:
    user = by or staff.agent
    return cases.create_case(user, NewCase(CaseKind.QUALITY, customer))  # type: ignore[arg-type]


def _resolve(staff: Staffing, detail: cases.CaseDetail, refund_fen: int = 0) -> cases.CaseDetail:
    record = (
        OutcomeRecord("refund", "退款", refund_fen=refund_fen)
        if refund_fen
        else OutcomeRecord("explained", "向客户说明")
    )
    return cases.record_outcome(staff.agent, detail.id, detail.version, record, CaseState.RESOLVED)


def _local_day(days_ago: int, hour: int = 12) -> datetime:
    return to_utc(datetime.combine(date.today() - timedelta(days=days_ago), time(hour)))


# --- the intake's notice -------------------------------------------------------------------


def test_notice_counts_the_window_by_local_day(staff: Staffing) -> None:
    inside, edge, outside = (_open(staff) for _ in range(3))
    Case.update(created_at=_local_day(89, hour=0)).where(Case.id == inside.id).execute()
    Case.update(created_at=_local_day(90, hour=23)).where(Case.id == outside.id).execute()
    notice = customers.customer_notice(staff.agent, "  tb_回头客\u200b")
    assert notice is not None
    assert notice.recent_cases == 2 and notice.window_days == 90
    assert not notice.repeat_returner
    Case.update(created_at=_local_day(0)).where(Case.id == outside.id).execute()
    notice = customers.customer_notice(staff.agent, "tb_回头客")
    assert notice is not None and notice.recent_cases == 3 and notice.repeat_returner
    assert edge.customer_id == "tb_回头客"
    assert customers.customer_notice(staff.agent, "tb_从没来过") is None
    assert customers.customer_notice(staff.agent, "") is None


def test_cancelled_cases_do_not_count(staff: Staffing) -> None:
    first = _open(staff)
    cases.change_state(staff.agent, first.id, first.version, CaseState.CANCELLED)
    assert customers.customer_notice(staff.agent, "tb_回头客") is None


def test_the_office_setting_moves_window_and_threshold(staff: Staffing) -> None:
    old = _open(staff)
    _open(staff)
    Case.update(created_at=_local_day(20)).where(Case.id == old.id).execute()
    with pytest.raises(PermissionDenied):
        customers.set_care_settings(staff.agent, 30, 2, 3)
    customers.set_care_settings(staff.supervisor, 10, 2, 3)
    notice = customers.customer_notice(staff.agent, "tb_回头客")
    assert notice is not None and notice.recent_cases == 1 and notice.window_days == 10
    customers.set_care_settings(staff.admin, 30, 2, 3)
    notice = customers.customer_notice(staff.agent, "tb_回头客")
    assert notice is not None and notice.recent_cases == 2 and notice.repeat_returner


# --- marks -----------------------------------------------------------------------------------


def test_blocklist_needs_a_reason_and_shows_in_the_notice(staff: Staffing) -> None:
    _open(staff)
    with pytest.raises(ValidationError, match="原因"):
        customers.mark_customer(staff.agent, "tb_回头客", CustomerMarkKind.BLOCKED)
    with pytest.raises(ValidationError, match="其他"):
        customers.mark_customer(
            staff.agent, "tb_回头客", CustomerMarkKind.BLOCKED, BlockReason.OTHER
        )
    with pytest.raises(NotFound):
        customers.mark_customer(
            staff.agent, "tb_不认识", CustomerMarkKind.BLOCKED, BlockReason.WORN_RETURN
        )
    with pytest.raises(PermissionDenied):
        customers.mark_customer(
            staff.warehouse, "tb_回头客", CustomerMarkKind.BLOCKED, BlockReason.WORN_RETURN
        )
    customers.mark_customer(
        staff.agent, "tb_回头客", CustomerMarkKind.BLOCKED, BlockReason.EMPTY_PARCEL, "第一次"
    )
    mark = customers.mark_customer(
        staff.agent2, "tb_回头客", CustomerMarkKind.BLOCKED, BlockReason.WORN_RETURN, "吊牌已拆"
    )
    assert mark.text == "黑名单：穿过再退（吊牌已拆）"
    notice = customers.customer_notice(staff.agent, "tb_回头客")
    assert notice is not None and notice.blocked is not None
    assert notice.blocked.reason == BlockReason.WORN_RETURN and notice.blocked.marked_by == "阿杰"
    profile = customers.customer_profile(staff.agent, "tb_回头客")
    assert [(m.reason, m.active) for m in profile.marks] == [
        (BlockReason.WORN_RETURN, True),
        (BlockReason.EMPTY_PARCEL, False),
    ]
    assert profile.marks[1].removed_by == "阿杰"
    assert customers.unmark_customer(staff.agent, "tb_回头客", CustomerMarkKind.BLOCKED)
    assert not customers.unmark_customer(staff.agent, "tb_回头客", CustomerMarkKind.BLOCKED)
    notice = customers.customer_notice(staff.agent, "tb_回头客")
    assert notice is not None and notice.blocked is None


def test_a_good_customer_marked_regular_keeps_the_remark(staff: Staffing) -> None:
    _open(staff)
    customers.mark_customer(
        staff.agent, "tb_回头客", CustomerMarkKind.REGULAR, BlockReason.OTHER, "买了五年"
    )
    profile = customers.customer_profile(staff.agent, "tb_回头客")
    (mark,) = profile.active_marks
    assert mark.kind == CustomerMarkKind.REGULAR and mark.reason is None
    assert mark.text == "回头客（买了五年）"


# --- the profile -----------------------------------------------------------------------------


def test_profile_gathers_cases_money_and_contacts(staff: Staffing) -> None:
    first = _open(staff)
    _resolve(staff, first, refund_fen=2590)
    second = _open(staff)
    cancelled = _open(staff)
    cases.change_state(staff.agent, cancelled.id, cancelled.version, CaseState.CANCELLED)
    _open(staff, customer="tb_别人")
    Case.update(asked_at=_local_day(40)).where(Case.id == first.id).execute()
    profile = customers.customer_profile(staff.warehouse, "tb_回头客")
    assert [c.case_no for c in profile.cases] == [
        cancelled.case_no,
        second.case_no,
        first.case_no,
    ]
    assert profile.refund_fen == 2590 and profile.paid_fen == 2590
    assert profile.cases[2].paid_fen == 2590 and profile.cases[2].resolution == "退款"
    assert profile.first_contact == _local_day(40)
    assert profile.last_contact is not None and profile.last_contact >= profile.first_contact
    assert profile.recent_cases == 2
    with pytest.raises(NotFound, match="tb_谁"):
        customers.customer_profile(staff.agent, "tb_谁")


# --- follow-ups ------------------------------------------------------------------------------


def _resolved_days_ago(staff: Staffing, days: int, customer: str = "tb_回头客") -> int:
    detail = _resolve(staff, _open(staff, customer))
    Case.update(resolved_at=_local_day(days)).where(Case.id == detail.id).execute()
    return detail.id


def test_my_todo_lists_follow_ups_from_their_due_day(staff: Staffing) -> None:
    too_new = _resolved_days_ago(staff, 2)
    due_today = _resolved_days_ago(staff, 3)
    last_day = _resolved_days_ago(staff, 3 + FOLLOW_UP_LAPSE_DAYS - 1)
    lapsed = _resolved_days_ago(staff, 3 + FOLLOW_UP_LAPSE_DAYS)
    closed = _resolved_days_ago(staff, 5)
    detail = cases.get_case(closed)
    cases.change_state(staff.agent, closed, detail.version, CaseState.CLOSED)
    items = follow_ups.my_todo(staff.agent)
    listed = [i.case_id for i in items if i.kind == follow_ups.TodoKind.FOLLOW_UP]
    assert listed == [last_day, closed, due_today]
    assert too_new not in listed and lapsed not in listed
    assert follow_ups.my_todo(staff.agent2) == []
    assert items[-1].due_on == date.today()


def test_recording_a_follow_up_takes_it_off_the_list(staff: Staffing) -> None:
    case_id = _resolved_days_ago(staff, 4)
    (item,) = follow_ups.my_todo(staff.agent)
    with pytest.raises(ValidationError, match="是否满意"):
        follow_ups.record_follow_up(staff.agent, case_id, True)
    with pytest.raises(PermissionDenied):
        follow_ups.record_follow_up(staff.agent2, case_id, True, Satisfaction.SATISFIED)
    detail = follow_ups.record_follow_up(
        staff.agent, case_id, True, Satisfaction.SATISFIED, "很满意", item.resolved_at
    )
    assert detail.state == CaseState.RESOLVED
    assert detail.events[-1].action == "follow_up_recorded"
    assert follow_ups.my_todo(staff.agent) == []
    with pytest.raises(ValidationError, match="小美"):
        follow_ups.record_follow_up(staff.supervisor, case_id, False)
    assert FollowUp.select().count() == 1


def test_unsatisfied_reopens_the_case_for_its_agent(staff: Staffing) -> None:
    case_id = _resolved_days_ago(staff, 4)
    detail = cases.get_case(case_id)
    cases.change_state(staff.agent, case_id, detail.version, CaseState.CLOSED)
    with pytest.raises(ValidationError, match="原因"):
        follow_ups.record_follow_up(staff.supervisor, case_id, True, Satisfaction.UNSATISFIED)
    detail = follow_ups.record_follow_up(
        staff.supervisor, case_id, True, Satisfaction.UNSATISFIED, "补偿太少"
    )
    assert detail.state == CaseState.OPEN
    assert detail.handler_name == "小美"
    assert detail.attention == "回访不满意：补偿太少"
    assert [e.action for e in detail.events][-2:] == ["follow_up_recorded", "follow_up_reopened"]
    items = follow_ups.my_todo(staff.agent)
    assert [(i.kind, i.case_id) for i in items] == [(follow_ups.TodoKind.ATTENTION, case_id)]
    # resolved again: a new follow-up is due for the new resolution, after its own delay
    detail = cases.record_outcome(
        staff.agent, case_id, detail.version, OutcomeRecord("explained", "再次说明"),
        CaseState.RESOLVED,
    )  # fmt: skip
    Case.update(resolved_at=_local_day(3)).where(Case.id == case_id).execute()
    assert [i.case_id for i in follow_ups.my_todo(staff.agent)] == [case_id]


def test_a_follow_up_of_an_open_case_or_a_changed_resolution_is_refused(staff: Staffing) -> None:
    open_case = _open(staff)
    with pytest.raises(ValidationError, match="解决后才能回访"):
        follow_ups.record_follow_up(staff.agent, open_case.id, False)
    case_id = _resolved_days_ago(staff, 4)
    with pytest.raises(ValidationError, match="刷新待办"):
        follow_ups.record_follow_up(
            staff.agent, case_id, False, resolved_at=utc_now().replace(microsecond=0)
        )


def test_skip_needs_a_reason_and_counts_apart(staff: Staffing) -> None:
    angry = _resolved_days_ago(staff, 4)
    other = _resolved_days_ago(staff, 4)
    with pytest.raises(ValidationError, match="其他"):
        follow_ups.skip_follow_up(staff.agent, other, SkipReason.OTHER)
    follow_ups.skip_follow_up(staff.agent, angry, SkipReason.CLOSED_IN_ANGER)
    follow_ups.record_follow_up(staff.agent, other, False)
    assert follow_ups.my_todo(staff.agent) == []
    start, end = utc_now() - timedelta(days=1), utc_now() + timedelta(days=1)
    figures = follow_ups.satisfaction_by_agent(start, end)["小美"]
    assert (figures.follow_ups, figures.reached, figures.skipped, figures.rate) == (1, 0, 1, None)


def test_satisfaction_rate_per_agent(staff: Staffing) -> None:
    results = [Satisfaction.SATISFIED, Satisfaction.SATISFIED, Satisfaction.NEUTRAL]
    for satisfaction in results:
        case_id = _resolved_days_ago(staff, 4)
        follow_ups.record_follow_up(staff.agent, case_id, True, satisfaction)
    case_id = _resolved_days_ago(staff, 4)
    follow_ups.record_follow_up(staff.agent, case_id, True, Satisfaction.UNSATISFIED, "慢")
    start, end = utc_now() - timedelta(days=1), utc_now() + timedelta(days=1)
    figures = follow_ups.satisfaction_by_agent(start, end)["小美"]
    assert (figures.follow_ups, figures.reached, figures.satisfied) == (4, 4, 2)
    assert figures.rate == 0.5
    assert follow_ups.satisfaction_by_agent(end, end + timedelta(days=1)) == {}


def test_satisfaction_rate_in_the_monthly_workbook(staff: Staffing, tmp_path: Path) -> None:
    for satisfaction, remark in (
        (Satisfaction.SATISFIED, ""),
        (Satisfaction.NEUTRAL, ""),
        (Satisfaction.UNSATISFIED, "还是不满意"),
    ):
        case_id = _resolved_days_ago(staff, 4)
        follow_ups.record_follow_up(staff.agent, case_id, True, satisfaction, remark)
    follow_ups.record_follow_up(staff.agent, _resolved_days_ago(staff, 4), False)
    period = parse_month(f"{date.today():%Y-%m}", date.today())
    target = registers.export_monthly(staff.supervisor, period, tmp_path / "月报.xlsx")
    sheet = openpyxl.load_workbook(target)["客服考核"]
    header = [c.value for c in sheet[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rows["小美"]["回访数"] == 4
    assert rows["小美"]["回访满意率"] == pytest.approx(1 / 3)


def test_the_recent_count_is_read_from_its_index(staff: Staffing) -> None:
    """The intake asks as an ID is typed: the count must come from the (customer_id,
    created_at) index, not a walk over the customer's cases or the table."""
    detail = _open(staff)
    query = customers.recent_count_query(Case.get_by_id(detail.id).customer_id, 90)
    sql, params = query.sql()
    if isinstance(database.obj, peewee.PostgresqlDatabase):
        database.execute_sql("SET enable_seqscan = off")  # a tiny table: ask what it may use
        plan = " ".join(r[0] for r in database.execute_sql(f"EXPLAIN {sql}", params))
        database.execute_sql("RESET enable_seqscan")
    else:
        plan = " ".join(
            str(r[-1]) for r in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)
        )
    assert "case_customer_created" in plan
