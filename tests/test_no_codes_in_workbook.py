"""The monthly workbook, built from cases covering every state and every flow outcome, shows no
snake_case code and no English word in any sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from kefu_desktop.domain.flows import FieldType, flow_for
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.registers import month_period
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.demo import DEMO_PASSWORD, generate_demo
from kefu_desktop.services.registers import export_monthly
from kefu_desktop.store.models import Case, Customer, Staff
from tests.plain_text import codes_and_english
from tests.test_wizard_service import finish, opened

TYPED = {FieldType.MONEY: ("10", "80"), FieldType.GRAMS: ("850",), FieldType.TEXT: ("客户说明",)}
"""Values for typed fields: a small and a large amount (over the agent's limit), a weight, a note."""


def every_outcome(kind: CaseKind, limit: int = 400) -> list[dict[str, Any]]:
    """Answer sets reaching each distinct (state, resolution) the kind's flow can end with."""
    flow = flow_for(kind)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    todo: list[dict[str, Any]] = [{}]
    seen = 0
    while todo and seen < limit:
        raw = todo.pop()
        seen += 1
        decision = wz.decide(kind, wz.with_context(kind, dict(raw)))
        if decision.outcome is not None:
            found.setdefault((decision.outcome.state, decision.outcome.resolution), raw)
            continue
        assert decision.next_step is not None
        step = flow.steps[decision.next_step]
        branches: list[dict[str, str]] = [{}]
        for field in step.fields:
            values = [o.value for o in field.choices()] or list(TYPED.get(field.type, ("1",)))
            branches = [{**b, field.key: v} for b in branches for v in values]
        for branch in branches:
            cleaned, problems = wz.check_step(kind, step.id, branch)
            if not problems:
                todo.append({**raw, **cleaned})
    return list(found.values())


def test_the_workbook_speaks_only_chinese(db_url: str, tmp_path: Path) -> None:
    generate_demo(400, months=1, seed=5)  # every state, through the same services as the desks
    agent = auth.login("kefu01", DEMO_PASSWORD)  # the demo office's own accounts
    supervisor = auth.login("zhuguan01", DEMO_PASSWORD)
    for kind in CaseKind:  # every kind has its wizard
        for answers in every_outcome(kind):
            finish(agent, opened(agent, kind), **answers)
    # and one still being worked on (处理中), whatever the demo drew
    opened(agent, CaseKind.QUALITY)
    states = {c.state for c in Case.select(Case.state)}
    assert states >= {s.value for s in CaseState}
    target = tmp_path / "报表.xlsx"
    export_monthly(supervisor, month_period(date.today().replace(day=1)), target)

    data = frozenset(
        [c.platform_id for c in Customer.select()] + [s.display_name for s in Staff.select()]
        + [s.login for s in Staff.select()] + [c.size for c in Case.select(Case.size)]
        + [c.sku for c in Case.select(Case.sku)] + [c.colour for c in Case.select(Case.colour)]
    )  # fmt: skip
    workbook = load_workbook(target, read_only=True)
    found: dict[str, set[str]] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    for word in codes_and_english(value, data):
                        found.setdefault(sheet.title, set()).add(word)
    assert found == {}, sorted((k, sorted(v)) for k, v in found.items())
