"""The supervisor's desk: the queue, deciding, and the agent continuing after the decision."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kefu_desktop.domain.errors import KefuError, PermissionDenied, StaleRecord, ValidationError
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, cases
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.auth import User
from kefu_desktop.store.models import ApprovalRequest, CaseEvent
from tests.conftest import Staffing
from tests.test_wizard_service import finish, opened


def compensation_case(agent: User, fen: int = 5000, customer: str = "tb_小王") -> int:
    """A quality case whose agreed compensation waits for the supervisor."""
    draft = opened(agent, CaseKind.QUALITY, customer_id=customer)
    detail = finish(
        agent, draft, within_3_days="no", worn="no", customer_fault="no",
        q_negotiate="agreed", compensation=fen,
    )  # fmt: skip
    assert detail.state == CaseState.WAITING_SUPERVISOR
    return detail.id


def escalated_case(agent: User) -> int:
    draft = opened(agent, CaseKind.QUALITY)
    detail = finish(
        agent, draft, within_3_days="yes", worn="yes", customer_fault="no",
        q_negotiate="disagrees",
    )  # fmt: skip
    assert detail.state == CaseState.ESCALATED
    return detail.id


def only_pending(user: User) -> approvals.RequestView:
    pending = approvals.list_pending(user)
    assert len(pending) == 1
    return pending[0]


def test_queue_lists_pending_oldest_first_with_what_the_supervisor_needs(staff: Staffing) -> None:
    first = compensation_case(staff.agent, 5000, "tb_first")
    second = escalated_case(staff.agent2)
    row = ApprovalRequest.get(ApprovalRequest.case == first)
    row.requested_at = row.requested_at - timedelta(hours=3)
    row.save()
    queue = approvals.list_pending(staff.supervisor)
    assert [r.case_id for r in queue] == [first, second]
    head = queue[0]
    assert head.customer_id == "tb_first"
    assert head.case_no == cases.get_case(first).case_no
    assert (head.kind_label, head.amount_text, head.over_limit) == ("补偿审批", "¥50.00", True)
    assert head.requested_by_name == "小美"
    assert head.case_kind_label.startswith("质量问题")
    assert "拟补偿 ¥50.00" in head.reason
    assert head.age() == "3 小时前"
    assert (queue[1].kind_label, queue[1].amount_text) == ("升级处理", "")
    assert approvals.pending_count() == 2
    assert approvals.list_pending(staff.admin) == queue


def test_approve_as_asked_moves_the_case_back_to_its_agent(staff: Staffing) -> None:
    case_id = compensation_case(staff.agent)
    request = only_pending(staff.supervisor)
    done = approvals.approve(staff.supervisor, request.id, request.version, "可以")
    assert (done.state, done.amount_fen, done.decided_by_name) == ("approved", 5000, "陈主管")
    assert done.decided_at is not None and done.version == request.version + 1
    detail = cases.get_case(case_id)
    assert detail.state == CaseState.OPEN
    assert detail.attention == "主管已批准补偿 ¥50.00：可以"
    event = detail.events[-1]
    assert (event.action, event.actor_name, event.from_state, event.to_state) == (
        "approval_decided",
        "陈主管",
        CaseState.WAITING_SUPERVISOR,
        CaseState.OPEN,
    )
    assert event.details["decision"] == "approved" and event.details["amount_fen"] == 5000
    assert approvals.pending_count() == 0
    assert [r.id for r in approvals.decided_for_case(case_id)] == [request.id]


def test_approve_a_different_amount(staff: Staffing) -> None:
    case_id = compensation_case(staff.agent, 5000)
    request = only_pending(staff.supervisor)
    done = approvals.approve(staff.supervisor, request.id, request.version, amount_fen=3000)
    assert (done.amount_fen, done.asked_fen, done.approved_fen) == (3000, 5000, 3000)
    assert cases.get_case(case_id).attention == "主管已批准补偿 ¥30.00"
    event = CaseEvent.get(CaseEvent.action == "approval_decided")
    assert (event.details["requested_fen"], event.details["amount_fen"]) == (5000, 3000)


def test_reject_needs_a_reason(staff: Staffing) -> None:
    case_id = compensation_case(staff.agent)
    request = only_pending(staff.supervisor)
    with pytest.raises(ValidationError, match="驳回须填写理由") as raised:
        approvals.reject(staff.supervisor, request.id, request.version, "  ")
    assert raised.value.field == "note"
    assert ApprovalRequest.get_by_id(request.id).state == "pending"
    assert cases.get_case(case_id).state == CaseState.WAITING_SUPERVISOR
    done = approvals.reject(staff.supervisor, request.id, request.version, "金额过高，最多 20 元")
    assert (done.state, done.decision_note) == ("rejected", "金额过高，最多 20 元")
    detail = cases.get_case(case_id)
    assert (detail.state, detail.attention) == (CaseState.OPEN, "主管驳回：金额过高，最多 20 元")


def test_bad_amounts_and_long_notes_are_refused(staff: Staffing) -> None:
    compensation_case(staff.agent)
    request = only_pending(staff.supervisor)
    with pytest.raises(ValidationError, match="大于 0") as raised:
        approvals.approve(staff.supervisor, request.id, request.version, amount_fen=0)
    assert raised.value.field == "amount"
    with pytest.raises(ValidationError, match="最多 500"):
        approvals.approve(staff.supervisor, request.id, request.version, "字" * 501)
    done = approvals.approve(staff.supervisor, request.id, request.version, "好" * 500)
    assert len(cases.get_case(done.case_id).attention) == approvals.MAX_ATTENTION_LENGTH


def test_agent_and_warehouse_may_not_decide(staff: Staffing) -> None:
    compensation_case(staff.agent)
    request = only_pending(staff.supervisor)
    for user in (staff.agent, staff.warehouse):
        with pytest.raises(PermissionDenied):
            approvals.approve(user, request.id, request.version)
        with pytest.raises(PermissionDenied):
            approvals.list_pending(user)
    assert ApprovalRequest.get_by_id(request.id).state == "pending"


def test_second_supervisor_deciding_the_same_request_is_refused(staff: Staffing) -> None:
    case_id = compensation_case(staff.agent)
    request = only_pending(staff.supervisor)
    approvals.approve(staff.supervisor, request.id, request.version)
    with pytest.raises(StaleRecord, match=r"已被 陈主管 在 \d\d:\d\d 处理（已批准）"):
        approvals.reject(staff.admin, request.id, request.version, "不同意")
    row = ApprovalRequest.get_by_id(request.id)
    assert (row.state, row.decided_by_id) == ("approved", staff.supervisor.id)
    assert [e.action for e in cases.get_case(case_id).events].count("approval_decided") == 1


def test_changed_request_is_refused_as_stale(staff: Staffing) -> None:
    compensation_case(staff.agent)
    request = only_pending(staff.supervisor)
    ApprovalRequest.update(version=ApprovalRequest.version + 1).execute()
    with pytest.raises(StaleRecord, match="已被同事修改"):
        approvals.approve(staff.supervisor, request.id, request.version)


def test_escalation_needs_the_supervisors_view_and_the_agent_records_it(staff: Staffing) -> None:
    case_id = escalated_case(staff.agent)
    request = only_pending(staff.supervisor)
    with pytest.raises(ValidationError, match="处理意见"):
        approvals.approve(staff.supervisor, request.id, request.version)
    approvals.approve(staff.supervisor, request.id, request.version, "向客户说明，不退款")
    detail = cases.get_case(case_id)
    assert (detail.state, detail.attention) == (
        CaseState.OPEN,
        "主管意见（维持原方案，向客户说明后结案）：向客户说明，不退款",
    )
    assert wz.can_continue(detail)
    resumed = wz.continue_case(staff.agent, case_id)
    assert (resumed.step, resumed.answers["supervisor_decision"]) == (wz.OUTCOME_STEP, "explain")
    assert cases.get_case(case_id).attention == ""
    done = finish(staff.agent, resumed)
    assert done.state == CaseState.RESOLVED


def test_agent_continues_after_approval_with_the_approved_amount(staff: Staffing) -> None:
    case_id = compensation_case(staff.agent, 5000)
    with pytest.raises(KefuError, match="客服主管尚未审批"):
        wz.continue_case(staff.agent, case_id)
    request = only_pending(staff.supervisor)
    approvals.approve(staff.supervisor, request.id, request.version, amount_fen=4000)
    detail = cases.get_case(case_id)
    assert wz.can_continue(detail)
    resumed = wz.continue_case(staff.agent, case_id)
    assert (resumed.answers["approval"], resumed.answers["compensation"]) == ("approved", 4000)
    done = finish(staff.agent, resumed)
    assert (done.state, done.compensation_fen) == (CaseState.RESOLVED, 4000)
    assert "主管已批准，补偿 ¥40.00" in done.resolution_text


def test_agent_continues_after_rejection_and_asks_the_amount_again(staff: Staffing) -> None:
    case_id = compensation_case(staff.agent, 5000)
    request = only_pending(staff.supervisor)
    approvals.reject(staff.supervisor, request.id, request.version, "最多补 20 元")
    resumed = wz.continue_case(staff.agent, case_id)
    assert resumed.step == "compensation_money"
    assert "compensation" not in resumed.answers
    done = finish(staff.agent, resumed, compensation=2000)
    assert (done.state, done.compensation_fen) == (CaseState.RESOLVED, 2000)
    assert approvals.pending_count() == 0


def test_rejected_then_asking_more_again_makes_a_new_request(staff: Staffing) -> None:
    case_id = compensation_case(staff.agent, 5000)
    first = only_pending(staff.supervisor)
    approvals.reject(staff.supervisor, first.id, first.version, "太多")
    resumed = wz.continue_case(staff.agent, case_id)
    again = finish(staff.agent, resumed, compensation=3000)
    assert again.state == CaseState.WAITING_SUPERVISOR
    second = only_pending(staff.supervisor)
    assert (second.id != first.id, second.amount_fen) == (True, 3000)
    approvals.approve(staff.supervisor, second.id, second.version)
    done = finish(staff.agent, wz.continue_case(staff.agent, case_id))
    assert (done.state, done.compensation_fen) == (CaseState.RESOLVED, 3000)
    assert [r.state for r in approvals.decided_for_case(case_id)] == ["rejected", "approved"]
