"""登记表: browse each register (查件, 补发, 客户维权 …) as a filterable, lazily paged list."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QHeaderView, QListWidgetItem, QWidget

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.registers import Register
from kefu_desktop.domain.returns import ReturnProgress
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.states import CaseState
from kefu_desktop.services import auth
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import PAGE_SIZE
from kefu_desktop.services.registers import (
    RegisterFilter,
    RegisterRow,
    list_register,
    register_counts,
)
from kefu_desktop.ui.cases.case_table_model import PagedTableModel
from kefu_desktop.ui.generated.ui_registers_view import Ui_RegistersView
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.keyboard import tab_leaves
from kefu_desktop.ui.widgets.remembered_filters import RememberedFilters
from kefu_desktop.ui.widgets.window_layout import layout_settings, remember_columns

SEARCH_DELAY_MS = 300

COLUMNS: tuple[tuple[str, Callable[[RegisterRow], str]], ...] = (
    ("售后单号", lambda r: r.case_no),
    ("登记时间", lambda r: format_local(r.created_at)),
    ("买家ID", lambda r: r.customer_id),
    ("订单号", lambda r: r.order_no),
    ("运单号", lambda r: r.waybill_no),
    ("快递", lambda r: r.courier_name),
    ("类型", lambda r: r.kind.label),
    ("问题细类", lambda r: r.sub_kind.label if r.sub_kind else ""),
    ("处理结果", lambda r: r.resolution_label),
    ("状态", lambda r: r.state.label),
    ("处理人", lambda r: r.handler_name),
    ("退款(元)", lambda r: format_yuan(r.refund_fen) if r.refund_fen else ""),
    ("赔偿/补偿(元)", lambda r: format_yuan(r.compensation_fen) if r.compensation_fen else ""),
    ("邮费(元)", lambda r: format_yuan(r.postage_fen) if r.postage_fen else ""),
    # What actually came back (退货 register only; a return still expected counts nothing).
    ("退回状态", lambda r: r.goods.progress.label if r.goods else ""),
    ("收到件数", lambda r: _received(r, str(r.goods.received) if r.goods else "")),
    ("收货状况", lambda r: _received(r, r.goods.condition_text if r.goods else "")),
    ("处理方式", lambda r: _received(r, r.goods.disposition_text if r.goods else "")),
    (
        "入库时间",
        lambda r: format_local(r.goods.received_at) if r.goods and r.goods.received_at else "",
    ),
)
MONEY_COLUMNS = frozenset({11, 12, 13})
GOODS_COLUMNS = range(14, 19)


def _received(row: RegisterRow, text: str) -> str:
    """`text` only when the row's goods were received (a return still expected shows none)."""
    received = row.goods is not None and row.goods.progress == ReturnProgress.RECEIVED
    return text if received else ""


_Index = QModelIndex | QPersistentModelIndex
Loader = Callable[[int | None, int], list[RegisterRow]]


class RegisterTableModel(PagedTableModel[RegisterRow]):
    """Register rows, fetched a page at a time as the view scrolls (the case list's paging)."""

    def __init__(self, loader: Loader, page_size: int = PAGE_SIZE) -> None:
        super().__init__(loader, page_size)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


DateRange = tuple[date | None, date | None]


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RegistersView(QWidget):
    """Pick a register on the left; its cases, narrowed by the filters, on the right."""

    case_activated = Signal(int)
    """A case was double-clicked (its id): the main window shows it."""
    export_requested = Signal()

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RegistersView()
        self.ui.setupUi(self)
        self.user = user
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.counts: dict[Register, int] | None = None
        self._counted_dates: DateRange | None = None
        self.counter = LatestCall("register-counts", self)
        self.counter.finished.connect(self._show_counts)
        self.counter.failed.connect(self._count_failed)
        self.rows_call = LatestCall("register-rows", self)
        self.rows_call.finished.connect(self._show_rows)
        self.rows_call.failed.connect(self._rows_failed)
        self.model = RegisterTableModel(lambda _before, _limit: [])
        self.ui.table.setModel(self.model)
        self.ui.table.verticalHeader().hide()
        self.ui.table.verticalHeader().setDefaultSectionSize(26)
        header = self.ui.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(
            (136, 120, 128, 150, 130, 76, 70, 100, 96, 76, 64, 76, 90, 70, 76, 64, 150, 140, 120)
        ):
            self.ui.table.setColumnWidth(column, width)
        tab_leaves(self.ui.table)
        settings = layout_settings(user.login)
        remember_columns(header, settings, "registers")
        for register in Register:
            item = QListWidgetItem(register.label)
            item.setData(Qt.ItemDataRole.UserRole, register.value)
            self.ui.registerList.addItem(item)
        self.ui.handlerCombo.addItem("全部处理人", None)
        for person in auth.list_staff():
            self.ui.handlerCombo.addItem(person.display_name, person.id)
        self.ui.stateCombo.addItem("全部状态", None)
        for state in CaseState:
            if state != CaseState.CANCELLED:
                self.ui.stateCombo.addItem(state.label, state.value)
        today = QDate.currentDate()
        self.ui.fromDate.setDate(today.addDays(1 - today.day()))
        self.ui.toDate.setDate(today)
        self.ui.exportButton.setVisible(user.may_do(Operation.EXPORT_WORKBOOK))
        self.ui.exportButton.clicked.connect(self.export_requested)
        self.ui.registerList.setCurrentRow(0)
        self.remembered_filters = (
            RememberedFilters(settings, "registers")
            .list_row("register", self.ui.registerList)
            .combo("handler", self.ui.handlerCombo)
            .combo("state", self.ui.stateCombo)
            .check("dated", self.ui.dateCheck)
            .date_range("dates", self.ui.fromDate, self.ui.toDate)
        )
        self.remembered_filters.restore()  # the register and month this user last looked at
        self.ui.fromDate.setEnabled(self.ui.dateCheck.isChecked())
        self.ui.toDate.setEnabled(self.ui.dateCheck.isChecked())
        self.ui.registerList.currentRowChanged.connect(lambda _row: self.apply_filters())
        self.ui.searchEdit.textEdited.connect(lambda _text: self._search_timer.start())
        self.ui.searchEdit.returnPressed.connect(self.apply_filters)
        self.ui.dateCheck.toggled.connect(self._date_toggled)
        for date_edit in (self.ui.fromDate, self.ui.toDate):
            date_edit.dateChanged.connect(self.apply_filters)
        for combo in (self.ui.handlerCombo, self.ui.stateCombo):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.ui.table.doubleClicked.connect(self._activated)
        self.apply_filters()

    def _activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < self.model.rowCount():
            self.case_activated.emit(self.model.row_at(index.row()).id)

    def current_register(self) -> Register:
        item = self.ui.registerList.currentItem()
        return Register(item.data(Qt.ItemDataRole.UserRole)) if item else Register.TRACKING

    def select_register(self, register: Register) -> None:
        self.ui.registerList.setCurrentRow(list(Register).index(register))

    def current_filter(self) -> RegisterFilter:
        dated = self.ui.dateCheck.isChecked()
        state = self.ui.stateCombo.currentData()
        return RegisterFilter(
            register=self.current_register(),
            date_from=_to_date(self.ui.fromDate.date()) if dated else None,
            date_to=_to_date(self.ui.toDate.date()) if dated else None,
            text=self.ui.searchEdit.text().strip(),
            handler_id=self.ui.handlerCombo.currentData(),
            state=CaseState(state) if state else None,
        )

    def _date_toggled(self, enabled: bool) -> None:
        self.ui.fromDate.setEnabled(enabled)
        self.ui.toDate.setEnabled(enabled)
        self.apply_filters()

    def refresh(self) -> None:
        """Count the registers again (colleagues may have added cases) and reload the list."""
        self._counted_dates = None
        self.apply_filters()

    def apply_filters(self) -> None:
        """Show the list for the current filters: its first page is read off the UI thread;
        the per-register counts are recounted (also off the UI thread, once the rows are
        shown: the rows come first) when the dates change, the figures shown staying until the
        new ones arrive."""
        flt = self.current_filter()
        self.remembered_filters.save()
        for column in GOODS_COLUMNS:  # what came back is the 退货 register's own
            self.ui.table.setColumnHidden(column, flt.register != Register.RETURN)

        def loader(before: int | None, limit: int) -> list[RegisterRow]:
            return list_register(self.user, flt, before_id=before, limit=limit)

        page_size = self.model.page_size
        self.model.show_first_page(lambda _before, _limit: [], [])
        dates = (flt.date_from, flt.date_to)
        recount: Callable[[], None] | None = None
        if dates != self._counted_dates:
            self._counted_dates = dates
            recount = functools.partial(self._recount, dates)
        self.rows_call.request((flt, loader), lambda: loader(None, page_size), recount)
        self._show_count_label()

    def _recount(self, dates: DateRange) -> None:
        self.counter.request(dates, functools.partial(register_counts, self.user, *dates))
        self._show_count_label()

    def _show_rows(self, key: tuple[RegisterFilter, Loader], rows: list[RegisterRow]) -> None:
        flt, loader = key
        if flt == self.current_filter():
            self.model.show_first_page(loader, rows)
            self._show_count_label()

    def _rows_failed(self, _key: object, message: str) -> None:
        self._counted_dates = None  # not counted: try again with the next change of filter
        self.ui.countLabel.setText(message)

    def _show_counts(self, dates: DateRange, counts: dict[Register, int]) -> None:
        if dates != self._counted_dates:
            return
        self.counts = counts
        for row, register in enumerate(Register):
            self.ui.registerList.item(row).setText(f"{register.label}（{counts[register]}）")
        self._show_count_label()

    def _count_failed(self, _key: object, message: str) -> None:
        self._counted_dates = None  # try again with the next change of filter
        self.ui.countLabel.setText(message)

    def _show_count_label(self) -> None:
        flt = self.current_filter()
        if self.rows_call.busy:
            self.ui.countLabel.setText(f"{flt.register.label}：正在读取……")
            return
        if self.counts is None or self.counter.busy:
            text = f"{flt.register.label}：正在统计……"
        else:
            text = f"{flt.register.label}：共 {self.counts[flt.register]} 条"
        if flt.text or flt.handler_id or flt.state:
            more = "+" if self.model.canFetchMore(QModelIndex()) else ""
            text += f"，符合筛选 {self.model.rowCount()}{more} 条"
        self.ui.countLabel.setText(text)

    def wait_idle(self) -> None:
        """Wait until the rows and figures being read are shown (tests, closing)."""
        while self.rows_call.busy or self.counter.busy:
            self.rows_call.wait()
            self.counter.wait()
