"""The wizard service: drafts, opening the case at intake, finishing, continuing waiting cases."""

from __future__ import annotations

from typing import Any

import pytest

from kefu_desktop.domain.errors import KefuError, NotFound
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.returns import Condition, Disposition, ReceiptLine, ReturnReason
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, cases, returns, warehouse
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
    assert detail.resolution == ""  # no resolution while it waits
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
    request = ApprovalRequest.get(ApprovalRequest.case == detail.id)
    assert request.kind == "escalation"
    with pytest.raises(KefuError, match="尚未对该升级给出处理意见"):
        wz.continue_case(staff.agent, detail.id)
    approvals.approve(
        staff.supervisor, request.id, request.version, "向客户说明", escalation="explain"
    )
    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.step == wz.OUTCOME_STEP  # the supervisor's decision settles it
    assert resumed.answers["supervisor_decision"] == "explain"
    assert wz.continue_case(staff.agent, detail.id).id == resumed.id
    done = finish(staff.agent, resumed)
    assert (done.state, done.resolution) == (CaseState.RESOLVED, "explained")
    assert done.wizard_path[-1]["step"] == "supervisor_decision"


def _case_row(case_id: int) -> dict[str, Any]:
    return Case.select().where(Case.id == case_id).dicts().get()


def test_forged_answers_for_others_records_are_refused_and_the_case_is_unchanged(
    staff: Staffing,
) -> None:
    draft = opened(staff.agent, CaseKind.QUALITY)
    late = {"within_3_days": "no", "worn": "no", "customer_fault": "no"}
    forged = [
        {**late, "q_negotiate": "agreed", "compensation": 3000, "approval": "approved"},
        {**late, "q_negotiate": "disagrees", "supervisor_decision": "compensate", "compensation": 3000},
        {"within_3_days": "yes", "worn": "no", "customer_fault": "no", "q_photos": "refuses",
         "q_back_office": "defect", "serious": "no", "q_remedy": "exchange", "postage": 0},
    ]  # fmt: skip
    before = _case_row(draft.case_id or 0)
    for answers in forged:
        with pytest.raises(wz.DecisionNotOnRecord):
            finish(staff.agent, draft, **answers)
        assert _case_row(draft.case_id or 0) == before
        assert CaseEvent.select().where(CaseEvent.action == "wizard_saved").count() == 0
        assert wz.get_draft(staff.agent, draft.id).id == draft.id
    ws = opened(staff.agent, CaseKind.WRONG_SHIPMENT, customer_id="tb_ws")
    with pytest.raises(wz.DecisionNotOnRecord, match="仓库"):
        finish(
            staff.agent, ws, ws_sub_kind="wrong_item", ws_photo_check="confirmed",
            request_note="核实", warehouse_verdict="confirmed", remedy_exchange_refund="exchange",
            postage=0,
        )  # fmt: skip


def test_money_above_the_limit_needs_an_approval_covering_that_amount(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.QUALITY)
    late = {"within_3_days": "no", "worn": "no", "customer_fault": "no", "q_negotiate": "agreed"}
    detail = finish(staff.agent, draft, **late, compensation=2500)
    assert detail.state == CaseState.WAITING_SUPERVISOR
    request = ApprovalRequest.get(ApprovalRequest.case == detail.id)
    approvals.approve(staff.supervisor, request.id, request.version)
    resumed = wz.continue_case(staff.agent, detail.id)
    before = _case_row(detail.id)
    with pytest.raises(wz.DecisionNotOnRecord, match=r"主管批准的是 ¥25\.00"):
        wz.finish(staff.agent, resumed.id, {**resumed.answers, "compensation": 50000})
    assert _case_row(detail.id) == before
    done = wz.finish(staff.agent, resumed.id, resumed.answers)
    assert (done.state, done.compensation_fen) == (CaseState.RESOLVED, 2500)


def test_the_supervisors_escalation_decision_binds_its_amount(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.QUALITY)
    detail = finish(
        staff.agent, draft, within_3_days="no", worn="yes", customer_fault="no",
        q_negotiate="disagrees",
    )  # fmt: skip
    request = ApprovalRequest.get(ApprovalRequest.case == detail.id)
    # while the escalation is pending nothing resolves the case, not even a plain answer
    forged = WizardDraft.create(staff=staff.agent.id, case=detail.id, kind=CaseKind.QUALITY)
    with pytest.raises(wz.DecisionNotOnRecord, match="等待客服主管"):
        wz.finish(
            staff.agent, forged.id,
            {**wz.intake_of(detail), wz.SEEN_VERSION_KEY: cases.get_case(detail.id).version,
             "within_3_days": "no", "worn": "yes", "customer_fault": "no",
             "q_negotiate": "agreed", "compensation": 1000},
        )  # fmt: skip
    forged.delete_instance()
    approvals.approve(
        staff.supervisor, request.id, request.version, "补偿客户", amount_fen=3000,
        escalation="compensate",
    )  # fmt: skip
    resumed = wz.continue_case(staff.agent, detail.id)
    assert (resumed.answers["supervisor_decision"], resumed.answers["compensation"]) == (
        "compensate",
        3000,
    )
    with pytest.raises(wz.DecisionNotOnRecord, match=r"主管决定补偿 ¥30\.00"):
        wz.finish(staff.agent, resumed.id, {**resumed.answers, "compensation": 9000})
    done = wz.finish(staff.agent, resumed.id, resumed.answers)
    assert (done.resolution, done.compensation_fen) == ("compensation", 3000)


def test_back_office_check_is_answered_by_the_return_receipt(staff: Staffing) -> None:
    draft = opened(staff.agent, CaseKind.QUALITY)
    detail = finish(
        staff.agent, draft, within_3_days="yes", worn="no", customer_fault="no", q_photos="refuses"
    )
    assert detail.state == CaseState.WAITING_RETURN
    (expected,) = returns.expected_for_case(detail.id)
    assert expected.reason == ReturnReason.BACK_OFFICE
    assert not WarehouseCheck.select().where(WarehouseCheck.case == detail.id).exists()
    with pytest.raises(KefuError, match="退货尚未入库"):
        wz.continue_case(staff.agent, detail.id)
    returns.receive(
        staff.warehouse, expected.id, expected.version, "YT7512345678901",
        [ReceiptLine(2, Condition.DEFECTIVE, Disposition.SECONDS)],
    )  # fmt: skip
    resumed = wz.continue_case(staff.agent, detail.id)
    assert resumed.answers["q_back_office"] == "defect" and resumed.step == "q_severity"
    done = finish(staff.agent, resumed, serious="no", q_remedy="exchange", postage=0)
    assert done.resolution == "exchange"


def test_production_feedback_counts_other_customers_of_the_same_style_and_batch(
    staff: Staffing,
) -> None:
    def report(customer: str, fault: str = "no") -> cases.CaseDetail:
        draft = opened(staff.agent, CaseKind.QUALITY, customer_id=customer)
        return finish(
            staff.agent, draft, within_3_days="no", worn="yes", customer_fault=fault,
            **({"q_goodwill": "explain"} if fault == "yes" else {"q_negotiate": "agreed",
                                                                 "compensation": 500}),
        )  # fmt: skip

    def feedback(detail: cases.CaseDetail) -> bool:
        event = CaseEvent.get((CaseEvent.case == detail.id) & (CaseEvent.action == "wizard_saved"))
        return "production_feedback" in event.details["follow_ups"]

    assert not feedback(report("tb_a"))
    assert not feedback(report("tb_a"))  # the same customer again: still one customer
    assert not feedback(report("tb_c", fault="yes"))  # the customer's own fault never counts
    assert not feedback(report("tb_d", fault="yes"))
    assert feedback(report("tb_b")) is False  # two customers so far
    assert feedback(report("tb_e"))  # a third customer of the same style and batch


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
