"""Windows remember how each user left them, and always open inside the screen.

The main window opens maximised the first time; afterwards with the size, place, splitters and
column layout the user left. Everything is kept per login in `window-layout.ini` in the data
folder. A saved place on a screen that is gone or smaller is moved and shrunk onto the screen
the window opens on, so nothing ends up under the taskbar or off screen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QHeaderView, QMainWindow, QScrollArea, QSplitter, QWidget

from kefu_desktop.paths import data_dir

FRAME_ALLOWANCE = (16, 48)
"""Width and height a window frame (borders, a Windows title bar at up to 150 %) may add."""
SAVE_DELAY_MS = 400
"""Column and splitter changes are written this long after the user stops dragging."""


def layout_settings(login: str) -> QSettings:
    """The layout store for one user (an INI file in the data folder, a group per login)."""
    settings = QSettings(str(data_dir() / "window-layout.ini"), QSettings.Format.IniFormat)
    settings.beginGroup(f"user-{login}")
    return settings


def _bytes(value: object) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, bytes | bytearray) and value:
        return QByteArray(bytes(value))
    return None


def screen_for(widget: QWidget) -> QScreen:
    """The screen the widget is on, or the primary screen when it is on none."""
    centre = widget.frameGeometry().center()
    return QGuiApplication.screenAt(centre) or widget.screen() or QGuiApplication.primaryScreen()


def fit_rect(rect: QRect, area: QRect) -> QRect:
    """`rect` shrunk to fit `area` and moved inside it."""
    width = min(rect.width(), area.width())
    height = min(rect.height(), area.height())
    x = min(max(rect.x(), area.x()), area.x() + area.width() - width)
    y = min(max(rect.y(), area.y()), area.y() + area.height() - height)
    return QRect(x, y, width, height)


def keep_on_screen(window: QWidget) -> None:
    """Move and shrink a normal (not maximised) window so its whole frame is on its screen."""
    if window.isMaximized() or window.isFullScreen():
        return
    area = screen_for(window).availableGeometry()
    frame = window.frameGeometry()
    extra_w = frame.width() - window.width()
    extra_h = frame.height() - window.height()
    fitted = fit_rect(frame, area)
    if fitted != frame:
        window.resize(fitted.width() - extra_w, fitted.height() - extra_h)
        window.move(fitted.topLeft())


def restore_main_window(window: QMainWindow, settings: QSettings) -> None:
    """Maximised on first start; then as the user left it, moved onto a screen that exists."""
    geometry = _bytes(settings.value("main/geometry"))
    if geometry is None or not window.restoreGeometry(geometry):
        area = QGuiApplication.primaryScreen().availableGeometry()
        window.setGeometry(fit_rect(window.geometry(), area))  # where "restore" goes
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    if not window.isMaximized():
        keep_on_screen(window)
        # once shown, the frame (borders, title bar) is known: check again with it
        QTimer.singleShot(0, window, lambda: keep_on_screen(window))


def save_main_window(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue("main/geometry", window.saveGeometry())
    settings.sync()


def remember_splitter(splitter: QSplitter, settings: QSettings, key: str) -> None:
    """Restore the splitter's sizes and save them whenever the user moves it."""
    state = _bytes(settings.value(f"splitter/{key}"))
    if state is not None:
        splitter.restoreState(state)
    timer = QTimer(splitter, singleShot=True, interval=SAVE_DELAY_MS)
    timer.timeout.connect(lambda: settings.setValue(f"splitter/{key}", splitter.saveState()))
    splitter.splitterMoved.connect(lambda _pos, _index: timer.start())


USER_LAYOUT = "kefuUserLayout"
"""Set on a header whose columns were laid out as the user left them (not fitted again)."""


def remember_columns(header: QHeaderView, settings: QSettings, key: str) -> None:
    """Restore column widths and order, and save them whenever the user drags a column."""
    header.setSectionsMovable(True)
    state = _bytes(settings.value(f"columns/{key}"))
    if state is not None and header.restoreState(state):
        header.setProperty(USER_LAYOUT, True)
    timer = QTimer(header, singleShot=True, interval=SAVE_DELAY_MS)
    timer.timeout.connect(lambda: settings.setValue(f"columns/{key}", header.saveState()))
    header.sectionResized.connect(lambda *_args: timer.start())
    header.sectionMoved.connect(lambda *_args: timer.start())


def size_within_screen(window: QWidget, width: int, height: int) -> None:
    """Resize `window` to width×height, or less so that with its frame it fits its screen."""
    parent = window.parentWidget()
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    window.resize(
        min(width, area.width() - FRAME_ALLOWANCE[0]),
        min(height, area.height() - FRAME_ALLOWANCE[1]),
    )


def scroll_when_short(splitter: QSplitter, widget: QWidget) -> QScrollArea:
    """Put `widget` (a pane of `splitter`) in a scroll area, so a short screen scrolls the pane
    instead of pushing the window under the taskbar."""
    index = splitter.indexOf(widget)
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    splitter.replaceWidget(index, area)
    area.setWidget(widget)
    area.setMinimumWidth(widget.minimumSizeHint().width())
    return area
