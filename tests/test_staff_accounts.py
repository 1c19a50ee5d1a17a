"""The administrator's staff accounts: service rules and the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.errors import AccountRefused, PermissionDenied, ValidationError
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth
from kefu_desktop.services.auth import LoginFailed
from kefu_desktop.store import db as store_db
from kefu_desktop.store.models import Staff
from kefu_desktop.ui.accounts.staff_dialog import StaffDialog
from tests.conftest import PASSWORD, Staffing


def test_disable_enable_and_reset(staff: Staffing) -> None:
    auth.set_active(staff.admin, staff.agent2.id, False)
    with pytest.raises(LoginFailed, match="停用"):
        auth.login("kefu02", PASSWORD)
    assert "阿杰" not in [u.display_name for u in auth.list_staff()]
    auth.set_active(staff.admin, staff.agent2.id, True)
    auth.reset_password(staff.admin, staff.agent2.id, "new-secret")
    assert auth.login("kefu02", "new-secret").display_name == "阿杰"
    with pytest.raises(ValidationError, match="至少 6 位"):
        auth.reset_password(staff.admin, staff.agent2.id, "123")


def test_the_last_admin_and_oneself_stay(staff: Staffing) -> None:
    with pytest.raises(ValidationError, match="自己"):
        auth.set_active(staff.admin, staff.admin.id, False)
    second = auth.create_staff(staff.admin, "boss2", "老板", Role.ADMIN, PASSWORD)
    auth.set_active(second, staff.admin.id, False)
    # the first admin's window is still open: it is refused, and cannot lock the office out
    with pytest.raises(AccountRefused, match="你的账号已被停用，请联系管理员"):
        auth.set_active(staff.admin, second.id, False)
    with pytest.raises(ValidationError, match="自己"):
        auth.set_active(second, second.id, False)
    with pytest.raises(ValidationError, match="自己"):
        auth.set_role(second, second.id, Role.AGENT)
    # the rule below every path: the last active admin stays (here only `second` is left)
    with pytest.raises(ValidationError, match="最后一个"):
        auth._keep_an_admin(Staff.get_by_id(second.id))
    assert [a.login for a in auth.list_accounts(second) if a.active and a.role == Role.ADMIN] == [
        "boss2"
    ]


def test_only_admins_manage_accounts(staff: Staffing) -> None:
    for who in (staff.agent, staff.warehouse, staff.supervisor):
        with pytest.raises(PermissionDenied):
            auth.list_accounts(who)
        with pytest.raises(PermissionDenied):
            auth.set_active(who, staff.agent2.id, False)


@pytest.mark.gui
def test_dialog_creates_disables_and_resets(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = StaffDialog(sqlite_staff.admin)
    qtbot.addWidget(dialog)
    assert dialog.ui.accountTable.rowCount() == 5
    qtbot.keyClicks(dialog.ui.loginEdit, "kefu01")
    dialog.ui.nameEdit.setText("新同事")
    qtbot.keyClicks(dialog.ui.passwordEdit, "abcdef")
    dialog.ui.createButton.click()
    assert "已被使用" in dialog.ui.problemLabel.text()
    dialog.ui.loginEdit.clear()
    qtbot.keyClicks(dialog.ui.loginEdit, "cangku09")
    dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData(Role.WAREHOUSE.value))
    dialog.ui.createButton.click()
    assert dialog.ui.problemLabel.isHidden()
    assert auth.login("cangku09", "abcdef").role == Role.WAREHOUSE
    row = next(i for i, a in enumerate(dialog.accounts) if a.login == "cangku09")
    dialog.ui.accountTable.selectRow(row)
    assert dialog.ui.toggleButton.text() == "停用"
    dialog.ui.toggleButton.click()
    assert not next(a for a in dialog.accounts if a.login == "cangku09").active
    row = next(i for i, a in enumerate(dialog.accounts) if a.login == "kefu01")
    dialog.ui.accountTable.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("fresh-pass", True))
    monkeypatch.setattr(
        "kefu_desktop.ui.accounts.staff_dialog.QMessageBox.information", lambda *a: None
    )
    dialog.ui.resetButton.click()
    assert auth.login("kefu01", "fresh-pass").login == "kefu01"


@pytest.mark.parametrize("typed", ["Admin", "ADMIN", "ａｄｍｉｎ", " admin ", "ＡＤＭＩＮ"])
def test_logins_are_one_normalised_form(staff: Staffing, typed: str) -> None:
    with pytest.raises(ValidationError, match="已被使用"):
        auth.create_staff(staff.admin, typed, "冒名", Role.ADMIN, PASSWORD)
    assert auth.login(typed, PASSWORD).id == staff.admin.id
    assert len(auth.list_accounts(staff.admin)) == 5


def test_new_logins_are_stored_normalised(staff: Staffing) -> None:
    made = auth.create_staff(staff.admin, " ＫｅＦｕ10 ", "小十", Role.AGENT, PASSWORD)
    assert made.login == "kefu10"
    assert auth.login("KEFU10", PASSWORD).id == made.id
    with pytest.raises(ValidationError, match="空格"):
        auth.create_staff(staff.admin, "ke fu", "空格", Role.AGENT, PASSWORD)


@pytest.mark.parametrize("password", ["      ", "\t \u3000  \n ", "  ab  ", "12345"])
def test_passwords_are_long_enough_and_not_blank(staff: Staffing, password: str) -> None:
    with pytest.raises(ValidationError, match="至少 6 位"):
        auth.create_staff(staff.admin, "kefu11", "小十一", Role.AGENT, password)
    with pytest.raises(ValidationError, match="不能全是空格"):
        auth.reset_password(staff.admin, staff.agent.id, password)
    with pytest.raises(ValidationError):
        auth.create_first_admin("boss", "老板", password)
    assert auth.login("kefu01", PASSWORD).id == staff.agent.id


def test_nobody_changes_their_own_role_or_state(staff: Staffing) -> None:
    second = auth.create_staff(staff.admin, "boss2", "老板", Role.ADMIN, PASSWORD)
    auth.set_active(second, staff.admin.id, False)
    with pytest.raises(AccountRefused, match="停用"):  # a disabled admin re-enabling themself
        auth.set_active(staff.admin, staff.admin.id, True)
    for change in (
        lambda: auth.set_active(second, second.id, False),
        lambda: auth.set_role(second, second.id, Role.AGENT),
    ):
        with pytest.raises(ValidationError, match="自己"):
            change()
    auth.set_role(second, staff.agent.id, Role.SUPERVISOR)
    assert auth.login("kefu01", PASSWORD).role == Role.SUPERVISOR
    assert [a.active for a in auth.list_accounts(second) if a.login == "admin"] == [False]


def test_stored_logins_are_normalised_by_the_migration(db_url: str) -> None:
    from kefu_desktop.store import migrations

    for login in ("Admin", "ＫＥＦＵ01", "admin", " Kefu02 "):
        Staff.create(login=login, display_name=login, role=Role.AGENT, password_hash="x")
    migrations._normalise_logins(store_db.database.obj)
    logins = [s.login for s in Staff.select().order_by(Staff.id)]
    third = Staff.get(Staff.display_name == "admin").id
    assert logins == ["admin", "kefu01", f"admin-{third}", "kefu02"]
    migrations._normalise_logins(store_db.database.obj)  # idempotent
    assert [s.login for s in Staff.select().order_by(Staff.id)] == logins


@pytest.mark.gui
def test_the_login_window_lists_no_accounts_unless_the_office_says_so(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    from kefu_desktop.services import settings
    from kefu_desktop.ui.accounts.login_dialog import LoginDialog

    dialog = LoginDialog("测试")
    qtbot.addWidget(dialog)
    assert dialog.ui.hintLabel.isHidden() and "kefu01" not in dialog.ui.hintLabel.text()
    with pytest.raises(PermissionDenied):
        settings.set_logins_shown_at_login(sqlite_staff.supervisor, True)
    settings.set_logins_shown_at_login(sqlite_staff.admin, True)
    shown = LoginDialog("测试")
    qtbot.addWidget(shown)
    assert "kefu01" in shown.ui.hintLabel.text() and "demo123" not in shown.ui.hintLabel.text()


@pytest.mark.gui
def test_dialog_changes_a_colleagues_role_never_ones_own(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = StaffDialog(sqlite_staff.admin)
    qtbot.addWidget(dialog)
    own = next(i for i, a in enumerate(dialog.accounts) if a.login == "admin")
    dialog.ui.accountTable.selectRow(own)
    assert not dialog.ui.roleButton.isEnabled() and not dialog.ui.toggleButton.isEnabled()
    row = next(i for i, a in enumerate(dialog.accounts) if a.login == "kefu02")
    dialog.ui.accountTable.selectRow(row)
    assert dialog.ui.roleButton.isEnabled()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("客服主管", True))
    dialog.ui.roleButton.click()
    assert auth.login("kefu02", PASSWORD).role == Role.SUPERVISOR
    assert next(a for a in dialog.accounts if a.login == "kefu02").role == Role.SUPERVISOR
