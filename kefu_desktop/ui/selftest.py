"""The self-test behind `kefu-desktop selftest`: proves an installation (a checkout or the
Windows bundle) has everything the app needs, by opening every window on throw-away demo data.

It checks the resources and plugins first (app icon, Qt's Chinese translation, the JPEG/PNG image
plugins, the platform plugins), imports every module the app loads on demand, then walks the
tour (`ui/tour.py`: the login dialog, the main window for every role with its desks and dialogs,
every wizard kind to its outcome page) and exports one monthly workbook. The first problem
ends it: an uncaught exception, a Qt warning, an unexpected message box, a wizard stopping short,
a missing file or module. Each line of the report also goes to `report` (a windowed program
on Windows has no console to print to).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TextIO

from kefu_desktop import APP_TITLE, __version__
from kefu_desktop.paths import DATA_DIR_ENV, DB_URL_ENV, resources_dir

PLATFORM_ENV = "QT_QPA_PLATFORM"

REQUIRED_MODULES: tuple[str, ...] = (
    "peewee",
    "playhouse.migrate",
    "psycopg2",
    "psycopg2.extensions",
    "psycopg2.extras",
    "PIL.Image",
    "PIL.ImageDraw",
    "PIL.ImageOps",
    "pillow_heif",
    "openpyxl",
    "openpyxl.cell",
    "openpyxl.chart",
    "openpyxl.styles",
    "openpyxl.utils.exceptions",
    "openpyxl.worksheet.page",
    "openpyxl.worksheet.pagebreak",
    "openpyxl.worksheet.worksheet",
    "lxml.etree",
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtCharts",
    "PySide6.QtSerialPort",
    "shiboken6",
)
"""Every library module the app's source imports, many only when a window or command needs
them (the test suite checks the list is complete; lxml is what openpyxl writes with)."""

IMAGE_FORMATS: tuple[str, ...] = ("jpeg", "png")
"""Qt image plugins the evidence photos and the app icon need."""

DESK_PLATFORM: dict[str, str] = {"win32": "qwindows", "linux": "qxcb", "darwin": "qcocoa"}
"""The platform plugin a desk's screen uses, per operating system."""

WINDOWS_STYLES: tuple[str, ...] = ("windows11", "windowsvista")
"""The native look of Windows 10/11 desks (Qt's styles plugin); without it Qt falls back to its
plain built-in style."""

QT_NOISE: tuple[str, ...] = (
    "QFont::setPointSize",
    "Could not find a matching font",
    "propagateSizeHints",
    "This plugin does not support",
)
"""Qt messages that say nothing about the app (the offscreen platform and font fallbacks); the
test suite ignores the same ones."""

TIMEOUT_S = 180.0
"""A self-test still running after this long has hung (it takes seconds): it ends with code 3."""


class SelftestFailure(Exception):
    """The first problem found, in words for the report, with its traceback when it has one."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class Report:
    """Lines printed and, when a report file is given, written there as they come."""

    def __init__(self, path: Path | None) -> None:
        self.lines: list[str] = []
        self.file: TextIO | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.file = path.open("w", encoding="utf-8")
        if sys.stdout is not None and hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="backslashreplace")  # a console that cannot show 中文

    def say(self, line: str) -> None:
        self.lines.append(line)
        if sys.stdout is not None:
            print(line, flush=True)
        if self.file is not None:
            self.file.write(line + "\n")
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class Watch:
    """Collects what goes wrong while windows open: uncaught exceptions (in the UI thread or
    any other), Qt warnings and message boxes nobody asked for."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.details: list[str] = []
        """The traceback of each problem that has one ('' otherwise)."""

    def note(self, problem: str, detail: str = "") -> None:
        self.problems.append(problem)
        self.details.append(detail)

    def exception(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        detail = "".join(traceback.format_exception(kind, value, tb))
        self.note(f"未捕获的异常 {kind.__name__}: {value}{_where(tb)}", detail)

    def thread_exception(self, args: threading.ExceptHookArgs) -> None:
        thread = args.thread.name if args.thread is not None else "?"
        kind, value, tb = args.exc_type, args.exc_value, args.exc_traceback
        detail = "".join(traceback.format_exception(kind, value, tb))
        self.note(f"线程 {thread} 中未捕获的异常 {kind.__name__}: {value}{_where(tb)}", detail)

    def qt_message(self, mode: object, context: object, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        if any(noise in message for noise in QT_NOISE):
            return
        level = "严重错误" if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) else "警告"
        self.note(f"Qt {level}：{message}")

    def close_message_boxes(self) -> None:
        """A message box popping up during the self-test is a problem (and would wait forever
        for a click): note its text and close it."""
        from PySide6.QtWidgets import QApplication, QMessageBox

        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            text = " ".join(f"{box.text()} {box.informativeText()}".split())
            self.note(f"弹出了提示框「{box.windowTitle()}」：{text}")
            box.done(0)

    def check(self, where: str) -> None:
        """Raise the first problem seen so far, saying during which window it happened."""
        if self.problems:
            raise SelftestFailure(f"{where}：{self.problems[0]}", self.details[0])


def _where(tb: TracebackType | None) -> str:
    """'（位置：文件:行 函数）' of the innermost frame in the app's own code."""
    place = ""
    for frame, line in traceback.walk_tb(tb):
        if frame.f_globals.get("__name__", "").startswith("kefu_desktop"):
            place = f"（位置：{Path(frame.f_code.co_filename).name}:{line} {frame.f_code.co_name}）"
    return place


def _window_in_traceback(tb: TracebackType | None) -> str:
    """The window being opened when `tb` was raised: the tour's name for it when it was being
    recorded, else the class of the innermost widget whose code raised (e.g. PriceChangeDialog)."""
    from PySide6.QtWidgets import QWidget

    from kefu_desktop.ui.tour import Tour

    widget = ""
    for frame, _line in traceback.walk_tb(tb):
        owner = frame.f_locals.get("self")
        if isinstance(owner, Tour) and frame.f_code.co_name == "record":
            return _window_name(str(frame.f_locals["role"]), str(frame.f_locals["name"]))
        if isinstance(owner, QWidget):
            widget = type(owner).__name__
    return f"窗口（{widget}）" if widget else "窗口"


def _role_label(role: str) -> str:
    from kefu_desktop.domain.roles import Role

    return Role(role).label if role in {r.value for r in Role} else "所有角色"


def _window_name(role: str, name: str) -> str:
    return f"「{name}」（{_role_label(role)}）"


@contextmanager
def _hooks(watch: Watch) -> Iterator[None]:
    from PySide6.QtCore import qInstallMessageHandler

    saved = (sys.excepthook, threading.excepthook)
    sys.excepthook = watch.exception
    threading.excepthook = watch.thread_exception
    previous = qInstallMessageHandler(watch.qt_message)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        sys.excepthook, threading.excepthook = saved


def _isolate(folder: Path) -> Path:
    """Point the data folder, the log and Qt's settings into `folder`; the demo database's path.

    The demo logins of the walk then stay out of the desk's own log."""
    import logging

    from PySide6.QtCore import QSettings

    from kefu_desktop.logging_setup import setup_logging

    os.environ[DATA_DIR_ENV] = str(folder)
    os.environ.pop(DB_URL_ENV, None)
    logger = logging.getLogger("kefu")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    setup_logging()
    settings = folder / "settings"
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        for kind in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):  # native: Unix
            QSettings.setPath(kind, scope, str(settings))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)  # not the registry on Windows
    return folder / "selftest.db"


# --- the checks, in the order they run ---


def check_resources(report: Report) -> None:
    """The app icon, Qt's Chinese translation, image plugins and platform plugins."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo
    from PySide6.QtGui import QGuiApplication, QImageReader, QPixmap

    icon = resources_dir() / "icons" / "app.png"
    if not icon.is_file():
        raise SelftestFailure(f"缺少资源文件：程序图标 {icon}（资源文件夹 {resources_dir()}）")
    if QPixmap(str(icon)).isNull():
        raise SelftestFailure(f"程序图标 {icon} 打不开")
    report.say(f"资源：程序图标 {icon.name}")
    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "取消":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        raise SelftestFailure(f"Qt 的中文翻译 qtbase_zh_CN 没有载入（翻译文件夹 {folder}）")
    report.say("资源：Qt 中文翻译 qtbase_zh_CN")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = [f for f in IMAGE_FORMATS if f not in formats]
    if missing:
        raise SelftestFailure(
            f"缺少 Qt 图片插件：{'、'.join(missing)}（现有：{'、'.join(sorted(formats))}）"
        )
    report.say(f"资源：Qt 图片插件 {'、'.join(IMAGE_FORMATS)}")
    wanted = os.environ.get(PLATFORM_ENV, "").split(":")[0]
    if wanted and QGuiApplication.platformName() != wanted:
        raise SelftestFailure(
            f"Qt 平台插件 {wanted} 没有载入（载入的是 {QGuiApplication.platformName()}）"
        )
    desk = DESK_PLATFORM.get(sys.platform)
    folders = [Path(p) / "platforms" for p in QCoreApplication.libraryPaths()]
    plugins = sorted(f.name for folder in folders if folder.is_dir() for f in folder.iterdir())
    if desk is not None and not any(desk in name for name in plugins):
        raise SelftestFailure(
            f"缺少桌面用的 Qt 平台插件 {desk}（在 {'、'.join(map(str, folders))} 中只有："
            f"{'、'.join(plugins) or '无'}）"
        )
    report.say(
        f"资源：Qt 平台插件 {QGuiApplication.platformName()}" + (f"、{desk}" if desk else "")
    )
    if sys.platform == "win32":
        from PySide6.QtWidgets import QStyleFactory

        available = list(QStyleFactory.keys())  # static: the styles Qt can load
        styles = [key.lower() for key in available]
        if not any(style in styles for style in WINDOWS_STYLES):
            raise SelftestFailure(
                f"缺少 Windows 界面风格插件（qmodernwindowsstyle），窗口会显示成旧式外观："
                f"现有 {'、'.join(available)}"
            )
        report.say(f"资源：Windows 界面风格 {'、'.join(s for s in WINDOWS_STYLES if s in styles)}")


def app_modules() -> list[str]:
    """Every module of the app (the bundle must hold all of them: windows load by name)."""
    import kefu_desktop

    names = [
        info.name
        for info in pkgutil.walk_packages(kefu_desktop.__path__, "kefu_desktop.")
        if not info.name.endswith("__main__")
    ]
    return sorted(names)


def check_imports(report: Report) -> None:
    """Import every module of the app and every library it loads on demand."""
    modules = app_modules()
    if "kefu_desktop.ui.cases.main_window" not in modules:
        raise SelftestFailure(f"找不到程序自身的模块（只找到 {len(modules)} 个）")
    for name in (*modules, *REQUIRED_MODULES):
        try:
            importlib.import_module(name)
        except Exception as error:
            raise SelftestFailure(
                f"模块 {name} 无法载入：{type(error).__name__}: {error}"
            ) from None
    libraries = sorted({name.split(".")[0] for name in REQUIRED_MODULES}, key=str.lower)
    report.say(f"模块：程序的 {len(modules)} 个模块，以及 {'、'.join(libraries)}")


def walk_windows(report: Report, watch: Watch, database: str) -> int:
    """The tour with a line per window; the number of windows opened."""
    from PySide6.QtWidgets import QWidget

    from kefu_desktop.ui.tour import Shot, TourProblem, run_tour

    opened: list[str] = []

    def on_record(shot: Shot, window: QWidget) -> None:
        name = _window_name(shot.role, shot.name)
        watch.check(f"打开{name}时")
        outcome_page = getattr(window, "outcome_page", None)
        if outcome_page is not None and window.currentPage() is outcome_page:  # type: ignore[attr-defined]
            outcome = outcome_page.outcome.resolution_text
            report.say(f"已打开：{shot.name}（{_role_label(shot.role)}）— 结果页：{outcome}")
        else:
            report.say(f"已打开：{shot.name}（{_role_label(shot.role)}）")
        opened.append(name)

    try:
        run_tour(None, on_record=on_record, database=database)
    except SelftestFailure:
        raise
    except TourProblem as problem:
        raise SelftestFailure(str(problem)) from None
    except Exception as error:
        after = f"，上一个打开的窗口是{opened[-1]}" if opened else ""
        window = _window_in_traceback(error.__traceback__)
        raise SelftestFailure(
            f"打开{window}时出错{after}：{type(error).__name__}: {error}"
            f"{_where(error.__traceback__)}",
            "".join(traceback.format_exception(error)),
        ) from error
    watch.check("巡视所有窗口之后")
    return len(opened)


def check_export(report: Report, watch: Watch, folder: Path) -> None:
    """Export last month's workbook as the 导出月度报表 dialog does (its worker thread, the same
    service) and open the file written."""
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QApplication

    from kefu_desktop.domain.registers import month_period
    from kefu_desktop.services import auth
    from kefu_desktop.services.demo import DEMO_PASSWORD
    from kefu_desktop.ui.reports.export_dialog import ExportWorker
    from kefu_desktop.ui.tour import ROLE_LOGINS, Role

    today = date.today()
    last_month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
    period = month_period(last_month)
    user = auth.login(ROLE_LOGINS[Role.SUPERVISOR], DEMO_PASSWORD)
    target = folder / f"售后月度报表-{period.file_stem}.xlsx"
    results: list[str] = []
    worker = ExportWorker(user, period, target)
    worker.succeeded.connect(lambda path: results.append(f"ok:{path}"))
    worker.failed.connect(lambda message, _other: results.append(message))
    worker.crashed.connect(results.append)
    worker.cancelled.connect(lambda: results.append("已取消"))
    worker.start()
    while not worker.wait(20):
        QApplication.processEvents()
    QApplication.processEvents()  # the worker's signals
    watch.check("导出月度报表时")
    if not results or not results[0].startswith("ok:"):
        raise SelftestFailure(f"导出月度报表失败：{results[0] if results else '没有结果'}")
    written = Path(results[0][3:])
    try:
        book = load_workbook(written, read_only=True)
        sheets = book.sheetnames
        book.close()
    except Exception as error:
        raise SelftestFailure(f"导出的月度报表 {written} 打不开：{error}") from None
    size = written.stat().st_size // 1024
    report.say(f"已导出：{period.label} 月度报表（{len(sheets)} 张工作表，{size} KB），可以打开")


def run_selftest(report_path: Path | None = None) -> int:
    """Run every check; 0 when all pass, 1 with the first problem printed, 3 when it hangs."""
    os.environ.setdefault(PLATFORM_ENV, "offscreen")
    report = Report(report_path)
    started = time.perf_counter()
    report.say(f"{APP_TITLE} {__version__} 自检（Qt 平台 {os.environ[PLATFORM_ENV]}）")
    timer = threading.Timer(TIMEOUT_S, _hung, (report,))
    timer.daemon = True
    timer.start()
    watch = Watch()
    try:
        with tempfile.TemporaryDirectory(prefix="kefu-selftest-") as folder:
            code = _run_checks(report, watch, Path(folder))
    finally:
        timer.cancel()
    if code == 0:
        report.say(f"自检通过，用时 {time.perf_counter() - started:.1f} 秒")
    report.close()
    return code


def _run_checks(report: Report, watch: Watch, folder: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    database = _isolate(folder)
    with _hooks(watch):
        try:
            from kefu_desktop.ui.app import make_application

            app = make_application()
            boxes = QTimer(app)
            boxes.timeout.connect(watch.close_message_boxes)
            boxes.start(100)
            watch.check("启动 Qt 时")
            check_resources(report)
            check_imports(report)
            watch.check("载入模块时")
            windows = walk_windows(report, watch, str(database))
            check_export(report, watch, folder)
            report.say(f"共打开 {windows} 个窗口（向导的每一页算一个）")
            return 0
        except SelftestFailure as failure:
            _say_failure(report, str(failure), failure.detail)
            return 1
        except Exception as error:  # a problem in the self-test's own steps
            summary = f"{type(error).__name__}: {error}{_where(error.__traceback__)}"
            _say_failure(report, summary, "".join(traceback.format_exception(error)))
            return 1
        finally:
            QApplication.closeAllWindows()
            _close_database()


def _say_failure(report: Report, summary: str, detail: str) -> None:
    """The traceback (indented, for whoever fixes it), then the problem as the last line."""
    for line in detail.rstrip().splitlines():
        report.say(f"    {line}")
    report.say(f"自检失败：{summary}")


def _close_database() -> None:
    from kefu_desktop.store.db import close

    close()


def _hung(report: Report) -> None:
    report.say(f"自检失败：{TIMEOUT_S:.0f} 秒后仍未结束（卡住了），最后一行之后的窗口没有打开")
    report.close()
    os._exit(3)


__all__ = ["IMAGE_FORMATS", "REQUIRED_MODULES", "SelftestFailure", "app_modules", "run_selftest"]
