"""A whole office on one database at once: desks as real processes, through the services."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.roles import Role
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth, cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import Case, CaseEvent
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def _office(desks: int) -> tuple[list[str], int]:
    """`desks` agent logins and the id of the case they will all be saving."""
    admin = auth.create_first_admin("admin", "管理员", PASSWORD)
    logins = []
    for n in range(1, desks + 1):
        auth.create_staff(admin, f"kefu{n:02d}", f"客服{n:02d}", Role.AGENT, PASSWORD)
        logins.append(f"kefu{n:02d}")
    agent = auth.login(logins[0], PASSWORD)
    shared = cases.create_case(
        agent,
        NewCase(kind=CaseKind.WRONG_SHIPMENT, sub_kind=SubKind.WRONG_ITEM, customer_id="共享买家"),
    )
    return logins, shared.id


def _run_office(url: str, logins: list[str], shared: int, ops: int) -> list[dict[str, Any]]:
    start_at = time.time() + 4.0  # every desk has connected and logged in by then
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    desks = []
    for seed, login in enumerate(logins, start=1):
        arguments = [url, login, PASSWORD, str(shared), str(ops), str(seed), str(start_at)]
        desks.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.office_load", *arguments],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=ROOT,
            )
        )
    tallies = []
    for desk in desks:
        out, err = desk.communicate(timeout=120)
        assert desk.returncode == 0, err
        tallies.append(json.loads(out.strip().splitlines()[-1]))
    return tallies


def _check_shared_case(shared: int, tallies: list[dict[str, Any]]) -> None:
    """No lost update: every save that was reported as done is in the case, and only those;
    every attempt was either saved or reported stale to its desk."""
    saves = sum(t["saves"] for t in tallies)
    for tally in tallies:
        assert tally["saves"] + len(tally["stale"]) == tally["shared_attempts"]
    assert saves > 0
    case = Case.get_by_id(shared)
    assert case.version == 1 + saves
    changes = CaseEvent.select().where(
        (CaseEvent.case == shared) & (CaseEvent.action == "state_changed")
    )
    assert changes.count() == saves
    expected = CaseState.OPEN if saves % 2 == 0 else CaseState.WAITING_CUSTOMER
    assert CaseState(case.state) == expected


def _check_stale_reports(tallies: list[dict[str, Any]]) -> int:
    """Every stale save told its loser who saved the case and when; the count of them."""
    names = {f"客服{n:02d}" for n in range(1, len(tallies) + 1)}
    stale = [s for t in tallies for s in t["stale"]]
    for report in stale:
        assert report["changed_by"] in names, report
        assert report["changed_at"], report
        assert f"已被 {report['changed_by']} 在 " in report["message"], report
    return len(stale)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_ten_desks_on_postgresql(db_url: str) -> None:
    logins, shared = _office(10)
    tallies = _run_office(db_url, logins, shared, ops=100)
    assert [e for t in tallies for e in t["raw_errors"]] == []
    assert [e for t in tallies for e in t["typed_errors"]] == []
    assert [e for t in tallies for e in t["refused_creations"]] == []
    numbers = [n for t in tallies for n in t["created"]]
    assert len(numbers) > 300
    assert [n for n, c in Counter(numbers).items() if c > 1] == []
    assert Case.select().count() == len(numbers) + 1
    _check_shared_case(shared, tallies)
    assert _check_stale_reports(tallies) > 0


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_three_processes_on_one_sqlite_file(db_url: str) -> None:
    logins, shared = _office(3)
    tallies = _run_office(db_url, logins, shared, ops=100)
    assert [e for t in tallies for e in t["raw_errors"]] == []
    assert [e for t in tallies for e in t["typed_errors"]] == []
    assert [e for t in tallies for e in t["refused_creations"]] == []
    numbers = [n for t in tallies for n in t["created"]]
    assert len(set(numbers)) == len(numbers) > 100
    _check_shared_case(shared, tallies)
    _check_stale_reports(tallies)
