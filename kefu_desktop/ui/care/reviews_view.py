"""评价跟踪: record yesterday's middling and bad reviews and follow their handling."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.domain.care import ReviewRating, ReviewReason, ReviewState
from kefu_desktop.domain.errors import KefuError, StaleRecord
from kefu_desktop.domain.roles import Operation
from kefu_desktop.services import reviews
from kefu_desktop.services.auth import User
from kefu_desktop.services.reviews import NewReview, ReviewView
from kefu_desktop.ui.widgets.errors import show_problem

HEADERS = (
    "评价日期",
    "评价",
    "原因",
    "买家ID",
    "订单号",
    "款号",
    "内容",
    "处理",
    "售后单",
    "处理说明",
)


class ReviewsView(QWidget):
    """The tab 评价跟踪 of the main window."""

    case_activated = Signal(int)
    changed = Signal()
    """A case was opened for a review (the case list shows it)."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.items: list[ReviewView] = []
        layout = QVBoxLayout(self)
        may_record = user.may_do(Operation.RECORD_REVIEW)

        form_box = QGroupBox("登记中差评（从评价管理复制）", self)
        form = QGridLayout(form_box)
        self.customer_edit = QLineEdit(form_box)
        self.order_edit = QLineEdit(form_box)
        self.sku_edit = QLineEdit(form_box)
        self.rating_combo = QComboBox(form_box)
        for rating in (ReviewRating.BAD, ReviewRating.MIDDLING):
            self.rating_combo.addItem(rating.label, rating.value)
        self.reason_combo = QComboBox(form_box)
        for reason in ReviewReason:
            self.reason_combo.addItem(reason.label, reason.value)
        self.date_edit = QDateEdit(QDate.currentDate().addDays(-1), form_box)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.text_edit = QLineEdit(form_box)
        self.text_edit.setPlaceholderText("客户评价原文")
        self.record_button = QPushButton("登记", form_box)
        self.record_button.clicked.connect(self.record)
        for column, (label, widget) in enumerate(
            (("买家ID", self.customer_edit), ("订单号", self.order_edit), ("款号", self.sku_edit))
        ):
            form.addWidget(QLabel(label, form_box), 0, column * 2)
            form.addWidget(widget, 0, column * 2 + 1)
        for column, (label, widget) in enumerate(
            (("评价", self.rating_combo), ("原因", self.reason_combo), ("日期", self.date_edit))
        ):
            form.addWidget(QLabel(label, form_box), 1, column * 2)
            form.addWidget(widget, 1, column * 2 + 1)
        form.addWidget(QLabel("内容", form_box), 2, 0)
        form.addWidget(self.text_edit, 2, 1, 1, 4)
        form.addWidget(self.record_button, 2, 5)
        form_box.setVisible(may_record)
        layout.addWidget(form_box)

        self.open_only = QCheckBox("只看未处理完的", self)
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        layout.addWidget(self.open_only)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self._open_case())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)

        handling = QHBoxLayout()
        handling.addWidget(QLabel("处理说明", self))
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText("联系情况、客户的回复；无法改评时写明原因")
        handling.addWidget(self.note_edit, 1)
        layout.addLayout(handling)
        buttons = QHBoxLayout()
        self.state_buttons: dict[ReviewState, QPushButton] = {}
        for state in (ReviewState.CONTACTED, ReviewState.REVISED, ReviewState.CANNOT_REVISE):
            button = QPushButton(state.label, self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, s=state: self._handle(s))
            buttons.addWidget(button)
            self.state_buttons[state] = button
        self.link_button = QPushButton("关联售后单…", self)
        self.link_button.clicked.connect(self._link)
        self.new_case_button = QPushButton("新建售后单", self)
        self.new_case_button.setToolTip("为该评价新建一个质量问题售后单，由你处理")
        self.new_case_button.clicked.connect(self._new_case)
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.new_case_button)
        buttons.addStretch(1)
        self.open_button = QPushButton("打开售后单", self)
        self.open_button.clicked.connect(self._open_case)
        buttons.addWidget(self.open_button)
        for button in (*self.state_buttons.values(), self.link_button, self.new_case_button):
            button.setVisible(may_record)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        try:
            self.items = reviews.list_reviews(self.user, self.open_only.isChecked())
        except KefuError as error:
            show_problem(self, error)
            return
        self.table.setRowCount(len(self.items))
        for row, review in enumerate(self.items):
            values = (
                f"{review.reviewed_on:%Y-%m-%d}",
                review.rating.label,
                review.reason.label,
                review.customer_id,
                review.order_no,
                review.sku,
                review.text,
                review.state.label,
                review.case_no,
                review.note,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        rows = [i for i, r in enumerate(self.items) if r.id == select_id]
        if rows or self.items:
            self.table.selectRow(rows[0] if rows else 0)
        self._selection_changed()

    def current_review(self) -> ReviewView | None:
        row = self.table.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _selection_changed(self) -> None:
        review = self.current_review()
        for state, button in self.state_buttons.items():
            button.setEnabled(review is not None and not review.state.is_final)
            if review is not None and review.state == state:
                button.setEnabled(False)
        self.link_button.setEnabled(review is not None and review.case_id is None)
        self.new_case_button.setEnabled(review is not None and review.case_id is None)
        self.open_button.setEnabled(review is not None and review.case_id is not None)

    def record(self) -> None:
        new = NewReview(
            customer_id=self.customer_edit.text(),
            rating=ReviewRating(self.rating_combo.currentData()),
            reason=ReviewReason(self.reason_combo.currentData()),
            reviewed_on=self.date_edit.date().toPython(),
            text=self.text_edit.text(),
            order_no=self.order_edit.text(),
            sku=self.sku_edit.text(),
        )
        try:
            view = reviews.record_review(self.user, new)
        except KefuError as error:
            show_problem(self, error)  # what was typed stays in the form
            return
        for edit in (self.customer_edit, self.order_edit, self.sku_edit, self.text_edit):
            edit.clear()
        self.refresh(view.id)

    def _run(self, action: str) -> None:
        review = self.current_review()
        if review is None:
            return
        try:
            if action == "link":
                number, ok = QInputDialog.getText(self, "关联售后单", "售后单号：")
                if not ok or not number.strip():
                    return
                view = reviews.link_case(self.user, review.id, review.version, number)
            else:
                view = reviews.open_case_for_review(self.user, review.id, review.version)
                self.changed.emit()
        except StaleRecord as error:
            show_problem(self, error)
            self.refresh(review.id)
            return
        except KefuError as error:
            show_problem(self, error)
            return
        self.refresh(view.id)

    def _link(self) -> None:
        self._run("link")

    def _new_case(self) -> None:
        self._run("new_case")

    def _handle(self, state: ReviewState) -> None:
        review = self.current_review()
        if review is None:
            return
        try:
            view = reviews.handle_review(
                self.user, review.id, review.version, state, self.note_edit.text()
            )
        except StaleRecord as error:
            show_problem(self, error)  # the note stays typed
            self.refresh(review.id)
            return
        except KefuError as error:
            show_problem(self, error)
            return
        self.note_edit.clear()
        self.refresh(view.id)

    def _open_case(self) -> None:
        review = self.current_review()
        if review is not None and review.case_id is not None:
            self.case_activated.emit(review.case_id)
