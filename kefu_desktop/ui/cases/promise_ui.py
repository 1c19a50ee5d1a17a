"""The time promises in the case list and the detail pane: the 时限 column's text and colour,
the 时限 filter, sorting by due time, the first-reply keys and each clock in the detail pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel

from kefu_desktop.domain.clock import format_local, utc_now
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.promise_status import (
    ClockStatus,
    Promise,
    format_left,
    limit_text,
    status_at,
)
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services import cases
from kefu_desktop.services.cases import CaseRow, DueFilter
from kefu_desktop.ui.widgets.errors import show_problem
from kefu_desktop.ui.widgets.long_text import escape_html

if TYPE_CHECKING:
    from kefu_desktop.domain.promises import PromiseClock
    from kefu_desktop.ui.cases.main_window import MainWindow

DUE_TITLE = "时限"
REPAINT_MS = 30_000
"""How often the 时限 column is repainted as time passes (no database read)."""

STATUS_BACKGROUND: dict[ClockStatus, QColor] = {
    ClockStatus.BREACHED: QColor("#ffcdd2"),
    ClockStatus.WARNING: QColor("#ffe0b2"),
}
"""Row backgrounds (a colour is painted as a brush: naming QBrush at start costs its types)."""
STATUS_FOREGROUND: dict[ClockStatus, QColor] = {
    ClockStatus.BREACHED: QColor("#b71c1c"),
    ClockStatus.WARNING: QColor("#8a4b00"),
    ClockStatus.RUNNING: QColor("#1b5e20"),
    ClockStatus.PAUSED: QColor("#757575"),
}
HTML_COLOUR: dict[ClockStatus, str] = {
    ClockStatus.BREACHED: "#b71c1c",
    ClockStatus.WARNING: "#8a4b00",
    ClockStatus.RUNNING: "#1b5e20",
    ClockStatus.PAUSED: "#757575",
    ClockStatus.MET: "#1b5e20",
}


def row_status(row: CaseRow) -> ClockStatus | None:
    """The colour of a list row's nearest promise now (None: no promise runs)."""
    if not row.sla_promise:
        return None
    return status_at(row.sla_due_at, row.sla_warn_at, utc_now())


def due_text(row: CaseRow) -> str:
    """'剩 3分' / '超时 2小时' to the nearest due promise, '已暂停' while paused, else ''."""
    if not row.sla_promise:
        return ""
    if row.sla_due_at is None:
        return "已暂停"
    return format_left(row.sla_due_at - utc_now())


def due_tooltip(row: CaseRow) -> str:
    if not row.sla_promise:
        return ""
    label = Promise(row.sla_promise).label
    if row.sla_due_at is None:
        return f"{label}：等待客户回复，计时已暂停"
    return f"{label}：应于 {format_local(row.sla_due_at)} 前完成"


def clocks_html(clocks: list[PromiseClock]) -> str:
    """Each promise of the case with its due time, time left or outcome, and pauses."""
    if not clocks:
        return ""
    items = []
    for clock in clocks:
        colour = HTML_COLOUR.get(clock.status, "#000")
        if clock.status == ClockStatus.MET:
            state = f"已达标（{format_local(clock.stopped_at)} 完成）"
        elif clock.stopped_at is not None:
            state = "未达标"
        elif clock.status == ClockStatus.PAUSED:
            state = f"已暂停（待客户回复），{format_left(clock.left)}"
        else:
            state = f"{clock.status.label}，{format_left(clock.left)}"
        due = f"　应于 {format_local(clock.due_at)} 前" if clock.due_at else ""
        pauses = "".join(
            f"<br>　暂停 {format_local(p.start)} 至 {format_local(p.end) or '现在'}"
            for p in clock.pauses
        )
        items.append(
            f"<li><b>{escape_html(clock.promise.label)}</b>"
            f"（时限 {limit_text(clock.limit)}）："
            f"<span style='color:{colour}'>{escape_html(state)}</span>{due}{pauses}</li>"
        )
    return "<p><b>时效承诺</b></p><ul style='margin-top:0'>" + "".join(items) + "</ul>"


class PromiseControls:
    """Adds the 时限 filter, sorting by due time, the first-reply keys and the repaint timer to
    the case list window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.by_due = False
        self.sku_batch: tuple[str, str] = ("", "")
        """Style and batch the list is narrowed to (from the dashboard), shown beside the filters."""
        self.sku_label = QLabel(window)
        self.sku_label.setStyleSheet("color:#8a4b00")
        self.sku_label.hide()
        self.combo = QComboBox(window)
        self.combo.setObjectName("dueFilterCombo")
        self.combo.addItem("全部时限", None)
        for due in DueFilter:
            self.combo.addItem(due.label, due.value)
        self.combo.setToolTip("只看即将超时（已用去时限的 80%）或已超时的售后单")
        bar = window.ui.searchLayout
        bar.insertWidget(bar.indexOf(window.ui.attentionCheck), self.combo)
        bar.insertWidget(bar.indexOf(self.combo), self.sku_label)
        self.combo.currentIndexChanged.connect(lambda _i: window.apply_filters())
        header = window.ui.caseTable.horizontalHeader()
        header.sectionClicked.connect(self._header_clicked)
        # read beside the state: right after the key columns
        due_column = window.model.column_of(DUE_TITLE)
        header.moveSection(header.visualIndex(due_column), 4)
        window.ui.caseTable.setColumnWidth(due_column, 96)
        self.timer = QTimer(window, interval=REPAINT_MS)
        self.timer.timeout.connect(self._repaint_list)
        self.timer.start()
        self.reply_now = QAction("记录首次回复（现在）", window)
        self.reply_now.setShortcut(QKeySequence("F2"))
        self.reply_now.triggered.connect(lambda: self.record_first_reply(False))
        self.reply_earlier = QAction("记录首次回复（填写更早的时间）…", window)
        self.reply_earlier.setShortcut(QKeySequence("Shift+F2"))
        self.reply_earlier.triggered.connect(lambda: self.record_first_reply(True))
        self.check_promise = QAction("需核实，已告知客户回复时间", window)
        self.check_promise.triggered.connect(self.record_check_promise)
        self.check_answered = QAction("已答复核实结果", window)
        self.check_answered.triggered.connect(self.record_check_answered)
        allowed = window.user.may_do(Operation.RECORD_FIRST_REPLY)
        for action in (self.reply_now, self.reply_earlier):
            action.setVisible(allowed)
        for action in (self.check_promise, self.check_answered):
            action.setVisible(window.user.may_do(Operation.RECORD_CHECK_PROMISE))
        menu = window.ui.caseMenu
        menu.addSeparator()
        for action in (self.reply_now, self.reply_earlier, self.check_promise, self.check_answered):
            menu.addAction(action)
            window.addAction(action)

    def due_filter(self) -> DueFilter | None:
        value = self.combo.currentData()
        return DueFilter(value) if value else None

    def clear(self) -> None:
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(0)
        self.combo.blockSignals(False)
        self.set_sku_batch("", "")

    def set_sku_batch(self, sku: str, batch: str) -> None:
        """Narrow the list to one style and batch ('' for all); 清除筛选 undoes it."""
        self.sku_batch = (sku, batch)
        self.sku_label.setText(f"款号 {sku} · 批次 {batch}" if sku else "")
        self.sku_label.setVisible(bool(sku))

    def _repaint_list(self) -> None:
        """Repaint the list so its 时限 column counts on (the viewport is looked up only now:
        wrapping it makes PySide6 load the types of every widget class, ~7 ms at start)."""
        self.window.ui.caseTable.viewport().update()

    def _header_clicked(self, section: int) -> None:
        table = self.window.ui.caseTable
        header = table.horizontalHeader()
        if section != self.window.model.column_of(DUE_TITLE):
            return
        self.by_due = not self.by_due
        header.setSortIndicatorShown(self.by_due)
        header.setSortIndicator(section, Qt.SortOrder.AscendingOrder)
        self.window.apply_filters()

    def detail_html(self, case_id: int) -> str:
        """The case's clocks for the detail pane (the clock arithmetic loads with the first
        case shown, not with the list)."""
        from kefu_desktop.services import promises

        try:
            return clocks_html(promises.clocks_of(case_id))
        except KefuError:
            return ""

    def record_first_reply(self, earlier: bool) -> None:
        window = self.window
        current = window.current
        if current is None or current.first_reply_at is not None:
            return
        at = None
        if earlier:
            text, ok = QInputDialog.getText(
                window,
                "记录首次回复",
                f"售后单 {current.case_no}：首次回复客户的时间\n"
                "（年-月-日 时:分，如 2026-11-23 09:30；今天的可只写 时:分）",
            )
            if not ok:
                return
            try:
                at = cases.parse_reply_time(text)
            except KefuError as error:
                show_problem(window, error)
                return
        case_id, version = current.id, current.version
        detail = window._save_case_change(
            case_id, lambda: cases.record_first_reply(window.user, case_id, version, at)
        )
        if detail is not None:
            window._show_case(detail)

    def record_check_promise(self) -> None:
        self._save(cases.record_check_promise)

    def record_check_answered(self) -> None:
        self._save(cases.record_check_answered)

    def _save(self, change: object) -> None:
        window = self.window
        current = window.current
        if current is None or not callable(change):
            return
        case_id, version = current.id, current.version
        detail = window._save_case_change(case_id, lambda: change(window.user, case_id, version))
        if detail is not None:
            window._show_case(detail)


def add_promise_settings_action(window: MainWindow) -> QAction:
    """文件 → 服务时间与时效… for whoever may change office settings (its dialog,
    `promise_settings`, loads when first chosen)."""
    action = QAction("服务时间与时效…", window)
    action.setVisible(window.user.may_do(Operation.OFFICE_SETTINGS))

    def open_dialog() -> None:
        from kefu_desktop.ui.cases.promise_settings import PromiseSettingsDialog

        if PromiseSettingsDialog(window.user, window).exec():
            window.refresh()

    action.triggered.connect(open_dialog)
    window.ui.fileMenu.insertAction(window.ui.actionArchiveRoot, action)
    return action
