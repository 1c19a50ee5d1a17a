"""帮助 → 快捷键: every shortcut of every desk, listed by where it works.

They are collected in `SHORTCUTS` so the list cannot drift from what the windows bind: the
tests compare it with the bindings found in every window (`bindings_in`, `clashes`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

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
    ("主窗口", "Ctrl+4", "新建 物流问题"),
    ("主窗口", "Ctrl+5", "新建 订单变更（撤单/改单）"),
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
    (
        "运单号",
        "Ctrl+V",
        "粘贴运单：自动取出单号（去掉“运单号：”、空格、全角数字等）并选好快递公司",
    ),
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


EVERYWHERE = "全部窗口"
PLACES: dict[str, str] = {
    "EvidencePreview": "照片预览",
    "EvidenceGallery": "照片",
    "CaseWizard": "向导",
    "WarehouseView": "仓库核实",
    "ReturnsView": "退货入库",
    "ApprovalsView": "主管审批",
    "LoginDialog": "登录",
    "MainWindow": "主窗口",
}
"""The place (SHORTCUTS' first column) of a widget class, by name; the innermost one counts."""
_KEY_WORDS = {"回车": "Return", "空格": "Space"}


def places_in_order() -> list[str]:
    """The places of SHORTCUTS in the order they are first listed."""
    return list(dict.fromkeys(where for where, _keys, _what in SHORTCUTS))


def shortcuts_html() -> str:
    """The shortcut list for 帮助 → 快捷键: a heading per place, then its keys and what they do
    (one table, so the keys line up from place to place)."""
    rows = []
    for place in places_in_order():
        rows.append(
            "<tr><td colspan='2'>"
            f"<h3 style='margin:10px 0 2px 0; color:#1f4e79'>{place}</h3></td></tr>"
        )
        rows += [
            f"<tr><td style='padding:2px 18px 2px 12px; white-space:nowrap'><b>{keys}</b></td>"
            f"<td style='padding:2px 0'>{what}</td></tr>"
            for where, keys, what in SHORTCUTS
            if where == place
        ]
    return f"<table cellspacing='0'>{''.join(rows)}</table>"


def listed_keys(place: str) -> set[str]:
    """The key sequences SHORTCUTS lists for `place` and for every window (portable text).

    Entries that are not keys (扫描枪, 数字键 1–9, Ctrl+滚轮) are left out.
    """
    found: set[str] = set()
    for where, keys, _what in SHORTCUTS:
        if where not in (place, EVERYWHERE):
            continue
        for part in keys.split(" / "):
            part = _KEY_WORDS.get(part.strip(), part.strip())
            if not part.isascii():
                continue
            sequence = QKeySequence.fromString(part, QKeySequence.SequenceFormat.PortableText)
            if sequence.count() == 1:
                found.add(sequence.toString(QKeySequence.SequenceFormat.PortableText))
    return found


@dataclass(frozen=True)
class Binding:
    """A key sequence bound in a window by a QShortcut or a QAction."""

    keys: str
    """Portable text, e.g. 'Ctrl+Shift+C'."""
    place: str
    scope: QWidget
    """The widget whose focus (with its children, or the whole window) the binding needs."""
    what: str


def place_of(widget: QWidget) -> str:
    """The SHORTCUTS place a widget belongs to (its window's title when none is named)."""
    current: QWidget | None = widget
    while current is not None:
        for kind in type(current).__mro__:
            if kind.__name__ in PLACES:
                return PLACES[kind.__name__]
        if current.isWindow():
            return current.windowTitle()
        current = current.parentWidget()
    return widget.window().windowTitle()


def bindings_in(window: QWidget) -> list[Binding]:
    """Every key sequence bound by QShortcuts and QActions of `window` itself (not of the
    dialogs it owns), with where each is listed and what it needs focus on.

    A standard key counts by its main sequence (Ctrl+V), not the platform's alternatives
    (Shift+Ins, a keyboard's own Paste key), which the list does not name.
    """
    found: list[Binding] = []
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if (
            not isinstance(owner, QWidget)
            or owner.window() is not window
            or not shortcut.isEnabled()
        ):
            continue
        context = shortcut.context()
        whole = context in (
            Qt.ShortcutContext.WindowShortcut,
            Qt.ShortcutContext.ApplicationShortcut,
        )
        scope = window if whole else owner
        for key in shortcut.keys()[:1]:  # a standard key's platform extras are not listed
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            found.append(Binding(text, place_of(owner), scope, f"QShortcut {owner.objectName()}"))
    actions = {id(a): a for a in [*window.findChildren(QAction), *window.actions()]}
    for action in actions.values():
        owner = action.parent()
        holder = owner if isinstance(owner, QWidget) else window
        if holder.window() is not window or not action.isVisible():
            continue
        for key in action.shortcuts()[:1]:
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            found.append(Binding(text, place_of(holder), window, action.text()))
    return found


def clashes(bindings: list[Binding]) -> list[tuple[Binding, Binding]]:
    """Pairs bound to the same keys where both can be reached at once."""
    pairs = []
    for index, first in enumerate(bindings):
        for second in bindings[index + 1 :]:
            if first.keys != second.keys:
                continue
            if (
                first.scope.isAncestorOf(second.scope)
                or second.scope.isAncestorOf(first.scope)
                or (first.scope is second.scope)
            ):
                pairs.append((first, second))
    return pairs


class ShortcutsDialog(QDialog):
    """帮助 → 快捷键: every shortcut of every desk, grouped by where it works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("快捷键")
        self.text = QTextBrowser()
        self.text.setHtml(shortcuts_html())
        self.text.setMinimumSize(720, 480)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
