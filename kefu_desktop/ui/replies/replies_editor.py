"""编辑话术 (supervisors): the library's replies, the shop's name for {店铺}, add, change, remove."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.errors import KefuError, StaleRecord
from kefu_desktop.domain.replies import ReplyTopic, ReplyVariable
from kefu_desktop.services import replies
from kefu_desktop.services.auth import User
from kefu_desktop.services.replies import ReplyView
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.widgets.keyboard import save_shortcut, tab_leaves

VARIABLES_HINT = "可用变量：" + " ".join(f"{{{v.value}}}" for v in ReplyVariable)


class RepliesEditor(QDialog):
    """The supervisor's editor of the shop's replies."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.setWindowTitle("编辑话术")
        self._replies: list[ReplyView] = []
        self.current: ReplyView | None = None
        self.shop_edit = QLineEdit(replies.shop_name())
        self.shop_edit.setPlaceholderText("例如：暖暖服饰旗舰店（填入 {店铺}）")
        self.shop_button = QPushButton("保存店铺名称")
        self.list = QListWidget()
        tab_leaves(self.list)
        self.topic_combo = QComboBox()
        for topic in ReplyTopic:
            self.topic_combo.addItem(topic.label, topic.value)
        self.title_edit = QLineEdit()
        self.body_edit = QPlainTextEdit()
        self.body_edit.setTabChangesFocus(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setWordWrap(True)
        self.new_button = QPushButton("新增话术")
        self.save_button = QPushButton("保存(&S)")
        self.delete_button = QPushButton("删除")
        self.close_button = QPushButton("关闭")

        shop = QHBoxLayout()
        shop.addWidget(QLabel("店铺名称"))
        shop.addWidget(self.shop_edit, 1)
        shop.addWidget(self.shop_button)
        form = QFormLayout()
        form.addRow("类别", self.topic_combo)
        form.addRow("标题", self.title_edit)
        form.addRow("内容", self.body_edit)
        hint = QLabel(VARIABLES_HINT + "；没有值的变量复制时显示为【待填：…】。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616161;")
        form.addRow("", hint)
        form.addRow("", self.problem)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        right = QVBoxLayout()
        right.addLayout(form, 1)
        right.addLayout(buttons)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 2)
        middle.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(shop)
        layout.addLayout(middle, 1)

        self.list.currentRowChanged.connect(self._show)
        self.shop_button.clicked.connect(self.save_shop_name)
        self.new_button.clicked.connect(self.new_reply)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.close_button.clicked.connect(self.reject)
        save_shortcut(self, self.save)
        self.resize(900, 560)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self._replies = replies.list_replies(self.user)
        self.list.blockSignals(True)
        self.list.clear()
        for reply in self._replies:
            self.list.addItem(f"【{reply.topic_label}】{reply.title}")
        self.list.blockSignals(False)
        ids = [r.id for r in self._replies]
        self.list.setCurrentRow(ids.index(select_id) if select_id in ids else 0)
        if not ids:
            self.new_reply()

    def _show(self, row: int) -> None:
        self.current = self._replies[row] if 0 <= row < len(self._replies) else None
        self.problem.clear()
        if self.current is None:
            return
        self.topic_combo.setCurrentIndex(self.topic_combo.findData(self.current.topic))
        self.title_edit.setText(self.current.title)
        self.body_edit.setPlainText(self.current.body)

    def new_reply(self) -> None:
        """Empty the form for a reply to add (saved at the end of the list)."""
        self.current = None
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.title_edit.clear()
        self.body_edit.clear()
        self.problem.clear()
        self.title_edit.setFocus()

    def save(self) -> bool:
        """Save the form (a new reply or the chosen one); problems beside it, typing kept."""
        current = self.current
        try:
            saved = replies.save_reply(
                self.user,
                current.id if current else None,
                str(self.topic_combo.currentData()),
                self.title_edit.text(),
                self.body_edit.toPlainText(),
                current.version if current else None,
            )
        except StaleRecord as error:
            show_problem(self, error)
            return False
        except KefuError as error:
            self.problem.setText(str(error))
            return False
        self.reload(saved.id)
        self.problem.setText("已保存。")
        return True

    def delete(self) -> None:
        current = self.current
        if current is None:
            return
        answer = QMessageBox.question(self, "删除话术", f"删除话术「{current.title}」？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            replies.delete_reply(self.user, current.id, current.version)
        except KefuError as error:
            show_problem(self, error)
        self.reload()

    def save_shop_name(self) -> None:
        try:
            self.shop_edit.setText(replies.set_shop_name(self.user, self.shop_edit.text()))
        except KefuError as error:
            self.problem.setText(str(error))
            return
        self.problem.setText("店铺名称已保存。")
