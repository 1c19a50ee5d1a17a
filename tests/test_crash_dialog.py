"""An unexpected error in a slot: the crash dialog says what happened in plain Chinese, copies
the details, names the log file, saves the open wizard's draft, and the desk keeps running."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.logging_setup import LOG_NAME
from kefu_desktop.store.models import WizardDraft
from kefu_desktop.ui.widgets import crash_dialog as ui_crash
from kefu_desktop.ui.widgets.crash_dialog import CrashDialog, shown_crash_dialog
from kefu_desktop.ui.widgets.errors import install_excepthook
from kefu_desktop.ui.wizards import new_case_wizard
from tests.conftest import Staffing
from tests.test_wizard_gui import open_wizard

pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture]


class Desk(QWidget):
    """A small desk: one button whose slot has a bug, one that works, a text box."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("退货入库")
        self.broken = QPushButton("确认入库")
        self.working = QPushButton("刷新")
        self.edit = QLineEdit()
        self.refreshed = 0
        self.broken.clicked.connect(self.confirm_receipt)
        self.working.clicked.connect(self.refresh)
        layout = QVBoxLayout(self)
        for widget in (self.broken, self.working, self.edit):
            layout.addWidget(widget)

    def confirm_receipt(self) -> None:
        lines: dict[str, int] = {}
        print(lines["数量"])  # a bug: the key is missing

    def refresh(self) -> None:
        self.refreshed += 1


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's crash hook for this test (pytest's own comes back afterwards)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    yield
    dialog = shown_crash_dialog()
    if dialog is not None:
        dialog.close()


@pytest.fixture
def desk(qtbot: QtBot) -> Desk:
    widget = Desk()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def crash_dialog(qtbot: QtBot) -> CrashDialog:
    qtbot.waitUntil(lambda: shown_crash_dialog() is not None)
    dialog = shown_crash_dialog()
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_a_slot_that_raises_shows_the_dialog_with_the_log_path(
    qtbot: QtBot, hook: None, desk: Desk, data_dir: Path
) -> None:
    qtbot.mouseClick(desk.broken, Qt.MouseButton.LeftButton)
    dialog = crash_dialog(qtbot)
    assert dialog.windowTitle() == "程序出错"
    headline = dialog.headline.text()
    assert "「退货入库」" in headline and "出了错" in headline
    assert "KeyError" not in headline  # the Python type is for 详细信息, not the headline
    assert "程序可以继续使用" in dialog.body.text()
    assert "草稿" not in dialog.body.text()  # no wizard was open
    assert str(data_dir / "logs" / LOG_NAME) in dialog.log_label.text()
    assert not dialog.details_box.isVisible()
    dialog.details_button.click()
    assert dialog.details_box.isVisible()
    assert "KeyError: '数量'" in dialog.details_box.toPlainText()


def test_copy_details_puts_the_traceback_on_the_clipboard(
    qtbot: QtBot, hook: None, desk: Desk, data_dir: Path
) -> None:
    desk.broken.click()
    dialog = crash_dialog(qtbot)
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied
    assert "confirm_receipt" in copied and "KeyError: '数量'" in copied
    for line in ("时间：", "版本：kefu-desktop", "操作系统：", "Python：", "Qt："):
        assert line in copied
    assert f"日志文件：{data_dir / 'logs' / LOG_NAME}" in copied
    assert "已复制" in dialog.copied_label.text()


def test_open_log_folder_opens_the_logs(
    qtbot: QtBot, hook: None, desk: Desk, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    desk.broken.click()
    crash_dialog(qtbot).folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(data_dir / "logs")).toLocalFile()]


def test_repeats_are_counted_in_one_dialog_and_the_desk_stays_usable(
    qtbot: QtBot, hook: None, desk: Desk
) -> None:
    for _ in range(12):
        desk.broken.click()
    dialog = crash_dialog(qtbot)
    dialogs = [w for w in QGuiApplication.topLevelWindows() if w.title() == "程序出错"]
    assert len(dialogs) == 1
    assert dialog.repeats == 11
    assert "又出现了 11 次" in dialog.repeat_label.text()
    assert "同样的错误之后又出现了 11 次" in dialog.details_text()
    # the desk behind the dialog still works: the dialog is not modal
    assert not dialog.isModal()
    desk.working.click()
    assert desk.refreshed == 1
    desk.edit.setFocus()
    qtbot.keyClicks(desk.edit, "SF1402345678901")
    assert desk.edit.text() == "SF1402345678901"
    dialog.close_button.click()
    qtbot.waitUntil(lambda: shown_crash_dialog() is None)
    desk.broken.click()  # a later error shows a fresh dialog
    assert crash_dialog(qtbot) is not dialog


def test_the_open_wizard_keeps_what_was_typed_when_an_error_happens_elsewhere(
    qtbot: QtBot, hook: None, sqlite_staff: Staffing, desk: Desk
) -> None:
    wizard = open_wizard(qtbot, new_case_wizard(sqlite_staff.agent, CaseKind.WRONG_SHIPMENT))
    ui = wizard.intake_page.ui
    qtbot.keyClicks(ui.customerEdit, "tb_crash01")
    qtbot.keyClicks(ui.orderEdit, "3312345678901234")
    ui.colourEdit.setText("藏青色")
    draft = WizardDraft.get_by_id(wizard.draft.id)
    assert not draft.answers  # nothing saved yet: the intake was not checked
    desk.activateWindow()
    desk.broken.click()
    dialog = crash_dialog(qtbot)
    assert "正在填写的售后单已保存为草稿" in dialog.body.text()
    answers = WizardDraft.get_by_id(wizard.draft.id).answers
    assert answers["customer_id"] == "tb_crash01"
    assert answers["order_no"] == "3312345678901234"
    assert answers["colour"] == "藏青色"
    # the wizard is still open and goes on being filled in
    assert wizard.isVisible()
    qtbot.keyClicks(ui.sizeEdit, "XL")
    assert ui.sizeEdit.text() == "XL"


def test_a_crash_dialog_made_directly_reports_a_summary(qtbot: QtBot) -> None:
    dialog = ui_crash.show_crash(None, "OSError: 磁盘已满")
    qtbot.addWidget(dialog)
    assert "OSError: 磁盘已满" in dialog.details_text()
    assert "OSError" not in dialog.headline.text()
    dialog.close()


ERROR_IN_A_SLOT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton
from kefu_desktop.logging_setup import setup_logging
from kefu_desktop.ui.app import make_application
from kefu_desktop.ui.widgets.crash_dialog import shown_crash_dialog
from kefu_desktop.ui.widgets.errors import install_excepthook

setup_logging()
app = make_application()
install_excepthook()
button = QPushButton("保存")
def save():
    raise RuntimeError("写入失败")
button.clicked.connect(save)
button.show()

def check():
    dialog = shown_crash_dialog()
    print("alive", dialog is not None and dialog.isVisible(), dialog.repeats, flush=True)
    app.quit()

QTimer.singleShot(50, button.click)
QTimer.singleShot(100, button.click)
QTimer.singleShot(400, check)
sys.exit(app.exec())
"""


def test_an_error_in_a_slot_does_not_end_the_app(data_dir: Path) -> None:
    env = {**os.environ, "KEFU_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", ERROR_IN_A_SLOT], capture_output=True, text=True, env=env,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "alive True 1"
    logged = (data_dir / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "uncaught exception" in logged and "RuntimeError: 写入失败" in logged
    assert "the same uncaught exception again" in logged
