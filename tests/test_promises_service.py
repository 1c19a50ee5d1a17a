"""Time promises through the services: explicit first reply, stored due columns, filters, the
office's calendar and limits, the supervisor's watch and reminder (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kefu_desktop.domain.clock import to_local, utc_now
from kefu_desktop.domain.errors import PermissionDenied, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.promise_status import ClockStatus, Promise
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, promises, watch
from kefu_desktop.services.cases import CaseFilter, DueFilter, NewCase, OutcomeRecord
from kefu_desktop.store.models import Case, CaseEvent, ProductionFeedback
from tests.conftest import Staffing


def _open(staff: Staffing, minutes_ago: float, kind: CaseKind = CaseKind.QUALITY, **kw: object):  # type: ignore[no-untyped-def]
    asked = datetime.now() - timedelta(minutes=minutes_ago)
    return cases.create_case(
        staff.agent,
        NewCase(kind=kind, customer_id=f"tb_{minutes_ago}", asked_at=asked, **kw),  # type: ignore[arg-type]
    )


def _row(case_id: int) -> Case:
    return Case.get_by_id(case_id)


def test_saving_an_outcome_does_not_fill_the_first_reply(staff: Staffing) -> None:
    detail = _open(staff, 1)
    detail = cases.record_outcome(
        staff.agent, detail.id, detail.version, OutcomeRecord("explained", "向客户说明")
    )
    assert detail.first_reply_at is None


def test_first_reply_now_or_typed_earlier_with_clear_messages(staff: Staffing) -> None:
    detail = _open(staff, 30)
    with pytest.raises(ValidationError, match="不能早于客户首次咨询时间"):
        cases.record_first_reply(
            staff.agent, detail.id, detail.version, datetime.now() - timedelta(hours=1)
        )
    with pytest.raises(ValidationError, match="不能晚于现在"):
        cases.record_first_reply(
            staff.agent, detail.id, detail.version, datetime.now() + timedelta(hours=1)
        )
    with pytest.raises(ValidationError, match="看不懂"):
        cases.parse_reply_time("昨天下午")
    typed = cases.parse_reply_time(
        (datetime.now() - timedelta(minutes=27)).strftime("%Y-%m-%d %H:%M")
    )
    detail = cases.record_first_reply(staff.agent, detail.id, detail.version, typed)
    assert detail.first_reply_at is not None
    assert to_local(detail.first_reply_at).replace(tzinfo=None) == typed
    event = CaseEvent.select().where(CaseEvent.case == detail.id).order_by(CaseEvent.id.desc())[0]
    assert event.action == "first_reply" and "first_reply_at" in event.details["changes"]
    clocks = promises.clocks_of(detail.id)
    assert clocks[0].promise == Promise.FIRST_REPLY and clocks[0].status == ClockStatus.MET


def test_stored_due_columns_follow_every_change(staff: Staffing) -> None:
    detail = _open(staff, 1, CaseKind.LOGISTICS)
    row = _row(detail.id)
    assert row.sla_promise == Promise.FIRST_REPLY
    assert abs(row.sla_due_at - (row.asked_at + timedelta(minutes=5))) < timedelta(seconds=1)
    detail = cases.record_first_reply(staff.agent, detail.id, detail.version)
    row = _row(detail.id)
    assert row.sla_promise == Promise.LOGISTICS_RESOLVE
    assert abs(row.sla_due_at - (row.asked_at + timedelta(hours=48))) < timedelta(seconds=1)
    detail = cases.change_state(staff.agent, detail.id, detail.version, CaseState.WAITING_CUSTOMER)
    row = _row(detail.id)
    assert row.sla_promise == Promise.LOGISTICS_RESOLVE and row.sla_due_at is None
    detail = cases.change_state(staff.agent, detail.id, detail.version, CaseState.OPEN)
    assert _row(detail.id).sla_due_at is not None
    detail = cases.change_state(staff.agent, detail.id, detail.version, CaseState.RESOLVED)
    row = _row(detail.id)
    assert (row.sla_promise, row.sla_due_at, row.sla_warn_at) == ("", None, None)
    detail = cases.change_state(staff.agent, detail.id, detail.version, CaseState.OPEN)
    assert _row(detail.id).sla_promise == Promise.LOGISTICS_RESOLVE  # reopened: it runs on


def test_checked_answer_promise(staff: Staffing) -> None:
    detail = _open(staff, 1)
    detail = cases.record_first_reply(staff.agent, detail.id, detail.version)
    assert _row(detail.id).sla_promise == ""
    detail = cases.record_check_promise(staff.agent, detail.id, detail.version)
    row = _row(detail.id)
    assert row.sla_promise == Promise.CHECKED_ANSWER
    assert abs(row.sla_due_at - (row.check_promised_at + timedelta(hours=24))) < timedelta(
        seconds=1
    )
    detail = cases.record_check_answered(staff.agent, detail.id, detail.version)
    assert _row(detail.id).sla_promise == ""
    with pytest.raises(ValidationError, match="没有等待答复的核实事项"):
        cases.record_check_answered(staff.agent, detail.id, detail.version)
    kept = [c for c in promises.clocks_of(detail.id) if c.promise == Promise.CHECKED_ANSWER]
    assert kept[0].status == ClockStatus.MET


def test_overdue_and_soon_filters_and_the_due_order(staff: Staffing) -> None:
    overdue = _open(staff, 12)
    soon = _open(staff, 4.5)
    fine = _open(staff, 0)
    answered = _open(staff, 20)
    cases.record_first_reply(staff.agent, answered.id, answered.version)

    def ids(flt: CaseFilter, after: int | None = None, limit: int = 200) -> list[int]:
        return [r.id for r in cases.list_cases(staff.agent, flt, after, limit)]

    assert ids(CaseFilter(due=DueFilter.OVERDUE)) == [overdue.id]
    assert ids(CaseFilter(due=DueFilter.SOON)) == [soon.id]
    assert ids(CaseFilter(by_due=True)) == [overdue.id, soon.id, fine.id]
    first_page = ids(CaseFilter(by_due=True), limit=2)
    assert first_page == [overdue.id, soon.id]
    assert ids(CaseFilter(by_due=True), first_page[-1], 2) == [fine.id]
    row = cases.list_cases(staff.agent, CaseFilter(due=DueFilter.OVERDUE))[0]
    assert row.sla_promise == Promise.FIRST_REPLY and row.sla_due_at is not None


def test_calendar_setting_refuses_bad_lines_whole_and_moves_due_times(
    staff: Staffing, tmp_path: Path
) -> None:
    detail = _open(staff, 1)
    before = _row(detail.id).sla_due_at
    with pytest.raises(ValidationError) as caught:
        promises.set_service_calendar(
            staff.admin, "9:00-12:00", range(7), "2026-10-01 休\n2026-02-30 休\n明天 班"
        )
    assert "第 2 行" in str(caught.value) and "第 3 行" in str(caught.value)
    assert promises.calendar_setting().windows[0].label == "0:00-24:00"  # nothing saved
    with pytest.raises(PermissionDenied):
        promises.set_service_calendar(staff.agent, "9:00-12:00", range(7), "")
    # Closed for the whole year round: the due time moves past the holidays.
    today = datetime.now().date()
    days = "\n".join(f"{today + timedelta(d):%Y-%m-%d} 休" for d in range(3))
    promises.set_service_calendar(staff.admin, "9:00-12:00, 13:30-24:00", range(7), days)
    after = _row(detail.id).sla_due_at
    assert after > before + timedelta(days=2)
    file = tmp_path / "假日.txt"
    file.write_bytes("2027-01-01 休 元旦\n2027-01-04 班\n".encode("gb18030"))
    assert promises.read_calendar_file(file).splitlines()[0] == "2027-01-01 休 元旦"
    (tmp_path / "x.png").write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(ValidationError, match="不是文本文件"):
        promises.read_calendar_file(tmp_path / "x.png")
    promises.set_promise_limits(staff.admin, 10, 48, 24)
    assert promises.promise_limits().first_reply == timedelta(minutes=10)
    with pytest.raises(ValidationError, match="首次回复时限"):
        promises.set_promise_limits(staff.admin, 0, 48, 24)


def test_daily_watch_and_reminder(staff: Staffing) -> None:
    overdue = _open(staff, 30)
    refund = _open(staff, 0)
    cases.record_first_reply(staff.agent, refund.id, refund.version)
    refund = cases.get_case(refund.id)
    cases.record_outcome(
        staff.agent, refund.id, refund.version, OutcomeRecord("refund", "退款", refund_fen=100)
    )
    calm = _open(staff, 0)
    rows = watch.daily_watch(staff.supervisor)
    by_id = {r.case.id: r for r in rows}
    assert [r.case.id for r in rows] == [overdue.id, refund.id]  # oldest first
    assert by_id[overdue.id].reasons == ("已超时",)
    assert "退款中" in by_id[refund.id].reasons
    assert calm.id not in by_id
    with pytest.raises(PermissionDenied):
        watch.daily_watch(staff.agent)
    version = cases.get_case(overdue.id).version
    detail = watch.remind_handler(staff.supervisor, overdue.id, "客户在催")
    assert detail.attention.startswith("主管提醒") and "客户在催" in detail.attention
    assert detail.version == version  # the handler's open edit is not made stale
    assert detail.events[-1].action == "reminded"
    assert detail.events[-1].details["note"] == "客户在催"
    assert utc_now() - detail.events[-1].at < timedelta(minutes=1)
    mine = cases.list_cases(staff.agent, CaseFilter(attention_only=True))
    assert [r.id for r in mine] == [overdue.id]


# --- defect alerts (生产问题反馈) ------------------------------------------------------------


def _quality_report(staff: Staffing, customer: str, batch: str, days_ago: float = 0) -> int:
    from kefu_desktop.services import wizard as wz
    from tests.test_wizard_service import INTAKE

    draft = wz.start_draft(staff.agent, CaseKind.QUALITY)
    values, problems = wz.check_intake(
        CaseKind.QUALITY, {**INTAKE, "customer_id": customer, "sku": "WT2301", "batch": batch}
    )
    assert problems == {}
    draft = wz.save_intake(staff.agent, draft.id, values)
    assert draft.case_id is not None
    if days_ago:
        moment = utc_now() - timedelta(days=days_ago)
        Case.update(created_at=moment).where(Case.id == draft.case_id).execute()
    answers = {
        **draft.answers,
        "within_3_days": "no",
        "worn": "no",
        "customer_fault": "no",
        "q_negotiate": "agreed",
        "compensation": 1000,
    }
    wz.finish(staff.agent, draft.id, answers)
    return draft.case_id


def _records(batch: str) -> list[ProductionFeedback]:
    return list(ProductionFeedback.select().where(ProductionFeedback.batch == batch))


def test_defect_alert_at_three_customers_makes_one_record(staff: Staffing, tmp_path: Path) -> None:
    _quality_report(staff, "tb_a", "B01")
    _quality_report(staff, "tb_a", "B01")  # the same customer again counts once
    _quality_report(staff, "tb_b", "B01")
    assert _records("B01") == []  # 2 customers: not yet
    third = _quality_report(staff, "tb_c", "B01")
    (record,) = _records("B01")
    assert record.customers == 3 and cases.get_case(third).case_no in record.case_nos
    events = [e for e in cases.get_case(third).events if "follow_ups" in e.details]
    assert "production_feedback" in events[-1].details["follow_ups"]  # the outcome's alert
    _quality_report(staff, "tb_d", "B01")
    (record,) = _records("B01")  # the fourth extends the same record
    assert record.customers == 4 and len(record.case_nos) == 5
    # the month's 生产反馈 sheet names when the record was made
    from openpyxl import load_workbook

    from kefu_desktop.domain.registers import month_period
    from kefu_desktop.services import registers

    period = month_period(datetime.now().date().replace(day=1))
    path = registers.export_monthly(staff.supervisor, period, tmp_path / "月报.xlsx")
    sheet = load_workbook(path)["生产反馈"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert row[:3] == ["WT2301", "B01", 4]
    assert row[header.index("登记生产反馈")] is not None


def test_defect_threshold_and_window_are_office_settings(staff: Staffing) -> None:
    promises.set_defect_rule(staff.admin, 2, 7)
    _quality_report(staff, "tb_a", "B02")
    assert _records("B02") == []
    _quality_report(staff, "tb_b", "B02")
    assert len(_records("B02")) == 1  # two customers are enough now
    with pytest.raises(ValidationError, match="客户人数"):
        promises.set_defect_rule(staff.admin, 1, 7)
    promises.set_defect_rule(staff.admin, 3, 7)
    # the window's edge: a report 7 days less a minute ago counts, 7 days and a minute does not
    _quality_report(staff, "tb_a", "B03", days_ago=7 - 1 / 1440)
    _quality_report(staff, "tb_b", "B03")
    _quality_report(staff, "tb_c", "B03")
    assert len(_records("B03")) == 1
    _quality_report(staff, "tb_a", "B04", days_ago=7 + 1 / 1440)
    _quality_report(staff, "tb_b", "B04")
    _quality_report(staff, "tb_c", "B04")
    assert _records("B04") == []


def test_dashboard_figures_on_both_databases(staff: Staffing) -> None:
    from kefu_desktop.services import dashboard

    late = _open(staff, 30, CaseKind.LOGISTICS)
    _open(staff, 0, CaseKind.QUALITY, sku="WT1", batch="B1")
    cases.create_case(
        staff.agent2,
        NewCase(kind=CaseKind.QUALITY, customer_id="tb_other", sku="WT1", batch="B1"),
    )
    figures = dashboard.dashboard_figures(staff.supervisor)
    assert figures.days[-1] == datetime.now().date()
    assert figures.per_day[CaseKind.LOGISTICS][-1] == 1
    assert figures.per_day[CaseKind.QUALITY][-1] == 2
    assert dict(figures.open_by_state)[CaseState.OPEN] == 3
    assert [(d.sku, d.batch, d.customers) for d in figures.defects] == [("WT1", "B1", 2)]
    sla = dashboard.sla_figures(staff.supervisor)
    assert sla.per_promise[Promise.FIRST_REPLY].broken == 1  # the late one
    assert sla.per_agent["小美"].broken == 1
    with pytest.raises(PermissionDenied):
        dashboard.dashboard_figures(staff.agent)
    assert late.id
