"""Login, and on a fresh database the creation of the first (admin) account."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.services import auth
from kefu_desktop.services.auth import User
from kefu_desktop.services.settings import demo_logins
from kefu_desktop.ui.generated.ui_login_dialog import Ui_LoginDialog
from kefu_desktop.ui.widgets.keyboard import enter_moves_on


class LoginDialog(QDialog):
    """Asks for login and password; in first-start mode creates the admin account instead."""

    def __init__(self, database_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.user: User | None = None
        self.first_start = auth.needs_first_admin()
        self.ui.databaseLabel.setText(f"数据库：{database_text}")
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("退出")
        if self.first_start:
            self.setWindowTitle("首次使用 — 创建管理员账号")
            self.ui.introLabel.setText(
                "这是一个新的数据库。请先创建管理员账号，之后可用它给同事开账号。"
            )
            ok.setText("创建并登录")
            self.ui.loginEdit.setText("admin")
        else:
            ok.setText("登录")
            for widget in (
                self.ui.nameLabel,
                self.ui.nameEdit,
                self.ui.repeatLabel,
                self.ui.repeatEdit,
            ):
                widget.hide()
            logins = demo_logins()
            if logins:
                self.ui.hintLabel.setText("演示数据账号（密码均为 demo123）：" + "、".join(logins))
        self.ui.hintLabel.setVisible(bool(self.ui.hintLabel.text()))
        self.ui.errorLabel.hide()
        self.ui.buttonBox.accepted.connect(self._submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.loginEdit.setFocus()
        ui = self.ui
        if self.first_start:
            enter_moves_on(ui.loginEdit, ui.nameEdit, ui.passwordEdit, ui.repeatEdit)
        else:
            enter_moves_on(ui.loginEdit, ui.passwordEdit)
        self.adjustSize()

    def _fail(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()

    def _submit(self) -> None:
        login = self.ui.loginEdit.text()
        password = self.ui.passwordEdit.text()
        try:
            if self.first_start:
                if password != self.ui.repeatEdit.text():
                    self._fail("两次输入的密码不一致，请重新输入。")
                    self.ui.repeatEdit.clear()
                    self.ui.repeatEdit.setFocus()
                    return
                self.user = auth.create_first_admin(login, self.ui.nameEdit.text(), password)
            else:
                self.user = auth.login(login, password)
        except KefuError as error:
            self._fail(str(error))
            self.ui.passwordEdit.selectAll()
            self.ui.passwordEdit.setFocus()
            return
        self.accept()
