"""The rules of a case, whatever the caller sends: who changes it, money, escalations, history."""

from __future__ import annotations

import peewee
import pytest

from kefu_desktop.domain.errors import PermissionDenied, ValidationError
from kefu_desktop.domain.history import summarise
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import approvals, auth, cases
from kefu_desktop.services.cases import NewCase, OutcomeRecord, SupervisorAsk
from kefu_desktop.store.db import database
from kefu_desktop.store.models import ApprovalRequest, Case, CaseEvent
from tests.conftest import PASSWORD, Staffing


def _open(staff: Staffing) -> cases.CaseDetail:
    return cases.create_case(
        staff.agent,
        NewCase(CaseKind.QUALITY, "tb_规则", order_no="1234", waybill_no="SF1402345678901"),
    )


def _money(fen: int) -> OutcomeRecord:
    return OutcomeRecord("compensation", f"补偿 {fen / 100:.2f} 元", compensation_fen=fen)


def _resolve(user: auth.User, case: cases.CaseDetail, fen: int) -> cases.CaseDetail:
    return cases.record_outcome(user, case.id, case.version, _money(fen), CaseState.RESOLVED)


def test_money_above_the_limit_needs_an_approval_covering_that_amount(staff: Staffing) -> None:
    case = _open(staff)
    assert _resolve(staff.agent, case, 2000).compensation_fen == 2000  # within the limit
    case = _open(staff)
    with pytest.raises(ValidationError, match="还没有主管批准"):
        _resolve(staff.agent, case, 50000)
    asked = cases.record_outcome(
        staff.agent,
        case.id,
        case.version,
        OutcomeRecord("waiting_supervisor", "拟补偿 25 元"),
        CaseState.WAITING_SUPERVISOR,
        ask=SupervisorAsk("compensation", 2500, "拟补偿 25 元"),
    )
    request = ApprovalRequest.get(ApprovalRequest.case == case.id)
    approvals.approve(staff.supervisor, request.id, request.version)
    back = cases.get_case(asked.id)
    with pytest.raises(ValidationError, match=r"主管批准的是 ¥25\.00"):
        _resolve(staff.agent, back, 50000)  # approved 25, not 500
    assert cases.get_case(case.id).compensation_fen == 0
    assert _resolve(staff.agent, back, 2500).state == CaseState.RESOLVED


def test_a_supervisors_decision_covers_its_amount_and_supervisors_decide_themselves(
    staff: Staffing,
) -> None:
    case = _open(staff)
    escalated = cases.record_outcome(
        staff.agent,
        case.id,
        case.version,
        OutcomeRecord("escalated", "请示主管"),
        CaseState.ESCALATED,
        ask=SupervisorAsk("escalation", 0, "客户不同意"),
    )
    request = ApprovalRequest.get(ApprovalRequest.case == case.id)
    with pytest.raises(ValidationError, match="升级主管」还在等待"):  # pending blocks resolving
        _resolve(staff.agent, escalated, 1000)
    with pytest.raises(ValidationError, match="还在等待"):
        cases.change_state(staff.agent, case.id, escalated.version, CaseState.RESOLVED)
    with pytest.raises(ValidationError, match="还在等待"):  # for a supervisor too
        cases.change_state(staff.supervisor, case.id, escalated.version, CaseState.RESOLVED)
    approvals.approve(staff.supervisor, request.id, request.version, "补偿 30 元", 3000)
    back = cases.get_case(case.id)
    with pytest.raises(ValidationError, match=r"主管批准的是 ¥30\.00"):
        _resolve(staff.agent, back, 50000)
    assert _resolve(staff.agent, back, 3000).compensation_fen == 3000
    other = _open(staff)
    assert _resolve(staff.supervisor, other, 50000).compensation_fen == 50000


def test_resolving_through_the_state_button_checks_the_money_on_the_case(
    staff: Staffing,
) -> None:
    case = _open(staff)
    waiting = cases.record_outcome(
        staff.supervisor, case.id, case.version, _money(9000), CaseState.WAITING_CUSTOMER
    )
    with pytest.raises(ValidationError, match="超过客服可自行决定的 20 元"):
        cases.change_state(staff.agent, case.id, waiting.version, CaseState.RESOLVED)
    assert cases.change_state(staff.agent, case.id, waiting.version, CaseState.CANCELLED)


def test_only_the_handler_a_supervisor_or_an_admin_changes_a_case(staff: Staffing) -> None:
    case = _open(staff)
    for attempt in (
        lambda: cases.change_state(staff.agent2, case.id, case.version, CaseState.CANCELLED),
        lambda: cases.edit_case_details(
            staff.agent2, case.id, case.version, NewCase(case.kind, "tb_改")
        ),
        lambda: cases.record_first_reply(staff.agent2, case.id, case.version),
        lambda: _resolve(staff.agent2, case, 100),
        lambda: cases.take_over(staff.agent2, case.id, case.version),
    ):
        with pytest.raises(PermissionDenied, match="小美"):
            attempt()
    Case.update(attention="仓库核实属实").where(Case.id == case.id).execute()
    with pytest.raises(PermissionDenied, match="只有处理人"):
        cases.clear_highlight(staff.agent2, case.id)
    with pytest.raises(PermissionDenied):  # a clerk records verdicts and nothing else
        _resolve(staff.warehouse, case, 99900)
    with pytest.raises(PermissionDenied):
        cases.change_state(staff.warehouse, case.id, case.version, CaseState.RESOLVED)
    unchanged = cases.get_case(case.id)
    assert (unchanged.state, unchanged.version, unchanged.attention) == (
        CaseState.OPEN,
        case.version,
        "仓库核实属实",
    )
    assert cases.change_state(staff.supervisor, case.id, case.version, CaseState.CANCELLED)


def test_take_over_when_the_handler_left_recorded_with_old_and_new_handler(
    staff: Staffing,
) -> None:
    case = _open(staff)
    other = _open(staff)
    with pytest.raises(PermissionDenied, match="还在岗"):
        cases.take_over(staff.agent2, case.id, case.version)
    assert not cases.may_take_over(staff.agent2, case)
    auth.set_active(staff.admin, staff.agent.id, False)
    assert cases.may_take_over(staff.agent2, case)
    taken = cases.take_over(staff.agent2, case.id, case.version, "小美已离职")
    assert taken.handler_id == staff.agent2.id
    event = taken.events[-1]
    assert (event.action, event.actor_name) == ("taken_over", "阿杰")
    assert event.details["changes"]["handler"] == ["小美", "阿杰"]
    assert "处理人：小美 → 阿杰" in summarise(event.action, event.details)
    assert cases.change_state(staff.agent2, case.id, taken.version, CaseState.WAITING_CUSTOMER)
    # a supervisor shares out the work at any time
    moved = cases.take_over(staff.supervisor, other.id, other.version)
    assert moved.handler_name == "陈主管"


def test_every_field_change_keeps_old_and_new_values(staff: Staffing) -> None:
    case = _open(staff)
    edited = cases.edit_case_details(
        staff.agent,
        case.id,
        case.version,
        NewCase(case.kind, "tb_新买家", order_no="5678", waybill_no="SF1402345678901"),
    )
    changes = edited.events[-1].details["changes"]
    assert changes == {"order_no": ["1234", "5678"], "customer": ["tb_规则", "tb_新买家"]}
    line = summarise("intake_changed", edited.events[-1].details)
    assert "订单号：1234 → 5678" in line and "买家ID：tb_规则 → tb_新买家" in line
    done = _resolve(staff.agent, edited, 1500)
    money = done.events[-1].details["changes"]
    assert money["compensation_fen"] == [0, 1500]
    assert money["resolution"] == ["", "compensation"]
    assert "resolved_at" in money
    assert "补偿：¥0.00 → ¥15.00" in summarise("outcome_recorded", done.events[-1].details)
    assert "first_reply_at" not in money  # the first reply is recorded only when it is sent


def test_history_cannot_be_changed_or_removed(staff: Staffing) -> None:
    case = _open(staff)
    for attempt in (
        lambda: CaseEvent.update(action="edited").where(CaseEvent.case == case.id).execute(),
        lambda: CaseEvent.delete().where(CaseEvent.case == case.id).execute(),
    ):
        with pytest.raises(peewee.DatabaseError, match="append-only"), database.atomic():
            attempt()
    assert [e.action for e in cases.get_case(case.id).events] == ["created"]


def test_new_history_always_names_a_person(staff: Staffing) -> None:
    case = _open(staff)
    cases.record_first_reply(staff.agent, case.id, case.version)
    actors = {e.actor_id for e in CaseEvent.select()}
    assert None not in actors
    second = auth.create_staff(staff.admin, "kefu09", "小九", Role.AGENT, PASSWORD)
    assert second.id not in actors
