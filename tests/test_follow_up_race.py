"""Two desks record the same follow-up at once: one lands, the other is told who recorded it
and nothing is written twice. Real processes, SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from kefu_desktop.domain.care import FollowUpState, Satisfaction
from kefu_desktop.domain.clock import utc_now
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase, OutcomeRecord
from kefu_desktop.store.db import database
from kefu_desktop.store.models import Case, FollowUp
from tests.conftest import Staffing

ROOT = Path(__file__).resolve().parent.parent

_OTHER_DESK = """
import sys
from kefu_desktop.domain.care import Satisfaction
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import follow_ups
from kefu_desktop.services.auth import User
from kefu_desktop.store import db
db.connect(sys.argv[1])
boss = User(id=int(sys.argv[2]), login="zhuguan01", display_name="陈主管", role=Role.SUPERVISOR)
print("READY", flush=True)
try:
    follow_ups.record_follow_up(boss, int(sys.argv[3]), True, Satisfaction.UNSATISFIED, "太慢")
    print("RECORDED", flush=True)
except KefuError as error:
    print(f"REFUSED {type(error).__name__} {error}", flush=True)
"""


def test_a_follow_up_recorded_by_another_desk_a_moment_ago(db_url: str, staff: Staffing) -> None:
    detail = cases.create_case(staff.agent, NewCase(CaseKind.QUALITY, "tb_回访"))
    detail = cases.record_outcome(
        staff.agent, detail.id, detail.version, OutcomeRecord("explained", "说明"),
        CaseState.RESOLVED,
    )  # fmt: skip
    resolved_at = Case.get_by_id(detail.id).resolved_at
    assert isinstance(resolved_at, datetime)
    with database.atomic():
        # This desk records the follow-up and has not committed when the other desk checks.
        FollowUp.create(
            case=detail.id, resolved_at=resolved_at, agent=staff.agent.id,
            state=FollowUpState.DONE, reached=True, satisfaction=Satisfaction.SATISFIED,
            recorded_by=staff.agent.id, recorded_at=utc_now(),
        )  # fmt: skip
        other = subprocess.Popen(
            [sys.executable, "-c", _OTHER_DESK, db_url, str(staff.supervisor.id), str(detail.id)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert other.stdout is not None
        for line in other.stdout:
            if line.strip() == "READY":
                break
        time.sleep(2.5)  # the other desk has checked (nothing recorded) and waits to insert
    output, errors = other.communicate(timeout=60)
    assert other.returncode == 0, errors
    assert "REFUSED ValidationError" in output and "小美" in output and "已回访" in output
    assert "Traceback" not in errors
    assert FollowUp.select().count() == 1
    assert cases.get_case(detail.id).state == CaseState.RESOLVED  # the loser reopened nothing
