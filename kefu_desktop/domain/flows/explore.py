"""Every way through a decision flow: all answers to every step, every verdict of others.

Used to check that each reachable outcome ends in the one vocabulary and the right registers,
and by the demo to know which answers a step takes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from kefu_desktop.domain.flows.base import Answers, Decision, Field, FieldType, Flow, StepMode
from kefu_desktop.domain.money import AGENT_COMPENSATION_LIMIT_FEN

ValuesFor = Callable[[Field], Sequence[Any]]


def representative_values(f: Field) -> Sequence[Any]:
    """Answers that cover every branch a field can take."""
    if f.type in (FieldType.CHOICE, FieldType.YESNO):
        return [o.value for o in f.choices()]
    if f.type == FieldType.MONEY:
        if f.key == "compensation":  # within the agent's limit, and above it
            return [AGENT_COMPENSATION_LIMIT_FEN - 500, AGENT_COMPENSATION_LIMIT_FEN + 1000]
        return [1200]
    if f.type == FieldType.GRAMS:
        return [None]
    return ["核实"]


@dataclass(frozen=True)
class Reached:
    """One end the flow can reach (an outcome, possibly a waiting one) and the answers to it."""

    answers: Answers
    decision: Decision


def reachable(
    flow: Flow, start: Answers | None = None, values_for: ValuesFor = representative_values
) -> list[Reached]:
    """Every outcome reachable from `start`, trying every value of every field asked and every
    verdict of a step answered by someone else's record (continuing the waiting case)."""
    found: list[Reached] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    stack: list[Answers] = [dict(start or {})]
    while stack:
        answers = stack.pop()
        key = tuple(sorted((k, repr(v)) for k, v in answers.items()))
        if key in seen:
            continue
        seen.add(key)
        decision = flow.decide(answers)
        if decision.next_step is not None:
            step = flow.steps[decision.next_step]
            keys = [f.key for f in step.fields]
            for combo in product(*(values_for(f) for f in step.fields)):
                stack.append({**answers, **dict(zip(keys, combo, strict=True))})
            continue
        outcome = decision.outcome
        assert outcome is not None
        found.append(Reached(answers, decision))
        if outcome.resume_step is None:
            continue
        resume = flow.steps[outcome.resume_step]
        if resume.mode == StepMode.EXTERNAL:
            for option in resume.fields[0].choices():
                stack.append(flow.continue_answers(answers, {resume.id: option.value}))
        else:
            stack.append(flow.continue_answers(answers, {}))
    return found
