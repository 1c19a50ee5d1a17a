"""The administrator's list of staff accounts: create, disable or enable, reset a password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth
from kefu_desktop.services.auth import StaffAccount, User
from kefu_desktop.ui.generated.ui_staff_dialog import Ui_StaffDialog
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.widgets.keyboard import enter_moves_on, save_shortcut, tab_leaves

HEADERS = ("登录名", "姓名", "角色", "状态")


class StaffDialog(QDialog):
    """Lists every account; what the administrator changes is saved at once."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_StaffDialog()
        self.ui.setupUi(self)
        self.user = user
        self.accounts: list[StaffAccount] = []
        table = self.ui.accountTable
        table.setColumnCount(len(HEADERS))
        table.setHorizontalHeaderLabels(list(HEADERS))
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for role in (Role.AGENT, Role.WAREHOUSE, Role.SUPERVISOR, Role.ADMIN):
            self.ui.roleCombo.addItem(role.label, role.value)
        self.ui.problemLabel.hide()
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.createButton.clicked.connect(self.create_account)
        self.ui.passwordEdit.returnPressed.connect(self.create_account)
        self.ui.toggleButton.clicked.connect(self.toggle_selected)
        self.ui.resetButton.clicked.connect(self.reset_selected)
        table.itemSelectionChanged.connect(self._selection_changed)
        tab_leaves(table)
        enter_moves_on(self.ui.loginEdit, self.ui.nameEdit, self.ui.roleCombo, self.ui.passwordEdit)
        save_shortcut(self, self.create_account)
        self.reload()

    def reload(self) -> None:
        """Read the accounts again."""
        self.accounts = auth.list_accounts(self.user)
        table = self.ui.accountTable
        table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            values = (
                account.login,
                account.display_name,
                account.role.label,
                "在用" if account.active else "已停用",
            )
            for column, text in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(text))
        self._selection_changed()

    def selected(self) -> StaffAccount | None:
        rows = self.ui.accountTable.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        account = self.selected()
        self.ui.toggleButton.setEnabled(account is not None)
        self.ui.resetButton.setEnabled(account is not None)
        self.ui.toggleButton.setText("启用" if account and not account.active else "停用")

    def create_account(self) -> None:
        """Create the account typed in the form; say beside it what is wrong, if anything."""
        try:
            auth.create_staff(
                self.user,
                self.ui.loginEdit.text(),
                self.ui.nameEdit.text(),
                Role(self.ui.roleCombo.currentData()),
                self.ui.passwordEdit.text(),
            )
        except KefuError as error:
            self.ui.problemLabel.setText(str(error))
            self.ui.problemLabel.show()
            return
        self.ui.problemLabel.hide()
        for edit in (self.ui.loginEdit, self.ui.nameEdit, self.ui.passwordEdit):
            edit.clear()
        self.reload()
        self.ui.loginEdit.setFocus()

    def toggle_selected(self) -> None:
        """Disable the selected account, or enable it again."""
        account = self.selected()
        if account is None:
            return
        try:
            auth.set_active(self.user, account.id, not account.active)
        except KefuError as error:
            show_problem(self, error)
            return
        self.reload()

    def reset_selected(self) -> None:
        """Ask for a new password for the selected account and save it."""
        account = self.selected()
        if account is None:
            return
        password, ok = QInputDialog.getText(
            self,
            "重设密码",
            f"给 {account.display_name}（{account.login}）设置新密码（至少 6 位）：",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return
        try:
            auth.reset_password(self.user, account.id, password)
        except KefuError as error:
            show_problem(self, error)
            return
        QMessageBox.information(self, "重设密码", f"{account.display_name} 的密码已更改。")
