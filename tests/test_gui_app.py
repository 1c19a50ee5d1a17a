"""Starting the app: bad databases get a dialog, the first start creates the admin, login."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.roles import Role
from kefu_desktop.services import auth
from kefu_desktop.store import db as store_db
from kefu_desktop.ui import app as app_module
from kefu_desktop.ui.accounts.login_dialog import LoginDialog
from kefu_desktop.ui.cases.main_window import MainWindow
from tests.conftest import PASSWORD, Staffing

pytestmark = pytest.mark.gui


def _args(**values: object) -> argparse.Namespace:
    defaults: dict[str, object] = {"db": None, "user": None, "exit_when_ready": False}
    defaults.update(values)
    return argparse.Namespace(**defaults)


@pytest.fixture(autouse=True)
def keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_app installs the app's crash hook; the test process keeps pytest's."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def test_bad_database_shows_a_dialog_and_exits_2(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    (data_dir / "broken.db").write_text("not sqlite")
    assert app_module.run_app(_args(db=str(data_dir / "broken.db"))) == 2
    assert len(shown) == 1 and "不是 SQLite 数据库" in shown[0]
    assert (data_dir / "broken.db").read_text() == "not sqlite"


def test_a_database_refused_before_the_windows_is_shown_once_they_can(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desk's start opens the database before Qt's windows exist (`open_desk`): why it
    could not is kept and shown by the window code, and the login never began."""
    from kefu_desktop.services.desk_start import open_desk

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    (data_dir / "broken.db").write_text("not sqlite")
    opening = open_desk(str(data_dir / "broken.db"), "kefu01", PASSWORD)
    assert opening.url is None and opening.login is None
    args = _args(db=str(data_dir / "broken.db"), user="kefu01")
    assert app_module.run_app(args, opening=opening) == 2
    assert len(shown) == 1 and "不是 SQLite 数据库" in shown[0]


def test_first_start_creates_the_admin(qtbot: QtBot, sqlite_url: str) -> None:
    dialog = LoginDialog("SQLite test")
    qtbot.addWidget(dialog)
    assert dialog.first_start
    dialog.ui.nameEdit.setText("店长")
    qtbot.keyClicks(dialog.ui.passwordEdit, "admin123")
    qtbot.keyClicks(dialog.ui.repeatEdit, "admin124")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "不一致" in dialog.ui.errorLabel.text()
    assert auth.needs_first_admin()
    qtbot.keyClicks(dialog.ui.repeatEdit, "admin123")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.user is not None and dialog.user.role == Role.ADMIN
    assert auth.login("admin", "admin123").display_name == "店长"


def test_wrong_password_is_told_and_kept_in_dialog(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    dialog = LoginDialog("SQLite test")
    qtbot.addWidget(dialog)
    assert not dialog.first_start
    qtbot.keyClicks(dialog.ui.loginEdit, "kefu01")
    qtbot.keyClicks(dialog.ui.passwordEdit, "wrong-one")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.user is None
    assert "密码不对" in dialog.ui.errorLabel.text()
    dialog.ui.passwordEdit.clear()
    qtbot.keyClicks(dialog.ui.passwordEdit, PASSWORD)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.user is not None and dialog.user.login == "kefu01"


def test_direct_login_opens_the_main_window(
    qtbot: QtBot, sqlite_staff: Staffing, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(app_module.PASSWORD_ENV, PASSWORD)
    store_db.close()
    window = app_module.open_main_window(_args(db=sqlite_url, user="kefu01"))
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.user.login == "kefu01" and window.isVisible()


def test_the_days_backup_starts_once_the_desk_has_settled(
    qtbot: QtBot, sqlite_staff: Staffing, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(app_module.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(app_module, "DAILY_BACKUP_DELAY_MS", 300)
    store_db.close()
    window = app_module.open_main_window(_args(db=sqlite_url, user="kefu01"))
    assert isinstance(window, MainWindow) and window.daily_backup is not None
    qtbot.addWidget(window)
    assert window.daily_backup.thread is None  # not while the window loads
    qtbot.waitUntil(lambda: window.daily_backup.thread is not None, timeout=5_000)
    window.daily_backup.finish()
    folder = Path(sqlite_url.removeprefix("sqlite:///")).parent / "backups"
    assert [p.name for p in folder.iterdir()] == [f"kefu-{date.today():%Y-%m-%d}.db"]
    window.daily_backup.finish()  # started once only
    assert len(list(folder.iterdir())) == 1


def test_app_process_starts_and_gets_ready(sqlite_staff: Staffing, sqlite_url: str) -> None:
    env = {**os.environ, app_module.PASSWORD_ENV: PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "kefu_desktop", "--db", sqlite_url, "--user", "kefu01",
         "--exit-when-ready"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "ready"


def test_qt_standard_buttons_speak_chinese(qtbot: QtBot, qapp: QApplication) -> None:
    before = set(qapp.findChildren(QTranslator))
    app_module.install_chinese_translations(qapp)
    added = [t for t in qapp.findChildren(QTranslator) if t not in before]
    try:
        box = QMessageBox(QMessageBox.Icon.Warning, "t", "x", QMessageBox.StandardButton.Ok)
        qtbot.addWidget(box)
        ok_text = box.button(QMessageBox.StandardButton.Ok).text()
        assert ok_text.replace("&", "").startswith("确定"), ok_text
    finally:
        for translator in added:
            qapp.removeTranslator(translator)


def test_start_up_leaves_heavy_libraries_for_later() -> None:
    """Pillow, the HEIC decoder and openpyxl load when first used, keeping the start quick."""
    code = (
        "import sys, kefu_desktop.ui.app, kefu_desktop.ui.cases.main_window;"
        "print(sorted(m for m in ('PIL', 'pillow_heif', 'openpyxl') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_once_the_window_is_up_start_up_objects_stay_out_of_full_collections(
    sqlite_staff: Staffing, sqlite_url: str
) -> None:
    """A full garbage collection on a worker reading a long queue would freeze the window."""
    env = {**os.environ, app_module.PASSWORD_ENV: PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    code = (
        "import gc, sys; from kefu_desktop.cli import main;"
        "code = main(sys.argv[1:]); print('frozen', gc.get_freeze_count()); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", sqlite_url, "--user", "kefu01", "--exit-when-ready"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ready, frozen = done.stdout.strip().splitlines()[-2:]
    assert ready == "ready"
    assert int(frozen.split()[1]) > 10_000  # the modules, widgets and settings of the desk
