"""The case list as a table model that loads page by page as the user scrolls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.couriers import courier_name
from kefu_desktop.domain.flags import OrderFlag
from kefu_desktop.services.cases import PAGE_SIZE, CaseRow
from kefu_desktop.ui.cases.promise_ui import (
    DUE_TITLE,
    STATUS_BACKGROUND,
    STATUS_FOREGROUND,
    due_text,
    due_tooltip,
    row_status,
)
from kefu_desktop.ui.widgets.keyed_rows import KeyedRowsModel, RowT

PageLoader = Callable[[int | None, int], list[CaseRow]]
"""Given the id of the last row loaded (None for the first page) and a size, the next rows."""

COLUMNS: tuple[tuple[str, Callable[[CaseRow], str]], ...] = (
    ("售后单号", lambda r: r.case_no),
    ("类型", lambda r: r.kind.label),
    ("问题细类", lambda r: r.sub_kind.label if r.sub_kind else ""),
    ("状态", lambda r: r.state.label),
    ("买家ID", lambda r: r.customer_id),
    ("订单号", lambda r: r.order_no),
    ("运单号", lambda r: r.waybill_no),
    (
        "快递",
        lambda r: courier_name(r.courier),
    ),
    ("处理人", lambda r: r.handler_name),
    ("受理时间", lambda r: format_local(r.created_at)),
    ("时限", due_text),
    ("旗帜", lambda r: r.note_flag.label if r.note_flag else ""),
)
FLAG_COLUMN = [title for title, _value in COLUMNS].index("旗帜")

ATTENTION_COLOUR = QColor("#fff3c4")
WAITING_COLOUR = QColor("#8d6e00")

_Index = QModelIndex | QPersistentModelIndex


def flag_icon(flag: OrderFlag, size: int = 12) -> QIcon:
    """A square of the flag's colour, as the seller workbench shows it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(flag.colour))
    painter.setPen(QColor(flag.colour).darker(130))
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 2, 2)
    painter.end()
    return QIcon(pixmap)


class PagedTableModel(KeyedRowsModel[RowT]):
    """Rows come from a loader a page at a time; more are fetched as the view scrolls near the end.

    Subclasses say how rows look (columns, header, data); rows need an `id` (newest first).
    """

    def __init__(self, loader: Callable[[int | None, int], list[RowT]], page_size: int) -> None:
        super().__init__()
        self._loader = loader
        self._page_size = page_size
        self._exhausted = False

    @property
    def page_size(self) -> int:
        return self._page_size

    def set_loader(self, loader: Callable[[int | None, int], list[RowT]]) -> None:
        """Replace what the list shows (new search or filters) and load its first page.

        The first page is loaded before the list is cleared: if loading fails (the database
        cannot be reached), the error goes to the caller and the list still shows its rows.
        """
        self.show_first_page(loader, loader(None, self._page_size))

    def show_first_page(
        self, loader: Callable[[int | None, int], list[RowT]], rows: list[RowT]
    ) -> None:
        """Show `rows`, the first page `loader` gave (read elsewhere, e.g. off the UI thread)."""
        self.beginResetModel()
        self._loader = loader
        self._rows = list(rows)
        self._reindex()
        self._exhausted = len(rows) < self._page_size
        self.endResetModel()

    def reload(self) -> None:
        """Load the list again from the first page."""
        self.set_loader(self._loader)

    def refresh_rows(self) -> bool:
        """Read again, in one query, as many rows as are loaded (at least a page).

        Rows that went away are removed, new ones inserted and changed ones repainted, so the
        view keeps selection and scroll. Returns whether the ids and their order were the same.
        """
        count = max(len(self._rows), self._page_size)
        rows = self._loader(None, count)
        same = self.replace_rows(rows)
        self._exhausted = len(rows) < count
        return same

    def row_of_case(self, case_id: int) -> int | None:
        """The row showing `case_id`, among those loaded."""
        return self.row_of_id(case_id)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        before = self._rows[-1].id if self._rows else None
        try:
            rows = self._loader(before, self._page_size)
        except Exception:
            self._exhausted = True  # the view must not ask again and again; a reload resets it
            raise
        if len(rows) < self._page_size:
            self._exhausted = True
        self._append_rows(rows)


class CaseTableModel(PagedTableModel[CaseRow]):
    """The case list: a `PageLoader`'s rows, waiting states and cases needing attention marked."""

    def __init__(self, loader: PageLoader, page_size: int = PAGE_SIZE) -> None:
        super().__init__(loader, page_size)
        self._bold = QFont()
        self._bold.setBold(True)
        self._due_column = self.column_of(DUE_TITLE)
        self._flag_icons: dict[OrderFlag, QIcon] = {}

    @staticmethod
    def column_of(title: str) -> int:
        """The model column headed `title` (views may show it elsewhere)."""
        return [t for t, _value in COLUMNS].index(title)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if index.column() == self._due_column and role in _DUE_ROLES:
            return self._due_data(row, role)
        if role == Qt.ItemDataRole.BackgroundRole and row.attention:
            return ATTENTION_COLOUR
        if role == Qt.ItemDataRole.FontRole and row.attention:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and row.state.is_waiting:
            return WAITING_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and row.attention:
            return row.attention
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if index.column() == FLAG_COLUMN and row.note_flag:
            if role == Qt.ItemDataRole.DecorationRole:
                icon = self._flag_icons.get(row.note_flag)
                if icon is None:
                    icon = self._flag_icons[row.note_flag] = flag_icon(row.note_flag)
                return icon
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(row.note_flag.colour).darker(115)
        return None

    @staticmethod
    def _due_data(row: CaseRow, role: int) -> Any:
        """The 时限 cell: red when a promise is broken, amber within its last 20 %."""
        if role == Qt.ItemDataRole.ToolTipRole:
            return due_tooltip(row) or None
        status = row_status(row)
        if status is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return STATUS_BACKGROUND.get(status)
        return STATUS_FOREGROUND.get(status)


_DUE_ROLES = (
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
)
