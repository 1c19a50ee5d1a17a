"""Demo data: realistic, repeatable, and addable to an existing database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import peewee
import pytest

from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.couriers import COURIER_BY_CODE
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.flows import FLOWS, StepMode, flow_for
from kefu_desktop.domain.kinds import SUB_KINDS, CaseKind
from kefu_desktop.domain.resolutions import money_of, resolution_label
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth
from kefu_desktop.services import wizard as wz
from kefu_desktop.services.demo import DEMO_PASSWORD, RealOffice, generate_demo
from kefu_desktop.services.settings import demo_logins, logins_shown_at_login
from kefu_desktop.store import db as store_db
from kefu_desktop.store.models import (
    ApprovalRequest,
    Case,
    CaseEvent,
    Customer,
    Staff,
    WarehouseCheck,
)
from kefu_desktop.store.queries import stored_datetime


def test_demo_data_is_realistic(db_url: str) -> None:
    report = generate_demo(1500)
    assert report.cases == 1500 and report.events == CaseEvent.select().count()
    assert Case.select().count() == 1500
    assert {c.kind for c in Case.select(Case.kind).distinct()} == {k.value for k in CaseKind}
    for kind in CaseKind:
        subs = {c.sub_kind for c in Case.select(Case.sub_kind).where(Case.kind == kind).distinct()}
        assert subs - {None} == {s.value for s in SUB_KINDS[kind]}
    states = {c.state for c in Case.select(Case.state).distinct()}
    assert {CaseState.CLOSED, CaseState.RESOLVED} <= set(states)
    assert set(states) & {s.value for s in CaseState if s.is_waiting}
    for case in Case.select().limit(200):
        assert COURIER_BY_CODE[case.courier].matches(case.waybill_no), case.waybill_no
        assert case.order_no.isdigit()
    waiting = Case.select().where(
        Case.state.in_([CaseState.WAITING_WAREHOUSE, CaseState.WAITING_RETURN])
    )
    assert WarehouseCheck.select().where(WarehouseCheck.state == "pending").count() == (
        waiting.count()
    )
    assert any(not c.platform_id.isascii() for c in Customer.select().limit(300))
    for role in Role:
        assert auth.list_staff(role)
    assert auth.login("kefu01", DEMO_PASSWORD).role == Role.AGENT
    assert "kefu01" in demo_logins()


def test_demo_can_be_added_twice_with_unique_numbers(db_url: str) -> None:
    generate_demo(300)
    generate_demo(300)
    assert Case.select().count() == 600
    assert Case.select(peewee.fn.COUNT(Case.case_no.distinct())).scalar() == 600
    last = Case.select().order_by(Case.id.desc()).first()
    assert last is not None and last.customer.platform_id


def test_fresh_sqlite_keeps_its_indexes(db_url: str) -> None:
    before = {i.name for i in store_db.database.obj.get_indexes("case")}
    generate_demo(200)
    assert {i.name for i in store_db.database.obj.get_indexes("case")} == before


def test_if_empty_leaves_existing_cases_alone(db_url: str) -> None:
    generate_demo(50)
    report = generate_demo(50, only_if_empty=True)
    assert report.skipped and report.existing_cases == 50
    assert Case.select().count() == 50


def test_demo_refuses_a_real_offices_database(db_url: str) -> None:
    auth.create_first_admin("boss", "老板", "secret123")
    for only_if_empty in (False, True):
        with pytest.raises(RealOffice, match="boss"):
            generate_demo(50, only_if_empty=only_if_empty)
    assert Case.select().count() == 0
    assert [s.login for s in Staff.select()] == ["boss"]
    assert demo_logins() == [] and not logins_shown_at_login()


def test_demo_refuses_once_someone_added_an_account_to_it(db_url: str) -> None:
    generate_demo(20)
    assert logins_shown_at_login()  # the demo office shows its accounts at login
    admin = auth.login("admin", DEMO_PASSWORD)
    auth.create_staff(admin, "xiaozhang", "小张", Role.AGENT, "secret123")
    with pytest.raises(RealOffice, match="xiaozhang"):
        generate_demo(20)
    assert Case.select().count() == 20


def test_cli_demo_on_a_real_office_exits_non_zero(data_dir: Path) -> None:
    from kefu_desktop.cli import main

    url = f"sqlite:///{data_dir / 'office.db'}"
    store_db.connect(url)
    auth.create_first_admin("boss", "老板", "secret123")
    store_db.close()
    assert main(["--db", url, "demo", "--cases", "10", "--if-empty"]) == 2
    store_db.connect(url)
    assert Staff.select().count() == 1 and Case.select().count() == 0
    store_db.close()


def test_quick_start_uses_its_own_demo_database(tmp_path: Path) -> None:
    """Run scripts/start-demo.sh with the installer and the app stood in for by recorders."""
    import shutil
    import subprocess

    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(Path(__file__).parents[1] / "scripts" / "start-demo.sh", root / "scripts")
    (root / "scripts" / "bootstrap.sh").write_text("exit 0\n")
    app = root / ".venv" / "bin" / "kefu-desktop"
    app.parent.mkdir(parents=True)
    log = tmp_path / "calls.log"
    app.write_text(f'#!/bin/sh\necho "db_env=${{KEFU_DB_URL:-}} args=$*" >> "{log}"\n')
    app.chmod(0o755)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "KEFU_DB_URL": "postgresql://kefu:secret@office-server/kefu",
        "KEFU_DEMO_DIR": str(tmp_path / "demo"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        ["bash", str(root / "scripts" / "start-demo.sh")], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    demo_db = tmp_path / "demo" / "kefu-demo.db"
    assert len(calls) == 2 and " demo " in calls[0]
    for call in calls:
        assert call.startswith("db_env= ") and f"--db {demo_db}" in call
        assert "office-server" not in call


def _answers(path: list[dict[str, Any]]) -> dict[str, Any]:
    return {key: value for entry in path for key, value in entry["answers"].items()}


def test_every_demo_case_rewalks_to_its_stored_outcome(db_url: str) -> None:
    """The lasting check: every finished wizard case re-walks from its stored path to the same
    resolution and flag, others' answers on the path are what their records say, and no time
    lies in the future or out of order."""
    generate_demo(2500)
    now = utc_now()
    resolutions: set[str] = set()
    rewalked = 0
    for case in Case.select():
        assert case.asked_at <= case.created_at <= now
        if case.first_reply_at is not None:
            assert case.asked_at <= case.first_reply_at <= now
        if case.resolved_at is not None:
            assert case.first_reply_at is not None
            assert case.first_reply_at <= case.resolved_at <= case.updated_at <= now
        assert resolution_label(case.resolution) != case.resolution or not case.resolution
        money = money_of(case.resolution, case.refund_fen, case.compensation_fen,
                         case.courier_fen, case.postage_fen, case.postage_payer)  # fmt: skip
        assert (money.refund_fen, money.compensation_fen, money.courier_fen) == (
            case.refund_fen, case.compensation_fen, case.courier_fen)  # fmt: skip
        kind = CaseKind(case.kind)
        if kind not in FLOWS or not case.wizard_path:
            continue
        decision = flow_for(kind).decide(_answers(case.wizard_path))
        assert decision.outcome is not None and decision.path == case.wizard_path
        outcome = decision.outcome
        assert outcome.resolution_code == case.resolution, case.case_no
        if case.top_up_fen or case.price_cut_fen:  # a later price change notes 黄旗
            assert case.note_flag == int(OrderFlag.YELLOW), case.case_no
        else:
            assert int(outcome.flag) == case.note_flag
        if case.state in (CaseState.RESOLVED, CaseState.CLOSED):
            assert outcome.state == CaseState.RESOLVED
            resolutions.add(case.resolution)
            rewalked += 1
            verdicts = wz.verdicts_for(case.id)
            flow = flow_for(kind)
            for entry in case.wizard_path:
                if flow.steps[entry["step"]].mode == StepMode.EXTERNAL:
                    assert verdicts[entry["step"]] == entry["answers"][entry["step"]]
            wz.check_against_records(case.id, kind, outcome, case.wizard_path)
        else:
            assert outcome.state == case.state, case.case_no
    assert rewalked > 1000
    assert len(resolutions) >= 12  # most roads of the rules are travelled
    for model, column in ((CaseEvent, CaseEvent.at), (ApprovalRequest, ApprovalRequest.decided_at),
                          (WarehouseCheck, WarehouseCheck.checked_at)):  # fmt: skip
        latest = model.select(peewee.fn.MAX(column)).scalar()
        assert latest is None or stored_datetime(latest) <= now


def test_cases_made_by_worker_processes_are_the_same(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from kefu_desktop.services import demo

    monkeypatch.setattr(demo, "BATCH_SIZE", 150)  # several chunks, shared by the two workers
    staff, _ = demo._ensure_demo_staff()
    plan = demo._plan(random.Random(7), demo._setup(700, 2, staff), 1, 100)
    here = [demo._chunk(plan, n) for n in range(len(plan.seeds))]
    there = list(demo._made_elsewhere(plan))
    assert len(there) == len(here) == 5
    assert [b.cases for b in there] == [b.cases for b in here]
    assert [b.events for b in there] == [b.events for b in here]
    assert [b.checks for b in there] == [b.checks for b in here]
    assert [b.approvals for b in there] == [b.approvals for b in here]
    numbers = [row[1] for b in here for row in b.cases]
    assert len(set(numbers)) == 700 and numbers == sorted(numbers)


def test_demo_logistics_cases_and_claims_follow_the_rules(db_url: str) -> None:
    """Logistics cases walk their flow like the others; every resolved outcome that claims
    against the courier has exactly one claim, moved only along the allowed steps."""
    from kefu_desktop.domain.claims import CLAIM_MOVES, ClaimState
    from kefu_desktop.store.models import CourierClaim

    generate_demo(1500)
    logistics = Case.select().where(
        (Case.kind == CaseKind.LOGISTICS) & Case.state.in_(["resolved", "closed"])
    )
    assert logistics.count() > 50
    flow = flow_for(CaseKind.LOGISTICS)
    claimed = 0
    for case in logistics:
        outcome = flow.outcome(_answers(case.wizard_path))
        claims = list(CourierClaim.select().where(CourierClaim.case == case.id))
        assert len(claims) == (1 if outcome.claims_courier else 0), case.case_no
        claimed += len(claims)
    assert claimed > 20
    states = set()
    for claim in CourierClaim.select():
        state = ClaimState(claim.state)
        states.add(state)
        moves = [
            e.details for e in CaseEvent.select().where(
                (CaseEvent.case == claim.case_id) & (CaseEvent.action == "claim_moved")
            ).order_by(CaseEvent.id)
        ]  # fmt: skip
        assert all(m["claim_id"] == claim.id for m in moves)
        steps = [ClaimState.DRAFT]
        for move in moves:
            target = next(s for s in ClaimState if move["note"].split("→ ")[1].startswith(s.label))
            assert target in CLAIM_MOVES[steps[-1]]
            steps.append(target)
        assert steps[-1] == state
        assert (claim.received_fen > 0) == (state == ClaimState.PAID)
        assert claim.received_fen <= claim.claimed_fen
    assert {ClaimState.DRAFT, ClaimState.PAID, ClaimState.REJECTED} <= states


def test_demo_has_price_changes_with_the_yellow_flag(db_url: str) -> None:
    from kefu_desktop.domain.price_changes import PriceChange
    from kefu_desktop.services.demo import DEMO_PRICE_CHANGES
    from kefu_desktop.store.models import PriceAdjustment

    report = generate_demo(600)
    assert report.events == CaseEvent.select().count()
    changes = list(PriceAdjustment.select())
    assert len(changes) == DEMO_PRICE_CHANGES + 1
    assert {PriceChange(c.kind) for c in changes} == set(PriceChange)
    changed = Case.select().where(Case.id.in_([c.case_id for c in changes]))
    for case in changed:
        assert case.note_flag == int(OrderFlag.YELLOW), case.case_no
        assert case.note_text.startswith("改价-"), case.note_text
        total = sum(c.amount_fen for c in changes if c.case_id == case.id and c.kind != "discount")
        assert case.top_up_fen == total
    # one price cut above 20 yuan approved on the supervisor's desk and then recorded,
    # one still waiting there
    asked = ApprovalRequest.select().where(ApprovalRequest.reason.startswith("改价优惠"))
    assert sorted(r.state for r in asked) == ["approved", "pending"]
    approved = next(r for r in asked if r.state == "approved")
    assert Case.get_by_id(approved.case_id).price_cut_fen == 3000
    assert CaseEvent.select().where(CaseEvent.action == "price_changed").count() == len(changes)
