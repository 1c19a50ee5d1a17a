"""回访与多次售后设置 (客户 menu; supervisor, admin): when a customer counts as a repeat
customer, and when a resolved case is followed up."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QSpinBox, QWidget

from kefu_desktop.domain.care import MAX_FOLLOW_UP_DAYS, MAX_REPEAT_CASES, MAX_WINDOW_DAYS
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.services import customers
from kefu_desktop.services.auth import User
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons
from kefu_desktop.ui.widgets.errors import show_problem


class CareSettingsDialog(QDialog):
    """回访与多次售后设置 (supervisor, admin)."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.setWindowTitle("回访与多次售后设置")
        current = customers.get_care_settings()
        form = QFormLayout(self)
        self.window_spin = QSpinBox(self)
        self.window_spin.setRange(1, MAX_WINDOW_DAYS)
        self.window_spin.setSuffix(" 天")
        self.window_spin.setValue(current.repeat_window_days)
        form.addRow("统计最近", self.window_spin)
        self.cases_spin = QSpinBox(self)
        self.cases_spin.setRange(2, MAX_REPEAT_CASES)
        self.cases_spin.setSuffix(" 个售后单")
        self.cases_spin.setValue(current.repeat_min_cases)
        form.addRow("达到即标为多次售后", self.cases_spin)
        self.follow_spin = QSpinBox(self)
        self.follow_spin.setRange(0, MAX_FOLLOW_UP_DAYS)
        self.follow_spin.setSuffix(" 天后")
        self.follow_spin.setValue(current.follow_up_days)
        form.addRow("解决后回访", self.follow_spin)
        note = QLabel(
            "新建售后单时，输入买家ID即显示该买家最近的售后单数；\n"
            "回访到期后出现在处理人的「我的待办」里。",
            self,
        )
        form.addRow(note)
        form.addRow(confirm_buttons(self, "保存", self.save))
        self.resize(440, 0)

    def save(self) -> None:
        try:
            customers.set_care_settings(
                self.user,
                self.window_spin.value(),
                self.cases_spin.value(),
                self.follow_spin.value(),
            )
        except KefuError as error:
            show_problem(self, error)
            return
        self.accept()
