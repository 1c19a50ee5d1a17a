from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kefu_desktop.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleRecord,
    ValidationError,
)
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases
from kefu_desktop.services.cases import CaseFilter, NewCase
from kefu_desktop.store.models import Case, CaseCounter
from tests.conftest import Staffing


def _open(staff: Staffing, customer: str = "tb_小美2024", **kw: object) -> cases.CaseDetail:
    values: dict[str, object] = {
        "kind": CaseKind.WRONG_SHIPMENT,
        "sub_kind": SubKind.WRONG_ITEM,
        "customer_id": customer,
        "order_no": "3890123456789012",
        "waybill_no": "SF1402345678901",
        "courier": "SF",
    }
    values.update(kw)
    return cases.create_case(staff.agent, NewCase(**values))  # type: ignore[arg-type]


def test_create_case_numbers_and_history(staff: Staffing) -> None:
    first = _open(staff)
    second = _open(staff, customer="另一个买家")
    today = datetime.now().strftime("%Y%m%d")
    assert first.case_no == f"SH{today}-0001"
    assert second.case_no == f"SH{today}-0002"
    assert first.state == CaseState.OPEN
    assert first.handler_name == "小美"
    assert [e.action for e in first.events] == ["created"]
    assert first.events[0].to_state == CaseState.OPEN


def test_numbers_past_9999_a_day_stay_unique_and_in_order(staff: Staffing) -> None:
    prefix = f"SH{datetime.now():%Y%m%d}-"
    CaseCounter.delete().execute()
    CaseCounter.create(prefix=prefix, last=9997)
    numbers = [_open(staff, customer=f"买家{i}").case_no for i in range(4)]
    assert numbers == [f"{prefix}9998", f"{prefix}9999", f"{prefix}10000", f"{prefix}10001"]


def test_numbers_continue_from_the_numeric_maximum_of_cases_stored_without_the_counter(
    staff: Staffing,
) -> None:
    """A day whose cases came in without the counter (older schema, a restore) goes on after
    its numerically highest number: -10000 sorts before -9999 as text."""
    first = _open(staff)
    second = _open(staff, customer="另一个买家")
    prefix = first.case_no[:-4]
    Case.update(case_no=f"{prefix}9999").where(Case.id == first.id).execute()
    Case.update(case_no=f"{prefix}10000").where(Case.id == second.id).execute()
    CaseCounter.delete().execute()
    assert _open(staff, customer="第三个").case_no == f"{prefix}10001"
    # the counter is behind what is stored (numbers written around it): resync, no refusal
    CaseCounter.update(last=9998).execute()
    assert _open(staff, customer="第四个").case_no == f"{prefix}10002"
    assert CaseCounter.get().last == 10002


def test_create_case_rejects_bad_input(staff: Staffing) -> None:
    with pytest.raises(ValidationError, match="买家ID") as err:
        _open(staff, customer="   ")
    assert err.value.field == "customer_id"
    with pytest.raises(ValidationError, match="订单号只能是数字"):
        _open(staff, order_no="12ab")
    with pytest.raises(ValidationError, match="数量至少为 1"):
        _open(staff, quantity=0)
    with pytest.raises(ValidationError, match="细类"):
        _open(staff, sub_kind=SubKind.REFUSED)
    assert cases.count_cases() == 0


def test_warehouse_may_not_open_cases(staff: Staffing) -> None:
    with pytest.raises(PermissionDenied):
        cases.create_case(staff.warehouse, NewCase(kind=CaseKind.QUALITY, customer_id="x"))


def test_search_exact_and_prefix(staff: Staffing) -> None:
    a = _open(staff, customer="tb_zhang01", waybill_no="sf 1402345678901")
    b = _open(staff, customer="tb_zhang02", waybill_no="YT7512345678901", courier="YTO")
    c = _open(staff, customer="li_hua", order_no="111122223333", waybill_no="SF1402345678999")
    user = staff.agent

    def ids(text: str) -> list[int]:
        return [r.id for r in cases.list_cases(user, CaseFilter(text=text))]

    assert ids("SF1402345678901") == [a.id]
    assert ids("yt7512345678901") == [b.id]
    assert ids("111122223333") == [c.id]
    assert ids("tb_zhang01") == [a.id]
    assert ids("tb_zhang") == [b.id, a.id]
    assert ids(a.case_no) == [a.id]
    assert ids(a.case_no[:10]) == [c.id, b.id, a.id]
    assert ids("nobody") == []


def test_filters_and_paging(staff: Staffing) -> None:
    made = [_open(staff, customer=f"c{i}") for i in range(7)]
    quality = cases.create_case(
        staff.agent2,
        NewCase(kind=CaseKind.QUALITY, customer_id="q1", sub_kind=SubKind.LATE_OR_WORN),
    )
    user = staff.agent
    page1 = cases.list_cases(user, CaseFilter(), limit=3)
    assert [r.id for r in page1] == [quality.id, made[6].id, made[5].id]
    page2 = cases.list_cases(user, CaseFilter(), before_id=page1[-1].id, limit=3)
    assert [r.id for r in page2] == [made[4].id, made[3].id, made[2].id]
    assert [r.id for r in cases.list_cases(user, CaseFilter(kind=CaseKind.QUALITY))] == [quality.id]
    assert len(cases.list_cases(user, CaseFilter(handler_id=staff.agent2.id))) == 1
    today = date.today()
    assert len(cases.list_cases(user, CaseFilter(created_from=today, created_to=today))) == 8
    yesterday = today - timedelta(days=1)
    assert cases.list_cases(user, CaseFilter(created_to=yesterday)) == []


def test_state_change_history_and_optimistic_lock(staff: Staffing) -> None:
    case = _open(staff)
    moved = cases.change_state(
        staff.agent, case.id, case.version, CaseState.WAITING_WAREHOUSE, "请核实底单"
    )
    assert moved.state == CaseState.WAITING_WAREHOUSE
    assert moved.version == case.version + 1
    last = moved.events[-1]
    assert (last.from_state, last.to_state, last.details) == (
        CaseState.OPEN,
        CaseState.WAITING_WAREHOUSE,
        {"note": "请核实底单"},
    )
    with pytest.raises(StaleRecord, match=r"已被 小美 在 \d\d:\d\d 修改") as stale:
        cases.change_state(staff.agent2, case.id, case.version, CaseState.RESOLVED)
    assert stale.value.changed_by == "小美"
    assert stale.value.changed_at == moved.events[-1].at
    assert cases.get_case(case.id).state == CaseState.WAITING_WAREHOUSE
    closed = cases.change_state(staff.agent, case.id, moved.version, CaseState.RESOLVED)
    assert closed.resolved_at is not None
    closed = cases.change_state(staff.agent, case.id, closed.version, CaseState.CLOSED)
    with pytest.raises(InvalidTransition):
        cases.change_state(staff.agent, case.id, closed.version, CaseState.OPEN)


def test_find_by_waybill(staff: Staffing) -> None:
    case = _open(staff)
    assert [r.id for r in cases.find_by_waybill(staff.warehouse, " sf1402345678901 ")] == [case.id]
    assert cases.find_by_waybill(staff.warehouse, "SF0000") == []
