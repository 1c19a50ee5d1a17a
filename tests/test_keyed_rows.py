"""Keyed table models: a reload changes rows in place, so the view keeps selection and scroll."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from kefu_desktop.ui.widgets.keyed_rows import Column, KeyedTableModel, attach_queue

pytestmark = pytest.mark.gui


@dataclass(frozen=True)
class Item:
    id: int
    text: str


COLUMNS = (Column("编号", lambda i: str(i.id)), Column("内容", lambda i: i.text))


def items(ids: range | list[int], text: str = "x") -> list[Item]:
    return [Item(i, f"{text}{i}") for i in ids]


def table(qtbot: QtBot, rows: list[Item]) -> tuple[QTableView, KeyedTableModel[Item]]:
    model: KeyedTableModel[Item] = KeyedTableModel(COLUMNS)
    view = QTableView()
    qtbot.addWidget(view)
    attach_queue(view, model, stretch_column=1)
    view.resize(400, 300)
    view.show()
    model.replace_rows(rows)
    return view, model


def texts(model: KeyedTableModel[Item]) -> list[str]:
    return [model.index(r, 1).data() for r in range(model.rowCount())]


def selected_id(view: QTableView, model: KeyedTableModel[Item]) -> int:
    rows = view.selectionModel().selectedRows()
    assert len(rows) == 1
    return model.row_at(rows[0].row()).id


class Signals:
    def __init__(self, model: KeyedTableModel[Item]) -> None:
        self.seen: list[str] = []
        for name in (
            "modelReset",
            "rowsInserted",
            "rowsRemoved",
            "dataChanged",
            "layoutChanged",
        ):
            getattr(model, name).connect(lambda *_a, n=name: self.seen.append(n))


def test_reload_inserts_removes_changes_and_keeps_the_selected_row(qtbot: QtBot) -> None:
    view, model = table(qtbot, items(range(1, 11)))
    view.selectRow(model.row_of_id(5) or 0)
    signals = Signals(model)
    new = [Item(0, "x0"), *items([1, 2, 4]), Item(5, "改过"), *items([6, 7, 12, 8, 9, 10, 13])]
    same = model.replace_rows(new)
    assert not same
    assert texts(model) == [i.text for i in new]
    assert selected_id(view, model) == 5
    assert "modelReset" not in signals.seen
    assert {"rowsInserted", "rowsRemoved", "dataChanged"} <= set(signals.seen)
    assert model.row_of_id(12) == 7 and model.row_of_id(3) is None


def test_reordered_rows_keep_the_selection_on_the_same_item(qtbot: QtBot) -> None:
    view, model = table(qtbot, items(range(1, 6)))
    view.selectRow(1)  # id 2
    signals = Signals(model)
    model.replace_rows(items([5, 4, 3, 2, 1]))
    assert texts(model) == ["x5", "x4", "x3", "x2", "x1"]
    assert selected_id(view, model) == 2
    assert view.currentIndex().row() == 3
    assert "modelReset" not in signals.seen and "layoutChanged" in signals.seen


def test_reload_with_nothing_changed_emits_nothing(qtbot: QtBot) -> None:
    _view, model = table(qtbot, items(range(500)))
    signals = Signals(model)
    assert model.replace_rows(items(range(500)))
    assert signals.seen == []


def test_scroll_position_stays_when_rows_arrive_at_the_end(qtbot: QtBot) -> None:
    view, model = table(qtbot, items(range(500)))
    view.selectRow(250)
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 200)
    view.verticalScrollBar().setValue(200)
    position = view.verticalScrollBar().value()
    model.replace_rows(items(range(600)))
    assert view.verticalScrollBar().value() == position
    assert selected_id(view, model) == 250


def test_emptied_and_refilled(qtbot: QtBot) -> None:
    _view, model = table(qtbot, items(range(3)))
    model.replace_rows([])
    assert model.rowCount() == 0 and model.row_of_id(1) is None
    model.replace_rows(items([7, 8]))
    assert texts(model) == ["x7", "x8"]
    assert model.index(1, 0).data() == "8"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.rowCount(QModelIndex()) == 2


def test_rows_shown_first_are_recognised_as_the_start_of_a_longer_list(qtbot: QtBot) -> None:
    view, model = table(qtbot, items(range(1, 4)))
    view.selectRow(1)
    assert model.shows_start_of(items(range(1, 10)))
    assert not model.shows_start_of(items([1, 3, 4, 5]))  # one went away
    assert not model.shows_start_of(items(range(1, 10), "changed"))  # one changed
    assert not model.shows_start_of(items(range(1, 3)))  # shorter
    model.append_rows(items(range(4, 7)))
    assert [model.row_at(r).id for r in range(model.rowCount())] == [1, 2, 3, 4, 5, 6]
    assert model.row_of_id(6) == 5
    assert view.selectionModel().isRowSelected(1)
