"""Warehouse desk: scale-line parsing and reading a product sheet, against plain baselines."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook

from benchmarks.common import best_of, result, scratch_dir
from kefu_desktop.domain.scale import ScaleDecoder, ScaleReading
from kefu_desktop.services.products import read_product_sheet

TF0_FRAME = (
    b"\x02+0012343" + b"%02X" % (0x2B ^ 0x30 ^ 0x30 ^ 0x31 ^ 0x32 ^ 0x33 ^ 0x34 ^ 0x33) + b"\x03"
)
"""A Yaohua XK3190 tf=0 frame (1.234 kg), as a continuous-mode indicator repeats it."""
SAMPLE = b"US,GS,+  1.198kg\r\nST,GS,+  1.234kg\r\nST,NT,+0001.234 kg\r\n\xff\xfegarbage\r\n"


def _parse_stream(data: bytes) -> int:
    decoder = ScaleDecoder()
    found = 0
    for start in range(0, len(data), 64):  # the port delivers small chunks
        for item in decoder.feed(data[start : start + 64]):
            if isinstance(item, ScaleReading):
                found += 1
    return found


def _split_only(data: bytes) -> int:
    return len(data.splitlines())


def run(quick: bool) -> Iterable[dict[str, Any]]:
    lines = 2_000 if quick else 50_000
    data = SAMPLE * (lines // 4)
    parse = best_of(3, lambda: _parse_stream(data))
    split = best_of(3, lambda: _split_only(data))
    yield result(
        "scale_lines_per_s",
        lines / parse,
        "lines/s",
        baseline=lines / split,
        target="a scale sends ~10 lines/s; anything above 10k lines/s is ample",
    )
    frames_data = TF0_FRAME * lines
    frames = best_of(3, lambda: _parse_stream(frames_data))
    assert _parse_stream(frames_data) == lines
    yield result(
        "xk3190_tf0_frames_per_s",
        lines / frames,
        "frames/s",
        baseline=lines / parse,
        target="an XK3190 sends up to ~50 frames/s; above 10k frames/s is ample (baseline: ST lines)",
    )

    rows = 500 if quick else 10_000
    path = scratch_dir("warehouse") / f"products-{rows}.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["款号", "品名", "单件重量(g)"])
    for i in range(rows):
        sheet.append([f"SKU{i:06d}", f"商品{i}", 100 + i % 900])
    book.save(path)

    def raw_read() -> int:
        wb = load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
        return count

    ours = best_of(3, lambda: read_product_sheet(path))
    raw = best_of(3, raw_read)
    yield result(
        "product_sheet_read_s",
        ours,
        "s",
        baseline=raw,
        rows=rows,
        target="10k rows in well under 2 s, off the UI thread",
    )
    yield from run_queue(quick)


def _queue_table(rows: int) -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QHeaderView, QTableWidget

    _app = QApplication.instance() or QApplication([])
    table = QTableWidget()
    table.setColumnCount(9)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    table.resize(1300, 500)
    table.show()
    return table


def _fill(table: Any, rows: int) -> None:
    from PySide6.QtWidgets import QApplication, QTableWidgetItem

    table.setRowCount(rows)
    for row in range(rows):
        for column in range(9):
            table.setItem(row, column, QTableWidgetItem(f"SF14{row:011d}-{column}"))
    QApplication.processEvents()  # the desk lays the table out, as after every reload


@dataclass(frozen=True)
class _QueueRow:
    id: int
    texts: tuple[str, ...]


def run_queue(quick: bool) -> Iterable[dict[str, Any]]:
    """Reloading the warehouse queue: the keyed model changing every row in place, against
    refilling a QTableWidget whose columns are sized to contents (re-measured per cell)."""
    from PySide6.QtWidgets import QTableView

    from kefu_desktop.ui.widgets.keyed_rows import Column, KeyedTableModel, attach_queue

    rows = 60 if quick else 150  # the baseline grows with the square of the rows
    table = _queue_table(rows)
    _fill(table, rows)  # shown and laid out once, as on the desk
    columns = [Column(f"列{c}", lambda r, c=c: r.texts[c]) for c in range(9)]
    model: KeyedTableModel[_QueueRow] = KeyedTableModel(columns)
    view = QTableView()
    attach_queue(view, model, stretch_column=5)
    view.resize(1300, 500)
    view.show()
    generation = [0]

    def reload_in_place() -> None:
        generation[0] += 1
        model.replace_rows(
            [
                _QueueRow(r, tuple(f"SF14{r:011d}-{c}-{generation[0]}" for c in range(9)))
                for r in range(rows)
            ]
        )
        _process_events()

    reload_in_place()
    ours = best_of(3, reload_in_place)
    plain = best_of(1, lambda: _fill(table, rows))
    yield result(
        "warehouse_queue_reload_s",
        ours,
        "s",
        baseline=plain,
        target=f"{rows} pending checks reloaded well under 0.1 s (baseline: resize per cell)",
        rows=rows,
    )


def _process_events() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
