"""我的待办: the follow-ups due and the cases needing me, with one-click follow-up results."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.care import Satisfaction, SkipReason
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.services import follow_ups
from kefu_desktop.services.auth import User
from kefu_desktop.services.follow_ups import TodoItem, TodoKind
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons
from kefu_desktop.ui.widgets.errors import show_problem

HEADERS = ("待办", "应办日期", "售后单号", "买家ID", "售后类型", "事项")


class SkipDialog(QDialog):
    """Why this case gets no follow-up visit."""

    def __init__(self, case_no: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"不回访 — {case_no}")
        form = QFormLayout(self)
        self.reason_combo = QComboBox(self)
        for reason in SkipReason:
            self.reason_combo.addItem(reason.label, reason.value)
        form.addRow("原因", self.reason_combo)
        self.remark_edit = QLineEdit(self)
        form.addRow("备注", self.remark_edit)
        form.addRow(confirm_buttons(self, "确定", self.accept, QDialogButtonBox.StandardButton.Ok))

    def reason(self) -> SkipReason:
        return SkipReason(self.reason_combo.currentData())


class TodoView(QWidget):
    """The tab 我的待办 of the main window."""

    case_activated = Signal(int)
    changed = Signal()
    """A follow-up was recorded (the case list may show a reopened case)."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.items: list[TodoItem] = []
        layout = QVBoxLayout(self)
        self.count_label = QLabel(self)
        layout.addWidget(self.count_label)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda row, _c: self._open(row))
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)

        record = QHBoxLayout()
        record.addWidget(QLabel("回访备注", self))
        self.remark_edit = QLineEdit(self)
        self.remark_edit.setPlaceholderText("客户说了什么（不满意时必填，处理人据此重新处理）")
        record.addWidget(self.remark_edit, 1)
        layout.addLayout(record)
        buttons = QHBoxLayout()
        self.result_buttons: dict[str, QPushButton] = {}
        for key, text in (
            (Satisfaction.SATISFIED, "满意"),
            (Satisfaction.NEUTRAL, "一般"),
            (Satisfaction.UNSATISFIED, "不满意（重新处理）"),
            ("not_reached", "未联系上"),
            ("skip", "不回访…"),
        ):
            button = QPushButton(text, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, k=key: self._record(k))
            buttons.addWidget(button)
            self.result_buttons[key] = button
        buttons.addStretch(1)
        self.open_button = QPushButton("打开售后单", self)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        buttons.addWidget(self.open_button)
        refresh = QPushButton("刷新", self)
        refresh.clicked.connect(self.refresh)
        buttons.addWidget(refresh)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.items = follow_ups.my_todo(self.user)
        except KefuError as error:
            show_problem(self, error)
            return
        due = sum(1 for i in self.items if i.kind == TodoKind.FOLLOW_UP)
        self.count_label.setText(
            f"今天要回访 {due} 个客户，{len(self.items) - due} 个售后单需要你关注。"
            "选中一行，点结果即记录；双击打开售后单。"
        )
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            values = (
                item.kind_label,
                f"{item.due_on:%Y-%m-%d}",
                item.case_no,
                item.customer_id,
                item.case_kind.label,
                item.what,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, column, cell)
        if self.items:
            self.table.selectRow(0)
        self._selection_changed()

    def current_item(self) -> TodoItem | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selection_changed(self) -> None:
        item = self.current_item()
        follow_up = item is not None and item.kind == TodoKind.FOLLOW_UP
        for button in self.result_buttons.values():
            button.setEnabled(follow_up)
        self.open_button.setEnabled(item is not None)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.case_activated.emit(self.items[row].case_id)

    def _record(self, key: str) -> None:
        item = self.current_item()
        if item is None or item.kind != TodoKind.FOLLOW_UP:
            return
        remark = self.remark_edit.text()
        try:
            if key == "skip":
                dialog = SkipDialog(item.case_no, self)
                dialog.remark_edit.setText(remark)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
                follow_ups.skip_follow_up(
                    self.user,
                    item.case_id,
                    dialog.reason(),
                    dialog.remark_edit.text(),
                    item.resolved_at,
                )
            elif key == "not_reached":
                follow_ups.record_follow_up(
                    self.user, item.case_id, False, None, remark, item.resolved_at
                )
            else:
                follow_ups.record_follow_up(
                    self.user, item.case_id, True, Satisfaction(key), remark, item.resolved_at
                )
        except KefuError as error:
            show_problem(self, error)  # the remark stays typed
            return
        self.remark_edit.clear()
        row = self.table.currentRow()
        self.refresh()
        if self.items:
            self.table.selectRow(min(row, len(self.items) - 1))
        self.changed.emit()
