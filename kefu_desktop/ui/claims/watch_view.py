"""今日跟进: parcels and courier claims idle for a day, longest idle first, with one click each
for 已查件 / 已联系快递 / 已延长收货时间 (and an optional note)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from kefu_desktop.domain.clock import format_local, utc_now
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.parcel_watch import WatchAction
from kefu_desktop.services import parcel_watch
from kefu_desktop.services.auth import User
from kefu_desktop.services.parcel_watch import WatchRow
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.errors import show_problem

COLUMNS = (
    "售后单号",
    "买家ID",
    "快递公司",
    "运单号",
    "问题",
    "处理人",
    "最后操作",
    "最后操作时间",
    "闲置天数",
)


def tab_title(count: int) -> str:
    return f"今日跟进（{count}）" if count else "今日跟进"


class WatchView(QWidget):
    """The 今日跟进 tab; `count_changed(n)` for the tab title, `case_activated(case_id)`."""

    count_changed = Signal(int)
    case_activated = Signal(int)

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.rows: list[WatchRow] = []
        self._done_message = ""
        intro = QLabel(
            "物流问题和未结清的快递理赔，一天以上没有任何操作的都在这里（闲置最久的在前）。"
            "查件、联系快递或为买家延长收货时间后点对应按钮记录，该单今天就不再出现。"
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemActivated.connect(lambda _item: self._open_case())
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("备注（可不填），例如：物流停在转运中心，快递说明天派送")
        self.action_buttons: dict[WatchAction, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.note_edit, 1)
        for action in WatchAction:
            button = QPushButton(action.label)
            button.clicked.connect(lambda _c=False, a=action: self.record(a))
            self.action_buttons[action] = button
            actions.addWidget(button)
        self.case_button = QPushButton("打开售后单")
        self.case_button.clicked.connect(self._open_case)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        actions.addWidget(self.case_button)
        actions.addWidget(refresh)
        self.status_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status_label)
        self.loader = LatestCall("watch-loader", self)
        self.loader.finished.connect(lambda _key, rows: self._fill(rows))
        self.loader.failed.connect(lambda _key, message: self.status_label.setText(message))
        self.refresh()

    def refresh(self) -> None:
        """Read what is due now, off the UI thread (the list fills in when it is read)."""
        self.status_label.setText("正在读取…")
        user = self.user
        self.loader.request(None, lambda: parcel_watch.list_due(user))

    def _fill(self, rows: list[WatchRow]) -> None:
        self.rows = rows
        self.status_label.setText(self._done_message)
        self._done_message = ""
        now = utc_now()
        self.table.setRowCount(len(self.rows))
        for row, item in enumerate(self.rows):
            values = (
                item.case_no,
                item.customer_id,
                item.courier_name,
                item.waybill_no,
                item.what,
                item.handler_name,
                item.last_action,
                format_local(item.last_action_at),
                str(item.days_idle(now)),
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if column == len(values) - 1:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
        if self.rows:
            self.table.selectRow(0)
        self._enable()
        self.count_changed.emit(len(self.rows))

    def current(self) -> WatchRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def _enable(self) -> None:
        selected = self.current() is not None
        for button in (*self.action_buttons.values(), self.case_button):
            button.setEnabled(selected)

    def record(self, action: WatchAction) -> None:
        """Record what was done about the selected parcel; it leaves today's list."""
        item = self.current()
        if item is None:
            return
        try:
            parcel_watch.record_follow_up(self.user, item.case_id, action, self.note_edit.text())
        except KefuError as error:
            show_problem(self, error, "未记录")
            return
        self.note_edit.clear()
        self._done_message = f"已记录：售后单 {item.case_no} {action.label}。"
        self.refresh()

    def _open_case(self) -> None:
        item = self.current()
        if item is not None:
            self.case_activated.emit(item.case_id)
