"""Keyboard habits shared by every desk: Tab leaves lists and text boxes, Enter presses buttons.

The shortcuts listed under 帮助 → 快捷键 are collected in `SHORTCUTS` so the list cannot drift
from what the windows bind.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    # (where, keys, what)
    (
        "全部窗口",
        "Tab / Shift+Tab",
        "按屏幕顺序移到下一个 / 上一个输入框或按钮；列表和多行文本框也用 Tab 离开",
    ),
    ("全部窗口", "Ctrl+Tab", "在多行文本框里输入制表符"),
    ("全部窗口", "回车", "当前页面的下一步（下一步、登录、导出），从不删除、放弃或驳回"),
    ("全部窗口", "空格", "按下有焦点的按钮，勾选有焦点的选项"),
    ("全部窗口", "Esc", "关闭对话框，不保存"),
    (
        "全部窗口",
        "Ctrl+S",
        "保存当前表单：向导（保存草稿，结果页保存售后单）、更改状态、员工账号、导出月度报表",
    ),
    ("全部窗口", "F1", "本快捷键列表"),
    ("登录", "回车", "在登录名里按回车到密码；在密码里按回车登录"),
    ("主窗口", "Ctrl+N", "新建售后单（先选择售后类型，可按数字键）"),
    ("主窗口", "Ctrl+1 / Ctrl+2 / Ctrl+3", "新建 发错货 / 破包 / 质量问题"),
    ("主窗口", "Ctrl+5", "新建 订单变更（撤单/改单）"),
    ("主窗口", "Ctrl+4", "新建 物流问题"),
    ("主窗口", "Ctrl+L", "打开快递理赔"),
    ("主窗口", "Ctrl+T", "打开今日跟进（查件、联系快递、延长收货时间）"),
    ("主窗口", "Ctrl+F", "搜索售后单（买家ID、订单号、运单号、售后单号）"),
    ("主窗口", "Ctrl+Shift+C", "复制话术面板里选中的话术（已填入买家ID、运单号等）"),
    ("主窗口", "F5", "刷新列表"),
    ("主窗口", "F2 / Shift+F2", "记录所选售后单的首次回复：现在 / 填写更早的回复时间"),
    ("主窗口", "Ctrl+R", "打开登记表"),
    ("主窗口", "Ctrl+E", "导出月度报表"),
    ("主窗口", "Ctrl+K", "客户档案（输入买家ID）"),
    ("主窗口", "Ctrl+D", "我的待办（到期的回访、需要关注的售后单）"),
    ("主窗口", "Ctrl+,", "设置（本机的数据文件夹、数据库、电子秤；管理员的办公室设置）"),
    ("主窗口", "Ctrl+Q", "退出"),
    ("向导", "数字键 1–9", "在问题页选择对应编号的选项"),
    ("向导", "回车", "下一步（照片页也是下一步；添加照片请按空格）"),
    ("向导", "Alt+B / Alt+N / Alt+S", "上一步 / 下一步 / 保存售后单"),
    ("照片", "Ctrl+V", "粘贴截图作为证据照片"),
    ("照片", "空格", "预览选中的照片"),
    ("照片预览", "Ctrl++ / Ctrl+- / Ctrl+滚轮", "放大 / 缩小"),
    ("仓库核实", "扫描枪 / 回车", "在任何位置扫描运单即打开该核实；重量栏回车到所见情况"),
    (
        "退货入库",
        "扫描枪 / 回车",
        "在任何位置扫描退货面单即打开待退回的售后单；多单匹配时在列表中选",
    ),
    ("主管审批", "Tab", "列表 → 金额 → 意见 → 驳回 → 批准；处理后自动打开下一条请求"),
    ("主管审批", "回车", "金额栏回车到意见；按钮上回车即按下该按钮"),
)


def shortcuts_html() -> str:
    """The shortcut list as an HTML table for 帮助 → 快捷键."""
    rows = "".join(
        f"<tr><td style='padding:2px 10px 2px 0;color:#555'>{where}</td>"
        f"<td style='padding:2px 10px 2px 0'><b>{keys}</b></td><td>{what}</td></tr>"
        for where, keys, what in SHORTCUTS
    )
    return f"<table>{rows}</table>"


class ShortcutsDialog(QDialog):
    """帮助 → 快捷键: every shortcut of every desk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("快捷键")
        text = QTextBrowser()
        text.setHtml(shortcuts_html())
        text.setMinimumSize(620, 420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)


class _CtrlTabTypesTab(QObject):
    """Ctrl+Tab types a tab character in a multi-line box whose Tab moves focus on."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit | QTextEdit)
        ):
            watched.insertPlainText("\t")
            return True
        return False


class _EnterMovesOn(QObject):
    def __init__(self, target: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.target.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False


def enter_moves_on(*fields: QWidget) -> None:
    """Enter in each field but the last moves to the next one instead of pressing the dialog's
    default button (which Enter in the last field still does)."""
    for field, following in pairwise(fields):
        field.installEventFilter(_EnterMovesOn(following, field))


def tab_moves_on(*boxes: QPlainTextEdit | QTextEdit) -> None:
    """Tab and Shift+Tab leave the multi-line boxes; Ctrl+Tab types a tab in them."""
    for box in boxes:
        box.setTabChangesFocus(True)
        ctrl_tab = _CtrlTabTypesTab(box)
        box.installEventFilter(ctrl_tab)


def tab_moves_on_within(root: QWidget) -> None:
    """`tab_moves_on` for every editable multi-line box inside `root`."""
    for box in root.findChildren(QPlainTextEdit) + root.findChildren(QTextEdit):
        if not box.isReadOnly() and not box.tabChangesFocus():
            tab_moves_on(box)


def tab_leaves_within(root: QWidget) -> None:
    """`tab_leaves` for every list and table inside `root`."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def save_shortcut(window: QWidget, save: Callable[[], object]) -> QShortcut:
    """Ctrl+S in `window` (and its children) calls `save`."""
    shortcut = QShortcut(QKeySequence.StandardKey.Save, window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(save)
    return shortcut


def tab_leaves(*views: QAbstractItemView) -> None:
    """Tab moves from the list to the next widget instead of from cell to cell."""
    for view in views:
        view.setTabKeyNavigation(False)


def enter_presses(*buttons: QAbstractButton) -> None:
    """Enter (and Return) presses the focused button, as Space does."""
    for button in buttons:
        if isinstance(button, QPushButton):
            button.setAutoDefault(True)


def chain_tab_order(*widgets: QWidget) -> None:
    """Tab visits `widgets` in this order (the order they are on screen)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
