"""The administrator's staff accounts: service rules and the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.errors import PermissionDenied, ValidationError
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth
from kefu_desktop.services.auth import LoginFailed
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
    # the first admin's window is still open: it must not lock the office out
    with pytest.raises(ValidationError, match="最后一个"):
        auth.set_active(staff.admin, second.id, False)
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
