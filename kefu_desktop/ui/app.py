"""Starting the desktop app: database, login, main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kefu_desktop import APP_NAME, APP_TITLE
from kefu_desktop.commands import PASSWORD_ENV
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.logging_setup import LOG_NAME
from kefu_desktop.paths import log_dir, resources_dir
from kefu_desktop.services.auth import User
from kefu_desktop.services.desk_start import DeskOpening, open_desk
from kefu_desktop.store import describe_database
from kefu_desktop.store.db import close as close_database

if TYPE_CHECKING:
    from kefu_desktop.ui.cases.main_window import MainWindow

# The windows' modules (the main window, the crash hook) are loaded only once the database is
# open and the password check has begun: the check runs on another core while they load.

log = logging.getLogger("kefu.ui.app")

DAILY_BACKUP_DELAY_MS = 5_000
"""The day's backup starts this long after the window is up: its copy (gigabytes on a big
database) does not compete with loading the window or with the user's first searches."""


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's names set (reused when one exists, as in tests)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setOrganizationName("kefu-desktop")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.png")))
    install_chinese_translations(app)
    return app


def install_chinese_translations(app: QApplication) -> None:
    """Qt's own buttons and dialogs (确定/取消, 下一步, file dialogs) in Simplified Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)


def _login(
    args: argparse.Namespace, database_text: str, pending: Callable[[], User] | None
) -> User | None:
    if pending is not None:
        try:
            return pending()
        except KefuError as error:
            QMessageBox.warning(None, "登录失败", f"{error}\n请在登录窗口重新输入。")
    from kefu_desktop.ui.accounts.login_dialog import LoginDialog

    dialog = LoginDialog(database_text)
    if args.user:
        dialog.ui.loginEdit.setText(args.user)
        dialog.ui.passwordEdit.setFocus()
    if dialog.exec() != LoginDialog.DialogCode.Accepted:
        return None
    return dialog.user


def open_main_window(
    args: argparse.Namespace, crash_hook: bool = False, opening: DeskOpening | None = None
) -> MainWindow | int:
    """Connect, log in and show the main window; or the exit code when there is none to show.

    `opening`: the database opened and the login begun already (see `services.desk_start`).

    With `crash_hook`, uncaught errors go to the crash dialog from as soon as it has loaded."""
    make_application()
    if opening is None:
        opening = open_desk(args.db, args.user, os.environ.get(PASSWORD_ENV, ""))
    if opening.url is None:
        QMessageBox.critical(None, f"{APP_TITLE} — 无法打开数据库", str(opening.error))
        return 2
    url = opening.url
    database_text = describe_database(url)
    pending = opening.login
    from kefu_desktop.ui.widgets.errors import install_excepthook  # while the password is checked

    if crash_hook:
        install_excepthook()
    from kefu_desktop.ui.cases.main_window import MainWindow

    user = _login(args, database_text, pending)
    if user is None:
        return 0
    window = MainWindow(user, database_text)
    window.show()
    window.daily_backup = DailyBackup(url)
    QTimer.singleShot(DAILY_BACKUP_DELAY_MS, window, window.daily_backup.start)
    return window


def tell_about_previous_crash(report: Path, parent: QWidget | None = None) -> QMessageBox:
    """Tell the user the program ended unexpectedly last time and where the report is.

    Shown without blocking (window-modal over `parent`), so the desk is usable behind it.
    """
    log.warning("the previous run ended in a fatal error; report kept in %s", report)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("程序上次意外退出")
    box.setText(
        "上次使用时，程序意外退出了。已保存的数据不受影响；当时正在填写、尚未保存的内容可能需要重新填写。"
    )
    box.setInformativeText(
        f"错误报告已保存在：\n{report}\n\n请把这个文件和日志文件\n{log_dir() / LOG_NAME}\n"
        "一起发给管理员，以便查明原因。"
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText("知道了")
    box.finished.connect(box.deleteLater)
    box.open()
    return box


class DailyBackup:
    """The day's automatic copy of a SQLite database, on its own thread (the desk works on).

    Started a while after the window is up (`DAILY_BACKUP_DELAY_MS`), or when the program
    closes if that comes first, so even a short session makes the day's copy."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the copy (nothing when it has started already)."""
        if self.thread is not None:
            return
        self.thread = threading.Thread(target=self._back_up, name="daily-backup", daemon=True)
        self.thread.start()

    def finish(self, seconds: float = 120.0) -> None:
        """Start the copy if it has not started, and wait for it (a big file may still be
        copying) for at most `seconds`."""
        self.start()
        assert self.thread is not None
        self.thread.join(timeout=seconds)

    def _back_up(self) -> None:
        from kefu_desktop.services.backup import daily_backup

        daily_backup(self.url)


def run_app(
    args: argparse.Namespace,
    previous_crash: Path | None = None,
    opening: DeskOpening | None = None,
) -> int:
    """Open the app; the exit code is 0 on a normal close, 2 when the database can't be used.

    `previous_crash` is the report of a last run that died of a fatal error: the user is told.
    """
    app = make_application()
    window = open_main_window(args, crash_hook=True, opening=opening)
    if isinstance(window, int):
        if previous_crash is not None:
            log.warning(
                "the previous run ended in a fatal error; report kept in %s", previous_crash
            )
        return window
    if previous_crash is not None:
        tell_about_previous_crash(previous_crash, window)
    from kefu_desktop.ui.widgets.background import freeze_start_up_objects

    QTimer.singleShot(0, freeze_start_up_objects)
    if args.exit_when_ready:
        QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
    code = app.exec()
    if window.daily_backup is not None:
        window.daily_backup.finish()
    close_last_connections(window)
    return code


def close_last_connections(window: QWidget, seconds: float = 10.0) -> None:
    """Let the reads still running on the window's worker threads end, then close the database.

    Closing the last connection folds SQLite's -wal file back into the database file and
    removes it: a -wal left beside the file would be read through in full by the file check
    of the next start (seconds on a big database)."""
    from kefu_desktop.ui.widgets.background import LatestCall

    deadline = time.monotonic() + seconds
    for reader in window.findChildren(LatestCall):
        reader.join(max(deadline - time.monotonic(), 0.0))
    close_database()
