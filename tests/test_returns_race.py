"""Two clerks receive returns at the same moment, on separate desks (real processes): the one
who saves second is told who received it first, and nothing of theirs is half-saved."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kefu_desktop.domain.returns import Condition, Disposition, ExpectedState, ReceiptLine
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth, cases, returns
from kefu_desktop.store.db import database
from kefu_desktop.store.models import ReturnLine, ReturnReceipt
from tests.conftest import PASSWORD, Staffing
from tests.test_returns_service import _confirmed_wrong_item

ROOT = Path(__file__).resolve().parent.parent

_OTHER_DESK = """
import sys
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.returns import Condition, Disposition, ReceiptLine
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import returns
from kefu_desktop.services.auth import User
from kefu_desktop.store import db
db.connect(sys.argv[1])
clerk = User(id=int(sys.argv[2]), login="cangku02", display_name="小李", role=Role.WAREHOUSE)
expected = returns.get_expected(int(sys.argv[3]))
print("READY", flush=True)
try:
    returns.receive(
        clerk, expected.id, expected.version, sys.argv[4],
        [ReceiptLine(1, Condition.DEFECTIVE, Disposition.SECONDS, "另一台电脑")],
    )
    print("SAVED", flush=True)
except KefuError as error:
    print(f"REFUSED {type(error).__name__} {error}", flush=True)
"""


@pytest.fixture
def clerk2(staff: Staffing) -> int:
    return auth.create_staff(staff.admin, "cangku02", "小李", Role.WAREHOUSE, PASSWORD).id


def _two_desks(
    db_url: str, staff: Staffing, clerk_id: int, mine: int, theirs: int, waybill: str
) -> tuple[str, str]:
    """This desk receives `mine` and holds its save open while the other desk receives
    `theirs`; then this desk commits. Returns the other desk's output and errors."""
    view = returns.expected_for_case(mine)[0]
    other_view = returns.expected_for_case(theirs)[0]
    line = ReceiptLine(2, Condition.GOOD, Disposition.RESTOCK)
    with database.atomic():
        returns.receive(staff.warehouse, view.id, view.version, "YT7512345678901", [line])
        other = subprocess.Popen(
            [sys.executable, "-c", _OTHER_DESK, db_url, str(clerk_id), str(other_view.id),
             waybill],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert other.stdout is not None
        for out_line in other.stdout:
            if out_line.strip() == "READY":
                break
        time.sleep(2.5)  # the other desk has checked (nothing received yet) and waits to write
    output, errors = other.communicate(timeout=60)
    assert other.returncode == 0, errors
    assert "Traceback" not in errors
    return output, errors


def test_two_clerks_receive_the_same_return(db_url: str, staff: Staffing, clerk2: int) -> None:
    case_id = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    output, _errors = _two_desks(db_url, staff, clerk2, case_id, case_id, "YT7500000000001")
    assert "REFUSED StaleRecord" in output
    assert "的退货已被 老王 在" in output and "登记入库，你的输入未保存" in output
    (receipt,) = ReturnReceipt.select()
    assert receipt.waybill == "YT7512345678901" and receipt.received_by_id == staff.warehouse.id
    assert [line.remark for line in ReturnLine.select()] == [""]
    assert returns.expected_for_case(case_id)[0].state == ExpectedState.RECEIVED
    events = [e.action for e in cases.get_case(case_id).events]
    assert events.count("return_received") == 1


def test_two_clerks_scan_the_same_parcel_for_two_cases(
    db_url: str, staff: Staffing, clerk2: int
) -> None:
    mine = _confirmed_wrong_item(staff, "refund", refund=9900, postage=0)
    theirs = _confirmed_wrong_item(staff, "exchange", postage=0)
    before = cases.get_case(theirs)
    output, _errors = _two_desks(db_url, staff, clerk2, mine, theirs, "YT7512345678901")
    assert "REFUSED ValidationError 运单号 YT7512345678901 的包裹已由 老王 在" in output
    assert "同一包裹不能重复入库" in output
    assert ReturnReceipt.select().count() == 1
    assert ReturnLine.select().count() == 1
    after = cases.get_case(theirs)
    assert (after.version, after.attention) == (before.version, before.attention)
    assert returns.expected_for_case(theirs)[0].state == ExpectedState.EXPECTED
