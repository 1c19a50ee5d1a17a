"""文件 → 设置…: saving all or nothing, the office part for the administrator only, the scale
used at once, and the menu entry with its shortcut."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kefu_desktop import paths
from kefu_desktop.services import settings
from kefu_desktop.services.desk_settings import DatabaseKind, OfficeServer
from kefu_desktop.services.warehouse_settings import load_scale_settings
from kefu_desktop.ui.cases.main_window import MainWindow
from kefu_desktop.ui.settings import settings_dialog
from kefu_desktop.ui.settings.settings_dialog import SettingsDialog
from kefu_desktop.ui.widgets.shortcuts import SHORTCUTS
from tests.conftest import PG_URL_ENV, Staffing

pytestmark = pytest.mark.gui


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, list[str]]:
    """Messages shown instead of modal boxes; desk.json kept in the test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(paths, "_started_with", paths.DeskChoice())
    shown: dict[str, list[str]] = {"problem": [], "info": []}

    def problem(_parent: QWidget | None, error: Exception, _title: str = "") -> None:
        shown["problem"].append(str(error))

    def info(_parent: QWidget | None, _title: str, text: str) -> None:
        shown["info"].append(text)

    monkeypatch.setattr(settings_dialog, "show_problem", problem)
    monkeypatch.setattr(QMessageBox, "information", info)
    return shown


def _dialog(qtbot: QtBot, user: object) -> SettingsDialog:
    dialog = SettingsDialog(user, "SQLite test.db")  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(qtbot: QtBot, dialog: SettingsDialog) -> None:
    dialog.save()
    qtbot.waitUntil(lambda: not dialog._checks.busy and dialog.save_button.isEnabled())


def test_admin_saves_the_limit_folder_and_scale_and_is_told_about_the_restart(
    qtbot: QtBot, sqlite_staff: Staffing, told: dict[str, list[str]], tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, sqlite_staff.admin)
    assert dialog.limit_edit.isEnabled() and dialog.limit_edit.text() == "20.00"
    dialog.limit_edit.setText("35.5")
    dialog.folder_edit.setText(str(tmp_path / "新文件夹"))
    dialog.port_combo.setEditText("COM7")
    dialog.baud_combo.setCurrentIndex(dialog.baud_combo.findData(19200))
    _save(qtbot, dialog)
    assert told["problem"] == []
    assert settings.agent_compensation_limit_fen() == 3550
    assert paths.read_desk_choice().data_dir == str(tmp_path / "新文件夹")
    scale = load_scale_settings()
    assert (scale.port, scale.baud) == ("COM7", 19200) and dialog.scale_changed
    assert "重启程序后生效" in told["info"][0] and "35.50 元" in told["info"][0]
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


@pytest.mark.parametrize(
    ("limit", "message"), [("0", "须大于 0 元"), ("2000", "最多 1000 元"), ("1.234", "两位小数")]
)
def test_a_bad_limit_saves_nothing(
    qtbot: QtBot,
    sqlite_staff: Staffing,
    told: dict[str, list[str]],
    tmp_path: Path,
    limit: str,
    message: str,
) -> None:
    dialog = _dialog(qtbot, sqlite_staff.admin)
    dialog.limit_edit.setText(limit)
    dialog.folder_edit.setText(str(tmp_path / "别处"))
    dialog.port_combo.setEditText("COM9")
    _save(qtbot, dialog)
    assert message in told["problem"][0]
    assert settings.agent_compensation_limit_fen() == 2000
    assert not paths.desk_file().exists() and load_scale_settings().port == ""
    assert dialog.isVisible() and dialog.limit_edit.text() == limit  # what was typed stays


def test_an_office_database_that_cannot_be_reached_saves_nothing(
    qtbot: QtBot, sqlite_staff: Staffing, told: dict[str, list[str]]
) -> None:
    dialog = _dialog(qtbot, sqlite_staff.admin)
    dialog.limit_edit.setText("50")
    dialog.kind_buttons[DatabaseKind.OFFICE].setChecked(True)
    assert dialog.server_form.isEnabled()
    dialog.host_edit.setText("127.0.0.1")
    dialog.port_spin.setValue(1)
    dialog.name_edit.setText("kefu")
    dialog.user_edit.setText("kefu")
    dialog.password_edit.setText("Geheim-77")
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_result.text() != "")
    assert "连不上数据库服务器" in dialog.test_result.text()
    _save(qtbot, dialog)
    assert "连不上数据库服务器" in told["problem"][0]
    assert "Geheim-77" not in told["problem"][0]
    assert settings.agent_compensation_limit_fen() == 2000
    assert not paths.desk_file().exists()


def test_a_good_office_database_is_tested_and_saved(
    qtbot: QtBot, sqlite_staff: Staffing, told: dict[str, list[str]]
) -> None:
    url = os.environ.get(PG_URL_ENV, "")
    if not url:
        pytest.skip(f"{PG_URL_ENV} not set")
    server = OfficeServer.from_url(url)
    dialog = _dialog(qtbot, sqlite_staff.admin)
    dialog.kind_buttons[DatabaseKind.OFFICE].setChecked(True)
    dialog.host_edit.setText(server.host)
    dialog.port_spin.setValue(server.port)
    dialog.name_edit.setText(server.database)
    dialog.user_edit.setText(server.user)
    dialog.password_edit.setText(server.password)
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_result.text() != "", timeout=10_000)
    assert "已连接" in dialog.test_result.text()
    _save(qtbot, dialog)
    assert told["problem"] == []
    stored = json.loads(paths.desk_file().read_text(encoding="utf-8"))
    assert OfficeServer.from_url(stored["db_url"]) == server
    assert "重启程序后生效" in told["info"][0]


def test_an_agent_sees_the_office_part_read_only_and_saves_the_desk_part(
    qtbot: QtBot, sqlite_staff: Staffing, told: dict[str, list[str]]
) -> None:
    dialog = _dialog(qtbot, sqlite_staff.agent)
    assert not dialog.limit_edit.isEnabled()
    assert not dialog.promise_button.isEnabled() and not dialog.archive_button.isEnabled()
    dialog.limit_edit.setText("999")  # even if it were typed, the agent's save leaves it
    dialog.port_combo.setEditText("COM4")
    _save(qtbot, dialog)
    assert told["problem"] == []
    assert settings.agent_compensation_limit_fen() == 2000
    assert load_scale_settings().port == "COM4"
    assert not any("重启程序后生效" in text for text in told["info"])  # nothing needs it


def test_file_menu_opens_settings_with_ctrl_comma(
    qtbot: QtBot, sqlite_staff: Staffing, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(window)
    action = window.settings_action
    assert window.ui.fileMenu.actions()[0] is action and action.text() == "设置…"
    assert action.shortcut().toString() == "Ctrl+,"
    assert ("主窗口", "Ctrl+,") in {(where, keys) for where, keys, _what in SHORTCUTS}
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: 0)
    action.trigger()
    assert isinstance(window.settings_dialog, SettingsDialog)


def test_a_part_that_cannot_be_written_puts_back_the_parts_saved_before_it(
    qtbot: QtBot, sqlite_staff: Staffing, told: dict[str, list[str]], tmp_path: Path
) -> None:
    blocked = paths.default_data_dir()
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where the default data folder should be")  # desk.json can't go
    dialog = _dialog(qtbot, sqlite_staff.admin)
    dialog.limit_edit.setText("45")
    dialog.folder_edit.setText(str(tmp_path / "其他"))
    dialog.port_combo.setEditText("COM5")
    _save(qtbot, dialog)
    assert "无法保存本机设置" in told["problem"][0]
    assert settings.agent_compensation_limit_fen() == 2000  # written first, then put back
    assert load_scale_settings().port == ""
    assert dialog.isVisible() and dialog.limit_edit.text() == "45"
