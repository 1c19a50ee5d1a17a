"""The SQL form of the registers' rules, apart from the registers' workbook (openpyxl): the
daily watch and the parcel watch read the refund, dispute and tracking registers with it."""

from __future__ import annotations

import functools
import operator

import peewee

from kefu_desktop.domain.registers import RegisterRule
from kefu_desktop.domain.states import CaseState
from kefu_desktop.store.models import Case, CaseEvent


def register_condition(rule: RegisterRule) -> peewee.Expression:
    """The SQL form of a register rule (the same rule `registers_for` applies in Python)."""
    parts: list[peewee.Expression] = []
    if rule.kinds:
        parts.append(Case.kind.in_(sorted(rule.kinds)))
    if rule.sub_kinds:
        parts.append(Case.sub_kind.in_(sorted(rule.sub_kinds)))
    if rule.resolutions:
        parts.append(Case.resolution.in_(sorted(rule.resolutions)))
    if rule.states:
        parts.append(Case.state.in_(sorted(rule.states)))
    parts.extend(pair_conditions(rule))
    if rule.actions:
        parts.append(recorded_condition(rule))
    return functools.reduce(operator.or_, parts) & (Case.state != CaseState.CANCELLED)


def pair_conditions(rule: RegisterRule) -> list[peewee.Expression]:
    """Cases of one of the rule's (sub-kind, resolution) pairs."""
    return [(Case.sub_kind == s) & (Case.resolution == r) for s, r in sorted(rule.pairs)]


def recorded_condition(rule: RegisterRule) -> peewee.Expression:
    """Cases with one of the rule's history actions (read by the (action, case) index)."""
    acted = CaseEvent.select(CaseEvent.case).where(CaseEvent.action.in_(sorted(rule.actions)))
    return Case.id.in_(acted)
