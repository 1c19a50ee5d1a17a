"""Two desks move the same courier claim at the same moment: one move lands, the other desk is
told a colleague saved it first; the claim is moved once, with one history entry. Real
processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import claims
from kefu_desktop.services.auth import User
from kefu_desktop.store.models import CaseEvent, CourierClaim
from tests.conftest import Staffing
from tests.test_claims_service import LOST_RESHIP, _claim_of, _finish

ROOT = Path(__file__).resolve().parent.parent

_DESK = """
import sys
from kefu_desktop.domain.claims import ClaimState
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import claims
from kefu_desktop.services.auth import User
from kefu_desktop.store import db
db.connect(sys.argv[1])
user = User(id=int(sys.argv[2]), login=sys.argv[3], display_name=sys.argv[4], role=Role(sys.argv[5]))
claim_id, version = int(sys.argv[6]), int(sys.argv[7])
claims.get_claim(user, claim_id)  # connected and read, as a desk showing the claim
print("READY", flush=True)
sys.stdin.readline()  # both desks press the button together
try:
    claims.move_claim(user, claim_id, version, ClaimState.SUBMITTED, remark=sys.argv[4] + "提交")
    print("MOVED", flush=True)
except KefuError as error:
    print(f"REFUSED {type(error).__name__} {error}", flush=True)
"""


def _desk(db_url: str, user: User, claim: claims.ClaimView) -> subprocess.Popen[str]:
    desk = subprocess.Popen(
        [sys.executable, "-c", _DESK, db_url, str(user.id), user.login, user.display_name,
         user.role.value, str(claim.id), str(claim.version)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert desk.stdout is not None
    assert desk.stdout.readline().strip() == "READY"
    return desk


def test_two_desks_move_one_claim_at_once(db_url: str, staff: Staffing) -> None:
    claim = _claim_of(_finish(staff.agent, CaseKind.LOGISTICS, LOST_RESHIP))
    desks = [_desk(db_url, staff.agent, claim), _desk(db_url, staff.supervisor, claim)]
    for desk in desks:
        assert desk.stdin is not None
        desk.stdin.write("go\n")
        desk.stdin.flush()
    outputs = []
    for desk in desks:
        output, errors = desk.communicate(timeout=60)
        assert desk.returncode == 0 and "Traceback" not in errors, errors
        outputs.append(output.strip())
    moved = [o for o in outputs if o == "MOVED"]
    refused = [o for o in outputs if o.startswith("REFUSED StaleRecord")]
    assert (len(moved), len(refused)) == (1, 1), outputs
    assert "已被" in refused[0] and "重新载入" in refused[0]
    stored = CourierClaim.get_by_id(claim.id)
    winner = staff.agent if outputs[0] == "MOVED" else staff.supervisor
    assert (stored.state, stored.version, stored.remark) == (
        "submitted", claim.version + 1, winner.display_name + "提交")  # fmt: skip
    moves = CaseEvent.select().where(
        (CaseEvent.case == claim.case_id) & (CaseEvent.action == "claim_moved")
    )
    assert [m.actor_id for m in moves] == [winner.id]
