"""Two desks create the same login at once: the one that loses gets the ordinary "login taken"
message, not IntegrityError (PostgreSQL) or "database is locked" (SQLite). Real processes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth
from kefu_desktop.store.db import database, is_postgresql
from kefu_desktop.store.models import Staff
from tests.conftest import PASSWORD, Staffing

ROOT = Path(__file__).resolve().parent.parent

_OTHER_DESK = """
import logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stdout, format="%(name)s %(message)s")
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth
from kefu_desktop.services.auth import User
from kefu_desktop.store import db
db.connect(sys.argv[1])
admin = User(id=int(sys.argv[2]), login="admin", display_name="管理员", role=Role.ADMIN)
print("READY", flush=True)
try:
    auth.create_staff(admin, "race01", "抢注", Role.AGENT, "secret123")
    print("CREATED", flush=True)
except KefuError as error:
    print(f"REFUSED {type(error).__name__} {getattr(error, 'field', None)} {error}", flush=True)
"""


def test_login_taken_by_another_desk_a_moment_ago(db_url: str, staff: Staffing) -> None:
    with database.atomic():
        # This desk creates the login and has not committed yet when the other desk checks.
        Staff.create(
            login="race01", display_name="先到", role=Role.AGENT, password_hash="x", active=True
        )
        other = subprocess.Popen(
            [sys.executable, "-c", _OTHER_DESK, db_url, str(staff.admin.id)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert other.stdout is not None
        for line in other.stdout:
            if line.strip() == "READY":
                break
        time.sleep(2.5)  # the other desk has checked (login free) and waits to insert
    output, errors = other.communicate(timeout=60)
    assert other.returncode == 0, errors
    assert (
        "REFUSED ValidationError login 登录名「race01」已被使用（不分大小写和全角半角），请换一个。"
        in output
    )
    if is_postgresql():  # it really met the race (its check saw nothing), and logged it
        assert "created by another desk a moment ago" in output
    else:  # it waited for this desk's save instead of failing, then saw the login taken
        assert "looking again" not in output
    assert "Traceback" not in errors
    assert [s.display_name for s in Staff.select().where(Staff.login == "race01")] == ["先到"]


def test_ordinary_check_gives_the_same_message(db_url: str, staff: Staffing) -> None:
    auth.create_staff(staff.admin, "race01", "先到", Role.AGENT, PASSWORD)
    try:
        auth.create_staff(staff.admin, "race01", "后到", Role.AGENT, PASSWORD)
    except auth.ValidationError as error:
        assert (str(error), error.field) == (
            "登录名「race01」已被使用（不分大小写和全角半角），请换一个。",
            "login",
        )
    else:
        raise AssertionError("a taken login was accepted")
