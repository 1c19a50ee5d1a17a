"""Lockout after wrong passwords, the audit log, and secrets kept out of logs and messages."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from kefu_desktop.domain.audit import MAX_FAILED_LOGINS, AuditEvent
from kefu_desktop.domain.clock import to_local, utc_now
from kefu_desktop.domain.errors import PermissionDenied
from kefu_desktop.logging_setup import add_secret, redact
from kefu_desktop.services import audit, auth
from kefu_desktop.services.auth import LoginFailed
from kefu_desktop.store.models import AuditEntry, Staff
from tests.conftest import PASSWORD, Staffing

WRONG = "Wr0ng-秘密-口令"


def _events(login: str) -> list[AuditEvent]:
    query = AuditEntry.select().where(AuditEntry.login == login).order_by(AuditEntry.id)
    return [AuditEvent(e.event) for e in query]


def test_five_wrong_passwords_lock_the_account_for_five_minutes(staff: Staffing) -> None:
    for attempt in range(1, MAX_FAILED_LOGINS):
        with pytest.raises(LoginFailed, match=f"再错 {MAX_FAILED_LOGINS - attempt} 次"):
            auth.login("kefu01", WRONG)
    before = utc_now()
    with pytest.raises(
        LoginFailed, match=r"已被锁定，请在 (\d\d-\d\d )?\d\d:\d\d 后再试"
    ) as locked:
        auth.login("kefu01", WRONG)
    until = Staff.get(Staff.login == "kefu01").locked_until
    assert timedelta(minutes=5) <= until - before <= timedelta(minutes=6)
    assert f"{to_local(until):%H:%M}" in str(locked.value)
    # locked: even the right password is refused, and a colleague's account is not affected
    with pytest.raises(LoginFailed, match="已被锁定"):
        auth.login("kefu01", PASSWORD)
    assert auth.login("kefu02", PASSWORD).login == "kefu02"
    Staff.update(locked_until=utc_now() - timedelta(seconds=1)).where(
        Staff.login == "kefu01"
    ).execute()
    assert auth.login("kefu01", PASSWORD).display_name == "小美"
    assert _events("kefu01") == [
        *[AuditEvent.WRONG_PASSWORD] * (MAX_FAILED_LOGINS - 1),
        AuditEvent.LOCKED,
        AuditEvent.REFUSED_LOCKED,
        AuditEvent.LOGIN,
    ]
    # the good login started the count again
    with pytest.raises(LoginFailed, match=f"再错 {MAX_FAILED_LOGINS - 1} 次"):
        auth.login("kefu01", WRONG)


def test_a_good_login_resets_the_count_and_the_admin_can_unlock(staff: Staffing) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed):
            auth.login("kefu01", WRONG)
    auth.login("kefu01", PASSWORD)
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed):
            auth.login("kefu01", WRONG)
    with pytest.raises(LoginFailed, match="已被锁定"):
        auth.login("kefu01", WRONG)
    auth.reset_password(staff.admin, staff.agent.id, "new-secret")
    assert auth.login("kefu01", "new-secret").login == "kefu01"


def test_only_the_admin_reads_the_audit_log(staff: Staffing) -> None:
    with pytest.raises(LoginFailed):
        auth.login("nobody-here", WRONG)
    auth.login("kefu01", PASSWORD)
    entries = audit.list_entries(staff.admin)
    assert [(e.event, e.login, e.display_name) for e in entries[:2]] == [
        (AuditEvent.LOGIN, "kefu01", "小美"),
        (AuditEvent.UNKNOWN_LOGIN, "", ""),
    ]
    for user in (staff.agent, staff.supervisor, staff.warehouse):
        with pytest.raises(PermissionDenied):
            audit.list_entries(user)


def test_passwords_never_reach_the_log_or_the_audit_log(
    staff: Staffing, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="kefu")  # what the app writes to its log file
    messages = []
    for _ in range(MAX_FAILED_LOGINS + 1):
        with pytest.raises(LoginFailed) as refused:
            auth.login("kefu02", WRONG)
        messages.append(str(refused.value))
    with pytest.raises(LoginFailed) as refused:
        auth.login(PASSWORD, PASSWORD)  # the password typed into the login field
    messages.append(str(refused.value))
    auth.login("kefu01", PASSWORD)
    stored = [f"{e.login} {e.detail}" for e in AuditEntry.select()]
    assert "login refused: wrong password for" in caplog.text  # logged, without the password
    for secret in (WRONG, PASSWORD):
        assert secret not in caplog.text
        assert not [m for m in messages if secret in m]
        assert not [s for s in stored if secret in s]


def test_registered_secrets_are_masked_in_log_records() -> None:
    add_secret("pg-Secret-42")
    assert redact("postgresql://shop:pg-Secret-42@db/shop") == "postgresql://shop:******@db/shop"


def _cli(data_dir: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "kefu_desktop", "--db", url, "export", "--month", "2026-11",
         "--out", str(data_dir / "x.xlsx")],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def test_database_passwords_stay_out_of_messages_and_logs(data_dir: Path) -> None:
    secret = "Db-秘密-pw-9"
    urls = [f"postgresql://kefu:{secret}@127.0.0.1:1/kefu"]  # nobody listens on port 1
    pg_url = os.environ.get("KEFU_TEST_PG_URL")
    if pg_url:  # a real server refusing the password
        parts = urlsplit(pg_url)
        netloc = f"{parts.username}:{secret}@{parts.hostname}:{parts.port or 5432}"
        urls.append(urlunsplit(parts._replace(netloc=netloc)))
    for url in urls:
        done = _cli(data_dir, url)
        assert done.returncode == 2, done.stderr
        assert "数据库" in done.stderr
        assert secret not in done.stdout + done.stderr
    log_text = (data_dir / "logs" / "kefu-desktop.log").read_text(encoding="utf-8")
    assert secret not in log_text
