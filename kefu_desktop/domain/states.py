"""Case states (状态) and the moves allowed between them."""

from __future__ import annotations

from enum import StrEnum

from kefu_desktop.domain.errors import InvalidTransition


class CaseState(StrEnum):
    OPEN = "open"
    WAITING_CUSTOMER = "waiting_customer"
    WAITING_WAREHOUSE = "waiting_warehouse"
    WAITING_SUPERVISOR = "waiting_supervisor"
    WAITING_RETURN = "waiting_return"
    ESCALATED = "escalated"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_waiting(self) -> bool:
        return self in WAITING_STATES

    @property
    def is_final(self) -> bool:
        return self in (CaseState.CLOSED, CaseState.CANCELLED)


STATE_LABELS: dict[CaseState, str] = {
    CaseState.OPEN: "处理中",
    CaseState.WAITING_CUSTOMER: "待客户回复",
    CaseState.WAITING_WAREHOUSE: "待仓库核实",
    CaseState.WAITING_SUPERVISOR: "待主管审批",
    CaseState.WAITING_RETURN: "待退回核实",
    CaseState.ESCALATED: "已升级主管",
    CaseState.RESOLVED: "已解决",
    CaseState.CLOSED: "已关闭",
    CaseState.CANCELLED: "已撤销",
}

WAITING_STATES = frozenset(
    {
        CaseState.WAITING_CUSTOMER,
        CaseState.WAITING_WAREHOUSE,
        CaseState.WAITING_SUPERVISOR,
        CaseState.WAITING_RETURN,
    }
)

_ACTIVE = frozenset({CaseState.OPEN, *WAITING_STATES, CaseState.ESCALATED})

ALLOWED_TRANSITIONS: dict[CaseState, frozenset[CaseState]] = {
    **{
        state: frozenset(
            (_ACTIVE | {CaseState.RESOLVED, CaseState.CANCELLED}) - {state},
        )
        for state in _ACTIVE
    },
    CaseState.RESOLVED: frozenset({CaseState.OPEN, CaseState.CLOSED}),
    CaseState.CLOSED: frozenset(),
    CaseState.CANCELLED: frozenset(),
}


def check_transition(current: CaseState, target: CaseState) -> None:
    """Raise `InvalidTransition` unless a case may move from `current` to `target`."""
    if target not in ALLOWED_TRANSITIONS[current]:
        raise InvalidTransition(
            f"售后单当前状态为「{current.label}」，不能改为「{target.label}」。"
            "请刷新后查看最新状态。"
        )
