"""客户档案: everything about one customer, opened from a case, the intake or a search."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.care import BlockReason, CustomerMarkKind
from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services import customers
from kefu_desktop.services.auth import User
from kefu_desktop.services.customers import CustomerProfile
from kefu_desktop.services.evidence import archive_root
from kefu_desktop.ui.widgets.dialog_buttons import confirm_buttons
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.widgets.window_layout import size_within_screen

BLOCKED_STYLE = "color: #c62828; font-weight: bold;"
REGULAR_STYLE = "color: #2e7d32; font-weight: bold;"
CASE_HEADERS = (
    "售后单号",
    "类型",
    "状态",
    "登记时间",
    "订单号",
    "款号",
    "处理结果",
    "发放金额",
    "旗帜 / 订单备注",
    "处理人",
    "照片",
)


def _item(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class MarkDialog(QDialog):
    """Asks the reason (for the blocklist) and a remark for a customer mark."""

    def __init__(self, kind: CustomerMarkKind, platform_id: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(f"标为{kind.label} — {platform_id}")
        form = QFormLayout(self)
        self.reason_combo = QComboBox(self)
        for reason in BlockReason:
            self.reason_combo.addItem(reason.label, reason.value)
        if kind == CustomerMarkKind.BLOCKED:
            form.addRow("原因", self.reason_combo)
        else:
            self.reason_combo.hide()
        self.remark_edit = QPlainTextEdit(self)
        self.remark_edit.setPlaceholderText(
            "例如：三次签收后说少件，仓库称重都相符"
            if kind == CustomerMarkKind.BLOCKED
            else "例如：老客户，每季都来买，从不挑剔"
        )
        self.remark_edit.setFixedHeight(90)
        form.addRow("备注", self.remark_edit)
        self.problem_label = QLabel(self)
        self.problem_label.setStyleSheet(BLOCKED_STYLE)
        self.problem_label.setWordWrap(True)
        form.addRow(self.problem_label)
        form.addRow(confirm_buttons(self, "保存", self.accept, QDialogButtonBox.StandardButton.Ok))
        self.resize(420, 0)

    def reason(self) -> BlockReason | None:
        if self.kind != CustomerMarkKind.BLOCKED:
            return None
        return BlockReason(self.reason_combo.currentData())

    def remark(self) -> str:
        return self.remark_edit.toPlainText()


class CustomerProfileDialog(QDialog):
    """客户档案 of one customer: cases, photos, money, marks, first and last contact."""

    case_activated = Signal(int)
    """A case of the profile was double-clicked (its id)."""

    def __init__(self, user: User, platform_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.platform_id = platform_id
        self.profile: CustomerProfile | None = None
        self.setWindowTitle(f"客户档案 — {platform_id}")
        layout = QVBoxLayout(self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary_label)
        self.marks_label = QLabel(self)
        self.marks_label.setWordWrap(True)
        self.marks_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.marks_label)

        self.tabs = QTabWidget(self)
        self.case_table = QTableWidget(0, len(CASE_HEADERS), self)
        self.case_table.setHorizontalHeaderLabels(CASE_HEADERS)
        self.case_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.case_table.verticalHeader().setVisible(False)
        self.case_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.case_table.horizontalHeader().setStretchLastSection(True)
        self.case_table.cellDoubleClicked.connect(self._case_double_clicked)
        self.tabs.addTab(self.case_table, "售后单")
        self.photo_table = QTableWidget(0, 3, self)
        self.photo_table.setHorizontalHeaderLabels(("售后单号", "添加时间", "照片文件"))
        self.photo_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.photo_table.verticalHeader().setVisible(False)
        self.photo_table.horizontalHeader().setStretchLastSection(True)
        self.photo_table.cellDoubleClicked.connect(self._open_photo)
        self.tabs.addTab(self.photo_table, "照片")
        self.mark_table = QTableWidget(0, 4, self)
        self.mark_table.setHorizontalHeaderLabels(
            ("标记", "标记人 / 时间", "状态", "撤销人 / 时间")
        )
        self.mark_table.verticalHeader().setVisible(False)
        self.mark_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.mark_table, "标记记录")
        layout.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        self.block_button = QPushButton("加入黑名单…", self)
        self.block_button.clicked.connect(lambda: self._mark(CustomerMarkKind.BLOCKED))
        self.unblock_button = QPushButton("移出黑名单", self)
        self.unblock_button.clicked.connect(lambda: self._unmark(CustomerMarkKind.BLOCKED))
        self.regular_button = QPushButton("标为回头客…", self)
        self.regular_button.clicked.connect(lambda: self._mark(CustomerMarkKind.REGULAR))
        self.unregular_button = QPushButton("取消回头客", self)
        self.unregular_button.clicked.connect(lambda: self._unmark(CustomerMarkKind.REGULAR))
        for button in (
            self.block_button,
            self.unblock_button,
            self.regular_button,
            self.unregular_button,
        ):
            button.setAutoDefault(False)
            button.setVisible(user.may_do(Operation.MARK_CUSTOMER))
            actions.addWidget(button)
        actions.addStretch(1)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.accept)
        actions.addWidget(close)
        layout.addLayout(actions)
        size_within_screen(self, 1100, 640)
        self.reload()

    def reload(self) -> bool:
        """Read the profile again; False (and the problem shown) when it cannot be read."""
        try:
            profile = customers.customer_profile(self.user, self.platform_id)
        except KefuError as error:
            show_problem(self, error)
            return False
        self.profile = profile
        self._fill(profile)
        return True

    def _fill(self, p: CustomerProfile) -> None:
        repeat = f"<span style='{BLOCKED_STYLE}'>多次售后</span>　" if p.repeat_returner else ""
        self.summary_label.setText(
            f"<b style='font-size:14pt'>{_html(p.platform_id)}</b>　{repeat}"
            f"售后单 {len(p.cases)} 个（{p.window_days} 天内 {p.recent_cases} 个）　"
            f"照片 {len(p.photos)} 张　已发放 ¥{format_yuan(p.paid_fen)}"
            f"（退款 ¥{format_yuan(p.refund_fen)}，补偿 ¥{format_yuan(p.compensation_fen)}）<br>"
            f"首次联系 {format_local(p.first_contact) or '—'}　"
            f"最近联系 {format_local(p.last_contact) or '—'}"
        )
        shown = []
        for mark in p.active_marks:
            style = BLOCKED_STYLE if mark.kind == CustomerMarkKind.BLOCKED else REGULAR_STYLE
            shown.append(
                f"<span style='{style}'>{_html(mark.text)}</span>"
                f"<span style='color:#757575'>（{_html(mark.marked_by)} "
                f"{format_local(mark.marked_at)}）</span>"
            )
        self.marks_label.setText("　".join(shown) or "<span style='color:#757575'>无标记</span>")
        active = {m.kind for m in p.active_marks}
        self.unblock_button.setEnabled(CustomerMarkKind.BLOCKED in active)
        self.unregular_button.setEnabled(CustomerMarkKind.REGULAR in active)

        table = self.case_table
        table.setRowCount(len(p.cases))
        for row, case in enumerate(p.cases):
            flag = OrderFlag(case.note_flag)
            note = " ".join(
                part for part in (flag.label if flag else "", case.note_text.splitlines()[0]
                                  if case.note_text else "") if part
            )  # fmt: skip
            values = (
                case.case_no,
                case.kind.label,
                case.state.label,
                format_local(case.created_at),
                case.order_no,
                case.sku,
                case.resolution,
                f"¥{format_yuan(case.paid_fen)}" if case.paid_fen else "",
                note,
                case.handler_name,
                str(case.photos) if case.photos else "",
            )
            for column, value in enumerate(values):
                table.setItem(row, column, _item(value, case.id))
        photos = self.photo_table
        photos.setRowCount(len(p.photos))
        for row, photo in enumerate(p.photos):
            photos.setItem(row, 0, _item(photo.case_no))
            photos.setItem(row, 1, _item(format_local(photo.added_at)))
            photos.setItem(row, 2, _item(photo.rel_path, photo.rel_path))
        marks = self.mark_table
        marks.setRowCount(len(p.marks))
        for row, mark in enumerate(p.marks):
            marks.setItem(row, 0, _item(mark.text))
            marks.setItem(row, 1, _item(f"{mark.marked_by} {format_local(mark.marked_at)}"))
            marks.setItem(row, 2, _item("有效" if mark.active else "已撤销"))
            removed = (
                f"{mark.removed_by} {format_local(mark.removed_at)}" if mark.removed_at else ""
            )
            marks.setItem(row, 3, _item(removed))

    def _case_double_clicked(self, row: int, _column: int) -> None:
        item = self.case_table.item(row, 0)
        if item is not None:
            self.case_activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _open_photo(self, row: int, _column: int) -> None:
        item = self.photo_table.item(row, 2)
        if item is not None:
            path = Path(archive_root()) / str(item.data(Qt.ItemDataRole.UserRole))
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _mark(self, kind: CustomerMarkKind) -> None:
        dialog = MarkDialog(kind, self.platform_id, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                customers.mark_customer(
                    self.user, self.platform_id, kind, dialog.reason(), dialog.remark()
                )
            except KefuError as error:
                dialog.problem_label.setText(str(error))  # what was typed stays in the dialog
                continue
            self.reload()
            return

    def _unmark(self, kind: CustomerMarkKind) -> None:
        try:
            customers.unmark_customer(self.user, self.platform_id, kind)
        except KefuError as error:
            show_problem(self, error)
        self.reload()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
