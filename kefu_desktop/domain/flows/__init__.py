"""Decision flows for the wizard kinds: next step from the answers so far, and the outcome."""

from __future__ import annotations

from kefu_desktop.domain.flows import (
    damaged_parcel,
    logistics,
    order_change,
    quality,
    wrong_shipment,
)
from kefu_desktop.domain.flows.base import (
    Answers,
    Decision,
    Field,
    FieldType,
    Flow,
    FollowUp,
    Option,
    Outcome,
    PostagePayer,
    Step,
    StepMode,
    clean_step,
    clean_value,
)
from kefu_desktop.domain.kinds import CaseKind

FLOWS: dict[CaseKind, Flow] = {
    CaseKind.WRONG_SHIPMENT: wrong_shipment.FLOW,
    CaseKind.DAMAGED_PARCEL: damaged_parcel.FLOW,
    CaseKind.QUALITY: quality.FLOW,
    CaseKind.ORDER_CHANGE: order_change.FLOW,
    CaseKind.LOGISTICS: logistics.FLOW,
}

WIZARD_KINDS: tuple[CaseKind, ...] = tuple(FLOWS)


def flow_for(kind: CaseKind) -> Flow:
    """The decision flow of a wizard kind; `KeyError` for kinds without a wizard."""
    return FLOWS[kind]


__all__ = [
    "FLOWS",
    "WIZARD_KINDS",
    "Answers",
    "Decision",
    "Field",
    "FieldType",
    "Flow",
    "FollowUp",
    "Option",
    "Outcome",
    "PostagePayer",
    "Step",
    "StepMode",
    "clean_step",
    "clean_value",
    "flow_for",
]
