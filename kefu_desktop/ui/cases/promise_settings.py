"""文件 → 服务时间与时效…: the office's promise limits and service-hours calendar (admin)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.service_hours import WEEKDAY_LABELS
from kefu_desktop.services import promises
from kefu_desktop.services.auth import User
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons
from kefu_desktop.ui.widgets.errors import show_problem

DAYS_HINT = (
    "每行一天：日期 休/班 说明（可不填）。节假日写「休」，周末调休上班写「班」，例如：\n"
    "2026-10-01 休 国庆节\n2026-10-10 班 国庆调休"
)


class PromiseSettingsDialog(QDialog):
    """Limits of the three promises, the service windows, weekdays, holidays and make-up days."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.setWindowTitle("服务时间与时效")
        layout = QVBoxLayout(self)
        limits_box = QGroupBox("时效承诺（按服务时间计算）")
        form = QFormLayout(limits_box)
        limits = promises.promise_limits()
        self.reply_spin = _spin(1, 24 * 60, int(limits.first_reply.total_seconds() // 60), " 分钟")
        self.logistics_spin = _spin(
            1, 720, int(limits.logistics_resolve.total_seconds() // 3600), " 小时"
        )
        self.checked_spin = _spin(
            1, 720, int(limits.checked_answer.total_seconds() // 3600), " 小时"
        )
        form.addRow("首次回复：", self.reply_spin)
        form.addRow("物流问题解决：", self.logistics_spin)
        form.addRow("需核实问题答复：", self.checked_spin)
        layout.addWidget(limits_box)

        defect_box = QGroupBox("生产问题反馈提醒")
        defect = QHBoxLayout(defect_box)
        rule = promises.defect_rule()
        self.defect_days_spin = _spin(1, 90, rule.window.days, " 天内")
        self.defect_customers_spin = _spin(2, 50, rule.min_customers, " 位及以上不同客户")
        defect.addWidget(QLabel("同款同批"))
        defect.addWidget(self.defect_days_spin)
        defect.addWidget(self.defect_customers_spin)
        defect.addWidget(QLabel("反映质量问题"))
        defect.addStretch(1)
        layout.addWidget(defect_box)

        hours_box = QGroupBox("服务时间")
        hours = QFormLayout(hours_box)
        setting = promises.calendar_setting()
        windows_text, days_text = promises.calendar_texts(setting)
        self.windows_edit = QLineEdit(windows_text)
        self.windows_edit.setPlaceholderText("例如 9:00-12:00, 13:30-24:00")
        hours.addRow("每天服务时段：", self.windows_edit)
        days_row = QHBoxLayout()
        self.day_checks: list[QCheckBox] = []
        for number, label in enumerate(WEEKDAY_LABELS):
            check = QCheckBox(label)
            check.setChecked(number in setting.workdays)
            self.day_checks.append(check)
            days_row.addWidget(check)
        days_row.addStretch(1)
        hours.addRow("工作日：", days_row)
        layout.addWidget(hours_box)

        special_box = QGroupBox("节假日与调休上班日")
        special = QVBoxLayout(special_box)
        hint = QLabel(DAYS_HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555")
        special.addWidget(hint)
        self.days_edit = QPlainTextEdit(days_text)
        self.days_edit.setMinimumHeight(150)
        special.addWidget(self.days_edit)
        self.import_button = QPushButton("从文件导入…")
        self.import_button.setToolTip(
            "读入一个 .txt / .csv 文件（每行一天），加到上面的内容后面，保存前可修改"
        )
        self.import_button.clicked.connect(self.import_file)
        special.addWidget(self.import_button)
        layout.addWidget(special_box)

        layout.addWidget(confirm_buttons(self, "保存", self.save))
        self.resize(640, 680)

    def workdays(self) -> list[int]:
        return [n for n, check in enumerate(self.day_checks) if check.isChecked()]

    def import_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "导入节假日和调休", "", "文本文件 (*.txt *.csv);;所有文件 (*)"
        )
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        """Add a file's lines to the box (checked when saving, never saved half)."""
        try:
            text = promises.read_calendar_file(path)
        except KefuError as error:
            show_problem(self, error, "无法导入")
            return
        current = self.days_edit.toPlainText().rstrip()
        self.days_edit.setPlainText((current + "\n" if current else "") + text.strip())

    def save(self) -> bool:
        """Save both settings; on a problem say what is wrong and keep everything typed."""
        try:
            promises.check_calendar(
                self.windows_edit.text(), self.workdays(), self.days_edit.toPlainText()
            )
            promises.set_promise_limits(
                self.user,
                self.reply_spin.value(),
                self.logistics_spin.value(),
                self.checked_spin.value(),
            )
            promises.set_service_calendar(
                self.user, self.windows_edit.text(), self.workdays(), self.days_edit.toPlainText()
            )
            promises.set_defect_rule(
                self.user, self.defect_customers_spin.value(), self.defect_days_spin.value()
            )
        except KefuError as error:
            show_problem(self, error, "无法保存")
            return False
        self.accept()
        return True


def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin
