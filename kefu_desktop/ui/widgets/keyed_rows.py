"""Table models whose rows have an id: a reload updates the model in place (keyed diff).

Rows that went away are removed, new rows inserted, changed rows repainted and moved rows
moved, so a view keeps its selection, current row and scroll position, and a reload where
nothing changed costs one comparison per row and no repaint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from kefu_desktop.ui.widgets.window_layout import USER_LAYOUT

_Index = QModelIndex | QPersistentModelIndex


class HasId(Protocol):
    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT", bound=HasId)


class KeyedRowsModel(QAbstractTableModel, Generic[RowT]):
    """Rows with an `id`; `replace_rows` applies a new list as a keyed diff."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[RowT] = []
        self._row_of: dict[int, int] = {}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def row_of_id(self, row_id: int) -> int | None:
        """The row showing `row_id`, or None."""
        return self._row_of.get(row_id)

    def loaded_rows(self) -> list[RowT]:
        return list(self._rows)

    def _reindex(self) -> None:
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}

    def shows_start_of(self, rows: Sequence[RowT]) -> bool:
        """Whether the rows shown are the first rows of `rows`, unchanged (then the rest of
        `rows` can simply be appended)."""
        shown = len(self._rows)
        return shown <= len(rows) and all(a == b for a, b in zip(self._rows, rows, strict=False))

    def append_rows(self, rows: Sequence[RowT]) -> None:
        """Add `rows` (ids not shown yet) after the last row."""
        self._append_rows(rows)

    def _append_rows(self, rows: Sequence[RowT]) -> None:
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        for offset, row in enumerate(rows):
            self._row_of[row.id] = start + offset
        self.endInsertRows()

    def replace_rows(self, rows: Sequence[RowT]) -> bool:
        """Show `rows` (ids unique), changing only what differs; True if the ids and their
        order were already the same (then at most some rows' contents changed)."""
        new_ids = [r.id for r in rows]
        if new_ids == [r.id for r in self._rows]:
            self._update_changed(rows)
            return True
        wanted = set(new_ids)
        self._remove_missing(wanted)
        self._reorder_kept(new_ids)
        self._insert_new(rows)
        self._update_changed(rows)
        return False

    def _remove_missing(self, wanted: set[int]) -> None:
        row = len(self._rows) - 1
        while row >= 0:
            if self._rows[row].id in wanted:
                row -= 1
                continue
            last = row
            while row >= 0 and self._rows[row].id not in wanted:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row + 1, last)
            del self._rows[row + 1 : last + 1]
            self.endRemoveRows()
        self._reindex()

    def _reorder_kept(self, new_ids: list[int]) -> None:
        kept_order = [i for i in new_ids if i in self._row_of]
        if kept_order == [r.id for r in self._rows]:
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.id for r in self._rows]
        by_id = {r.id: r for r in self._rows}
        self._rows = [by_id[i] for i in kept_order]
        self._reindex()
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(self._row_of[old_ids[index.row()]], index.column())
            if 0 <= index.row() < len(old_ids)
            else QModelIndex()
            for index in old_indexes
        ]
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    def _insert_new(self, rows: Sequence[RowT]) -> None:
        position = 0
        while position < len(rows):
            if position < len(self._rows) and self._rows[position].id == rows[position].id:
                position += 1
                continue
            end = position
            while end < len(rows) and rows[end].id not in self._row_of:
                end += 1
            self.beginInsertRows(QModelIndex(), position, end - 1)
            self._rows[position:position] = rows[position:end]
            self.endInsertRows()
            for key in (r.id for r in rows[position:end]):
                self._row_of[key] = -1
            position = end
        self._reindex()

    def _update_changed(self, rows: Sequence[RowT]) -> None:
        last_column = self.columnCount() - 1
        row = 0
        while row < len(rows):
            if rows[row] == self._rows[row]:
                row += 1
                continue
            first = row
            while row < len(rows) and rows[row] != self._rows[row]:
                self._rows[row] = rows[row]
                row += 1
            self.dataChanged.emit(self.index(first, 0), self.index(row - 1, last_column))

    def touch_column(self, column: int) -> None:
        """Repaint one column (texts that depend on the time, such as waiting times)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))


@dataclass(frozen=True)
class Column(Generic[RowT]):
    """A column of a `KeyedTableModel`: its title, its text and (optionally) its tooltip."""

    title: str
    text: Callable[[RowT], str]
    tooltip: Callable[[RowT], str] | None = None


class KeyedTableModel(KeyedRowsModel[RowT]):
    """A keyed table with the columns given; the row's id is its `UserRole`."""

    def __init__(self, columns: Sequence[Column[RowT]]) -> None:
        super().__init__()
        self.columns = tuple(columns)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


FIT_ROWS = 30
"""Column widths are fitted to this many rows (the first screenful), never to every row."""
FIT_PADDING_PX = 18
FIT_MAX_PX = 320


def attach_queue(table: QTableView, model: QAbstractTableModel, stretch_column: int) -> None:
    """Show a queue model in `table`: no row numbers, columns fitted once to the first rows
    (`fit_columns`), `stretch_column` taking the remaining width."""
    table.setModel(model)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)


def fit_columns(table: QTableView) -> None:
    """Fit the columns to their titles and the first rows' texts, measured directly (the
    view's own fitting asks the model for every role of every cell it measures).

    Columns the user laid out before (restored by `remember_columns`) stay as they are.
    """
    if table.horizontalHeader().property(USER_LAYOUT):
        return
    model = table.model()
    metrics = table.fontMetrics()
    header_metrics = table.horizontalHeader().fontMetrics()
    rows = min(model.rowCount(), FIT_ROWS)
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = header_metrics.horizontalAdvance(title)
        for row in range(rows):
            text = model.index(row, column).data()
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)))
        table.setColumnWidth(column, min(width + FIT_PADDING_PX, FIT_MAX_PX))
