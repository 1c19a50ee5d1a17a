"""The supervisor's desk: compensation above the agent's limit and escalated cases.

Agents' wizards open the requests (`services/wizard.py`); here the supervisor approves or
rejects them. A decision puts the case back to 处理中 with `attention` set, so the handler sees
it highlighted and continues the wizard, which reads the decision from the request row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import peewee

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.errors import NotFound, StaleRecord, ValidationError, who_and_when
from kefu_desktop.domain.flows.common import SUPERVISOR_DECISIONS
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.money import AGENT_COMPENSATION_LIMIT_FEN, format_yuan
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import cases
from kefu_desktop.services.auth import User, operation
from kefu_desktop.services.settings import agent_compensation_limit_fen
from kefu_desktop.services.warehouse import age_text
from kefu_desktop.store.db import database
from kefu_desktop.store.models import ApprovalRequest, Case, Customer, Staff
from kefu_desktop.store.queries import read_dicts

MAX_NOTE_LENGTH = 500
MAX_ATTENTION_LENGTH = 200
"""`Case.attention` is a 200-character column."""


class RequestKind(StrEnum):
    COMPENSATION = "compensation"
    ESCALATION = "escalation"

    @property
    def label(self) -> str:
        return {"compensation": "补偿审批", "escalation": "升级处理"}[self.value]


class RequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"pending": "待审批", "approved": "已批准", "rejected": "已驳回"}[self.value]


_BACK_TO_OPEN = frozenset({CaseState.WAITING_SUPERVISOR, CaseState.ESCALATED})


@dataclass(frozen=True)
class RequestView:
    """One request as the supervisor's queue and a case's history show it."""

    id: int
    kind: RequestKind
    state: RequestState
    asked_fen: int
    approved_fen: int | None
    reason: str
    case_id: int
    case_no: str
    case_kind: CaseKind
    case_sub_kind: SubKind | None
    case_state: CaseState
    customer_id: str
    requested_by_name: str
    requested_at: datetime
    decided_by_name: str
    decided_at: datetime | None
    decision_note: str
    version: int
    agent_limit_fen: int = AGENT_COMPENSATION_LIMIT_FEN
    """The office's compensation limit of an agent when the request was read."""

    @property
    def kind_label(self) -> str:
        return self.kind.label

    @property
    def amount_fen(self) -> int:
        """The amount approved once approved; the amount asked for until then."""
        return self.asked_fen if self.approved_fen is None else self.approved_fen

    @property
    def case_kind_label(self) -> str:
        """The case's kind and sub-kind, e.g. '质量问题-做工问题'."""
        sub = f"-{self.case_sub_kind.label}" if self.case_sub_kind else ""
        return f"{self.case_kind.label}{sub}"

    @property
    def amount_text(self) -> str:
        """The amount in yuan ('¥50.00'), or '' when the request has none."""
        return f"¥{format_yuan(self.amount_fen)}" if self.amount_fen else ""

    @property
    def over_limit(self) -> bool:
        """Whether the amount is above what an agent may grant alone (the office's limit)."""
        return self.amount_fen > self.agent_limit_fen

    def age(self, now: datetime | None = None) -> str:
        """How long the request has waited: '25 分钟前'."""
        return age_text(self.requested_at, now)


@dataclass(frozen=True)
class Decision:
    """What the supervisor decides about one request."""

    approve: bool
    note: str = ""
    amount_fen: int | None = None
    """Compensation: the amount approved when it differs from the one asked (None = as asked)."""
    escalation: str = ""
    """An escalation's decision: 'compensate' (at `amount_fen`), 'refund' or 'explain'; left
    empty, an amount means compensate and no amount means the plan stands (explain)."""


ESCALATION_DECISIONS: dict[str, str] = {o.value: o.label for o in SUPERVISOR_DECISIONS}


Requester = Staff.alias("requester")
Decider = Staff.alias("decider")


def _query() -> Any:
    return (
        ApprovalRequest.select(
            ApprovalRequest,
            Case.case_no,
            Case.kind.alias("case_kind"),
            Case.sub_kind.alias("case_sub_kind"),
            Case.state.alias("case_state"),
            Customer.platform_id,
            Requester.display_name.alias("requester_name"),
            Decider.display_name.alias("decider_name"),
        )
        .join(Case, on=(ApprovalRequest.case == Case.id))
        .join(Customer, on=(Case.customer == Customer.id))
        .switch(ApprovalRequest)
        .join(Requester, peewee.JOIN.LEFT_OUTER, on=(ApprovalRequest.requested_by == Requester.id))
        .switch(ApprovalRequest)
        .join(Decider, peewee.JOIN.LEFT_OUTER, on=(ApprovalRequest.decided_by == Decider.id))
    )


def _view(row: dict[str, Any], agent_limit_fen: int) -> RequestView:
    return RequestView(
        id=row["id"],
        kind=RequestKind(row["kind"]),
        state=RequestState(row["state"]),
        asked_fen=row["amount_fen"],
        approved_fen=row["approved_fen"],
        reason=row["reason"],
        case_id=row["case"],
        case_no=row["case_no"],
        case_kind=CaseKind(row["case_kind"]),
        case_sub_kind=SubKind(row["case_sub_kind"]) if row["case_sub_kind"] else None,
        case_state=CaseState(row["case_state"]),
        customer_id=row["platform_id"],
        requested_by_name=row["requester_name"] or "",
        requested_at=row["requested_at"],
        decided_by_name=row["decider_name"] or "",
        decided_at=row["decided_at"],
        decision_note=row["decision_note"],
        version=row["version"],
        agent_limit_fen=agent_limit_fen,
    )


# --- reading -------------------------------------------------------------------------------


@operation(Operation.APPROVALS_QUEUE)
def list_pending(user: User, limit: int = 500) -> list[RequestView]:
    """Requests waiting for the supervisor, oldest first."""
    query = (
        _query()
        .where(ApprovalRequest.state == RequestState.PENDING)
        .order_by(ApprovalRequest.requested_at, ApprovalRequest.id)
        .limit(limit)
    )
    agent_limit = agent_compensation_limit_fen()
    return [_view(r, agent_limit) for r in read_dicts(query)]  # thousands of rows: read plainly


def pending_count() -> int:
    """How many requests wait for the supervisor (the badge on the tab)."""
    return int(
        ApprovalRequest.select(peewee.fn.COUNT(ApprovalRequest.id))
        .where(ApprovalRequest.state == RequestState.PENDING)
        .scalar()
        or 0
    )


def get_request(request_id: int) -> RequestView:
    """One request; `NotFound` if it is gone."""
    row = _query().where(ApprovalRequest.id == request_id).dicts().first()
    if row is None:
        raise NotFound("找不到该审批请求，可能已被撤回。请刷新列表。")
    return _view(row, agent_compensation_limit_fen())


def decided_for_case(case_id: int) -> list[RequestView]:
    """A case's decided requests, in the order they were decided."""
    query = (
        _query()
        .where((ApprovalRequest.case == case_id) & (ApprovalRequest.state != RequestState.PENDING))
        .order_by(ApprovalRequest.decided_at, ApprovalRequest.id)
        .dicts()
    )
    agent_limit = agent_compensation_limit_fen()
    return [_view(r, agent_limit) for r in query]


# --- deciding ------------------------------------------------------------------------------


def _clean(kind: RequestKind, decision: Decision, asked_fen: int) -> tuple[str, int, str]:
    """The note, the amount and the escalation decision to save; `ValidationError` naming the
    field that is wrong."""
    note = clean_text(decision.note, TextKind.TEXT, "意见", "note", MAX_NOTE_LENGTH)
    if not decision.approve:
        if not note:
            raise ValidationError("驳回须填写理由，客服要据此回复客户。", "note")
        return note, asked_fen, "explain" if kind == RequestKind.ESCALATION else ""
    if kind == RequestKind.ESCALATION and not note:
        raise ValidationError("请填写处理意见，告诉客服接下来怎么处理。", "note")
    amount = asked_fen if decision.amount_fen is None else decision.amount_fen
    if amount < 0:
        raise ValidationError("金额不能为负数。", "amount")
    if kind == RequestKind.COMPENSATION and amount == 0:
        raise ValidationError("批准的补偿金额须大于 0；不同意补偿请点「驳回」。", "amount")
    if kind == RequestKind.COMPENSATION:
        return note, amount, ""
    choice = decision.escalation or ("compensate" if amount else "explain")
    if choice not in ESCALATION_DECISIONS:
        raise ValidationError("请选择处理意见：补偿、退货退款或维持原方案。", "decision")
    if choice == "compensate" and amount == 0:
        raise ValidationError("同意补偿须填写补偿金额。", "amount")
    return note, amount if choice == "compensate" else 0, choice


def attention_text(
    kind: RequestKind, approved: bool, amount_fen: int, note: str, escalation: str = ""
) -> str:
    """What the handler sees highlighted on the case after the decision."""
    if not approved:
        text = f"主管驳回：{note}"
    elif kind == RequestKind.COMPENSATION:
        text = f"主管已批准补偿 ¥{format_yuan(amount_fen)}" + (f"：{note}" if note else "")
    else:
        amount = f" ¥{format_yuan(amount_fen)}" if amount_fen else ""
        label = ESCALATION_DECISIONS.get(escalation, "")
        text = f"主管意见（{label}{amount}）：{note}" if label else f"主管意见：{note}"
    if len(text) > MAX_ATTENTION_LENGTH:
        text = text[: MAX_ATTENTION_LENGTH - 1] + "…"
    return text


@operation(Operation.DECIDE_REQUEST)
def decide(user: User, request_id: int, expected_version: int, decision: Decision) -> RequestView:
    """Approve or reject a request, with history; the case goes back to its handler.

    Raises `ValidationError` (field 'note' or 'amount') for a bad input, `StaleRecord` when a
    colleague decided or changed the request first, `PermissionDenied` for non-supervisors.
    """
    with database.atomic():
        request = ApprovalRequest.get_or_none(ApprovalRequest.id == request_id)
        if request is None:
            raise NotFound("找不到该审批请求，可能已被撤回。请刷新列表。")
        kind = RequestKind(request.kind)
        note, amount, choice = _clean(kind, decision, request.amount_fen)
        state = RequestState.APPROVED if decision.approve else RequestState.REJECTED
        updated = (
            ApprovalRequest.update(
                state=state,
                approved_fen=amount if decision.approve else None,
                decided_by=user.id,
                decided_at=utc_now(),
                decision_note=note,
                decision=choice,
                version=ApprovalRequest.version + 1,
            )
            .where(
                (ApprovalRequest.id == request_id)
                & (ApprovalRequest.version == expected_version)
                & (ApprovalRequest.state == RequestState.PENDING)
            )
            .execute()
        )
        if updated != 1:
            if request.state != RequestState.PENDING:
                done = get_request(request_id)
                by = done.decided_by_name or "其他主管"
                raise StaleRecord(
                    f"售后单 {done.case_no} 的审批请求已被 {who_and_when(by, done.decided_at)} "
                    f"处理（{done.state.label}），你的决定未保存。请点“重新载入”查看。",
                    changed_by=by,
                    changed_at=done.decided_at,
                )
            raise StaleRecord(
                f"售后单 {request.case.case_no} 的审批请求已被同事修改，你的决定未保存。"
                "请点“重新载入”后重新审批。"
            )
        case = Case.get_by_id(request.case_id)
        target = CaseState.OPEN if CaseState(case.state) in _BACK_TO_OPEN else None
        cases._apply_change(
            user,
            case.id,
            None,
            "approval_decided",
            {"attention": attention_text(kind, decision.approve, amount, note, choice)},
            {
                "request_id": request_id,
                "kind": kind.value,
                "decision": state.value,
                "requested_fen": request.amount_fen,
                "amount_fen": amount,
                "note": note,
                "escalation_decision": choice,
            },
            target_state=target,
        )
    return get_request(request_id)


@operation(Operation.DECIDE_REQUEST)
def approve(
    user: User,
    request_id: int,
    expected_version: int,
    note: str = "",
    amount_fen: int | None = None,
    escalation: str = "",
) -> RequestView:
    """Approve as asked, or (compensation) a different amount; an escalation with its decision."""
    return decide(user, request_id, expected_version, Decision(True, note, amount_fen, escalation))


@operation(Operation.DECIDE_REQUEST)
def reject(user: User, request_id: int, expected_version: int, reason: str) -> RequestView:
    """Reject; the reason is required (the agent answers the customer with it)."""
    return decide(user, request_id, expected_version, Decision(False, reason))


__all__ = [
    "Decision",
    "RequestKind",
    "RequestState",
    "RequestView",
    "approve",
    "attention_text",
    "decide",
    "decided_for_case",
    "get_request",
    "list_pending",
    "pending_count",
    "reject",
]
