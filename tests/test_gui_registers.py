"""The register browser and the export dialog, driven offscreen on a seeded SQLite database."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.clock import to_utc
from kefu_desktop.domain.kinds import CaseKind, SubKind
from kefu_desktop.domain.registers import Register
from kefu_desktop.export.monthly import ExportCancelled, TargetUnavailable
from kefu_desktop.services import cases
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import Case
from kefu_desktop.ui.reports import export_dialog
from kefu_desktop.ui.reports.export_dialog import ExportDialog
from kefu_desktop.ui.reports.registers_view import RegistersView
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


def _last_month_day(day: int) -> datetime:
    first = date.today().replace(day=1)
    start = (first - timedelta(days=1)).replace(day=1)
    return datetime(start.year, start.month, day, 11)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def seeded(sqlite_staff: Staffing) -> list[int]:
    ids = []
    for customer, kind, sub_kind, resolution, day in (
        ("破包买家", CaseKind.DAMAGED_PARCEL, SubKind.CONTENTS_DAMAGED, "reship", 3),
        ("丢件买家", CaseKind.LOGISTICS, SubKind.LOST, "reship", 4),
        ("换货买家", CaseKind.QUALITY, SubKind.WITHIN_WINDOW, "exchange", 5),
    ):
        made = cases.create_case(
            sqlite_staff.agent,
            NewCase(kind=kind, sub_kind=sub_kind, customer_id=customer, courier="SF"),
        )
        created = to_utc(_last_month_day(day))
        Case.update(
            created_at=created,
            asked_at=created,
            first_reply_at=created + timedelta(minutes=2),
            resolved_at=created + timedelta(hours=10),
            resolution=resolution,
            state="closed",
            refund_fen=1250,
        ).where(Case.id == made.id).execute()
        ids.append(made.id)
    return ids


def test_register_browser_lists_and_filters(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: list[int]
) -> None:
    view = RegistersView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.resize(1100, 500)
    view.ui.dateCheck.setChecked(False)
    view.select_register(Register.RESHIP)
    view.wait_idle()
    assert view.model.rowCount() == 2
    assert view.ui.registerList.item(3).text() == "补发（2）"
    assert view.ui.registerList.item(3 - 1).text() == "货物破损（1）"
    assert view.model.data(view.model.index(0, 8)) == "补发"
    # a refund amount left on a reshipped case is not money a reship pays: not counted
    assert view.model.data(view.model.index(0, 11)) in ("", "0.00")
    view.ui.searchEdit.setText("丢件买家")
    view.apply_filters()
    view.wait_idle()
    assert [view.model.row_at(r).customer_id for r in range(view.model.rowCount())] == ["丢件买家"]
    assert "符合筛选 1 条" in view.ui.countLabel.text()
    with qtbot.waitSignal(view.case_activated) as activated:
        view.ui.table.doubleClicked.emit(view.model.index(0, 0))
    assert activated.args == [seeded[1]]
    view.ui.searchEdit.clear()
    view.select_register(Register.EXCHANGE)
    view.wait_idle()
    assert view.model.rowCount() == 1
    view.show()
    view.grab().save("/tmp/w6-registers-shot.png")


def _dialog(qtbot: QtBot, staff: Staffing, folder: Path) -> ExportDialog:
    dialog = ExportDialog(staff.supervisor)
    qtbot.addWidget(dialog)
    assert dialog.ui.monthCombo.currentIndex() == 1  # last month by default
    assert dialog.ui.targetEdit.text().endswith(f"售后月度报表-{dialog.period().file_stem}.xlsx")
    dialog.ui.targetEdit.setText(str(folder / "登记表.xlsx"))
    return dialog


def test_export_dialog_exports_last_month_off_the_ui_thread(
    qtbot: QtBot,
    sqlite_staff: Staffing,
    seeded: list[int],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _dialog(qtbot, sqlite_staff, out)
    dialog.show()
    shown: list[Path] = []
    monkeypatch.setattr(export_dialog, "show_in_folder", shown.append)
    qtbot.mouseClick(dialog.ui.exportButton, Qt.MouseButton.LeftButton)
    assert not dialog.ui.exportButton.isEnabled()  # running
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    target = out / "登记表.xlsx"
    assert dialog.written == target and target.exists()
    assert "已导出" in dialog.ui.statusLabel.text()
    assert dialog.ui.showButton.isVisible() and dialog.ui.exportButton.isEnabled()
    assert dialog.ui.progressBar.value() == dialog.ui.progressBar.maximum()
    dialog.grab().save("/tmp/w6-export-shot.png")
    qtbot.mouseClick(dialog.ui.showButton, Qt.MouseButton.LeftButton)
    assert shown == [target]
    book = openpyxl.load_workbook(target, read_only=True)
    assert book["补发"].max_row == 3


def test_export_dialog_cancel(
    qtbot: QtBot,
    sqlite_staff: Staffing,
    seeded: list[int],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def slow_export(user: Any, period: Any, target: Path, progress: Any, cancelled: Any) -> Path:
        for step in range(1000):
            progress(step, 1000)
            if cancelled():
                raise ExportCancelled("已取消导出，没有生成文件。")
            export_dialog.QThread.msleep(10)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(export_dialog, "export_monthly", slow_export)
    dialog = _dialog(qtbot, sqlite_staff, out)
    dialog.show()
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.ui.progressBar.value() > 0, timeout=5_000)
    assert dialog.ui.cancelButton.isVisible()
    qtbot.mouseClick(dialog.ui.cancelButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=5_000)
    assert dialog.ui.statusLabel.text() == "已取消导出，没有生成文件。"
    assert dialog.written is None and list(out.iterdir()) == []


def test_export_dialog_offers_another_name_when_the_file_is_open(
    qtbot: QtBot,
    sqlite_staff: Staffing,
    seeded: list[int],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = out / "登记表.xlsx"
    other = out / "登记表 (1).xlsx"
    real_check = export_dialog.check_target

    def check(path: Path) -> None:
        if path == locked:
            raise TargetUnavailable("无法写入 登记表.xlsx：文件正在被 Excel 打开。", other)
        real_check(path)

    monkeypatch.setattr(export_dialog, "check_target", check)
    asked: list[str] = []

    def question(_parent: Any, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(export_dialog.QMessageBox, "question", question)
    dialog = _dialog(qtbot, sqlite_staff, out)
    dialog.start_export()
    assert asked and "登记表 (1).xlsx" in asked[0]
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    assert dialog.written == other and other.exists() and not locked.exists()


def test_export_dialog_on_a_full_disk_says_so_in_chinese(
    qtbot: QtBot,
    sqlite_staff: Staffing,
    seeded: list[int],
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno
    import os

    real_open, real_write = os.open, os.write
    ours: set[int] = set()

    def tracking_open(path: Any, *args: Any, **kwargs: Any) -> int:
        fd = real_open(path, *args, **kwargs)
        if str(path).startswith(str(out)):
            ours.add(fd)
        return fd

    def disk_full(fd: int, data: Any) -> int:
        if fd in ours:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "write", disk_full)
    dialog = _dialog(qtbot, sqlite_staff, out)
    dialog.show()
    crashed: list[str] = []
    warned: list[str] = []
    monkeypatch.setattr(dialog, "_crashed", crashed.append)
    monkeypatch.setattr(
        export_dialog.QMessageBox, "warning", lambda _parent, _title, text: warned.append(text)
    )
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    text = dialog.ui.statusLabel.text()
    assert "磁盘空间已满" in text and "No space" not in text and not crashed
    assert warned == [text]
    assert dialog.written is None and list(out.iterdir()) == []

    monkeypatch.setattr(os, "write", real_write)  # room again
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    assert dialog.written == out / "登记表.xlsx" and dialog.written.exists()


def test_export_dialog_rejects_a_reversed_range(
    qtbot: QtBot, sqlite_staff: Staffing, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(
        export_dialog.QMessageBox, "warning", lambda _p, _t, text, *_a: warned.append(text)
    )
    dialog = _dialog(qtbot, sqlite_staff, out)
    dialog.ui.rangeRadio.setChecked(True)
    assert dialog.ui.fromDate.isEnabled() and not dialog.ui.monthCombo.isEnabled()
    dialog.ui.fromDate.setDate(dialog.ui.toDate.date().addDays(-1))
    dialog.ui.toDate.setDate(dialog.ui.fromDate.date().addDays(-3))
    dialog.start_export()
    assert warned and "早于" in warned[0]
    assert dialog.worker is None and list(out.iterdir()) == []


def test_model_fetches_more_pages(qtbot: QtBot, sqlite_staff: Staffing, seeded: list[int]) -> None:
    view = RegistersView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.ui.dateCheck.setChecked(False)
    view.model._page_size = 1
    view.select_register(Register.RESHIP)
    view.wait_idle()
    assert view.model.rowCount() == 1 and view.model.canFetchMore(QModelIndex())
    view.model.fetchMore(QModelIndex())
    assert view.model.rowCount() == 2


def test_main_window_reports_menu_for_supervisors_only(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kefu_desktop.ui.cases.main_window import MainWindow

    agent_window = MainWindow(sqlite_staff.agent, "SQLite test")
    qtbot.addWidget(agent_window)
    assert not hasattr(agent_window, "registers_action")
    assert "报表(&R)" not in [a.text() for a in agent_window.menuBar().actions()]

    window = MainWindow(sqlite_staff.supervisor, "SQLite test")
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("报表(&R)") == titles.index(window.ui.helpMenu.title()) - 1
    tabs_before = window.view_tabs.count()
    window.registers_action.trigger()
    assert window.view_tabs.count() == tabs_before + 1
    assert window.view_tabs.currentWidget() is window.registers_view
    window.registers_action.trigger()  # a second time reuses the tab
    assert window.view_tabs.count() == tabs_before + 1
    window.registers_view.ui.dateCheck.setChecked(False)
    window.registers_view.select_register(Register.DAMAGED)
    window.registers_view.wait_idle()
    window.registers_view.ui.table.doubleClicked.emit(window.registers_view.model.index(0, 0))
    assert window.current is not None and window.current.id == seeded[0]
    window.export_action.trigger()
    assert isinstance(window.export_dialog, ExportDialog) and window.export_dialog.isVisible()
    window.export_dialog.reject()


def test_counts_are_made_off_the_ui_thread_and_old_figures_stay_until_new_ones_arrive(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from kefu_desktop.ui.reports import registers_view

    threads: list[threading.Thread] = []
    release = threading.Event()
    release.set()
    real = registers_view.register_counts

    def counting(*args: Any) -> dict[Register, int]:
        threads.append(threading.current_thread())
        assert release.wait(10)
        return real(*args)

    monkeypatch.setattr(registers_view, "register_counts", counting)
    view = RegistersView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.ui.dateCheck.setChecked(False)
    view.wait_idle()
    assert view.ui.registerList.item(3).text() == "补发（2）"
    calls = len(threads)
    view.select_register(Register.EXCHANGE)  # switching registers does not count again
    view.select_register(Register.RESHIP)
    assert len(threads) == calls
    made = cases.create_case(
        sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="又一个补发")
    )
    Case.update(resolution="reship").where(Case.id == made.id).execute()
    release.clear()
    view.refresh()
    view.rows_call.wait()  # the list comes on its own, without waiting for the figures
    assert view.model.rowCount() == 3
    assert view.ui.registerList.item(3).text() == "补发（2）"  # old figure while counting
    assert "正在统计" in view.ui.countLabel.text()
    release.set()
    view.wait_idle()
    assert view.ui.registerList.item(3).text() == "补发（3）"
    assert view.ui.countLabel.text() == "补发：共 3 条"
    assert all(t is not threading.main_thread() for t in threads)


def test_a_slow_register_is_read_off_the_ui_thread(
    qtbot: QtBot, sqlite_staff: Staffing, seeded: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from kefu_desktop.ui.reports import registers_view

    threads: list[threading.Thread] = []
    release = threading.Event()
    real = registers_view.list_register

    def slow(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        assert release.wait(10)
        return real(*args, **kwargs)

    view = RegistersView(sqlite_staff.supervisor)
    qtbot.addWidget(view)
    view.ui.dateCheck.setChecked(False)
    view.wait_idle()
    monkeypatch.setattr(registers_view, "list_register", slow)
    view.select_register(Register.RESHIP)  # returns at once: the window stays usable
    assert view.model.rowCount() == 0
    assert view.ui.countLabel.text() == "补发：正在读取……"
    release.set()
    view.wait_idle()
    assert view.model.rowCount() == 2
    assert view.ui.countLabel.text() == "补发：共 2 条"
    assert threads and all(t is not threading.main_thread() for t in threads)
