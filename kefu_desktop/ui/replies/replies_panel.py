"""The 话术 panel beside the case: search the shop's replies, see one filled in for the case
shown, copy it with one click or Ctrl+Shift+C."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.replies import missing_variables
from kefu_desktop.services import replies
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import CaseDetail
from kefu_desktop.services.replies import ReplyView
from kefu_desktop.ui.widgets.keyboard import tab_leaves

SEARCH_DELAY_MS = 150


class RepliesPanel(QWidget):
    """Search box, the replies found, the chosen one filled in, and 复制."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.detail: CaseDetail | None = None
        self._replies: list[ReplyView] = []
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索话术（如 运费、好评、发票）")
        self.search_edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        tab_leaves(self.list)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setMaximumHeight(150)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #b3261e;")
        self.copy_button = QPushButton("复制话术（Ctrl+Shift+C）")
        self.copy_button.setToolTip("复制后粘贴到千牛/旺旺聊天窗口")
        self.copied_label = QLabel()
        self.copied_label.setStyleSheet("color: #1b7f3b;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel("<b>话术</b>（双击或 Ctrl+Shift+C 复制）")
        layout.addWidget(title)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.preview)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.copied_label)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search_edit.textEdited.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.reload)
        self.list.currentRowChanged.connect(lambda _row: self._show_selected())
        self.list.itemActivated.connect(lambda _item: self.copy_selected())
        self.copy_button.clicked.connect(self.copy_selected)
        self.reload()

    def reload(self) -> None:
        """Search again with what the box holds; the choice stays when it is still found."""
        chosen = self.selected()
        try:
            self._replies = replies.list_replies(self.user, self.search_edit.text())
        except KefuError as error:
            self.missing_label.setText(str(error))
            return
        self.list.blockSignals(True)
        self.list.clear()
        for reply in self._replies:
            item = QListWidgetItem(reply.title)
            item.setToolTip(f"{reply.topic_label}：{reply.body}")
            self.list.addItem(item)
        ids = [r.id for r in self._replies]
        row = ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0
        self.list.setCurrentRow(row if ids else -1)
        self.list.blockSignals(False)
        self._show_selected()

    def set_case(self, detail: CaseDetail | None) -> None:
        """Fill the replies for this case (customer, waybill, courier, amount); nothing to do
        when it is the one shown already (each read of a case is a new `CaseDetail`)."""
        if detail is self.detail:
            return
        self.detail = detail
        self._show_selected()

    def selected(self) -> ReplyView | None:
        row = self.list.currentRow()
        return self._replies[row] if 0 <= row < len(self._replies) else None

    def filled_text(self) -> str:
        """The chosen reply as it will be pasted ('' when none is chosen)."""
        reply = self.selected()
        if reply is None:
            return ""
        return replies.filled(reply, replies.reply_values(self.user, self.detail))

    def _show_selected(self) -> None:
        text = self.filled_text()
        self.preview.setPlainText(text)
        missing = missing_variables(text)
        self.missing_label.setText(f"发送前请补上：{'、'.join(missing)}" if missing else "")
        self.copy_button.setEnabled(bool(text))
        self.copied_label.clear()

    def copy_selected(self) -> bool:
        """Put the chosen reply, filled in, on the clipboard."""
        text = self.filled_text()
        if not text:
            self.copied_label.setText("没有找到话术，请换个词搜索。")
            return False
        QGuiApplication.clipboard().setText(text)
        self.copied_label.setText("已复制，可粘贴到聊天窗口。")
        return True

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
