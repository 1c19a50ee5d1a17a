from __future__ import annotations

from datetime import timedelta

import pytest

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import (
    KefuError,
    NotFound,
    PermissionDenied,
    StaleRecord,
    ValidationError,
)
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.weights import Tolerance
from kefu_desktop.services import cases, warehouse, warehouse_settings
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.products import ProductRow, save_products
from kefu_desktop.services.warehouse import CheckState, Verdict
from kefu_desktop.store.models import WarehouseCheck
from tests.conftest import Staffing


def _open(staff: Staffing, waybill: str = "SF1402345678901", **kw: object) -> cases.CaseDetail:
    values: dict[str, object] = {
        "kind": CaseKind.WRONG_SHIPMENT,
        "sub_kind": SubKind.MISSING_ITEM,
        "customer_id": "tb_买家01",
        "order_no": "3890123456789012",
        "waybill_no": waybill,
        "courier": "SF",
        "sku": "A100",
        "quantity": 2,
    }
    values.update(kw)
    return cases.create_case(staff.agent, NewCase(**values))  # type: ignore[arg-type]


def _confirm(**kw: object) -> Verdict:
    values: dict[str, object] = {
        "outcome": CheckState.CONFIRMED,
        "stub_found": True,
        "stub_matches": False,
        "measured_weight_g": 780,
        "observed": "底单只写了 1 件",
        "remark": "",
    }
    values.update(kw)
    return Verdict(**values)  # type: ignore[arg-type]


def test_request_check_moves_case_and_computes_expected_weight(staff: Staffing) -> None:
    save_products(staff.warehouse, [ProductRow("A100", "羊毛衫", 350)])
    case = _open(staff)
    check = warehouse.request_check(staff.agent, case.id, "  核实是否少发一件 ")
    assert check.state == CheckState.PENDING
    assert check.request_note == "核实是否少发一件"
    assert check.expected_weight_g == 2 * 350 + warehouse_settings.get_packaging_g()
    assert check.requested_by_name == "小美"
    detail = cases.get_case(case.id)
    assert detail.state == CaseState.WAITING_WAREHOUSE
    assert detail.events[-1].action == "warehouse_check_requested"
    assert detail.events[-1].details["check_id"] == check.id
    with pytest.raises(KefuError, match="已有待仓库核实"):
        warehouse.request_check(staff.agent, case.id, "再来一次")
    assert WarehouseCheck.select().count() == 1


def test_request_check_explicit_weight_stale_case_and_roles(staff: Staffing) -> None:
    case = _open(staff, sku="UNKNOWN")
    with pytest.raises(PermissionDenied):
        warehouse.request_check(staff.warehouse, case.id, "x")
    with pytest.raises(ValidationError):
        warehouse.request_check(staff.agent, case.id, "x", expected_weight_g=0)
    with pytest.raises(StaleRecord):
        warehouse.request_check(staff.agent, case.id, "x", case_version=case.version + 5)
    assert WarehouseCheck.select().count() == 0  # the stale request left nothing behind
    assert cases.get_case(case.id).state == CaseState.OPEN
    check = warehouse.request_check(staff.agent, case.id, "", case_version=case.version)
    assert check.request_note == warehouse.DEFAULT_REQUEST_NOTE
    assert check.expected_weight_g is None  # the SKU is not in the product table
    no_waybill = _open(staff, waybill="", courier="")
    with pytest.raises(ValidationError, match="没有运单号"):
        warehouse.request_check(staff.agent, no_waybill.id, "x")


def test_pending_queue_oldest_first_and_scan(staff: Staffing) -> None:
    first = _open(staff, waybill="SF1402345678901")
    second = _open(staff, waybill="YT7512345678901", courier="YTO", customer_id="买家二")
    c2 = warehouse.request_check(staff.supervisor, second.id, "核实底单", expected_weight_g=1500)
    c1 = warehouse.request_check(staff.agent, first.id, "称重")
    WarehouseCheck.update(requested_at=utc_now() - timedelta(hours=3)).where(
        WarehouseCheck.id == c1.id
    ).execute()
    queue = warehouse.list_pending(staff.warehouse)
    assert [c.id for c in queue] == [c1.id, c2.id]
    assert queue[1].customer_id == "买家二"
    assert queue[1].courier_name == "圆通速递"
    assert queue[1].requested_by_name == "陈主管"
    assert warehouse.age_text(queue[0].requested_at) == "3 小时前"
    found = warehouse.find_pending_by_waybill(staff.warehouse, " yt 7512345678901\r\n")
    assert found.id == c2.id
    with pytest.raises(NotFound, match="没有找到运单号 SF999"):
        warehouse.find_pending_by_waybill(staff.warehouse, "sf999")
    with pytest.raises(ValidationError):
        warehouse.find_pending_by_waybill(staff.warehouse, "   ")


def test_confirm_verdict_moves_case_back_with_attention(staff: Staffing) -> None:
    case = _open(staff)
    check = warehouse.request_check(staff.agent, case.id, "核实少发", expected_weight_g=800)
    done = warehouse.record_verdict(staff.warehouse, check.id, check.version, _confirm())
    assert done.state == CheckState.CONFIRMED
    assert done.checked_by_name == "老王"
    assert done.measured_weight_g == 780
    assert done.observed == "底单只写了 1 件"
    detail = cases.get_case(case.id)
    assert detail.state == CaseState.OPEN
    assert detail.attention.startswith("仓库核实属实：底单不符；实重 0.780 kg")
    assert "在误差内" in detail.attention
    event = detail.events[-1]
    assert event.action == "warehouse_verdict"
    assert (event.from_state, event.to_state) == (CaseState.WAITING_WAREHOUSE, CaseState.OPEN)
    assert event.actor_name == "老王"
    assert event.details["outcome"] == "confirmed"
    assert warehouse.list_pending(staff.warehouse) == []
    with pytest.raises(NotFound, match="没有待核实"):
        warehouse.find_pending_by_waybill(staff.warehouse, case.waybill_no)
    # a second clerk with the old version is refused, and the first verdict stays
    with pytest.raises(StaleRecord, match="老王"):
        warehouse.record_verdict(
            staff.admin, check.id, check.version, _confirm(outcome=CheckState.REFUTED)
        )
    assert warehouse.get_check(check.id).state == CheckState.CONFIRMED


def test_refute_flags_weight_beyond_tolerance(staff: Staffing) -> None:
    case = _open(staff)
    check = warehouse.request_check(staff.agent, case.id, "x", expected_weight_g=1000)
    verdict = _confirm(outcome=CheckState.REFUTED, stub_matches=True, measured_weight_g=1200)
    warehouse.record_verdict(staff.admin, check.id, check.version, verdict, Tolerance(50, 5))
    attention = cases.get_case(case.id).attention
    assert attention.startswith("仓库核实不符：底单相符")
    assert "比预计重 0.200 kg（允许 ±0.050 kg），超出误差" in attention


def test_verdict_rules_and_roles(staff: Staffing) -> None:
    case = _open(staff)
    check = warehouse.request_check(staff.agent, case.id, "x")
    with pytest.raises(PermissionDenied):
        warehouse.record_verdict(staff.agent, check.id, check.version, _confirm())
    with pytest.raises(ValidationError, match="不能为 0"):
        warehouse.record_verdict(
            staff.warehouse, check.id, check.version, _confirm(measured_weight_g=0)
        )
    with pytest.raises(ValidationError, match="是否相符"):
        warehouse.record_verdict(
            staff.warehouse, check.id, check.version, _confirm(stub_matches=None)
        )
    with pytest.raises(ValidationError, match="核实结果"):
        warehouse.record_verdict(
            staff.warehouse, check.id, check.version, _confirm(outcome=CheckState.PENDING)
        )
    with pytest.raises(ValidationError, match="所见情况"):
        warehouse.record_verdict(
            staff.warehouse,
            check.id,
            check.version,
            _confirm(stub_found=False, measured_weight_g=None, observed=" "),
        )
    with pytest.raises(StaleRecord):
        warehouse.record_verdict(staff.warehouse, check.id, check.version + 1, _confirm())
    assert warehouse.get_check(check.id).state == CheckState.PENDING
    assert cases.get_case(case.id).state == CaseState.WAITING_WAREHOUSE
    done = warehouse.record_verdict(
        staff.warehouse,
        check.id,
        check.version,
        _confirm(
            stub_found=False, stub_matches=True, measured_weight_g=None, observed="找不到底单"
        ),
    )
    assert done.stub_matches is None
    assert cases.get_case(case.id).attention == "仓库核实属实：未找到底单"


def test_verdict_on_case_no_longer_waiting_keeps_state(staff: Staffing) -> None:
    case = _open(staff)
    check = warehouse.request_check(staff.agent, case.id, "x")
    current = cases.get_case(case.id)
    cases.change_state(staff.agent, case.id, current.version, CaseState.WAITING_CUSTOMER)
    warehouse.record_verdict(staff.warehouse, check.id, check.version, _confirm())
    detail = cases.get_case(case.id)
    assert detail.state == CaseState.WAITING_CUSTOMER
    assert detail.attention.startswith("仓库核实属实")


def test_office_tolerance_and_packaging_settings(staff: Staffing) -> None:
    assert warehouse_settings.get_tolerance() == Tolerance(50, 5)
    with pytest.raises(PermissionDenied):
        warehouse_settings.set_tolerance(staff.agent, 80, 3)
    with pytest.raises(ValidationError):
        warehouse_settings.set_tolerance(staff.warehouse, -1, 3)
    warehouse_settings.set_tolerance(staff.warehouse, 80, 3)
    assert warehouse_settings.get_tolerance() == Tolerance(80, 3)
    warehouse_settings.set_packaging_g(staff.admin, 120)
    assert warehouse_settings.get_packaging_g() == 120
