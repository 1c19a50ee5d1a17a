"""The wizard service: drafts, opening the case at intake, finishing, continuing waiting cases."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.errors import KefuError, NotFound, ValidationError
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, cases, warehouse
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.auth import User
from kefu_desktop.store.models import ApprovalRequest, Case, CaseEvent, WarehouseCheck, WizardDraft
from tests.conftest import Staffing

INTAKE = {
    "customer_id": "tb_小王",
    "order_no": "3312345678901234",
    "waybill_no": "SF1402345678901",
    "courier": "SF",
    "sku": "A123",
    "colour": "黑色",
    "size": "M",
    "quantity": "2",
    "batch": "B2611",
    "asked_at": "2026-01-05 09:30",
}


def opened(user: User, kind: CaseKind, **intake: str) -> wz.DraftView:
    draft = wz.start_draft(user, kind)
    values, problems = wz.check_intake(kind, {**INTAKE, **intake})
    assert problems == {}
    return wz.save_intake(user, draft.id, values)


def test_intake_opens_the_case_and_the_draft_remembers_it(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.WRONG_SHIPMENT)
    assert draft.case_id is not None and draft.step == wz.EVIDENCE_STEP
    detail = cases.get_case(draft.case_id)
    assert detail.state == CaseState.OPEN
    assert (detail.customer_id, detail.quantity, detail.batch) == ("tb_小王", 2, "B2611")
    assert [d.id for d in wz.list_drafts(staff.agent)] == [draft.id]
    assert wz.list_drafts(staff.agent2) == []


def test_going_back_and_changing_the_intake_updates_the_same_case(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.QUALITY)
    values, _ = wz.check_intake(CaseKind.QUALITY, {**INTAKE, "size": "L", "customer_id": "tb_b"})
    again = wz.save_intake(staff.agent, draft.id, values)
    assert again.case_id == draft.case_id
    detail = cases.get_case(draft.case_id or 0)
    assert (detail.size, detail.customer_id) == ("L", "tb_b")
    assert Case.select().count() == 1


def test_drafts_belong_to_their_agent(staff: Staffing) -> None:
    draft = wz.start_draft(staff.agent, CaseKind.QUALITY)
    with pytest.raises(NotFound):
        wz.save_draft(staff.agent2, draft.id, "q_facts", {})
    wz.save_draft(staff.agent, draft.id, "q_facts", {"within_3_days": "yes"})
    assert wz.get_draft(staff.agent, draft.id).answers == {"within_3_days": "yes"}


def finish(user: User, draft: wz.DraftView, **answers: Any) -> cases.CaseDetail:
    return wz.finish(user, draft.id, {**draft.answers, **answers})


def test_wrong_shipment_waits_for_the_warehouse_then_continues(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.WRONG_SHIPMENT)
    detail = finish(
        staff.agent,
        draft,
        ws_sub_kind="wrong_item",
        ws_photo_check="confirmed",
        request_note="客户收到白色，订单是黑色",
        expected_weight_g=None,
    )
    assert detail.state == CaseState.WAITING_WAREHOUSE
    assert detail.sub_kind == SubKind.WRONG_ITEM
    assert detail.resolution == "waiting_warehouse"
    assert detail.note_flag == OrderFlag.BLUE
    assert detail.note_text.startswith("发错货-错发：图片核实属实，已请仓库核实底单、称重 小美 ")
    assert [e["step"] for e in detail.wizard_path][-1] == "warehouse_request"
    check = WarehouseCheck.get(WarehouseCheck.case == detail.id)
    assert (check.state, check.request_note) == ("pending", "客户收到白色，订单是黑色")
    assert WizardDraft.select().count() == 0
    actions = [e.action for e in detail.events]
    assert actions == ["created", "wizard_saved", "warehouse_check_requested"]

    with pytest.raises(KefuError, match="仓库尚未给出核实结果"):
        wz.continue_case(staff.agent, detail.id)

    view = warehouse.checks_for_case(detail.id)[0]
    warehouse.record_verdict(
        staff.warehouse,
        view.id,
        check.version,
        warehouse.Verdict(warehouse.CheckState.CONFIRMED, True, False, 900),
    )
    waiting = cases.get_case(detail.id)
    assert waiting.state == CaseState.OPEN and waiting.attention
    assert wz.can_continue(waiting)

    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.step == "remedy_exchange_refund"
    assert resumed.answers["warehouse_verdict"] == "confirmed"
    assert resumed.answers["customer_id"] == "tb_小王"
    assert cases.get_case(detail.id).attention == ""

    done = finish(staff.agent, resumed, remedy_exchange_refund="exchange", postage=1600)
    assert done.state == CaseState.RESOLVED and done.resolved_at is not None
    assert done.resolution == "exchange"
    assert (done.postage_fen, done.postage_payer) == (1600, "shop")
    assert "错发商品已下架，换货下单，来回邮费我方承担" in done.note_text
    saved = CaseEvent.select().where(CaseEvent.action == "wizard_saved").order_by(CaseEvent.id)
    last = list(saved)[-1].details
    assert "take_off_sale" in last["follow_ups"] and "exchange_order" in last["follow_ups"]
    assert not wz.can_continue(done)


def test_compensation_above_the_limit_waits_for_the_supervisor(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.QUALITY)
    detail = finish(
        staff.agent,
        draft,
        within_3_days="no",
        worn="no",
        customer_fault="no",
        q_negotiate="agreed",
        compensation=3000,
    )
    assert detail.state == CaseState.WAITING_SUPERVISOR
    assert detail.compensation_fen == 0
    request = ApprovalRequest.get(ApprovalRequest.case == detail.id)
    assert (request.kind, request.amount_fen, request.state) == ("compensation", 3000, "pending")
    assert "approval_requested" in [e.action for e in detail.events]
    with pytest.raises(KefuError, match="客服主管尚未审批"):
        wz.continue_case(staff.agent, detail.id)

    ApprovalRequest.update(state="rejected").execute()
    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.step == "compensation_money"
    assert "compensation" not in resumed.answers
    done = finish(staff.agent, resumed, compensation=2000)
    assert (done.state, done.compensation_fen, done.note_flag) == (
        CaseState.RESOLVED,
        2000,
        OrderFlag.GREEN,
    )


def test_escalation_then_supervisor_decision(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.QUALITY)
    detail = finish(
        staff.agent,
        draft,
        within_3_days="yes",
        worn="yes",
        customer_fault="no",
        q_negotiate="disagrees",
    )
    assert detail.state == CaseState.ESCALATED
    assert ApprovalRequest.get(ApprovalRequest.case == detail.id).kind == "escalation"
    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.step == "supervisor_decision"
    assert wz.continue_case(staff.agent, detail.id).id == resumed.id
    with pytest.raises(ValidationError, match="还在等待主管处理"):
        finish(staff.agent, resumed, supervisor_decision="explain")  # the escalation is pending
    assert cases.get_case(detail.id).state == CaseState.ESCALATED
    request = ApprovalRequest.get(ApprovalRequest.case == detail.id)
    approvals.approve(staff.supervisor, request.id, request.version, "向客户说明后结案")
    wz.reload_case(staff.agent, resumed.id)  # the decision changed the case: 重新载入
    resumed = wz.get_draft(staff.agent, resumed.id)
    done = finish(staff.agent, resumed, supervisor_decision="explain")
    assert done.state == CaseState.RESOLVED
    assert done.wizard_path[-1]["step"] == "supervisor_decision"


def test_same_style_and_batch_reported_often_goes_to_production(staff: Staffing) -> None:
    for _ in range(2):
        cases.create_case(
            staff.agent, cases.NewCase(CaseKind.QUALITY, "tb_other", sku="A123", batch="B2611")
        )
    draft = opened(staff.agent, CaseKind.QUALITY)
    detail = finish(
        staff.agent, draft, within_3_days="yes", worn="no", customer_fault="yes",
        q_goodwill="explain",
    )  # fmt: skip
    event = CaseEvent.get(CaseEvent.action == "wizard_saved")
    assert detail.state == CaseState.RESOLVED
    assert "production_feedback" in event.details["follow_ups"]


def test_unfinished_flow_is_refused(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.DAMAGED_PARCEL)
    with pytest.raises(KefuError, match="问题细类"):
        finish(staff.agent, draft)


def test_discarding_a_new_case_draft_cancels_its_case(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.DAMAGED_PARCEL)
    wz.discard_draft(staff.agent, draft.id)
    assert cases.get_case(draft.case_id or 0).state == CaseState.CANCELLED
    assert WizardDraft.select().count() == 0


def test_discarding_a_continuation_keeps_the_case_waiting(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.DAMAGED_PARCEL)
    detail = finish(
        staff.agent, draft, dp_sub_kind="contents_damaged", dp_damage_evidence="waiting"
    )
    assert detail.state == CaseState.WAITING_CUSTOMER
    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.step == "dp_damage_evidence" and resumed.continuing
    wz.discard_draft(staff.agent, resumed.id)
    assert cases.get_case(detail.id).state == CaseState.WAITING_CUSTOMER
