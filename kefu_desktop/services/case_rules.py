"""The rules every change of a case obeys, whoever calls: who may change it, and money.

- Only the case's handler, a supervisor or an admin changes a case (a warehouse clerk only
  records verdicts, through the warehouse desk).
- Compensation above the agent's limit (an office setting, 20 yuan by default) needs an approval on record covering that
  amount (a supervisor's approval, or their decision on an escalation); those who approve
  may record it themselves.
- A compensation the supervisor decided on an escalation is recorded as that amount.
- A case with a request still waiting for the supervisor cannot be resolved.
"""

from __future__ import annotations

from kefu_desktop.domain.errors import DecisionNotOnRecord, NotFound, PermissionDenied
from kefu_desktop.domain.money import compensation_covered, format_yuan, limit_text
from kefu_desktop.domain.roles import CASE_OVERSEERS, Permission, role_may
from kefu_desktop.services.auth import User
from kefu_desktop.services.settings import agent_compensation_limit_fen
from kefu_desktop.store.models import ApprovalRequest, Case, Staff

_REQUEST_LABELS = {"compensation": "补偿审批", "escalation": "升级主管"}


def case_row(case_id: int) -> Case:
    """The case row; `NotFound` if it is gone."""
    case: Case | None = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("找不到该售后单，可能已被删除。请刷新列表。")
    return case


def handler_name(case: Case) -> str:
    """The display name of the case's handler ('' when it has none)."""
    if case.handler_id is None:
        return ""
    name = Staff.select(Staff.display_name).where(Staff.id == case.handler_id).scalar()
    return str(name or "")


def may_change(user: User, handler_id: int | None) -> bool:
    """Whether `user` may change a case handled by `handler_id` (also what the UI shows)."""
    return user.role in CASE_OVERSEERS or (handler_id is not None and handler_id == user.id)


def check_may_change(user: User, case: Case) -> None:
    """Refuse unless `user` is the case's handler, a supervisor or an admin."""
    if may_change(user, case.handler_id):
        return
    name = handler_name(case) or "其他同事"
    raise PermissionDenied(
        f"售后单 {case.case_no} 由{name}处理，只有处理人、客服主管或管理员可以修改。"
        "如处理人已离开，可先「接手」该单。"
    )


def handler_away(case: Case) -> bool:
    """Whether the case has no handler able to work it: none, or their account is disabled."""
    if case.handler_id is None:
        return True
    active = Staff.select(Staff.active).where(Staff.id == case.handler_id).scalar()
    return not active


ESCALATION_DECISION_STEP = "supervisor_decision"
"""The wizard step whose answer is the supervisor's decision on an escalation."""


def latest_decided(case_id: int, kind: str) -> ApprovalRequest | None:
    """The supervisor's latest decision of `kind` ('compensation' or 'escalation') on a case."""
    request: ApprovalRequest | None = (
        ApprovalRequest.select()
        .where(
            (ApprovalRequest.case == case_id)
            & (ApprovalRequest.kind == kind)
            & (ApprovalRequest.state != "pending")
        )
        .order_by(ApprovalRequest.decided_at.desc(), ApprovalRequest.id.desc())
        .first()
    )
    return request


def approved_amounts(case_id: int) -> list[int]:
    """The amounts the supervisor's latest decisions cover: the latest compensation approval
    and the latest escalation decision, each when it was approved with an amount."""
    amounts: list[int] = []
    for kind in ("compensation", "escalation"):
        request = latest_decided(case_id, kind)
        if request is not None and request.state == "approved" and request.approved_fen:
            amounts.append(int(request.approved_fen))
    return amounts


def check_money_covered(
    user: User | None, case_id: int, compensation_fen: int, *, on_escalation_decision: bool = False
) -> None:
    """The one money rule of a case, for the wizard and every other save (`DecisionNotOnRecord`).

    A compensation the supervisor decided on an escalation is that amount exactly, when the
    outcome rests on that decision (`on_escalation_decision`). Otherwise compensation above
    the agent's 20-yuan limit needs the supervisor's latest approval or decision on record
    covering it; those who approve may record it themselves (`user` None: the limit applies
    whoever acts, as in the wizard, whose flow asks the supervisor above it).
    """
    if on_escalation_decision:
        escalation = latest_decided(case_id, "escalation")
        decided = (escalation.approved_fen or 0) if escalation is not None else 0
        if (
            escalation is not None
            and escalation.decision == "compensate"
            and compensation_fen != decided
        ):
            raise DecisionNotOnRecord(
                f"主管决定补偿 ¥{format_yuan(decided)}，"
                f"不能按 ¥{format_yuan(compensation_fen)} 结案。",
                "compensation",
            )
    if user is not None and role_may(user.role, Permission.APPROVE):
        return  # the supervisor's own decision
    amounts = approved_amounts(case_id)
    limit = agent_compensation_limit_fen()
    if compensation_covered(compensation_fen, amounts, limit_fen=limit):
        return
    covered = max(amounts, default=0)
    have = f"主管批准的是 ¥{format_yuan(covered)}" if covered else "该单还没有主管批准的补偿"
    raise DecisionNotOnRecord(
        f"补偿 ¥{format_yuan(compensation_fen)} 超过客服可自行决定的 {limit_text(limit)}，{have}。"
        "请先申请主管审批该金额，或按批准的金额填写。",
        "compensation",
    )


def check_nothing_pending(case_id: int) -> None:
    """Refuse (`DecisionNotOnRecord`) to end a case while a request waits for the supervisor."""
    pending = (
        ApprovalRequest.select(ApprovalRequest.kind)
        .where((ApprovalRequest.case == case_id) & (ApprovalRequest.state == "pending"))
        .scalar()
    )
    if pending is not None:
        label = _REQUEST_LABELS.get(str(pending), "主管审批")
        raise DecisionNotOnRecord(
            f"该售后单的「{label}」还在等待客服主管处理，主管决定之前不能结案。"
        )
