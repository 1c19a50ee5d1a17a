"""The supervisor's desk: the queue of approval requests, a request's details, the decision."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QWidget

from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError, StaleRecord, ValidationError
from kefu_desktop.domain.money import AGENT_COMPENSATION_LIMIT_FEN, format_yuan, parse_yuan
from kefu_desktop.services import approvals, cases
from kefu_desktop.services.approvals import (
    ESCALATION_DECISIONS,
    Decision,
    RequestKind,
    RequestView,
)
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import CaseDetail
from kefu_desktop.ui.generated.ui_approvals_view import Ui_ApprovalsView
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.errors import offer_reload
from kefu_desktop.ui.widgets.keyboard import (
    chain_tab_order,
    enter_presses,
    tab_leaves,
    tab_moves_on,
)
from kefu_desktop.ui.widgets.keyed_rows import Column, KeyedTableModel, attach_queue, fit_columns
from kefu_desktop.ui.widgets.long_text import (
    LongTextReveal,
    clipped_html,
    escape_html,
    more_key,
)
from kefu_desktop.ui.widgets.window_layout import (
    layout_settings,
    remember_columns,
    remember_splitter,
)

log = logging.getLogger("kefu.ui.approvals")

QUEUE_COLUMNS: tuple[Column[RequestView], ...] = (
    Column("售后单号", lambda r: r.case_no),
    Column("买家ID", lambda r: r.customer_id),
    Column("类型", lambda r: r.kind_label),
    Column("金额", lambda r: r.amount_text or "—"),
    Column("售后类型", lambda r: r.case_kind_label),
    Column("申请人", lambda r: r.requested_by_name or "—"),
    Column("等待时长", lambda r: r.age(), lambda r: f"申请于 {format_local(r.requested_at)}"),
    Column("理由", lambda r: r.reason, lambda r: r.reason),
)
AGE_COLUMN = 6
QUEUE_LIMIT = 5000
"""The most requests the queue shows (oldest first)."""
TAB_TITLE = "主管审批"
AGE_INTERVAL_MS = 60_000
"""How often the waiting times are rewritten (no database work: colleagues' new requests
arrive by the live change notices)."""

PROBLEM_STYLE = "color: #b3261e;"
LIMIT_STYLE = "color: #555;"
OVER_STYLE = "color: #b3261e; font-weight: bold;"
INFO_STYLE = "padding: 6px; border-radius: 4px; background: #e8f1fb; color: #0b3d91;"
ERROR_STYLE = (
    "padding: 6px; border-radius: 4px; background: #fdecea; color: #b3261e; font-weight: bold;"
)


FIRST_ROWS = 100
"""How many requests the queue shows first when it opens; the rest are read next."""
APPEND_ROWS = 500
"""The most rows added to the queue in one event-loop turn while the rest of it comes in."""
FIRST_READ = "first"
REST_AFTER_MS = 60
"""The rest of a long queue is read once the first rows are on screen: a read running while
the table paints makes the two take turns at the interpreter, and the window stutters."""


def _read_queue(user: User, limit: int = QUEUE_LIMIT) -> tuple[list[RequestView], int]:
    """The pending requests the queue shows (the oldest `limit`), and how many wait in all."""
    requests = approvals.list_pending(user, limit)
    pending = len(requests) if len(requests) < limit else approvals.pending_count()
    return requests, pending


def tab_title(count: int) -> str:
    """'主管审批 (3)' while requests wait, else '主管审批'."""
    return f"{TAB_TITLE} ({count})" if count else TAB_TITLE


class ApprovalsView(QWidget):
    """The supervisor's queue: select a request, read the case, approve or reject it."""

    decided = Signal(int)
    """A request was decided; the case id (its list row changed)."""
    pending_changed = Signal(int)
    """The number of pending requests, after every refresh."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.ui = Ui_ApprovalsView()
        self.ui.setupUi(self)
        self.queue_model = KeyedTableModel(QUEUE_COLUMNS)
        self._pending = 0
        """How many requests wait (from the last read, less those decided here since)."""
        self._reader = LatestCall("approvals-queue", self)
        self._reader.finished.connect(self._show_queue)
        self._first_rows_only = False
        """Whether the queue shows only the first rows read when it opened (more come)."""
        self._rest: list[RequestView] = []
        """Rows of the last read still to be added, `APPEND_ROWS` per event-loop turn."""
        self._append_timer = QTimer(self, interval=0, singleShot=True)
        self._append_timer.timeout.connect(self._append_some)
        self._rest_timer = QTimer(self, interval=REST_AFTER_MS, singleShot=True)
        self._rest_timer.timeout.connect(lambda: self.refresh())
        self._reader.failed.connect(lambda _key, message: self.show_message(message, error=True))
        self.current: RequestView | None = None
        self._loaded = False
        table = self.ui.queueTable
        attach_queue(table, self.queue_model, stretch_column=len(QUEUE_COLUMNS) - 1)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([880, 480])
        settings = layout_settings(user.login)
        remember_splitter(self.ui.splitter, settings, "approvals")
        remember_columns(table.horizontalHeader(), settings, "approvals")
        for label in (self.ui.amountProblem, self.ui.noteProblem):
            label.setStyleSheet(PROBLEM_STYLE)
            label.hide()
        self.ui.messageLabel.hide()
        self.escalationCombo = QComboBox(self.ui.decisionGroup)
        self.escalationCombo.setObjectName("escalationCombo")
        for code, label in ESCALATION_DECISIONS.items():
            self.escalationCombo.addItem(label, code)
        self.ui.decisionForm.insertRow(0, "主管决定", self.escalationCombo)
        ui = self.ui
        tab_leaves(table)
        tab_moves_on(ui.noteEdit)
        enter_presses(ui.refreshButton, ui.rejectButton, ui.approveButton)
        ui.detailBrowser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        chain_tab_order(
            ui.refreshButton,
            table,
            self.escalationCombo,
            ui.amountEdit,
            ui.noteEdit,
            ui.rejectButton,
            ui.approveButton,
        )
        ui.refreshButton.clicked.connect(lambda: self.refresh())
        self._shown: tuple[RequestView, CaseDetail, list[RequestView]] | None = None
        ui.detailBrowser.anchorClicked.connect(self._show_whole_text)
        self.long_texts = LongTextReveal(ui.detailBrowser)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.ui.approveButton.clicked.connect(self.approve)
        self.ui.rejectButton.clicked.connect(self.reject)
        self.ui.amountEdit.textChanged.connect(self._amount_changed)
        self.ui.amountEdit.returnPressed.connect(self.ui.noteEdit.setFocus)
        self.ui.noteEdit.textChanged.connect(lambda: self.ui.noteProblem.hide())
        self._age_timer = QTimer(self, interval=AGE_INTERVAL_MS)
        self._age_timer.timeout.connect(lambda: self.queue_model.touch_column(AGE_COLUMN))
        self._age_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded and not self.queue_busy:
            # the first rows at once; the rest of a long queue is read after them
            user = self.user
            self._reader.request(FIRST_READ, lambda: _read_queue(user, FIRST_ROWS))

    # --- queue ---

    def update_count(self) -> None:
        """Colleagues changed requests: the pending count, and the queue (read off the UI
        thread) while it is on screen."""
        if self.isVisible():
            self.refresh()
        else:
            self.pending_changed.emit(approvals.pending_count())

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Reload the pending requests, read off the UI thread; rows change in place when they
        arrive, and `then` runs after that.

        The open request stays open (with what was typed) while it still waits.
        """
        user = self.user
        self._reader.request(None, lambda: _read_queue(user), then)

    @property
    def queue_busy(self) -> bool:
        """Whether the queue is being read or its rows are still being added."""
        return self._reader.busy or self._rest_timer.isActive() or bool(self._rest)

    def wait_idle(self) -> None:
        """Wait until the queue being read is shown whole (tests, tours)."""
        self._reader.wait()
        if self._rest_timer.isActive():
            self._rest_timer.stop()
            self.refresh()
            self._reader.wait()
        self._append_rest()

    def _show_queue(self, key: str | None, read: tuple[list[RequestView], int]) -> None:
        requests, self._pending = read
        self._loaded = True
        self._first_rows_only = key == FIRST_READ and len(requests) < min(
            self._pending, QUEUE_LIMIT
        )
        self._show_rows(requests)
        self.pending_changed.emit(self._pending)
        if self._first_rows_only:
            self._rest_timer.start()  # the rest, shown in place when it arrives

    def _append_rest(self) -> None:
        while self._rest:
            self._append_some()

    def _append_some(self) -> None:
        """Add the next rows of the queue (the view stays answering between turns)."""
        part, self._rest = self._rest[:APPEND_ROWS], self._rest[APPEND_ROWS:]
        self.queue_model.append_rows(part)
        self._show_count()
        if self._rest:
            self._append_timer.start()

    def _show_count(self) -> None:
        count = self.queue_model.rowCount() + len(self._rest)
        if self._first_rows_only:  # the count says how many come
            count = max(count, min(self._pending, QUEUE_LIMIT))
        self.ui.queueCountLabel.setText(f"共 {count} 条待审批" if count else "没有待审批的请求。")

    def _show_rows(self, requests: list[RequestView], select_row: int | None = None) -> None:
        """Show `requests` in place; the open request stays selected, or the one at
        `select_row` (the last one when fewer remain) opens."""
        table = self.ui.queueTable
        selection = table.selectionModel()
        was_empty = self.queue_model.rowCount() == 0
        shown = self.queue_model.rowCount()
        if len(requests) - shown > APPEND_ROWS and self.queue_model.shows_start_of(requests):
            # a long queue growing (the rest after the first rows): added over some turns
            self._rest = list(requests[shown:])
            self._append_some()
        else:
            self._rest = []
            selection.blockSignals(True)
            try:
                self.queue_model.replace_rows(requests)
            finally:
                selection.blockSignals(False)
        if was_empty and requests:
            fit_columns(table)
        self._show_count()
        count = self.queue_model.rowCount()
        row = self.queue_model.row_of_id(self.current.id) if self.current is not None else None
        if row is not None:  # the form keeps the version it opened (a colleague's save is seen)
            if not selection.isRowSelected(row):
                table.selectRow(row)
        elif self.current is not None and self._typed_something():
            # decided elsewhere meanwhile: the refresh never throws away what was typed
            selection.blockSignals(True)
            table.clearSelection()
            table.setCurrentIndex(QModelIndex())
            selection.blockSignals(False)
            self.show_message(
                f"{self.current.case_no} 的请求已不在待审批列表中（可能已由其他主管处理）。"
                "你填写的内容仍保留在右侧，尚未保存；保存时会告诉你它现在的状态。",
                error=True,
            )
        else:
            self.current = None
            table.clearSelection()
            if select_row is not None and count:
                self._select_row(min(select_row, count - 1))
            else:
                self.ui.decisionStack.setCurrentWidget(self.ui.emptyPage)

    def _select_row(self, row: int) -> None:
        """Select and open the request on `row` (also when the selection did not change)."""
        self.ui.queueTable.selectRow(row)
        self.open_request(self.queue_model.row_at(row))

    def _typed_something(self) -> bool:
        request = self.current
        original = format_yuan(request.amount_fen) if request and request.amount_fen else ""
        return bool(self.ui.noteEdit.toPlainText().strip()) or self.ui.amountEdit.text() != original

    def pending_requests(self) -> list[RequestView]:
        return self.queue_model.loaded_rows()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.ui.queueTable.selectionModel().selectedRows()
        if rows:
            self.open_request(self.queue_model.row_at(rows[0].row()))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Tabbing into the list makes a row current: open it, as an arrow key would."""
        table = self.ui.queueTable
        if current.isValid() and not table.selectionModel().isRowSelected(current.row()):
            table.selectRow(current.row())

    def select_request(self, request_id: int) -> None:
        """Select a request of the queue (shows its details)."""
        if any(r.id == request_id for r in self._rest):  # not added yet: add the rest now
            self._append_rest()
        row = self.queue_model.row_of_id(request_id)
        if row is not None:
            self._select_row(row)

    # --- one request ---

    def open_request(self, request: RequestView) -> None:
        """Show a request's case and the decision form, filled for its kind."""
        if (
            self.current is not None
            and self.current.id == request.id
            and self.ui.decisionStack.currentWidget() is self.ui.decisionPage
        ):
            return
        try:
            detail = cases.get_case(request.case_id)
            earlier = approvals.decided_for_case(request.case_id)
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            return
        self.current = request
        self._shown = (request, detail, earlier)
        self.ui.detailBrowser.setHtml(request_html(request, detail, earlier))
        compensation = request.kind == RequestKind.COMPENSATION
        self.ui.amountLabel.setText(
            "批准金额（元）" if compensation else "补偿金额（元，同意补偿时填）"
        )
        self.ui.amountEdit.setText(format_yuan(request.amount_fen) if request.amount_fen else "")
        self.ui.noteLabel.setText("意见 / 驳回理由" if compensation else "处理意见 / 驳回理由")
        self.ui.noteEdit.setPlaceholderText(
            "批准时可留言；驳回须写明理由（客服据此回复客户）"
            if compensation
            else "写明处理意见（如：同意退货退款 / 补偿 30 元 / 向客户说明后结案）"
        )
        self.ui.noteEdit.clear()
        self.ui.decisionForm.setRowVisible(self.escalationCombo, not compensation)
        self.escalationCombo.setCurrentIndex(
            self.escalationCombo.findData("compensate" if request.amount_fen else "explain")
        )
        self.ui.amountProblem.hide()
        self.ui.noteProblem.hide()
        self._amount_changed()
        self.ui.decisionStack.setCurrentWidget(self.ui.decisionPage)

    def _show_whole_text(self, url: QUrl) -> None:
        """显示全部 under a long reason or summary: the whole text, where it was."""
        key = more_key(url)
        if key is None or self._shown is None:
            return
        request, detail, _earlier = self._shown
        texts = {"reason": request.reason, "summary": detail.summary}
        self.long_texts.reveal(key, texts.get(key) or "")

    def _amount_changed(self) -> None:
        self.ui.amountProblem.hide()
        limit_fen = self._shown[0].agent_limit_fen if self._shown else AGENT_COMPENSATION_LIMIT_FEN
        limit = f"¥{format_yuan(limit_fen)}"
        try:
            fen = parse_yuan(self.ui.amountEdit.text(), "amount")
        except ValidationError:
            fen = 0
        label = self.ui.limitLabel
        if fen > limit_fen:
            label.setText(f"超过客服自行处理上限 {limit}，需主管批准")
            label.setStyleSheet(OVER_STYLE)
        else:
            label.setText(f"客服可自行补偿不超过 {limit}")
            label.setStyleSheet(LIMIT_STYLE)

    def show_message(self, text: str, error: bool = False) -> None:
        self.ui.messageLabel.setText(text)
        self.ui.messageLabel.setStyleSheet(ERROR_STYLE if error else INFO_STYLE)
        self.ui.messageLabel.show()

    def _problem(self, error: ValidationError) -> None:
        label = self.ui.amountProblem if error.field == "amount" else self.ui.noteProblem
        label.setText(str(error))
        label.show()
        (self.ui.amountEdit if error.field == "amount" else self.ui.noteEdit).setFocus()

    def decision(self, approve: bool) -> Decision:
        """The decision as typed; `ValidationError` (field 'amount') for a bad amount."""
        request = self.current
        assert request is not None
        amount: int | None = None
        if approve:
            text = self.ui.amountEdit.text()
            fen = parse_yuan(text, "amount")
            if request.kind == RequestKind.COMPENSATION and not text.strip():
                raise ValidationError("请填写批准金额；不同意补偿请点「驳回」。", "amount")
            amount = None if fen == request.amount_fen else fen
        escalation = ""
        if request.kind == RequestKind.ESCALATION:
            escalation = str(self.escalationCombo.currentData())
        return Decision(approve, self.ui.noteEdit.toPlainText(), amount, escalation)

    def reload_current(self) -> None:
        """重新载入: the queue as saved now; if the request still waits, it opens again as
        saved now, and what was typed stays."""
        request_id = self.current.id if self.current is not None else None
        self.current = None

        def reopen() -> None:
            if request_id is None or self.queue_model.row_of_id(request_id) is None:
                return
            note, amount = self.ui.noteEdit.toPlainText(), self.ui.amountEdit.text()
            self.select_request(request_id)
            self.ui.noteEdit.setPlainText(note)
            self.ui.amountEdit.setText(amount)

        self.refresh(then=reopen)

    def approve(self) -> bool:
        return self._decide(True)

    def reject(self) -> bool:
        return self._decide(False)

    def _decide(self, approve: bool) -> bool:
        request = self.current
        if request is None:
            return False
        try:
            done = approvals.decide(self.user, request.id, request.version, self.decision(approve))
        except ValidationError as exc:
            self._problem(exc)
            return False
        except StaleRecord as exc:
            self.show_message(str(exc), error=True)
            if offer_reload(self, exc):
                self.reload_current()
            return False
        except KefuError as exc:
            self.show_message(str(exc), error=True)
            return False
        what = "已批准" if approve else "已驳回"
        amount = f" {done.amount_text}" if approve and done.amount_text else ""
        self.show_message(
            f"{done.case_no} 的{done.kind_label}{what}{amount}，已通知 {done.requested_by_name or '客服'}。"
        )
        log.info("request %s decided: %s", done.id, done.state)
        row = max(self.ui.queueTable.currentIndex().row(), 0)
        self.current = None  # the next request opens at once; the queue is read again behind it
        self._show_rows([r for r in self.pending_requests() if r.id != done.id], select_row=row)
        self._pending = max(self._pending - 1, 0)
        self.pending_changed.emit(self._pending)
        self.refresh()
        self.decided.emit(done.case_id)
        if self.current is not None:
            self.ui.amountEdit.setFocus()
            self.ui.amountEdit.selectAll()
        else:
            self.ui.queueTable.setFocus()
        return True


def request_html(
    request: RequestView,
    detail: CaseDetail,
    earlier: list[RequestView],
) -> str:
    """The request and its case, for the details pane (long texts cut; their rest is revealed
    on demand)."""

    def row(label: str, value: str) -> str:
        return (
            f"<tr><td style='color:#555;padding-right:12px;white-space:nowrap'>{label}</td>"
            f"<td>{escape_html(value)}</td></tr>"
        )

    limit = f"¥{format_yuan(request.agent_limit_fen)}"
    amount = request.amount_text or "—"
    if request.amount_fen:
        amount += f"（客服上限 {limit}" + ("，已超出）" if request.over_limit else "）")
    goods = " ".join(v for v in (detail.sku, detail.colour, detail.size) if v)
    rows = [
        row("售后单号", f"{detail.case_no}（{detail.state.label}）"),
        row("买家ID", detail.customer_id),
        row("售后类型", request.case_kind_label),
        row("订单号", detail.order_no or "—"),
        row("商品", f"{goods or '（未填款号）'} × {detail.quantity}"),
        row("处理人", detail.handler_name or "—"),
        row(
            "申请",
            f"{request.requested_by_name or '—'}，{format_local(request.requested_at)}"
            f"（{request.age()}）",
        ),
        row("金额", amount),
    ]
    parts = [
        f"<b>{escape_html(request.kind_label)}</b><table>{''.join(rows)}</table>",
        f"<p><b>客服说明：</b>{clipped_html(request.reason or '—', 'reason')}</p>",
    ]
    if detail.summary and detail.summary != request.reason:
        parts.append(f"<p><b>问题摘要：</b>{clipped_html(detail.summary, 'summary')}</p>")
    if earlier:
        lines = "".join(
            f"<li>{escape_html(format_local(r.decided_at))} {escape_html(r.decided_by_name)}"
            f" {r.state.label} {escape_html(r.kind_label)} {escape_html(r.amount_text)}"
            f"{'：' + escape_html(r.decision_note) if r.decision_note else ''}</li>"
            for r in earlier
        )
        parts.append(f"<p><b>此前的审批：</b></p><ul>{lines}</ul>")
    return "".join(parts)


__all__ = ["ApprovalsView", "request_html", "tab_title"]
