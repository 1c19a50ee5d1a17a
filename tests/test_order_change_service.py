"""订单变更 through the wizard service, the warehouse's parcel search and continuing the case:
every flag of the order-change table comes out of a real save."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.errors import KefuError, ValidationError
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import flow_for
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases, warehouse
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.auth import User
from kefu_desktop.store.models import WarehouseCheck
from tests.conftest import Staffing
from tests.test_wizard_service import INTAKE

KIND = CaseKind.ORDER_CHANGE


def opened(user: User, **intake: str) -> wz.DraftView:
    draft = wz.start_draft(user, KIND)
    values, problems = wz.check_intake(KIND, {**INTAKE, **intake})
    assert problems == {}
    return wz.save_intake(user, draft.id, values)


def finish(user: User, draft: wz.DraftView, **answers: Any) -> cases.CaseDetail:
    return wz.finish(user, draft.id, {**draft.answers, **answers})


@pytest.mark.parametrize(
    ("answers", "flag", "resolution", "words"),
    [
        ({"oc_request": "withdraw", "oc_order_state": "unpaid"}, OrderFlag.PURPLE,
         "customer_closes", "客户自行关闭交易"),
        ({"oc_request": "change", "oc_order_state": "not_printed", "oc_change_to": "改为L码"},
         OrderFlag.PURPLE, "order_changed", "改为L码"),
        ({"oc_request": "withdraw", "oc_order_state": "not_printed", "refund": 12900},
         OrderFlag.GREEN, "refund", "退款 ¥129.00"),
        ({"oc_request": "withdraw", "oc_order_state": "shipped", "oc_shipped_way": "refuse",
          "postage": 1000}, OrderFlag.BLUE, "shipped_return", "运费客户承担"),
        ({"oc_request": "special", "oc_order_state": "not_printed", "oc_special_kind": "courier",
          "oc_instruction": "改发顺丰", "oc_special_can": "yes"}, OrderFlag.RED,
         "special_request", "改发顺丰"),
    ],
)  # fmt: skip
def test_each_order_state_saves_its_flag_and_note(
    staff: Staffing, answers: dict[str, Any], flag: OrderFlag, resolution: str, words: str
) -> None:
    detail = finish(staff.agent, opened(staff.agent), **answers)
    assert detail.state == CaseState.RESOLVED
    assert (detail.note_flag, detail.resolution) == (flag, resolution)
    assert detail.note_text.startswith("订单变更-") and words in detail.note_text
    assert " 小美 " in detail.note_text  # reason + agent + date


def _printed(staff: Staffing, request: str) -> cases.CaseDetail:
    draft = opened(staff.agent)
    return finish(
        staff.agent,
        draft,
        oc_request=request,
        oc_order_state="printed",
        oc_warehouse_note="请找到该包裹拦截撤单",
    )


def test_printed_order_waits_for_the_warehouse_to_find_the_parcel(staff: Staffing) -> None:
    detail = _printed(staff, "withdraw")
    assert detail.state == CaseState.WAITING_WAREHOUSE
    assert detail.note_flag == OrderFlag.PURPLE and detail.sub_kind == SubKind.WITHDRAW
    check = warehouse.list_pending(staff.warehouse)[0]
    assert check.case_id == detail.id and check.is_parcel_search
    assert check.request_note == "请找到该包裹拦截撤单"
    with pytest.raises(KefuError, match="仓库尚未登记找包裹的结果"):
        wz.continue_case(staff.agent, detail.id)

    warehouse.record_verdict(
        staff.warehouse,
        check.id,
        check.version,
        warehouse.Verdict(warehouse.CheckState.CONFIRMED, False, None, None, "包裹在库，已撤下"),
    )
    back = cases.get_case(detail.id)
    assert back.state == CaseState.OPEN
    assert back.attention == "仓库已找到包裹，已改单/撤单：包裹在库，已撤下"
    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.step == "oc_refund"
    done = finish(staff.agent, resumed, refund=8800)
    assert (done.resolution, done.note_flag, done.refund_fen) == ("refund", OrderFlag.GREEN, 8800)
    assert "仓库已找到包裹拦截，客户撤单，退款 ¥88.00" in done.note_text


def test_label_not_found_and_shipped_gives_the_waybill_and_blue_flag(staff: Staffing) -> None:
    detail = _printed(staff, "change")
    check = warehouse.list_pending(staff.warehouse)[0]
    warehouse.record_verdict(
        staff.warehouse,
        check.id,
        check.version,
        warehouse.Verdict(warehouse.CheckState.REFUTED, True, True, None, "底单显示已发出"),
    )
    assert cases.get_case(detail.id).attention.startswith("仓库未找到包裹，查底单已发出")
    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.step == "oc_shipped_way"
    done = finish(staff.agent, resumed, oc_shipped_way="courier_return", postage=1200)
    assert (done.resolution, done.note_flag) == ("shipped_return", OrderFlag.BLUE)
    assert (done.postage_fen, done.postage_payer) == (1200, "customer")
    assert "已告知客户运单号并标记已发货" in done.note_text


def test_a_warehouse_result_the_record_does_not_hold_is_refused(staff: Staffing) -> None:
    detail = _printed(staff, "withdraw")
    resumed_answers = {
        **wz.answers_of(cases.get_case(detail.id)),
        "oc_warehouse_result": "intercepted",
        "refund": 100,
    }
    with pytest.raises(KefuError):
        wz.check_against_records(
            detail.id,
            KIND,
            flow_for(KIND).outcome(resumed_answers),
            flow_for(KIND).path(resumed_answers),
        )
    assert WarehouseCheck.get(WarehouseCheck.case == detail.id).state == "pending"


def test_printed_order_without_a_waybill_says_what_to_do(staff: Staffing) -> None:
    draft = opened(staff.agent, waybill_no="", courier="")
    with pytest.raises(ValidationError, match="没有运单号"):
        finish(
            staff.agent,
            draft,
            oc_request="withdraw",
            oc_order_state="printed",
            oc_warehouse_note="找包裹",
        )
    assert cases.get_case(draft.case_id or 0).state == CaseState.OPEN


def test_demo_order_changes_walk_the_same_flow_with_every_flag(db_url: str) -> None:
    from kefu_desktop.services.demo import generate_demo
    from kefu_desktop.store.models import Case

    generate_demo(800)
    rows = list(Case.select().where(Case.kind == KIND))
    flags = {row.note_flag for row in rows if row.wizard_path}
    assert {OrderFlag.PURPLE, OrderFlag.GREEN, OrderFlag.BLUE, OrderFlag.RED} <= flags
    searched = (
        WarehouseCheck.select().join(Case).where(Case.kind == KIND).count()
    )  # 已打单未发货: parcels the warehouse looked for
    assert searched > 0
