"""Decision flows for the wizard kinds: next step from the answers so far, and the outcome."""

from __future__ import annotations

import importlib

from kefu_desktop.domain.flows.base import (
    Answers,
    Decision,
    Field,
    FieldType,
    Flow,
    FollowUp,
    Option,
    Outcome,
    Step,
    StepMode,
    clean_step,
    clean_value,
)
from kefu_desktop.domain.kinds import CaseKind

FLOW_MODULES: dict[CaseKind, str] = {
    CaseKind.WRONG_SHIPMENT: "wrong_shipment",
    CaseKind.DAMAGED_PARCEL: "damaged_parcel",
    CaseKind.QUALITY: "quality",
    CaseKind.ORDER_CHANGE: "order_change",
    CaseKind.LOGISTICS: "logistics",
}
"""The module of each wizard kind's flow, loaded when a flow is first asked for: what only
needs `base` (a case's outcome, the postage payer) does not load every flow."""

WIZARD_KINDS: tuple[CaseKind, ...] = tuple(FLOW_MODULES)

FLOWS: dict[CaseKind, Flow]
"""The decision flow of each wizard kind (made on first use, see `__getattr__`)."""


def _flows() -> dict[CaseKind, Flow]:
    flows: dict[CaseKind, Flow] | None = globals().get("FLOWS")
    if flows is None:
        flows = {
            kind: importlib.import_module(f"{__name__}.{module}").FLOW
            for kind, module in FLOW_MODULES.items()
        }
        globals()["FLOWS"] = flows
    return flows


def __getattr__(name: str) -> object:
    if name == "FLOWS":
        return _flows()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def flow_for(kind: CaseKind) -> Flow:
    """The decision flow of a wizard kind; `KeyError` for kinds without a wizard."""
    return _flows()[kind]


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
    "Step",
    "StepMode",
    "clean_step",
    "clean_value",
    "flow_for",
]
