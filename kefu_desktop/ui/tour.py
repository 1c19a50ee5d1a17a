"""A walk through every window of the app for every role, on demo data.

`python -m kefu_desktop.ui.tour --out DIR` saves a PNG of each window (scripts/screenshots.sh);
`--json` prints where each window's frame lies against its screen's available area, which the
fit test checks on a laptop-sized screen. The tour writes to its own throw-away data folder.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
    QWizard,
)

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.domain.roles import Operation, Role
from kefu_desktop.paths import DATA_DIR_ENV
from kefu_desktop.services.auth import User

TITLE_BAR_PX = 31
"""Height of a Windows 10/11 title bar at 100 % (in logical pixels at any scaling)."""

ROLE_LOGINS: dict[Role, str] = {
    Role.AGENT: "kefu01",
    Role.WAREHOUSE: "cangku01",
    Role.SUPERVISOR: "zhuguan01",
    Role.ADMIN: "admin",
}
CASE_KEYS = ("售后单号", "买家ID", "类型", "状态")
"""The case list's columns an agent reads every minute: never cut at 1366×728."""
REGISTER_KEYS = ("售后单号", "买家ID", "类型", "处理结果", "状态")
WAREHOUSE_KEYS = ("售后单号", "买家ID", "运单号")
CLAIM_KEYS = ("售后单号", "快递公司", "索赔金额", "状态")
WATCH_KEYS = ("售后单号", "快递公司", "运单号", "闲置天数")


@dataclass
class Shot:
    """One window as it was shown."""

    role: str
    name: str
    frame: tuple[int, int, int, int]
    """x, y, width, height of the window's frame (title bar not included off Windows)."""
    available: tuple[int, int, int, int]
    maximised: bool
    cut_columns: list[str] = field(default_factory=list)
    """Key list columns not fully visible without scrolling sideways."""
    file: str = ""
    texts: list[str] = field(default_factory=list)
    """Every text the window shows: titles, labels, buttons, fields, menus, headers, cells."""
    classes: list[str] = field(default_factory=list)
    """The window's class and the app's classes it derives from (e.g. QualityWizard, CaseWizard)."""


def _rect(rect: QRect) -> tuple[int, int, int, int]:
    return (rect.x(), rect.y(), rect.width(), rect.height())


def fits(shot: Shot, title_bar: int = TITLE_BAR_PX) -> bool:
    """Whether the frame lies on the screen's available area and, unless maximised, would still
    fit with a Windows title bar added (Windows places the frame, title bar included, on screen)."""
    x, y, width, height = shot.frame
    ax, ay, aw, ah = shot.available
    inside = x >= ax and y >= ay and x + width <= ax + aw and y + height <= ay + ah
    return inside and (shot.maximised or height + title_bar <= ah)


def cut_key_columns(table: QAbstractItemView, keys: tuple[str, ...]) -> list[str]:
    """The key columns of `table` whose header lies (partly) outside the visible viewport."""
    if not isinstance(table, QTableView):
        return []
    model = table.model()
    header = table.horizontalHeader()
    visible_width = table.viewport().width()
    cut = []
    for column in range(model.columnCount()):
        title = str(model.headerData(column, header.orientation()))
        if title not in keys or table.isColumnHidden(column):
            continue
        left = header.sectionViewportPosition(column)
        if left < 0 or left + header.sectionSize(column) > visible_width:
            cut.append(title)
    return cut


_TAGS = re.compile(r"<[^>]+>")
ROWS_READ = 40


def _item_view_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    root = QModelIndex()
    if isinstance(model, QAbstractListModel):
        columns, texts = 1, []
    else:
        columns = model.columnCount(root)
        texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    for row in range(min(model.rowCount(root), ROWS_READ)):
        for column in range(columns):
            value = model.data(model.index(row, column, root))
            if value is not None:
                texts.append(str(value))
    return texts


def visible_texts(window: QWidget) -> list[str]:
    """The texts a person can see in `window` (and its menus)."""
    texts = [window.windowTitle()]
    widgets = [w for w in window.findChildren(QWidget) if w.isVisibleTo(window)]
    for widget in widgets:
        if isinstance(widget, QLabel):
            texts.append(_TAGS.sub(" ", widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            texts += [widget.toPlainText(), widget.placeholderText()]
        elif isinstance(widget, QAbstractItemView):
            texts += _item_view_texts(widget)
        elif isinstance(widget, QMenuBar):
            for action in widget.actions():
                texts.append(action.text())
                menu = action.menu()
                if menu is not None:
                    texts += [a.text() for a in menu.actions() if a.isVisible()]
    return [t for t in texts if t and t.strip()]


class TourProblem(Exception):
    """A window the tour could not walk as a person would (e.g. a wizard stopping early)."""


RecordHook = Callable[[Shot, QWidget], None]
"""Called with each window as soon as it is recorded (the self-test reports it and stops at
the first problem by raising)."""


class Tour:
    """Shows windows one by one, records each and (optionally) saves a picture of it."""

    def __init__(self, out: Path | None, on_record: RecordHook | None = None) -> None:
        self.out = out
        self.on_record = on_record
        self.shots: list[Shot] = []
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)

    def settle(self) -> None:
        for _ in range(3):
            QApplication.processEvents()

    def record(
        self,
        role: str,
        name: str,
        window: QWidget,
        tables: tuple[tuple[QAbstractItemView, tuple[str, ...]], ...] = (),
    ) -> Shot:
        if not window.isVisible():
            window.show()
        self.settle()
        screen = window.screen()
        shot = Shot(
            role=role,
            name=name,
            frame=_rect(window.frameGeometry()),
            available=_rect(screen.availableGeometry()),
            maximised=window.isMaximized(),
            cut_columns=[c for table, keys in tables for c in cut_key_columns(table, keys)],
            texts=visible_texts(window),
            classes=[c.__name__ for c in type(window).__mro__ if c.__module__.startswith("kefu_")],
        )
        if self.out is not None:
            path = self.out / f"{role}-{name}.png"
            window.grab().save(str(path))
            shot.file = path.name
        self.shots.append(shot)
        if self.on_record is not None:
            self.on_record(shot, window)
        return shot


def _demo_photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 1200), (215, 200, 170))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 250, 1300, 950), outline=(120, 80, 40), width=18)
    draw.line((300, 250, 1300, 950), fill=(160, 40, 40), width=12)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _users() -> dict[Role, User]:
    from kefu_desktop.services import auth
    from kefu_desktop.services.demo import DEMO_PASSWORD

    return {role: auth.login(login, DEMO_PASSWORD) for role, login in ROLE_LOGINS.items()}


def _close(widget: QWidget) -> None:
    if isinstance(widget, QDialog):
        widget.done(QDialog.DialogCode.Rejected)  # no "keep the draft?" question
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()


def _main_window_shots(tour: Tour, role: str, user: User, photo_case: int) -> None:
    from kefu_desktop.ui.cases.main_window import MainWindow
    from kefu_desktop.ui.cases.state_dialog import StateDialog
    from kefu_desktop.ui.widgets.shortcuts import ShortcutsDialog

    window = MainWindow(user, "SQLite（演示数据）")
    window.show()
    tour.settle()
    window.view_tabs.setCurrentWidget(window.ui.casesPage)
    tables = ((window.ui.caseTable, CASE_KEYS),)
    if window.model.rowCount():
        window.ui.caseTable.selectRow(0)
    tour.record(role, "售后单", window, tables)
    window.select_case(photo_case)
    window.show_case_id(photo_case)
    window.detail_tabs.setCurrentIndex(window.detail_tabs.count() - 1)  # 照片
    tour.settle()
    tour.record(role, "售后单-照片", window, tables)
    if window.warehouse_view is not None:
        view = window.warehouse_view
        window.view_tabs.setCurrentWidget(view)
        tour.settle()
        view.wait_idle()  # the queue is read off the UI thread
        pending = view.pending_checks()
        if pending:
            view.open_check(pending[0].id)
        tour.record(role, "仓库核实", window, ((view.ui.queueTable, WAREHOUSE_KEYS),))
        from kefu_desktop.ui.warehouse.warehouse_view import (
            ProductImportDialog,
            WarehouseSettingsDialog,
        )

        for name, dialog_class in (
            ("仓库设置", WarehouseSettingsDialog),
            ("导入商品", ProductImportDialog),
        ):
            dialog = dialog_class(user, window)
            tour.record(role, name, dialog)
            _close(dialog)
    if window.returns_view is not None:
        returns_view = window.returns_view
        window.view_tabs.setCurrentWidget(returns_view)
        tour.settle()
        expected = returns_view.expected_rows()
        if expected:
            returns_view.open_expected(expected[0])
        tour.record(role, "退货入库", window)
        from kefu_desktop.ui.warehouse.returns_view import UnmatchedParcelDialog

        dialog = UnmatchedParcelDialog(user, "", window)
        tour.record(role, "登记无主件", dialog)
        _close(dialog)
    if window.approvals_view is not None:
        approvals_view = window.approvals_view
        window.view_tabs.setCurrentWidget(approvals_view)
        tour.settle()
        approvals_view.wait_idle()
        requests = approvals_view.pending_requests()
        if requests:
            approvals_view.select_request(requests[0].id)
        tour.record(role, "主管审批", window)
    if window.watch_view is not None:
        window.view_tabs.setCurrentWidget(window.watch_view)
        window.watch_view.loader.wait()
        tour.record(role, "每日巡查", window)
    if window.dashboard_view is not None:
        window.view_tabs.setCurrentWidget(window.dashboard_view)
        window.dashboard_view.wait()
        tour.record(role, "统计看板", window)
        window.view_tabs.setCurrentIndex(0)
    registers = next((a for a in window.menuBar().actions() if a.text().startswith("报表")), None)
    if registers is not None:
        menu = registers.menu()
        actions = {a.text(): a for a in menu.actions()}
        actions["登记表"].trigger()
        tour.settle()
        view = window.registers_view
        tour.record(role, "登记表", window, ((view.ui.table, REGISTER_KEYS),))
        actions["导出月度报表…"].trigger()
        tour.settle()
        tour.record(role, "导出月度报表", window.export_dialog)
        _close(window.export_dialog)
        if "奖罚评分表…" in actions:
            actions["奖罚评分表…"].trigger()
            scores = window.score_sheet_dialog
            while scores.worker.busy:  # the month's figures are read off the UI thread
                QApplication.processEvents()
            tour.record(role, "奖罚评分表", scores)
            from kefu_desktop.ui.reports.score_sheet_dialog import AdjustDialog, RulesDialog

            rules = RulesDialog(user, scores)
            tour.record(role, "评分规则", rules)
            _close(rules)
            if scores.view is not None and scores.view.rows:
                line = scores.view.rows[0]
                adjust = AdjustDialog(line.name, line.adjustment, line.comment, scores)
                tour.record(role, "调整得分", adjust)
                _close(adjust)
            _close(scores)
    claims_action = getattr(window, "claims_action", None)
    if claims_action is not None:
        claims_action.trigger()
        tour.settle()
        view = window.claims_view
        view.loader.wait()
        if view.rows:
            view.table.selectRow(0)
        tour.record(role, "快递理赔", window, ((view.table, CLAIM_KEYS),))
        window.watch_action.trigger()
        window.parcel_watch_view.loader.wait()
        tour.settle()
        tour.record(role, "今日跟进", window, ((window.parcel_watch_view.table, WATCH_KEYS),))
        window.view_tabs.setCurrentIndex(0)
    if window.current is not None and window.ui.changeStateButton.isVisible():
        dialog = StateDialog(window.current.case_no, window.current.state, window)
        tour.record(role, "更改状态", dialog)
        _close(dialog)
    if window.current is not None and window.price_change_button.isVisible():
        from kefu_desktop.ui.cases.price_change_dialog import PriceChangeDialog

        dialog = PriceChangeDialog(user, window.current, window)
        tour.record(role, "改价补差", dialog)
        _close(dialog)
    if user.may_do(Operation.EDIT_REPLIES):
        from kefu_desktop.ui.replies.replies_editor import RepliesEditor

        dialog = RepliesEditor(user, window)
        tour.record(role, "编辑话术", dialog)
        _close(dialog)
    if role == Role.ADMIN.value:
        from kefu_desktop.ui.accounts.staff_dialog import StaffDialog

        dialog = StaffDialog(user, window)
        tour.record(role, "员工账号", dialog)
        _close(dialog)
        from kefu_desktop.ui.accounts.audit_log_dialog import AuditLogDialog

        audit = AuditLogDialog(user, window)
        tour.record(role, "登录与备份记录", audit)
        _close(audit)
        from kefu_desktop.ui.cases.promise_settings import PromiseSettingsDialog

        settings = PromiseSettingsDialog(user, window)
        tour.record(role, "服务时间与时效", settings)
        _close(settings)
    if window.evidence_gallery is not None:
        from kefu_desktop.services import evidence
        from kefu_desktop.ui.widgets.evidence_gallery import EvidencePreview

        views = evidence.list_evidence(user, photo_case)
        if views:
            preview = EvidencePreview(views[0], window)
            tour.record(role, "照片预览", preview)
            _close(preview)
        orphans = window.evidence_gallery.attach_orphans()
        if orphans is not None:
            while orphans.busy:  # the archive is listed off the UI thread
                QApplication.processEvents()
            tour.record(role, "认领照片", orphans)
            _close(orphans)
    _care_shots(tour, role, window)
    _settings_shots(tour, role, window)
    shortcuts = ShortcutsDialog(window)
    tour.record(role, "快捷键", shortcuts)
    _close(shortcuts)
    window.close()
    _close(window)


def _settings_shots(tour: Tour, role: str, window: QWidget) -> None:
    """文件 → 设置…: this computer's tab, and the office's (read-only unless admin)."""
    from kefu_desktop.ui.settings.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.user, "SQLite（演示数据）", window)  # type: ignore[attr-defined]
    tour.record(role, "设置", dialog)
    dialog.tabs.setCurrentIndex(1)
    tour.record(role, "设置-办公室", dialog)
    _close(dialog)


def _care_shots(tour: Tour, role: str, window: QWidget) -> None:
    """客户档案 of the case shown, 我的待办 and the care settings, where the role has them."""
    from kefu_desktop.domain.care import CustomerMarkKind
    from kefu_desktop.ui.care.care_menu import open_profile
    from kefu_desktop.ui.care.care_settings_dialog import CareSettingsDialog
    from kefu_desktop.ui.care.profile_dialog import MarkDialog
    from kefu_desktop.ui.care.todo_view import SkipDialog

    current = getattr(window, "current", None)
    if current is not None:
        profile = open_profile(window, current.customer_id)
        if profile is not None:
            tour.record(role, "客户档案", profile)
            if window.user.may_do(Operation.MARK_CUSTOMER):  # type: ignore[attr-defined]
                mark = MarkDialog(CustomerMarkKind.BLOCKED, current.customer_id, profile)
                tour.record(role, "标为黑名单", mark)
                _close(mark)
            _close(profile)
    todo_action = getattr(window, "todo_action", None)
    if todo_action is not None:
        todo_action.trigger()
        tour.record(role, "我的待办", window)
        if current is not None:
            skip = SkipDialog(current.case_no, window)
            tour.record(role, "不回访", skip)
            _close(skip)
    reviews_action = getattr(window, "reviews_action", None)
    if reviews_action is not None:
        reviews_action.trigger()
        tour.record(role, "评价跟踪", window)
    if getattr(window, "care_settings_action", None) is not None:
        dialog = CareSettingsDialog(window.user, window)  # type: ignore[attr-defined]
        tour.record(role, "回访与多次售后设置", dialog)
        _close(dialog)


def _walk_wizard(tour: Tour, wizard: QWizard, kind: CaseKind) -> None:
    """Through the wizard's pages with the first answer everywhere, a picture of each page."""
    from kefu_desktop.ui.wizards.pages import QuestionPage

    ui = wizard.intake_page.ui  # type: ignore[attr-defined]
    ui.customerEdit.setText("tb_演示买家")
    ui.orderEdit.setText("3312345678901234")
    ui.waybillEdit.setText("SF1402345678901")
    ui.courierCombo.setCurrentIndex(1)
    ui.skuEdit.setText("WT2301")
    ui.batchEdit.setText("B2611")
    for number in range(1, 12):
        wizard.next()
        tour.settle()
        page = wizard.currentPage()
        tour.record("agent", f"向导-{kind.label}-{number}", wizard)
        if isinstance(page, QuestionPage):
            for edit in page.edits.values():
                if not edit.text():
                    edit.setText("1")
        if wizard.nextId() == -1:
            break
    outcome_page = wizard.outcome_page  # type: ignore[attr-defined]
    if wizard.currentPage() is not outcome_page or outcome_page.outcome is None:
        raise TourProblem(
            f"向导「{kind.label}」没有走到结果页，停在「{wizard.currentPage().title()}」。"
        )


def _wizard_shots(tour: Tour, user: User) -> None:
    from kefu_desktop.services import wizard as wizard_service
    from kefu_desktop.ui.wizards import new_case_wizard
    from kefu_desktop.ui.wizards.drafts_dialog import ResumeDraftsDialog

    for kind in (
        CaseKind.WRONG_SHIPMENT,
        CaseKind.DAMAGED_PARCEL,
        CaseKind.QUALITY,
        CaseKind.ORDER_CHANGE,
        CaseKind.LOGISTICS,
    ):
        wizard = new_case_wizard(user, kind)
        tour.record("agent", f"向导-{kind.label}", wizard)
        _walk_wizard(tour, wizard, kind)
        _close(wizard)
    from kefu_desktop.ui.wizards.kind_dialog import NewCaseKindDialog

    kind_dialog = NewCaseKindDialog()
    tour.record("agent", "新建售后单", kind_dialog)
    _close(kind_dialog)
    dialog = ResumeDraftsDialog(user, wizard_service.list_drafts(user))
    tour.record("agent", "未完成的向导", dialog)
    _close(dialog)
    from kefu_desktop.ui.widgets.crash_dialog import CrashDialog, CrashReport

    report = CrashReport(
        "KeyError: 'quantity'", "Traceback …", "新建售后单 — 发错货", drafts_kept=1
    )
    crash = CrashDialog(report)
    tour.record("agent", "程序出错", crash)
    _close(crash)


def run_tour(
    out: Path | None,
    roles: tuple[Role, ...] = tuple(Role),
    on_record: RecordHook | None = None,
    database: str | None = None,
) -> list[Shot]:
    """Open every window for every role on fresh demo data; the shots taken.

    `on_record` sees each window as it is recorded; an exception it raises ends the tour.
    `database` is the (new, empty) database to fill, by default the data folder's."""
    from kefu_desktop.services import evidence
    from kefu_desktop.services.demo import generate_demo
    from kefu_desktop.services.evidence import PhotoSource
    from kefu_desktop.store import connect
    from kefu_desktop.store.models import Case
    from kefu_desktop.ui.accounts.login_dialog import LoginDialog
    from kefu_desktop.ui.app import make_application

    make_application()
    connect(database)
    generate_demo(240, months=2, seed=7)
    users = _users()
    tour = Tour(out, on_record)
    login = LoginDialog("SQLite（演示数据）")
    tour.record("all", "登录", login)
    _close(login)
    agent = users[Role.AGENT]  # photos are added by the case's handler
    newest = Case.select(Case.id).where(Case.handler == agent.id).order_by(Case.id.desc())
    photo_case = newest.first().id
    evidence.add_photo(agent, photo_case, PhotoSource.from_bytes("破损.jpg", _demo_photo()))
    for role in roles:
        _main_window_shots(tour, role.value, users[role], photo_case)
    if Role.AGENT in roles:
        _wizard_shots(tour, users[Role.AGENT])
    return tour.shots


def stored_values() -> list[str]:
    """What people typed into the demo data (customer IDs, names, goods): data, not wording."""
    from kefu_desktop.store.models import Case, Customer, Staff

    values = {c.platform_id for c in Customer.select(Customer.platform_id)}
    values |= {s.display_name for s in Staff.select()} | {s.login for s in Staff.select()}
    for case in Case.select(Case.sku, Case.colour, Case.size, Case.batch):
        values |= {case.sku, case.colour, case.size, case.batch}
    return sorted(v for v in values if v)


def main(argv: list[str] | None = None) -> int:
    from kefu_desktop.cli import chinese_argparse

    with chinese_argparse():
        parser = argparse.ArgumentParser(
            prog="python -m kefu_desktop.ui.tour",
            description="在演示数据上依次打开每个角色的每个窗口：保存截图，或检查是否超出屏幕。",
        )
        parser.add_argument("--out", type=Path, metavar="文件夹", help="每个窗口一张 PNG 截图")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出每个窗口的位置和文字")
        args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kefu-tour-") as folder:
        os.environ[DATA_DIR_ENV] = folder
        os.environ.pop("KEFU_DB_URL", None)
        shots = run_tour(args.out)
        if args.json:
            report = {"shots": [asdict(s) for s in shots], "data": stored_values()}
            json.dump(report, sys.stdout, ensure_ascii=False)
            print()
        else:
            for shot in shots:
                mark = "" if fits(shot) and not shot.cut_columns else "  ← 超出屏幕或列被遮住"
                print(f"{shot.role:10} {shot.name:10} {shot.frame} {shot.file}{mark}")
        QApplication.closeAllWindows()
    return 0


__all__ = ["RecordHook", "Shot", "Tour", "TourProblem", "cut_key_columns", "fits", "run_tour"]

if __name__ == "__main__":
    sys.exit(main())
