"""奖罚评分表: the month's scores per agent, the supervisor's adjustments, rules and sign-off."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.registers import ReportPeriod, month_period
from kefu_desktop.domain.scoring import (
    MAX_ADJUSTMENT,
    MAX_PENALTY,
    MAX_POINTS,
    RULE_LABELS,
    check_adjustment,
)
from kefu_desktop.domain.text import TextKind, clean_text
from kefu_desktop.services import scoring
from kefu_desktop.services.auth import User
from kefu_desktop.services.scoring import MAX_COMMENT_LENGTH, ScoreSheetView
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.widgets.window_layout import size_within_screen

HEADERS = (
    "客服",
    "5分钟回复达标率",
    "物流48小时达标率",
    "回访满意率",
    "中差评",
    "升级主管",
    "计算得分",
    "主管调整",
    "最终得分",
    "调整原因",
)
MONTHS_SHOWN = 12


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class AdjustDialog(QDialog):
    """Points to add or take away from one agent's score, and why."""

    def __init__(self, name: str, current: float, comment: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"调整得分 — {name}")
        form = QFormLayout(self)
        self.points = QDoubleSpinBox(self)
        self.points.setRange(-MAX_ADJUSTMENT, MAX_ADJUSTMENT)
        self.points.setDecimals(1)
        self.points.setValue(current)
        form.addRow("加减分", self.points)
        self.comment = QLineEdit(comment, self)
        self.comment.setPlaceholderText("调整原因（必填）")
        form.addRow("原因", self.comment)
        form.addRow(confirm_buttons(self, "保存", self.accept, QDialogButtonBox.StandardButton.Ok))
        self.resize(420, 0)


class RulesDialog(QDialog):
    """评分规则: the points of each figure (months already signed keep theirs)."""

    def __init__(self, user: User, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.user = user
        self.setWindowTitle("评分规则")
        form = QFormLayout(self)
        current = scoring.get_rules().as_dict()
        self.spins: dict[str, QDoubleSpinBox] = {}
        for name, label in RULE_LABELS.items():
            spin = QDoubleSpinBox(self)
            spin.setRange(0, MAX_PENALTY if name.endswith("penalty") else MAX_POINTS)
            spin.setDecimals(1)
            spin.setValue(current[name])
            form.addRow(label, spin)
            self.spins[name] = spin
        form.addRow(
            QLabel(
                "得分 = 基础分 + 各达标率 × 满分 − 扣分；没有可统计的按达标计。\n已签字的月份不受影响。",
                self,
            )
        )
        form.addRow(confirm_buttons(self, "保存", self.save))

    def save(self) -> None:
        try:
            scoring.set_rules(self.user, {k: s.value() for k, s in self.spins.items()})
        except KefuError as error:
            show_problem(self, error)
            return
        self.accept()


class ScoreSheetDialog(QDialog):
    """The month's score sheet for the supervisor. The month's figures are read off the UI
    thread (a busy month takes a second), and so are adjusting and signing, which read them
    again."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.view: ScoreSheetView | None = None
        self.worker = LatestCall("score-sheet", self)
        self.worker.finished.connect(self._show)
        self.worker.failed.connect(self._failed)
        self.setWindowTitle("奖罚评分表")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("月份", self))
        self.month_combo = QComboBox(self)
        first = date.today().replace(day=1)
        for _ in range(MONTHS_SHOWN):
            first = (first - timedelta(days=1)).replace(day=1)
            self.month_combo.addItem(f"{first.year}年{first.month}月", first)
        this_month = date.today().replace(day=1)
        self.month_combo.insertItem(
            0, f"{this_month.year}年{this_month.month}月（本月）", this_month
        )
        self.month_combo.setCurrentIndex(1)
        self.month_combo.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(self.month_combo)
        self.status_label = QLabel(self)
        top.addWidget(self.status_label, 1)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.adjust())
        layout.addWidget(self.table, 3)
        layout.addWidget(QLabel("记录", self))
        self.history = QListWidget(self)
        layout.addWidget(self.history, 1)
        buttons = QHBoxLayout()
        self.adjust_button = QPushButton("调整得分…", self)
        self.adjust_button.clicked.connect(self.adjust)
        self.rules_button = QPushButton("评分规则…", self)
        self.rules_button.clicked.connect(self.edit_rules)
        self.sign_button = QPushButton("签字确认", self)
        self.sign_button.setToolTip("确认本月评分；签字后锁定，不能再调整")
        self.sign_button.clicked.connect(self.sign)
        for button in (self.adjust_button, self.rules_button, self.sign_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        size_within_screen(self, 1150, 620)
        self.reload()

    def period(self) -> ReportPeriod:
        return month_period(self.month_combo.currentData())

    def _busy(self, text: str) -> None:
        self.status_label.setText(text)
        self.adjust_button.setEnabled(False)
        self.sign_button.setEnabled(False)

    def reload(self) -> None:
        """Read the month's sheet again (off the UI thread)."""
        period, user = self.period(), self.user
        self._busy("正在计算本月得分……")
        self.worker.request(period, lambda: scoring.score_sheet(user, period))

    def _failed(self, period: ReportPeriod, message: str) -> None:
        if period == self.period():
            QMessageBox.warning(self, "无法完成操作", message)
            self.reload()

    def _show(self, period: ReportPeriod, view: ScoreSheetView) -> None:
        if period != self.period():
            return  # the user picked another month meanwhile
        self.view = view
        if view.signed:
            self.status_label.setText(
                f"已由 {view.signed_by} 在 {format_local(view.signed_at)} 签字确认，已锁定。"
            )
        else:
            self.status_label.setText("未签字：可调整得分，确认无误后签字。")
        self.table.setRowCount(len(view.rows))
        for row, line in enumerate(view.rows):
            values = (
                line.name,
                _percent(line.reply_rate),
                _percent(line.logistics_rate),
                _percent(line.satisfaction_rate),
                str(line.bad_reviews),
                str(line.escalations),
                f"{line.computed:.1f}",
                f"{line.adjustment:+.1f}" if line.adjustment else "",
                f"{line.final:.1f}",
                line.comment,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if view.rows:
            self.table.selectRow(0)
        self.history.clear()
        for entry in view.history:
            self.history.addItem(f"{format_local(entry.at)}　{entry.by}　{entry.what}")
        self.adjust_button.setEnabled(not view.signed and bool(view.rows))
        self.sign_button.setEnabled(not view.signed and bool(view.rows))

    def adjust(self) -> None:
        row = self.table.currentRow()
        if self.view is None or self.view.signed or not 0 <= row < len(self.view.rows):
            return
        line = self.view.rows[row]
        dialog = AdjustDialog(line.name, line.adjustment, line.comment, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            points = dialog.points.value()
            try:  # checked here first, so a refused entry reopens with what was typed
                comment = clean_text(
                    dialog.comment.text(), TextKind.TEXT, "调整原因", "comment", MAX_COMMENT_LENGTH
                )
                check_adjustment(points, comment)
            except KefuError as error:
                show_problem(self, error)
                continue
            self._save_adjustment(line.name, points, comment)
            return

    def _save_adjustment(self, name: str, points: float, comment: str) -> None:
        period, user = self.period(), self.user
        self._busy("正在保存调整……")
        self.worker.request(
            period, lambda: scoring.adjust_score(user, period, name, points, comment)
        )

    def edit_rules(self) -> None:
        if RulesDialog(self.user, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def sign(self) -> None:
        answer = QMessageBox.question(
            self,
            "签字确认",
            f"确认 {self.month_combo.currentText()} 的奖罚评分表？签字后锁定，不能再调整。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        period, user = self.period(), self.user
        self._busy("正在签字……")
        self.worker.request(period, lambda: scoring.sign_off(user, period))
