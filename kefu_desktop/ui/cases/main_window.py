"""The main window: case list with search and filters, detail pane with history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QItemSelection, QModelIndex, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop import APP_TITLE, __version__
from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.couriers import courier_name, read_pasted_waybill
from kefu_desktop.domain.errors import KefuError, StaleRecord
from kefu_desktop.domain.history import action_label, summarise
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.labels import label_of
from kefu_desktop.domain.money import format_yuan
from kefu_desktop.domain.resolutions import PostagePayer, resolution_label
from kefu_desktop.domain.roles import Operation, Role
from kefu_desktop.domain.states import ALLOWED_TRANSITIONS, CaseState
from kefu_desktop.services import auth, cases
from kefu_desktop.services.auth import User
from kefu_desktop.services.cases import CaseDetail, CaseFilter, CaseRow
from kefu_desktop.services.drafts import has_drafts
from kefu_desktop.services.live import ChangedList
from kefu_desktop.store.faults import DatabaseUnavailable
from kefu_desktop.ui.accounts.office_menu import add_office_actions
from kefu_desktop.ui.care.care_menu import add_care_menu
from kefu_desktop.ui.cases.case_table_model import CaseTableModel
from kefu_desktop.ui.cases.due_warnings import DueWatcher
from kefu_desktop.ui.cases.promise_ui import PromiseControls, add_promise_settings_action
from kefu_desktop.ui.claims.logistics_menu import add_logistics_actions
from kefu_desktop.ui.generated.ui_main_window import Ui_MainWindow
from kefu_desktop.ui.reports.reports_menu import add_reports_menu
from kefu_desktop.ui.settings.menu import add_settings_action
from kefu_desktop.ui.widgets.db_status import DatabaseStatus
from kefu_desktop.ui.widgets.errors import offer_reload, show_problem
from kefu_desktop.ui.widgets.first_paint import AfterFirstPaint
from kefu_desktop.ui.widgets.keyboard import tab_leaves
from kefu_desktop.ui.widgets.live_refresh import LiveRefresh
from kefu_desktop.ui.widgets.long_text import (
    LongTextReveal,
    clipped_html,
    escape_html,
    more_key,
)
from kefu_desktop.ui.widgets.pending_photos import PendingPhotoStorer
from kefu_desktop.ui.widgets.remembered_filters import RememberedFilters
from kefu_desktop.ui.widgets.waybill_field import WaybillField
from kefu_desktop.ui.widgets.window_layout import (
    layout_settings,
    remember_columns,
    remember_splitter,
    restore_main_window,
    save_main_window,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

    from kefu_desktop.domain.returns import AfterReceipt
    from kefu_desktop.services.returns import ExpectedView
    from kefu_desktop.ui.app import DailyBackup
    from kefu_desktop.ui.replies.replies_panel import RepliesPanel
    from kefu_desktop.ui.supervisor.approvals_view import ApprovalsView
    from kefu_desktop.ui.supervisor.dashboard_view import DashboardView
    from kefu_desktop.ui.supervisor.watch_view import WatchView
    from kefu_desktop.ui.warehouse.returns_view import ReturnsView
    from kefu_desktop.ui.warehouse.warehouse_view import WarehouseView
    from kefu_desktop.ui.widgets.evidence_gallery import EvidenceGallery
    from kefu_desktop.ui.wizards import CaseWizard

SEARCH_DELAY_MS = 300
COPY_REPLY_SHORTCUT = QKeySequence("Ctrl+Shift+C")
REPLIES_MIN_WIDTH = 240
"""The 话术 pane is wide enough for a reply's title and a few words a line of its text."""
KEY_COLUMNS = ("售后单号", "买家ID", "类型", "状态", "旗帜")
"""The columns an agent reads every minute: first in the list, never squeezed out of sight."""
MINE = -1


class MainWindow(QMainWindow):
    """What every role sees after login. Other parts add tabs to `view_tabs`/`detail_tabs`."""

    case_selected = Signal(int)
    """The id of the case now shown in the detail pane (0 when none)."""
    first_page_shown = Signal()

    def __init__(self, user: User, database_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.user = user
        self.database_text = database_text
        self.view_tabs = self.ui.viewTabs
        self.detail_tabs = self.ui.detailTabs
        self.current: CaseDetail | None = None
        self._list_problem = ""
        self._expanded_case: int | None = None
        self._expanded: frozenset[str] = frozenset()
        """The long texts of the case shown that the user asked to see whole."""
        self._unsaved_state: dict[int, tuple[CaseState, str]] = {}
        """State changes a colleague's save got in the way of, offered again in the dialog."""
        self.daily_backup: DailyBackup | None = None
        """The day's automatic backup, started with the app (finished when it closes)."""
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.setWindowTitle(f"{APP_TITLE} — {user.display_name}（{user.role.label}）")

        self.model = CaseTableModel(self._load_page)
        self.ui.caseTable.setModel(self.model)
        self._setup_table()
        self._setup_filters()
        self._setup_actions()
        self.promise_controls = PromiseControls(self)
        self.promise_settings_action = add_promise_settings_action(self)
        self.settings_action = add_settings_action(self)
        self.settings_dialog: QDialog | None = None
        self.due_watcher = DueWatcher(self)
        self._setup_status_bar()
        self._setup_warehouse()
        self._setup_returns()
        self._setup_approvals()
        self._setup_watch_and_dashboard()
        self._setup_evidence()
        self._setup_wizards()
        add_care_menu(self)
        self._setup_replies()
        add_reports_menu(self)
        add_logistics_actions(self)
        self._setup_help()
        add_office_actions(self)
        self.live = LiveRefresh(self)
        self.live.changed.connect(self.show_colleagues_changes)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self.ui.splitter.setSizes([920, 440, 260][: self.ui.splitter.count()])
        self.layout_settings = layout_settings(user.login)
        remember_splitter(self.ui.splitter, self.layout_settings, "cases")
        if self.replies_pane is not None and self.ui.splitter.sizes()[-1] == 0:
            self.ui.splitter.setSizes([920, 440, 260])  # saved before the 话术 pane existed
        remember_columns(self.ui.caseTable.horizontalHeader(), self.layout_settings, "cases")
        self._keep_key_columns_visible()
        self.ui.caseTable.horizontalHeader().sectionResized.connect(
            lambda *_args: self._keep_key_columns_visible()
        )
        self.detail_tabs.currentChanged.connect(self._detail_tab_changed)
        restore_main_window(self, self.layout_settings)
        self.ui.historyTree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._show_case(None)
        self.ui.searchEdit.textEdited.connect(lambda _text: self._search_timer.start())
        self.ui.searchEdit.returnPressed.connect(self._search_now)
        WaybillField(self.ui.searchEdit, only_sure=True)  # 「顺丰速运 SF…」 pasted: the number
        self._remember_filters()
        self.apply_filters()

    def _remember_filters(self) -> None:
        """The filters as this user last left them, put back before the list is first read."""
        ui = self.ui
        self.remembered_filters = (
            RememberedFilters(self.layout_settings, "cases")
            .combo("kind", ui.kindCombo)
            .combo("state", ui.stateCombo)
            .combo("handler", ui.handlerCombo)
            .combo("due", self.promise_controls.combo)
            .check("dated", ui.dateCheck)
            .check("attention", ui.attentionCheck)
            .date_range("received", ui.fromDate, ui.toDate)
        )
        self.remembered_filters.restore()
        self._date_enabled(ui.dateCheck.isChecked())
        self.first_page_shown.connect(self.remembered_filters.save)

    # --- setup ---

    def _setup_replies(self) -> None:
        """话术: a pane beside the case's detail (Ctrl+Shift+C copies the chosen reply, filled
        in for the case shown); supervisors edit the library from 文件 → 编辑话术.

        The pane is built once its place beside the detail has been painted, with the rest of
        the window and its first page of cases, or at once when something asks for
        `replies_panel`: the case list comes first."""
        self._replies_panel: RepliesPanel | None = None
        self.replies_pane: QWidget | None = None
        if self.user.may_do(Operation.READ_REPLIES):
            pane = QWidget(self.ui.splitter)
            pane.setMinimumWidth(REPLIES_MIN_WIDTH)
            QVBoxLayout(pane).setContentsMargins(0, 0, 0, 0)
            self.ui.splitter.addWidget(pane)  # the third pane, beside the case's detail
            self.ui.splitter.setCollapsible(self.ui.splitter.indexOf(pane), True)
            toggle = QAction("话术面板", self, checkable=True, checked=True)
            toggle.toggled.connect(pane.setVisible)
            self.ui.caseMenu.addAction(toggle)
            copy = QAction("复制选中的话术", self)
            copy.setShortcut(COPY_REPLY_SHORTCUT)
            copy.triggered.connect(self.copy_selected_reply)
            self.ui.caseMenu.addAction(copy)
            self.addAction(copy)
            self.case_selected.connect(self._replies_follow_case)
            self.replies_pane = pane
            self.replies_toggle = toggle
            AfterFirstPaint(pane, self._build_replies_panel)
        if self.user.may_do(Operation.EDIT_REPLIES):
            edit = QAction("编辑话术…", self)
            edit.triggered.connect(self.edit_replies)
            self.ui.fileMenu.insertAction(self.ui.actionQuit, edit)

    @property
    def replies_panel(self) -> RepliesPanel | None:
        """The 话术 pane, built now if it has not been yet (None for a role without 话术)."""
        self._build_replies_panel()
        return self._replies_panel

    def _build_replies_panel(self) -> None:
        if self._replies_panel is not None or self.replies_pane is None:
            return
        from kefu_desktop.ui.replies.replies_panel import RepliesPanel

        panel = RepliesPanel(self.user, self.replies_pane)
        layout = self.replies_pane.layout()
        assert layout is not None
        layout.addWidget(panel)
        panel.show()  # its place may be on screen already
        panel.set_case(self.current)
        self._replies_panel = panel

    def copy_selected_reply(self) -> None:
        """Ctrl+Shift+C: the chosen reply, filled in for the case shown, to the clipboard."""
        panel = self.replies_panel
        if panel is not None:
            panel.copy_selected()

    def _replies_follow_case(self, _case_id: int) -> None:
        if self._replies_panel is not None:  # a pane built later starts from the case shown
            self._replies_panel.set_case(self.current)

    def edit_replies(self) -> None:
        from kefu_desktop.ui.replies.replies_editor import RepliesEditor

        RepliesEditor(self.user, self).exec()
        if self._replies_panel is not None:  # a pane built later reads the library then
            self._replies_panel.reload()

    def _setup_help(self) -> None:
        """帮助 → 快捷键 lists every shortcut of every desk."""
        action = QAction("快捷键…", self)
        action.setShortcut(QKeySequence.StandardKey.HelpContents)
        action.triggered.connect(self.show_shortcuts)
        self.ui.helpMenu.insertAction(self.ui.actionAbout, action)
        self.shortcuts_action = action

    def show_shortcuts(self) -> None:
        from kefu_desktop.ui.widgets.shortcuts import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def _setup_table(self) -> None:
        table = self.ui.caseTable
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((136, 72, 128, 84, 140, 176, 140, 80, 64, 128, 96, 64)):
            table.setColumnWidth(column, width)
        # what the agent reads every minute comes first: 售后单号 买家ID 类型 状态 旗帜
        for place, title in enumerate(KEY_COLUMNS):
            header.moveSection(header.visualIndex(self.model.column_of(title)), place)
        tab_leaves(table)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(self._double_clicked)
        table.clicked.connect(self._row_clicked)
        self.ui.detailBrowser.setOpenLinks(False)
        self.ui.detailBrowser.anchorClicked.connect(self._show_whole_text)
        self.long_texts = LongTextReveal(self.ui.detailBrowser)

    def _setup_filters(self) -> None:
        self.ui.kindCombo.addItem("全部类型", None)
        for kind in CaseKind:
            self.ui.kindCombo.addItem(kind.label, kind.value)
        self.ui.stateCombo.addItem("全部状态", None)
        for state in CaseState:
            self.ui.stateCombo.addItem(state.label, state.value)
        self._fill_handlers()
        today = QDate.currentDate()
        self.ui.fromDate.setDate(today.addDays(-30))
        self.ui.toDate.setDate(today)
        self._date_enabled(False)
        self.ui.dateCheck.toggled.connect(self._date_enabled)
        for combo in (self.ui.kindCombo, self.ui.stateCombo, self.ui.handlerCombo):
            combo.currentIndexChanged.connect(self.apply_filters)
        for date_edit in (self.ui.fromDate, self.ui.toDate):
            date_edit.dateChanged.connect(self.apply_filters)
        self.ui.dateCheck.toggled.connect(self.apply_filters)
        self.ui.attentionCheck.toggled.connect(self.apply_filters)
        self.ui.clearFiltersButton.clicked.connect(self.clear_filters)

    def _fill_handlers(self) -> None:
        """The handler filter: everyone, me, then each active colleague (keeps the choice)."""
        combo = self.ui.handlerCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("全部处理人", None)
        combo.addItem("我处理的", MINE)
        for person in auth.list_staff():
            combo.addItem(person.display_name, person.id)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _setup_actions(self) -> None:
        may_open = self.user.may_do(Operation.OPEN_CASE)
        for action, kind in (
            (self.ui.actionNewWrongShipment, CaseKind.WRONG_SHIPMENT),
            (self.ui.actionNewDamagedParcel, CaseKind.DAMAGED_PARCEL),
            (self.ui.actionNewQuality, CaseKind.QUALITY),
        ):
            action.setEnabled(may_open)
            action.setVisible(may_open)
            action.triggered.connect(lambda _checked=False, k=kind: self.start_new_case(k))
        self.new_logistics_action = QAction("新建 物流问题", self)
        self.new_logistics_action.setShortcut(QKeySequence("Ctrl+4"))
        self.new_logistics_action.setVisible(may_open)
        self.new_logistics_action.setEnabled(may_open)
        self.new_logistics_action.triggered.connect(
            lambda _checked=False: self.start_new_case(CaseKind.LOGISTICS)
        )
        for menu in (self.ui.caseMenu, self.ui.toolBar):  # right after 新建 质量问题
            actions = menu.actions()
            after = actions[actions.index(self.ui.actionNewQuality) + 1]
            menu.insertAction(after, self.new_logistics_action)
        order_change = QAction(f"新建 {CaseKind.ORDER_CHANGE.label}", self)
        order_change.setToolTip("撤单、改单、特殊要求（Ctrl+5）")
        order_change.setShortcut(QKeySequence("Ctrl+5"))
        order_change.setVisible(may_open)
        order_change.setEnabled(may_open)
        order_change.triggered.connect(lambda: self.start_new_case(CaseKind.ORDER_CHANGE))
        for menu in (self.ui.caseMenu, self.ui.toolBar):  # right after 新建 物流问题
            actions = menu.actions()
            after = actions[actions.index(self.new_logistics_action) + 1]
            menu.insertAction(after, order_change)
        new_case = QAction("新建售后单…", self)
        new_case.setShortcut(QKeySequence.StandardKey.New)
        new_case.triggered.connect(self.ask_new_case)
        new_case.setVisible(may_open)
        new_case.setEnabled(may_open)
        self.ui.caseMenu.insertAction(self.ui.actionNewWrongShipment, new_case)
        self.addAction(new_case)
        self.new_case_action = new_case
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionArchiveRoot.setVisible(self.user.may_do(Operation.OFFICE_SETTINGS))
        self.ui.actionStaff.setVisible(self.user.may_do(Operation.MANAGE_STAFF))
        self.login_list_action = QAction("登录窗口列出账号", self, checkable=True)
        self.login_list_action.setToolTip(
            "打开后，登录窗口会列出所有在用账号的登录名（默认不列出）"
        )
        self.login_list_action.setVisible(self.user.may_do(Operation.OFFICE_SETTINGS))
        if self.login_list_action.isVisible():
            from kefu_desktop.services.settings import logins_shown_at_login

            self.login_list_action.setChecked(logins_shown_at_login())
        self.login_list_action.toggled.connect(self._set_login_list)
        self.ui.fileMenu.insertAction(self.ui.actionArchiveRoot, self.login_list_action)
        self.ui.actionStaff.triggered.connect(self.manage_staff)
        self.ui.actionArchiveRoot.triggered.connect(self.choose_archive_root)
        self.ui.actionRefresh.triggered.connect(self.refresh)
        self.ui.actionFocusSearch.triggered.connect(self.focus_search)
        self.ui.actionAbout.triggered.connect(self._about)
        self.ui.changeStateButton.clicked.connect(self._change_state)
        self.ui.firstReplyButton.clicked.connect(self._first_reply)

    def _setup_status_bar(self) -> None:
        self.count_label = QLabel()
        self.ui.statusBar.addWidget(
            QLabel(f"当前用户：{self.user.display_name}（{self.user.role.label}）")
        )
        self.ui.statusBar.addWidget(self.count_label)
        self.db_status = DatabaseStatus(self.database_text, self)
        self.db_status.reconnected.connect(self._database_back)
        self.ui.statusBar.addPermanentWidget(self.db_status)

    def _setup_warehouse(self) -> None:
        """The warehouse desk as a tab for those who record checks; the warehouse starts on it."""
        self.warehouse_view: WarehouseView | None = None
        if not self.user.may_do(Operation.RECORD_VERDICT):
            return
        from kefu_desktop.ui.warehouse.warehouse_view import (
            WarehouseView,  # loaded only for these roles
        )

        self.warehouse_view = WarehouseView(self.user, parent=self)
        index = self.view_tabs.addTab(self.warehouse_view, "仓库核实")
        if self.user.role == Role.WAREHOUSE:
            self.view_tabs.setCurrentIndex(index)
        self.warehouse_view.verdict_recorded.connect(lambda _case_id: self.refresh())

    def _setup_returns(self) -> None:
        """The 退货入库 desk as a tab beside 仓库核实."""
        self.returns_view: ReturnsView | None = None
        if not self.user.may_do(Operation.RECEIVE_RETURN):
            return
        from kefu_desktop.ui.warehouse.returns_view import ReturnsView

        self.returns_view = ReturnsView(self.user, parent=self)
        self.view_tabs.addTab(self.returns_view, "退货入库")
        self.returns_view.receipt_recorded.connect(lambda _case_id: self.refresh())

    def _setup_approvals(self) -> None:
        """The supervisor's desk as a tab for those who approve, its title counting requests."""
        self.approvals_view: ApprovalsView | None = None
        if not self.user.may_do(Operation.DECIDE_REQUEST):
            return
        from kefu_desktop.services.approvals import pending_count
        from kefu_desktop.ui.supervisor.approvals_view import ApprovalsView, tab_title

        self.approvals_view = view = ApprovalsView(self.user, parent=self)
        self.view_tabs.addTab(view, tab_title(pending_count()))
        view.pending_changed.connect(
            lambda n: self.view_tabs.setTabText(self.view_tabs.indexOf(view), tab_title(n))
        )
        view.decided.connect(lambda _case_id: self.refresh())

    def _setup_watch_and_dashboard(self) -> None:
        """每日巡查 and 统计看板 for those who watch the day (QtCharts loads only for them)."""
        self.watch_view: WatchView | None = None
        self.dashboard_view: DashboardView | None = None
        if not self.user.may_do(Operation.DAILY_WATCH):
            return
        from kefu_desktop.ui.supervisor.dashboard_view import add_dashboard_tab
        from kefu_desktop.ui.supervisor.watch_view import add_watch_tab

        self.watch_view = add_watch_tab(self)
        self.dashboard_view = add_dashboard_tab(self)

    def _setup_evidence(self) -> None:
        """The case's evidence photos as the detail tab "照片" (built when first needed).

        The tab scrolls rather than widening the detail pane: the pane grows for the photos
        only while 照片 is shown, and gives the width back to the list when another tab is.
        """
        self.evidence_gallery: EvidenceGallery | None = None
        self._evidence_tab = QScrollArea()
        self._evidence_tab.setWidgetResizable(True)
        self._evidence_tab.setFrameShape(QFrame.Shape.NoFrame)
        self._evidence_box = QWidget()
        QVBoxLayout(self._evidence_box).setContentsMargins(0, 0, 0, 0)
        self._evidence_tab.setWidget(self._evidence_box)
        self.detail_tabs.addTab(self._evidence_tab, "照片")
        self._sizes_before_photos: list[int] | None = None
        self.case_selected.connect(self._show_evidence)
        # photos kept on this desk while the archive share was away go in once it is back
        self.pending_photos = PendingPhotoStorer(self)
        self.pending_photos.stored.connect(self._pending_photos_stored)

    def _keep_key_columns_visible(self) -> None:
        """The list never gets narrower than its key columns (售后单号 买家ID 类型 状态 旗帜)."""
        table = self.ui.caseTable
        width = sum(table.columnWidth(self.model.column_of(t)) for t in KEY_COLUMNS)
        scroll = table.verticalScrollBar().sizeHint().width()
        table.setMinimumWidth(width + scroll + 2 * table.frameWidth() + 2)

    def _detail_tab_changed(self, index: int) -> None:
        splitter = self.ui.splitter
        if self.detail_tabs.widget(index) is self._evidence_tab:
            if self.evidence_gallery is None:
                return
            sizes = splitter.sizes()
            self._sizes_before_photos = sizes
            total = sizes[0] + sizes[1]  # the 话术 pane, if shown, keeps its width
            wanted = self.evidence_gallery.minimumSizeHint().width() + 24
            detail = min(max(sizes[1], wanted), total - self.ui.caseTable.minimumWidth())
            splitter.setSizes([total - detail, detail, *sizes[2:]])
        elif self._sizes_before_photos is not None:
            splitter.setSizes(self._sizes_before_photos)
            self._sizes_before_photos = None

    def _show_evidence(self, case_id: int) -> None:
        if self.evidence_gallery is None:
            if not case_id:
                return
            # Pillow and the HEIC decoder load here, not at start-up.
            from kefu_desktop.ui.widgets.evidence_gallery import EvidenceGallery

            self.evidence_gallery = EvidenceGallery(self.user, parent=self._evidence_box)
            self._evidence_box.layout().addWidget(self.evidence_gallery)
            self.evidence_gallery.evidence_changed.connect(self._evidence_added)
            self.evidence_gallery.set_pending_storer(self.pending_photos)
        if not case_id:
            self.evidence_gallery.set_case(None)
        else:
            detail = (
                self.current if self.current is not None and self.current.id == case_id else None
            )
            customer = detail.customer_id if detail is not None else ""
            changeable = detail is not None and cases.may_change_case(self.user, detail)
            if (
                self.evidence_gallery.case_id != case_id
                or self.evidence_gallery.changeable != changeable
            ):
                self.evidence_gallery.set_case(case_id, customer, changeable=changeable)

    def _pending_photos_stored(self, case_ids: list[int], count: int) -> None:
        self.ui.statusBar.showMessage(f"{count} 张暂存在本机的照片已存入归档。", 15_000)
        if self.current is not None and self.current.id in case_ids:
            self._fill_history(cases.get_case(self.current.id))

    def _evidence_added(self, case_id: int) -> None:
        if self.current is not None and self.current.id == case_id:
            self._fill_history(cases.get_case(case_id))

    def _date_enabled(self, enabled: bool) -> None:
        self.ui.fromDate.setEnabled(enabled)
        self.ui.toDate.setEnabled(enabled)
        self.ui.toLabel.setEnabled(enabled)

    # --- list ---

    def current_filter(self) -> CaseFilter:
        """The search text and filters as the user has set them."""
        handler = self.ui.handlerCombo.currentData()
        if handler == MINE:
            handler = self.user.id
        kind = self.ui.kindCombo.currentData()
        state = self.ui.stateCombo.currentData()
        dated = self.ui.dateCheck.isChecked()
        return CaseFilter(
            text=self.ui.searchEdit.text(),
            kind=CaseKind(kind) if kind else None,
            state=CaseState(state) if state else None,
            handler_id=handler,
            created_from=_to_date(self.ui.fromDate.date()) if dated else None,
            created_to=_to_date(self.ui.toDate.date()) if dated else None,
            attention_only=self.ui.attentionCheck.isChecked(),
            due=self.promise_controls.due_filter(),
            by_due=self.promise_controls.by_due,
            sku=self.promise_controls.sku_batch[0],
            batch=self.promise_controls.sku_batch[1],
        )

    def _load_page(self, before_id: int | None, limit: int) -> list[CaseRow]:
        try:
            return cases.list_cases(self.user, self._filter, before_id=before_id, limit=limit)
        except DatabaseUnavailable:
            raise  # the database's own trouble is told as such (and the rows shown are kept)
        except KefuError as error:  # e.g. the account was disabled: said in the status bar
            self._list_problem = str(error)
            return []

    def apply_filters(self) -> bool:
        """Reload the list for the current search and filters; False if it could not."""
        self._search_timer.stop()
        self._filter = self.current_filter()
        self._list_problem = ""
        selected = self.current.id if self.current else None
        try:
            self.model.set_loader(self._load_page)
        except KefuError as error:  # e.g. the database cannot be reached right now
            show_problem(self, error)
            self._update_count()
            return False
        self._update_count()
        row = self.model.row_of_case(selected) if selected else None
        if row is not None:
            self.ui.caseTable.selectRow(row)
        elif self.model.rowCount() == 1:
            self.ui.caseTable.selectRow(0)
        else:
            self._show_case(None)
        self.first_page_shown.emit()
        return True

    def _search_now(self) -> None:
        self.apply_filters()
        if self.model.rowCount() >= 1 and self.ui.searchEdit.text().strip():
            self.ui.caseTable.selectRow(0)
        self.ui.searchEdit.selectAll()

    def _update_count(self) -> None:
        if self._list_problem:
            self.count_label.setText(f"列表未能刷新：{self._list_problem}")
            return
        shown = self.model.rowCount()
        more = "+" if self.model.canFetchMore(QModelIndex()) else ""
        text = self._filter.text.strip()
        if text and shown == 0:
            self.count_label.setText(f"没有找到与「{text}」相符的售后单")
        else:
            self.count_label.setText(f"共 {shown}{more} 条")

    def clear_filters(self) -> None:
        """Back to the whole list."""
        for widget in (self.ui.kindCombo, self.ui.stateCombo, self.ui.handlerCombo):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for check in (self.ui.dateCheck, self.ui.attentionCheck):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self._date_enabled(False)
        self.promise_controls.clear()
        self.ui.searchEdit.clear()
        self.apply_filters()

    def _database_back(self) -> None:
        self.refresh()
        self.ui.statusBar.showMessage("数据库已重新连接，列表已刷新。", 10_000)

    def refresh(self) -> None:
        """Reload the list and the case shown."""
        if self.apply_filters() and self.current is not None:
            self.show_case_id(self.current.id)

    def show_colleagues_changes(self, lists: set[ChangedList]) -> None:
        """Colleagues changed something: show it, keeping selection, scroll and what is typed."""
        if ChangedList.CASES in lists:
            self.refresh_cases_in_place()
            if self.returns_view is not None:  # outcomes and receipts change the cases too
                self.returns_view.refresh()
        if ChangedList.WAREHOUSE_CHECKS in lists and self.warehouse_view is not None:
            self.warehouse_view.refresh()
        if ChangedList.APPROVALS in lists and self.approvals_view is not None:
            self.approvals_view.update_count()

    def refresh_cases_in_place(self) -> None:
        """Re-read the loaded part of the case list; the selected case and scroll stay put,
        and the detail pane follows when the selected case itself changed."""
        table = self.ui.caseTable
        selection = table.selectionModel()
        position = table.verticalScrollBar().value()
        selection.blockSignals(True)
        try:
            if not self.model.refresh_rows() and self.current is not None:
                row = self.model.row_of_case(self.current.id)
                if row is not None:
                    table.selectRow(row)
        finally:
            selection.blockSignals(False)
        table.viewport().update()
        table.verticalScrollBar().setValue(position)
        self._update_count()
        if self.current is not None:
            row = self.model.row_of_case(self.current.id)
            if row is not None and self.model.row_at(row).version != self.current.version:
                self.show_case_id(self.current.id)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.live.stop()
        self.pending_photos.shutdown()  # let photos being stored right now finish
        save_main_window(self, self.layout_settings)
        super().closeEvent(event)

    def focus_search(self) -> None:
        self.ui.viewTabs.setCurrentWidget(self.ui.casesPage)
        self.ui.searchEdit.setFocus()
        self.ui.searchEdit.selectAll()

    def select_case(self, case_id: int) -> None:
        """Select `case_id` in the list if loaded, and show it in the detail pane."""
        row = self.model.row_of_case(case_id)
        if row is not None:
            self.ui.caseTable.selectRow(row)
        else:
            self.show_case_id(case_id)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.ui.caseTable.selectionModel().selectedRows()
        if not rows:
            self._show_case(None)
            return
        self.show_case_id(self.model.row_at(rows[0].row()).id)
        self._update_count()

    def _show_whole_text(self, url: QUrl) -> None:
        """显示全部 under a long note or summary: lay out the whole text, where it was."""
        key = more_key(url)
        if key is None or self.current is None:
            return
        browser = self.ui.detailBrowser
        position = browser.verticalScrollBar().value()
        self._expanded = self._expanded | {key}
        self._reveal_expanded(self.current)
        browser.verticalScrollBar().setValue(position)

    def _reveal_expanded(self, detail: CaseDetail) -> None:
        """Show the rest of the long texts asked for (in parts, after the window answers)."""
        texts = {"note": detail.note_text, "summary": detail.summary}
        for key in sorted(self._expanded):
            self.long_texts.reveal(key, texts.get(key) or "")

    def _row_clicked(self, index: QModelIndex) -> None:
        """A click on the row already selected shows its case again when another case was
        opened meanwhile (from the registers, by its id)."""
        case_id = self.model.row_at(index.row()).id
        if self.current is None or self.current.id != case_id:
            self.show_case_id(case_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.ui.detailTabs.setCurrentIndex(0)

    # --- detail ---

    def show_case_id(self, case_id: int) -> None:
        try:
            detail = cases.get_case(case_id)
        except KefuError as error:
            show_problem(self, error)
            self._show_case(None)
            return
        if detail.attention and detail.handler_id == self.user.id:
            try:
                detail = cases.clear_highlight(self.user, case_id)
            except KefuError as error:
                show_problem(self, error)
        self._show_case(detail)

    def _show_case(self, detail: CaseDetail | None) -> None:
        self.current = detail
        may_change = detail is not None and cases.may_change_case(self.user, detail)
        self.ui.changeStateButton.setVisible(
            may_change and self.user.may_do(Operation.CHANGE_STATE)
        )
        self.ui.firstReplyButton.setVisible(
            may_change and self.user.may_do(Operation.RECORD_FIRST_REPLY)
        )
        self.continue_button.setVisible(
            detail is not None
            and may_change
            and self.user.may_do(Operation.WORK_WIZARD)
            and _can_continue(detail)
        )
        self.take_over_button.setVisible(
            detail is not None and cases.may_take_over(self.user, detail)
        )
        self.price_change_button.setVisible(
            may_change and self.user.may_do(Operation.RECORD_PRICE_CHANGE)
        )
        step = None
        if detail is not None and may_change:
            step = _step_after_receipt(self.user, detail)
        self.after_receipt_button.setVisible(step is not None)
        self.return_waybill_button.setVisible(
            detail is not None and may_change and _awaited_return(self.user, detail) is not None
        )
        self.after_receipt_button.setText(f"退货已入库，{step.label}" if step else "")
        if detail is None:
            self.ui.detailTitle.setText("选择左侧的售后单查看详情")
            self.ui.detailBrowser.setHtml(
                "<p style='color:#757575'>在上方搜索框输入或扫描 买家ID、订单号、运单号 或 售后单号，"
                "按回车即可找到售后单。</p>"
            )
            self.ui.historyTree.clear()
            self.case_selected.emit(0)
            return
        self.ui.detailTitle.setText(
            f"{detail.case_no}　{detail.kind.label}"
            f"{' · ' + detail.sub_kind.label if detail.sub_kind else ''}　[{detail.state.label}]"
        )
        self.ui.changeStateButton.setEnabled(bool(ALLOWED_TRANSITIONS[detail.state]))
        self.ui.firstReplyButton.setEnabled(detail.first_reply_at is None)
        self.ui.firstReplyButton.setToolTip(
            f"已于 {format_local(detail.first_reply_at)} 首次回复"
            if detail.first_reply_at
            else "回复客户后点这里（或按 F2），记入首次回复时间；更早回复的按 Shift+F2 填写时间"
        )
        if self._expanded_case != detail.id:
            self._expanded_case, self._expanded = detail.id, frozenset()
        self.ui.detailBrowser.setHtml(
            _detail_html(detail) + self.promise_controls.detail_html(detail.id)
        )
        self._reveal_expanded(detail)
        self._fill_history(detail)
        self.case_selected.emit(detail.id)

    def _fill_history(self, detail: CaseDetail) -> None:
        tree = self.ui.historyTree
        tree.clear()
        for event in reversed(detail.events):
            states = ""
            if event.to_state is not None:
                before = event.from_state.label if event.from_state else ""
                states = f"{before} → {event.to_state.label}" if before else event.to_state.label
            QTreeWidgetItem(
                tree,
                [
                    format_local(event.at, with_seconds=True),
                    event.actor_name,
                    action_label(event.action),
                    states,
                    summarise(event.action, event.details),
                ],
            )

    def _change_state(self) -> None:
        if self.current is None:
            return
        from kefu_desktop.ui.cases.state_dialog import StateDialog

        case_id = self.current.id
        dialog = StateDialog(self.current.case_no, self.current.state, self)
        unsaved = self._unsaved_state.pop(case_id, None)
        if unsaved is not None:
            dialog.prefill(*unsaved)
        if dialog.exec() != StateDialog.DialogCode.Accepted:
            return
        version = self.current.version

        def keep_typed() -> None:
            self._unsaved_state[case_id] = (dialog.target(), dialog.note())

        detail = self._save_case_change(
            case_id,
            lambda: cases.change_state(self.user, case_id, version, dialog.target(), dialog.note()),
            on_stale=keep_typed,
        )
        if detail is None:
            return
        self._show_case(detail)
        self.apply_filters()

    def _save_case_change(
        self,
        case_id: int,
        save: Callable[[], CaseDetail],
        on_stale: Callable[[], None] | None = None,
    ) -> CaseDetail | None:
        """Run one change of the shown case; a stale save offers 重新载入, any other problem is
        shown and the list refreshed. None when nothing was saved."""
        try:
            return save()
        except StaleRecord as error:
            if on_stale is not None:
                on_stale()
            if offer_reload(self, error):
                self.show_case_id(case_id)
            return None
        except KefuError as error:
            show_problem(self, error)
            self.refresh()
            return None

    def _first_reply(self) -> None:
        if self.current is None:
            return
        case_id, version = self.current.id, self.current.version
        detail = self._save_case_change(
            case_id, lambda: cases.record_first_reply(self.user, case_id, version)
        )
        if detail is not None:
            self._show_case(detail)

    def take_over_current_case(self) -> None:
        """接手: become the handler of the shown case (its handler left, or a supervisor)."""
        if self.current is None:
            return
        handler = self.current.handler_name or "无"
        note, ok = QInputDialog.getText(
            self,
            "接手售后单",
            f"接手售后单 {self.current.case_no}（原处理人：{handler}）。\n接手原因（可不填）：",
        )
        if not ok:
            return
        case_id, version = self.current.id, self.current.version
        detail = self._save_case_change(
            case_id, lambda: cases.take_over(self.user, case_id, version, note)
        )
        if detail is None:
            return
        self._show_case(detail)
        self.apply_filters()

    def _set_login_list(self, shown: bool) -> None:
        from kefu_desktop.services.settings import set_logins_shown_at_login

        try:
            set_logins_shown_at_login(self.user, shown)
        except KefuError as error:
            show_problem(self, error)
            self.login_list_action.blockSignals(True)
            self.login_list_action.setChecked(not shown)
            self.login_list_action.blockSignals(False)

    def _setup_wizards(self) -> None:
        self.take_over_button = QPushButton("接手", self)
        self.take_over_button.setToolTip(
            "处理人已离开（账号停用）时接手该单；客服主管和管理员可随时接手"
        )
        self.take_over_button.clicked.connect(self.take_over_current_case)
        self.take_over_button.setVisible(False)
        self.ui.caseActionsLayout.insertWidget(0, self.take_over_button)
        self.continue_button = QPushButton("继续处理…", self)
        self.continue_button.setToolTip("等待的结果已到：回到向导中等待的那一步继续处理")
        self.continue_button.clicked.connect(self.continue_current_case)
        self.continue_button.setVisible(False)
        self.ui.caseActionsLayout.insertWidget(0, self.continue_button)
        self.price_change_button = QPushButton("改价/补差…", self)
        self.price_change_button.setToolTip("记录补差价、补运费或改价优惠，备注黄旗")
        self.price_change_button.clicked.connect(self.record_price_change)
        self.price_change_button.setVisible(False)
        self.ui.caseActionsLayout.insertWidget(0, self.price_change_button)
        self.after_receipt_button = QPushButton(self)
        self.after_receipt_button.setStyleSheet("background: #fff3c4; font-weight: bold;")
        self.after_receipt_button.setToolTip("仓库已登记退货入库，商品齐全：记录同意退款或发出换货")
        self.after_receipt_button.clicked.connect(self.carry_out_after_receipt)
        self.after_receipt_button.setVisible(False)
        self.ui.caseActionsLayout.insertWidget(0, self.after_receipt_button)
        self.return_waybill_button = QPushButton("退货运单号…", self)
        self.return_waybill_button.setToolTip(
            "客户寄回商品后提供的退货运单号：仓库扫描退货包裹时据此找到该单"
        )
        self.return_waybill_button.clicked.connect(self.enter_return_waybill)
        self.return_waybill_button.setVisible(False)
        self.ui.caseActionsLayout.insertWidget(0, self.return_waybill_button)
        if self.user.may_do(Operation.OPEN_CASE):
            QTimer.singleShot(0, self.resume_drafts)

    def ask_new_case(self) -> None:
        """Ctrl+N: ask the kind, then open its wizard."""
        from kefu_desktop.ui.wizards.kind_dialog import NewCaseKindDialog

        dialog = NewCaseKindDialog(self)
        if dialog.exec() == NewCaseKindDialog.DialogCode.Accepted and dialog.kind is not None:
            self.start_new_case(dialog.kind)

    def start_new_case(self, kind: CaseKind) -> None:
        """Open the guided wizard for a new case of `kind`."""
        from kefu_desktop.ui.wizards import new_case_wizard

        self._run_wizard(new_case_wizard(self.user, kind, self))

    def record_price_change(self) -> None:
        """改价/补差 on the case shown; the note and flag go to the clipboard."""
        if self.current is None:
            return
        from kefu_desktop.ui.cases.price_change_dialog import PriceChangeDialog

        dialog = PriceChangeDialog(self.user, self.current, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._show_case(dialog.saved)
            self.apply_filters()

    def continue_current_case(self) -> None:
        """ "继续处理": re-enter the selected waiting case's wizard at the step it waits on."""
        if self.current is None:
            return
        from kefu_desktop.ui.wizards import continue_case_wizard

        try:
            wizard = continue_case_wizard(self.user, self.current.id, self)
        except KefuError as error:
            show_problem(self, error)
            return
        self._run_wizard(wizard)

    def carry_out_after_receipt(self) -> None:
        """The goods are back: record 同意退款 or 发出换货 (the refund or exchange step)."""
        if self.current is None:
            return
        from kefu_desktop.services import returns

        try:
            returns.carry_out_after_receipt(self.user, self.current.id, self.current.version)
        except KefuError as error:
            show_problem(self, error)
        self.refresh()

    def enter_return_waybill(self) -> None:
        """The customer's return waybill (填写物流单号), so the warehouse's scan finds this case."""
        if self.current is None:
            return
        expected = _awaited_return(self.user, self.current)
        if expected is None:
            return
        from kefu_desktop.services import returns

        text, accepted = QInputDialog.getText(
            self,
            "退货运单号",
            f"客户寄回 {expected.goods} 的运单号：",
            text=expected.return_waybill,
        )
        if not accepted:
            return
        text = read_pasted_waybill(text).waybill or text  # 「圆通 YT…」 pasted from the chat
        try:
            returns.set_return_waybill(self.user, expected.id, expected.version, text)
        except KefuError as error:
            show_problem(self, error, "退货运单号未保存")
            return
        self.refresh()

    def resume_drafts(self) -> None:
        """Offer the user's unfinished wizards (e.g. after the app was killed)."""
        if not has_drafts(self.user):
            return  # the wizards (and Pillow with them) load when first used, not at start
        from kefu_desktop.ui.wizards import offer_drafts

        wizard = offer_drafts(self.user, self)
        if wizard is not None:
            self._run_wizard(wizard)

    def _run_wizard(self, wizard: CaseWizard) -> None:
        wizard.exec()
        wizard.deleteLater()  # a day's hundreds of wizards must not stay alive in the window
        self.refresh()
        if wizard.saved_case is not None:
            self.select_case(wizard.saved_case.id)

    def manage_staff(self) -> None:
        """The administrator's staff accounts dialog; new colleagues appear in the filters."""
        from kefu_desktop.ui.accounts.staff_dialog import StaffDialog

        StaffDialog(self.user, self).exec()
        self._fill_handlers()

    def choose_archive_root(self) -> None:
        """Let the administrator point the office at another evidence archive folder."""
        from kefu_desktop.ui.settings.settings_dialog import choose_archive_root

        choose_archive_root(self, self.user)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"关于{APP_TITLE}",
            f"<b>{APP_TITLE}</b> kefu-desktop {__version__}<br>"
            "售后客服、仓库、主管共用的售后处理工具。<br>"
            f"数据库：{escape_html(self.database_text)}",
        )


def _can_continue(detail: CaseDetail) -> bool:
    from kefu_desktop.services.wizard import can_continue  # the flows load on first use

    return can_continue(detail)


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _step_after_receipt(user: User, detail: CaseDetail) -> AfterReceipt | None:
    """The refund or exchange step the goods' receipt opened on this case, if any."""
    if not user.may_do(Operation.CARRY_OUT_AFTER_RECEIPT) or detail.state.is_final:
        return None
    from kefu_desktop.services import returns

    return returns.pending_step_after_receipt(detail.id)


def _awaited_return(user: User, detail: CaseDetail) -> ExpectedView | None:
    """The return this case still waits for, when `user` may enter its waybill."""
    if not user.may_do(Operation.SET_RETURN_WAYBILL) or detail.state.is_final:
        return None
    from kefu_desktop.domain.returns import ExpectedState
    from kefu_desktop.services import returns

    waiting = [e for e in returns.expected_for_case(detail.id) if e.state == ExpectedState.EXPECTED]
    return waiting[-1] if waiting else None


def _detail_html(d: CaseDetail) -> str:
    """The case for the 详情 tab; long texts cut (their rest is revealed on demand)."""

    def row(label: str, value: str, cell: str | None = None) -> str:
        return (
            f"<tr><td style='color:#616161;padding:3px 12px 3px 0;white-space:nowrap'>{label}</td>"
            f"<td style='padding:3px 0'>{escape_html(value) if cell is None else cell}</td></tr>"
        )

    courier = courier_name(d.courier)
    goods = " / ".join(
        part
        for part in (
            d.sku,
            d.colour,
            d.size,
            f"×{d.quantity}",
            f"批次 {d.batch}" if d.batch else "",
        )
        if part
    )
    rows = [
        row("买家ID", d.customer_id),
        row("订单号", d.order_no),
        row("运单号", f"{d.waybill_no}（{courier}）" if d.waybill_no else ""),
        row("商品", goods),
        row("处理人", d.handler_name),
        row("客户首次咨询", format_local(d.asked_at)),
        row("首次回复", format_local(d.first_reply_at) or "尚未回复"),
        row("受理时间", format_local(d.created_at)),
    ]
    if d.resolved_at:
        rows.append(row("解决时间", format_local(d.resolved_at)))
    if d.resolution_text or d.resolution:
        rows.append(row("处理结果", d.resolution_text or resolution_label(d.resolution)))
    money = []
    if d.refund_fen:
        money.append(f"退款 ¥{format_yuan(d.refund_fen)}")
    if d.compensation_fen:
        money.append(f"补偿 ¥{format_yuan(d.compensation_fen)}")
    if d.courier_fen:
        money.append(f"物流赔偿 ¥{format_yuan(d.courier_fen)}")
    if d.postage_fen:
        payer = label_of(PostagePayer, d.postage_payer)
        money.append(f"邮费 ¥{format_yuan(d.postage_fen)} {payer}".strip())
    if d.top_up_fen:
        money.append(f"客户补差/补运费 ¥{format_yuan(d.top_up_fen)}")
    if d.price_cut_fen:
        money.append(f"改价优惠 ¥{format_yuan(d.price_cut_fen)}")
    if money:
        rows.append(row("金额", "，".join(money)))
    if d.summary:
        rows.append(row("情况说明", "", clipped_html(d.summary, "summary")))
    body = "<table>" + "".join(rows) + "</table>"
    if d.attention:
        body = (
            f"<p style='background:#fff3c4;padding:6px'><b>需关注：</b>{escape_html(d.attention)}</p>"
            + body
        )
    if d.note_text:
        colour = d.note_flag.colour
        body += (
            f"<p><b>订单备注</b> <span style='color:{colour}'>■ {d.note_flag.label}</span><br>"
            f"{clipped_html(d.note_text, 'note')}</p>"
        )
    return body
