"""每日巡查: the supervisor's daily look at refunds, disputes and broken promises, oldest first,
with 提醒处理人 (highlight the case for its agent, recorded in its history)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services import watch
from kefu_desktop.services.auth import User
from kefu_desktop.services.watch import WatchRow
from kefu_desktop.ui.cases.promise_ui import due_text
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.widgets.keyboard import tab_leaves

if TYPE_CHECKING:
    from kefu_desktop.ui.cases.main_window import MainWindow

TAB_TITLE = "每日巡查"
HEADERS = ("售后单号", "买家ID", "类型", "状态", "处理人", "客户首次咨询", "原因", "时限", "提醒")
OVERDUE_BRUSH = QBrush(QColor("#ffcdd2"))


def tab_title(count: int) -> str:
    return f"{TAB_TITLE}（{count}）" if count else TAB_TITLE


class WatchView(QWidget):
    """Open cases in 退款中 / 维权中 and cases past a promise, oldest first."""

    open_case = Signal(int)
    count_changed = Signal(int)

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.rows: list[WatchRow] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status = QLabel("正在读取……")
        bar.addWidget(self.status, 1)
        self.remind_button = QPushButton("提醒处理人…")
        self.remind_button.setToolTip("在处理人的列表里高亮这张单，并记入处理记录")
        self.remind_button.clicked.connect(self.remind_selected)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.reload)
        bar.addWidget(self.remind_button)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
        tab_leaves(self.table)
        layout.addWidget(self.table)
        self.loader = LatestCall("daily-watch", self)
        self.loader.finished.connect(lambda _key, rows: self.show_rows(rows))
        self.loader.failed.connect(lambda _key, message: self.status.setText(message))

    def reload(self) -> None:
        """Read the watch list again, off the UI thread."""
        self.status.setText("正在读取……")
        self.loader.request(None, lambda: watch.daily_watch(self.user))

    def show_rows(self, rows: list[WatchRow]) -> None:
        self.rows = rows
        table = self.table
        table.setRowCount(len(rows))
        for number, item in enumerate(rows):
            case = item.case
            values = (
                case.case_no,
                case.customer_id,
                case.kind.label,
                case.state.label,
                case.handler_name or "（无）",
                format_local(item.asked_at),
                "、".join(item.reasons),
                due_text(case),
                "已提醒" if case.attention.startswith(watch.REMINDER_PREFIX) else "",
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if "已超时" in item.reasons:
                    cell.setBackground(OVERDUE_BRUSH)
                if column == 8 and case.attention:
                    cell.setToolTip(case.attention)
                table.setItem(number, column, cell)
        overdue = sum("已超时" in r.reasons for r in rows)
        self.status.setText(
            f"未结束的退款中、维权中及已超时售后单 {len(rows)} 件（其中已超时 {overdue} 件），最早的在上面。"
            if rows
            else "今天没有需要巡查的售后单。"
        )
        self.count_changed.emit(len(rows))

    def selected(self) -> WatchRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def remind_selected(self) -> None:
        item = self.selected()
        if item is None:
            self.status.setText("请先在列表中选择一张售后单。")
            return
        note, ok = QInputDialog.getText(
            self,
            "提醒处理人",
            f"提醒 {item.case.handler_name or '处理人'} 及时处理 {item.case.case_no}。\n"
            "提醒内容（可不填，默认“请及时处理”）：",
        )
        if not ok:
            return
        self.remind(item.case.id, note)

    def remind(self, case_id: int, note: str) -> bool:
        try:
            watch.remind_handler(self.user, case_id, note)
        except KefuError as error:
            show_problem(self, error)
            return False
        self.reload()
        return True

    def _double_clicked(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_case.emit(item.case.id)


def add_watch_tab(window: MainWindow) -> WatchView | None:
    """The 每日巡查 tab for those who may see it; double-click opens the case in the list."""
    if not window.user.may_do(Operation.DAILY_WATCH):
        return None
    view = WatchView(window.user, parent=window)
    tabs = window.view_tabs
    tabs.addTab(view, TAB_TITLE)
    view.count_changed.connect(lambda n: tabs.setTabText(tabs.indexOf(view), tab_title(n)))

    def open_case(case_id: int) -> None:
        tabs.setCurrentIndex(tabs.indexOf(window.ui.casesPage))
        window.select_case(case_id)

    view.open_case.connect(open_case)
    view.reload()
    return view
