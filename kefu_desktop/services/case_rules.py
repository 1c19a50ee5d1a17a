"""The rules every change of a case obeys, whoever calls: who may change it, and money.

- Only the case's handler, a supervisor or an admin changes a case (a warehouse clerk only
  records verdicts, through the warehouse desk).
- Compensation above the agent's 20-yuan limit needs an approval on record covering that
  amount (a supervisor's approval, or their decision on an escalation); those who approve
  may record it themselves.
- A case with a request still waiting for the supervisor cannot be resolved.
"""

from __future__ import annotations

from kefu_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from kefu_desktop.domain.money import compensation_covered, format_yuan
from kefu_desktop.domain.roles import CASE_OVERSEERS, Permission, role_may
from kefu_desktop.services.auth import User
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


def approved_amounts(case_id: int) -> list[int]:
    """The amounts supervisors approved or decided for the case (approvals and escalations)."""
    query = ApprovalRequest.select(ApprovalRequest.approved_fen).where(
        (ApprovalRequest.case == case_id)
        & (ApprovalRequest.state == "approved")
        & ApprovalRequest.approved_fen.is_null(False)
    )
    return [int(amount) for (amount,) in query.tuples()]


def check_money_covered(user: User, case_id: int, compensation_fen: int) -> None:
    """Refuse compensation above the agent's limit without a supervisor's approval for it."""
    if role_may(user.role, Permission.APPROVE):
        return  # the supervisor's own decision
    if compensation_covered(compensation_fen, approved_amounts(case_id)):
        return
    covered = max(approved_amounts(case_id), default=0)
    have = f"主管批准的是 ¥{format_yuan(covered)}" if covered else "该单还没有主管批准的补偿"
    raise ValidationError(
        f"补偿 ¥{format_yuan(compensation_fen)} 超过客服可自行决定的 20 元，{have}。"
        "请先申请主管审批该金额，或按批准的金额填写。",
        "compensation",
    )


def check_nothing_pending(case_id: int) -> None:
    """Refuse to resolve a case while a request waits for the supervisor."""
    pending = (
        ApprovalRequest.select(ApprovalRequest.kind)
        .where((ApprovalRequest.case == case_id) & (ApprovalRequest.state == "pending"))
        .scalar()
    )
    if pending is not None:
        label = _REQUEST_LABELS.get(str(pending), "主管审批")
        raise ValidationError(
            f"该售后单的「{label}」还在等待主管处理，主管决定之前不能标记为已解决。"
        )
