"""快递理赔: open claims oldest first, filters by courier and state, totals per courier, and the
selected claim's steps, amounts, history and evidence pack."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.claims import CLAIM_MOVES, MOVE_VERBS, ClaimState
from kefu_desktop.domain.clock import to_local, utc_now
from kefu_desktop.domain.couriers import COURIERS
from kefu_desktop.domain.errors import KefuError, StaleRecord
from kefu_desktop.domain.money import format_yuan, parse_yuan
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services import claims
from kefu_desktop.services.auth import User
from kefu_desktop.services.claims import ClaimFilter, ClaimView, CourierTotals
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.errors import offer_reload, show_problem
from kefu_desktop.ui.widgets.window_layout import (
    layout_settings,
    remember_columns,
    remember_splitter,
)

OPEN_ONLY = "open"
COLUMNS = (
    "售后单号",
    "买家ID",
    "快递公司",
    "运单号",
    "问题",
    "索赔金额",
    "到账",
    "状态",
    "生成日期",
    "已开天数",
)


class ClaimsView(QWidget):
    """The 快递理赔 tab; `case_activated(case_id)` asks the main window to show a case."""

    case_activated = Signal(int)

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.rows: list[ClaimView] = []
        self.current: ClaimView | None = None

        self.courier_combo = QComboBox()
        self.courier_combo.addItem("全部快递", None)
        for courier in COURIERS:
            self.courier_combo.addItem(courier.name, courier.code)
        self.state_combo = QComboBox()
        self.state_combo.addItem("未结清（待提交/已提交/已受理）", OPEN_ONLY)
        self.state_combo.addItem("全部状态", None)
        for state in ClaimState:
            self.state_combo.addItem(state.label, state.value)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("快递公司："))
        filters.addWidget(self.courier_combo)
        filters.addWidget(QLabel("状态："))
        filters.addWidget(self.state_combo)
        filters.addStretch(1)
        filters.addWidget(refresh)
        for combo in (self.courier_combo, self.state_combo):
            combo.currentIndexChanged.connect(self.refresh)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda _item: self._open_case())
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.totals_label)

        self.title_label = QLabel("请选择一条理赔")
        self.title_label.setWordWrap(True)
        self.claimed_edit = QLineEdit()
        self.claimed_edit.setPlaceholderText("例如 199.00")
        self.received_edit = QLineEdit()
        self.received_edit.setPlaceholderText("快递赔付到账的金额")
        self.remark_edit = QPlainTextEdit()
        self.remark_edit.setTabChangesFocus(True)
        self.remark_edit.setMaximumHeight(60)
        form = QFormLayout()
        form.addRow("索赔金额（元）", self.claimed_edit)
        form.addRow("到账金额（元）", self.received_edit)
        form.addRow("备注", self.remark_edit)
        self.save_button = QPushButton("保存金额和备注")
        self.save_button.clicked.connect(self.save_changes)
        self.move_buttons: dict[ClaimState, QPushButton] = {}
        moves = QHBoxLayout()
        for state, verb in MOVE_VERBS.items():
            button = QPushButton(verb)
            button.clicked.connect(lambda _c=False, s=state: self.move(s))
            self.move_buttons[state] = button
            moves.addWidget(button)
        self.export_button = QPushButton("导出理赔材料…")
        self.export_button.clicked.connect(self.export_pack)
        self.case_button = QPushButton("打开售后单")
        self.case_button.clicked.connect(self._open_case)
        self.history_list = QListWidget()
        self.history_list.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        box = QGroupBox("理赔详情")
        detail = QVBoxLayout(box)
        detail.addWidget(self.title_label)
        detail.addLayout(form)
        detail.addWidget(self.save_button)
        detail.addLayout(moves)
        extra = QHBoxLayout()
        extra.addWidget(self.export_button)
        extra.addWidget(self.case_button)
        detail.addLayout(extra)
        detail.addWidget(QLabel("进度记录"))
        detail.addWidget(self.history_list, 1)
        detail.addWidget(self.status_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        settings = layout_settings(user.login)
        remember_splitter(splitter, settings, "claims")
        remember_columns(self.table.horizontalHeader(), settings, "claims")
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.loader = LatestCall("claims-loader", self)
        self.loader.finished.connect(lambda keep, found: self._fill(keep, *found))
        self.loader.failed.connect(lambda _key, message: self.totals_label.setText(message))
        self._show(None)
        self.refresh()

    # --- the list ----------------------------------------------------------------------------

    def claim_filter(self) -> ClaimFilter:
        state = self.state_combo.currentData()
        return ClaimFilter(
            courier=self.courier_combo.currentData(),
            state=ClaimState(state) if state not in (None, OPEN_ONLY) else None,
            open_only=state == OPEN_ONLY,
        )

    def refresh(self) -> None:
        """Read the claims again off the UI thread, keeping the selected one where it shows."""
        keep = self.current.id if self.current is not None else None
        flt, user = self.claim_filter(), self.user
        self.totals_label.setText("正在读取…")
        self.loader.request(
            keep, lambda: (claims.list_claims(user, flt), claims.courier_totals(user, flt))
        )

    def _fill(self, keep: int | None, rows: list[ClaimView], totals: list[CourierTotals]) -> None:
        self.rows = rows
        now = utc_now()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for row, claim in enumerate(self.rows):
            problem = claim.kind.label + (f"-{claim.sub_kind.label}" if claim.sub_kind else "")
            values = (
                claim.case_no,
                claim.customer_id,
                claim.courier_name,
                claim.waybill_no,
                problem,
                f"¥{format_yuan(claim.claimed_fen)}" if claim.claimed_fen else "待填写",
                f"¥{format_yuan(claim.received_fen)}" if claim.received_fen else "",
                claim.state.label,
                f"{to_local(claim.created_at):%Y-%m-%d}",
                str(claim.days_open(now)),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column in (5, 6, 9):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.totals_label.setText(
            "按快递合计："
            + (
                "；".join(
                    f"{t.courier_name or '未填快递'} {t.count} 单，索赔 ¥{format_yuan(t.claimed_fen)}，"
                    f"到账 ¥{format_yuan(t.received_fen)}"
                    for t in totals
                )
                or "无"
            )
        )
        ids = [c.id for c in self.rows]
        message = self.status_label.text()  # what the last save said stays
        if keep in ids:
            self.table.selectRow(ids.index(keep))
            self._show(self.rows[ids.index(keep)])
        else:
            self.table.clearSelection()
            self._show(None)
        self.status_label.setText(message)

    def _selected(self) -> None:
        row = self.table.currentRow()
        self._show(self.rows[row] if 0 <= row < len(self.rows) else None)

    def select_claim(self, claim_id: int) -> None:
        ids = [c.id for c in self.rows]
        if claim_id in ids:
            self.table.selectRow(ids.index(claim_id))

    # --- the selected claim ------------------------------------------------------------------

    def _show(self, claim: ClaimView | None) -> None:
        self.current = claim
        may_work = self.user.may_do(Operation.WORK_CLAIMS)
        editable = claim is not None and may_work and not claim.state.is_settled
        for widget in (self.claimed_edit, self.remark_edit, self.save_button):
            widget.setEnabled(editable)
        self.claimed_edit.setReadOnly(claim is None or claim.state != ClaimState.DRAFT)
        self.export_button.setEnabled(claim is not None)
        self.case_button.setEnabled(claim is not None)
        allowed = CLAIM_MOVES[claim.state] if claim is not None else ()
        for state, button in self.move_buttons.items():
            button.setEnabled(may_work and state in allowed)
        self.received_edit.setEnabled(editable and ClaimState.PAID in allowed)
        self.history_list.clear()
        self.status_label.clear()
        if claim is None:
            self.title_label.setText("请选择一条理赔")
            self.claimed_edit.clear()
            self.received_edit.clear()
            self.remark_edit.clear()
            return
        self.title_label.setText(
            f"售后单 {claim.case_no} · {claim.courier_name or '未填快递'} {claim.waybill_no} · "
            f"{claim.state.label}"
        )
        self.claimed_edit.setText(format_yuan(claim.claimed_fen))
        self.received_edit.setText(format_yuan(claim.received_fen) if claim.received_fen else "")
        self.remark_edit.setPlainText(claim.remark)
        try:
            history = claims.claim_history(self.user, claim.id)
        except KefuError as error:
            self.status_label.setText(str(error))
            return
        for entry in history:
            self.history_list.addItem(
                f"{to_local(entry.at):%m-%d %H:%M}  {entry.actor_name}  {entry.text}"
            )

    def _after_save(self, saved: ClaimView, message: str) -> None:
        self.current = saved
        self._show(saved)
        self.refresh()
        self.status_label.setText(message)

    def _problem(self, error: KefuError) -> None:
        if isinstance(error, StaleRecord):
            if offer_reload(self, error):
                self.refresh()
            return
        show_problem(self, error, "理赔未保存")

    def save_changes(self) -> None:
        """保存金额和备注 (the amount only while 待提交)."""
        claim = self.current
        if claim is None:
            return
        try:
            amount = parse_yuan(self.claimed_edit.text(), "claimed")
            saved = claims.edit_claim(
                self.user, claim.id, claim.version, amount, self.remark_edit.toPlainText()
            )
        except KefuError as error:
            self._problem(error)
            return
        self._after_save(saved, "已保存。")

    def move(self, target: ClaimState) -> None:
        """Move the selected claim one step on (the amount received with 已赔付)."""
        claim = self.current
        if claim is None:
            return
        try:
            received = 0
            if target == ClaimState.PAID:
                received = parse_yuan(self.received_edit.text(), "received")
            saved = claims.move_claim(
                self.user,
                claim.id,
                claim.version,
                target,
                received_fen=received,
                remark=self.remark_edit.toPlainText(),
            )
        except KefuError as error:
            self._problem(error)
            return
        self._after_save(saved, f"已改为「{target.label}」。")

    def export_pack(self, target: Path | None = None) -> Path | None:
        """导出理赔材料 as a zip the agent sends to the courier; where it was written."""
        claim = self.current
        if claim is None:
            return None
        if target is None:
            suggested = Path.home() / f"理赔材料_{claim.case_no}_{datetime.now():%Y%m%d}.zip"
            chosen, _ = QFileDialog.getSaveFileName(
                self, "导出理赔材料", str(suggested), "压缩包 (*.zip)"
            )
            if not chosen:
                return None
            target = Path(chosen)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = claims.export_claim_pack(self.user, claim.id, target, as_zip=True)
        except KefuError as error:
            show_problem(self, error, "理赔材料未导出")
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.status_label.setText(f"理赔材料已导出到：{written}")
        return written

    def _open_case(self) -> None:
        if self.current is not None:
            self.case_activated.emit(self.current.case_id)
