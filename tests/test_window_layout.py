"""The main window opens maximised the first time, then as the user left it, always on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from kefu_desktop.services.auth import User
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.widgets.window_layout import (
    fit_rect,
    layout_settings,
    restore_main_window,
    save_main_window,
)
from tests.conftest import Staffing

pytestmark = pytest.mark.gui


def open_window(qtbot: QtBot, user: User) -> MainWindow:
    window = MainWindow(user, "SQLite test.db")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_first_start_is_maximised_then_as_left(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    window = open_window(qtbot, sqlite_staff.agent)
    assert window.isMaximized()
    window.showNormal()
    window.ui.splitter.setSizes([500, 200])
    window.ui.splitter.splitterMoved.emit(500, 1)
    header = window.ui.caseTable.horizontalHeader()
    header.resizeSection(window.model.column_of("买家ID"), 190)
    header.moveSection(header.visualIndex(window.model.column_of("订单号")), 4)
    qtbot.wait(600)  # the layout is written shortly after the user stops dragging
    window.close()

    again = open_window(qtbot, sqlite_staff.agent)
    assert not again.isMaximized()
    assert again.ui.splitter.sizes()[0] > again.ui.splitter.sizes()[1]
    header = again.ui.caseTable.horizontalHeader()
    assert header.sectionSize(again.model.column_of("买家ID")) == 190
    assert header.visualIndex(again.model.column_of("订单号")) == 4
    again.close()

    other = open_window(qtbot, sqlite_staff.agent2)  # layouts are per user
    assert other.isMaximized()


def plain_window(qtbot: QtBot, settings: QSettings) -> QMainWindow:
    """A window with no minimum size, restored like the main window (the test screen is small)."""
    window = QMainWindow()
    window.setCentralWidget(QLabel("列表"))
    qtbot.addWidget(window)
    restore_main_window(window, settings)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_geometry_is_restored_and_a_lost_screen_brings_the_window_back(
    qtbot: QtBot, sqlite_staff: Staffing
) -> None:
    settings = layout_settings("someone")
    window = plain_window(qtbot, settings)
    assert window.isMaximized()
    window.showNormal()
    window.setGeometry(60, 50, 500, 380)
    save_main_window(window, settings)
    window.close()
    again = plain_window(qtbot, settings)
    assert not again.isMaximized() and again.geometry() == QRect(60, 50, 500, 380)

    area = QGuiApplication.primaryScreen().availableGeometry()
    # left on a large second screen to the right, which is now unplugged
    again.setGeometry(area.right() + 400, 200, area.width() + 500, area.height() + 300)
    save_main_window(again, settings)
    again.close()
    back = plain_window(qtbot, settings)
    qtbot.wait(20)
    assert area.contains(back.frameGeometry()), (back.frameGeometry(), area)


def test_a_maximised_window_stays_maximised(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    window = open_window(qtbot, sqlite_staff.agent)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    window.close()
    again = open_window(qtbot, sqlite_staff.agent)
    assert again.isMaximized()


def test_fit_rect_moves_and_shrinks() -> None:
    area = QRect(0, 0, 1366, 728)
    assert fit_rect(QRect(1500, -20, 800, 900), area) == QRect(566, 0, 800, 728)
    assert fit_rect(QRect(10, 10, 300, 200), area) == QRect(10, 10, 300, 200)


def test_the_photo_tab_gives_the_width_back(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    from kefu_desktop.domain.kinds import CaseKind, SubKind
    from kefu_desktop.services import cases, evidence
    from kefu_desktop.services.cases import NewCase
    from kefu_desktop.services.evidence import PhotoSource
    from tests.evidence_photos import photo

    case = cases.create_case(
        sqlite_staff.agent,
        NewCase(kind=CaseKind.DAMAGED_PARCEL, sub_kind=SubKind.CONTENTS_DAMAGED,
                customer_id="tb_买家", order_no="3890123456789012"),
    )  # fmt: skip
    evidence.add_photo(sqlite_staff.agent, case.id, PhotoSource.from_bytes("a.jpg", photo()))
    window = open_window(qtbot, sqlite_staff.agent)
    window.resize(1366, 700)
    window.showNormal()
    window.select_case(case.id)
    splitter = window.ui.splitter
    splitter.setSizes([900, 440])
    before = splitter.sizes()
    window.detail_tabs.setCurrentIndex(window.detail_tabs.indexOf(window._evidence_tab))
    during = splitter.sizes()
    assert during[1] > before[1]  # the photos get room …
    assert during[0] >= window.ui.caseTable.minimumWidth()  # … but never the key columns'
    window.detail_tabs.setCurrentIndex(0)
    assert splitter.sizes() == before  # and the list has its width back
