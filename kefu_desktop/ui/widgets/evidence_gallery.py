"""The evidence photos (证据照片) of a case: thumbnails, preview, and every way to add photos.

`EvidenceGallery` is a plain QWidget meant to be embedded: the main window's detail pane shows
it as the tab "照片", and the case wizards put it on their evidence page once the case is saved.

Public API:
    gallery = EvidenceGallery(user, parent)
    gallery.set_case(case_id, customer_id)   # None clears it; the gallery then only explains
    gallery.add_paths([...])                 # files and/or folders, imported off the UI thread
    gallery.add_image_data(name, data)       # bytes of one picture (e.g. from a chat window)
    gallery.paste()                          # what Ctrl+V does: files or an image on the clipboard
    gallery.evidence_changed(case_id)        # signal: photos were added to that case
    gallery.import_finished(ImportReport)    # signal: one batch done (per-file outcomes)
    gallery.busy / gallery.wait_idle(ms)     # whether work is running; wait for it (tests, close)
    gallery.set_pending_storer(storer)       # photos waiting for the archive: "现在重试" uses it
    gallery.attach_orphans()                 # pick archive photos without a record for this case

Photos also arrive by drag and drop (files, folders or an image) onto the gallery and through
the buttons (file dialog with multi-select, whole folder).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QObject,
    QProcess,
    QRect,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QHideEvent,
    QIcon,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kefu_desktop.archive.files import UNREACHABLE_TEXT
from kefu_desktop.archive.images import BadImage, format_size, preview_image
from kefu_desktop.domain.clock import format_local
from kefu_desktop.domain.errors import KefuError
from kefu_desktop.domain.roles import Operation
from kefu_desktop.domain.storage import os_error_reason
from kefu_desktop.services import evidence
from kefu_desktop.services.auth import User
from kefu_desktop.services.evidence import EvidenceView, ImportReport, Orphan, Outcome, PhotoSource
from kefu_desktop.ui.widgets.background import LatestCall
from kefu_desktop.ui.widgets.pending_photos import PendingPhotoStorer
from kefu_desktop.ui.widgets.threads import ThreadConnection
from kefu_desktop.ui.widgets.window_layout import size_within_screen

log = logging.getLogger("kefu.ui.evidence")

THUMB_PX = 160
THUMB_BATCH = 8
"""At most this many thumbnails are put on screen per turn of the event loop."""
THUMB_MEMORY = 120
"""Thumbnails a gallery keeps in memory (about 100 KB each): more than two screenfuls."""
PREVIEW_MAX_PX = 4096
CLIPBOARD_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp")
FILE_FILTER = "图片 (*.jpg *.jpeg *.jfif *.png *.webp *.bmp *.gif *.heic *.heif);;所有文件 (*)"
ID_ROLE = Qt.ItemDataRole.UserRole


def open_in_viewer(path: Path) -> bool:
    """Open a photo in the system's picture viewer."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    """Open the file manager at the photo, selected where the system allows it."""
    if sys.platform == "win32":
        return QProcess.startDetached("explorer.exe", ["/select,", str(path)])[0]
    if sys.platform == "darwin":
        return QProcess.startDetached("open", ["-R", str(path)])[0]
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


# --- workers -----------------------------------------------------------------------------------


class _ImportSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal()
    """The report is in the job's `report` (no Python object crosses threads in a signal)."""
    crashed = Signal(str)
    refused = Signal(str)
    """A known problem refused the whole batch (e.g. the account was disabled): its message."""


class _ImportJob(QRunnable):
    """Adds a batch to a case off the UI thread; folders are expanded and images encoded here."""

    def __init__(
        self,
        user: User,
        case_id: int,
        sources: list[PhotoSource],
        folders: list[Path],
        images: list[tuple[str, QImage]],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _ImportSignals()
        self.user = user
        self.case_id = case_id
        self.sources = sources
        self.folders = folders
        self.images = images
        self.stop = threading.Event()
        self.report = ImportReport()

    def run(self) -> None:
        try:
            with ThreadConnection():
                self.report = self._run()
        except KefuError as exc:
            self.signals.refused.emit(str(exc))
            return
        except Exception as exc:  # a bug: log it and tell the UI, never die silently
            log.exception("evidence import failed")
            self.signals.crashed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.signals.finished.emit()

    def _run(self) -> ImportReport:
        sources = list(self.sources)
        skipped = 0
        for folder in self.folders:
            found, other = evidence.collect_folder(folder)
            sources.extend(PhotoSource.from_path(p) for p in found)
            skipped += other
        for name, image in self.images:
            sources.append(PhotoSource.from_bytes(name, _png_bytes(image)))
        report = evidence.add_photos(
            self.user,
            self.case_id,
            sources,
            progress=lambda done, total, outcome: self.signals.progress.emit(
                done, total, outcome.name
            ),
            should_stop=self.stop.is_set,
        )
        report.skipped = skipped
        return report


def _png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


class ThumbnailMemory:
    """The thumbnails on screen, at most `capacity` of them; the least recently used go first."""

    def __init__(self, capacity: int = THUMB_MEMORY) -> None:
        self.capacity = capacity
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()

    def __len__(self) -> int:
        return len(self._pixmaps)

    def __contains__(self, evidence_id: int) -> bool:
        return evidence_id in self._pixmaps

    def touch(self, evidence_id: int) -> None:
        """Mark a thumbnail as just used (it is on screen)."""
        if evidence_id in self._pixmaps:
            self._pixmaps.move_to_end(evidence_id)

    def put(self, evidence_id: int, pixmap: QPixmap) -> list[int]:
        """Keep a thumbnail; returns the ids dropped to make room."""
        self._pixmaps[evidence_id] = pixmap
        self._pixmaps.move_to_end(evidence_id)
        dropped = []
        while len(self._pixmaps) > self.capacity:
            dropped.append(self._pixmaps.popitem(last=False)[0])
        return dropped

    def clear(self) -> None:
        self._pixmaps.clear()


class _ThumbInbox(QObject):
    """Thumbnails made by workers, waiting to be shown; `arrived` wakes the UI thread once."""

    arrived = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._items: deque[tuple[int, int, QImage | str, bool]] = deque()
        self._woken = False

    def put(self, generation: int, evidence_id: int, result: QImage | str, cold: bool) -> None:
        with self._lock:
            self._items.append((generation, evidence_id, result, cold))
            wake = not self._woken
            self._woken = True
        if wake:
            self.arrived.emit()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def take(self, count: int) -> tuple[list[tuple[int, int, QImage | str, bool]], bool]:
        """Up to `count` results, and whether more wait (then the caller comes back later)."""
        with self._lock:
            batch = [self._items.popleft() for _ in range(min(count, len(self._items)))]
            more = bool(self._items)
            self._woken = more
        return batch, more


class _ThumbJob(QRunnable):
    """Makes (or reads from the disk cache), decodes and scales thumbnails, off the UI thread."""

    def __init__(
        self, generation: int, views: list[EvidenceView], cold: set[int], inbox: _ThumbInbox
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.generation = generation
        self.views = views
        self.cold = cold
        """The ids among `views` with no thumbnail on this desktop yet (made from the photo)."""
        self.inbox = inbox
        self.stop = threading.Event()
        self.done = threading.Event()

    def run(self) -> None:
        try:
            self._run()
        finally:
            self.done.set()

    def _run(self) -> None:
        for view in self.views:
            if self.stop.is_set():
                return
            self.inbox.put(self.generation, view.id, _thumbnail_image(view), view.id in self.cold)


def _list_photos(user: User, case_id: int) -> tuple[list[EvidenceView], set[int]]:
    """The case's photos, and the ids of those with no thumbnail on this desktop yet (a
    colleague's photos: their thumbnails are made from the photos, which takes a while)."""
    views = evidence.list_evidence(user, case_id)
    cache = evidence.thumbnail_cache()
    return views, {v.id for v in views if not cache.path_for(v.sha256).exists()}


def _thumbnail_image(view: EvidenceView) -> QImage | str:
    """The photo's thumbnail scaled for the gallery, or why there is none."""
    try:
        data = evidence.thumbnail(view)
    except KefuError as exc:
        return str(exc)
    except Exception as exc:
        log.exception("thumbnail of %s failed", view.path)
        return str(exc)
    image = QImage.fromData(QByteArray(data), "JPEG")
    if image.isNull():
        return "缩略图无法解码"
    return image.scaled(
        THUMB_PX,
        THUMB_PX,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class _PreviewSignals(QObject):
    ready = Signal(QImage)
    failed = Signal(str)


class _PreviewJob(QRunnable):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _PreviewSignals()
        self.path = path

    def run(self) -> None:
        try:
            picture = preview_image(self.path.read_bytes(), PREVIEW_MAX_PX)
        except BadImage as exc:
            self.signals.failed.emit(str(exc))
            return
        except OSError as exc:
            self.signals.failed.emit(f"无法读取照片：{self.path}（{os_error_reason(exc)}）")
            return
        raw = picture.convert("RGBA").tobytes()
        image = QImage(picture.width, picture.height, QImage.Format.Format_RGBA8888)
        memoryview(image.bits())[: len(raw)] = raw  # RGBA rows are 4-byte aligned: no padding
        self.signals.ready.emit(image)


# --- preview -----------------------------------------------------------------------------------


class EvidencePreview(QDialog):
    """One photo, large, with zoom (buttons, Ctrl+wheel, Ctrl +/-), and the system-viewer actions."""

    ZOOM_STEPS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 8.0)

    def __init__(self, view: EvidenceView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(f"照片预览 — {view.file_name}")
        size_within_screen(self, 900, 700)
        self.image = QImage()
        self.zoom = 1.0
        self.fit = True
        self.picture = QLabel("正在打开照片……")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.picture)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.resize(400, 300)

        self.zoom_label = QLabel()
        buttons = QHBoxLayout()
        for text, slot in (
            ("缩小", self.zoom_out),
            ("放大", self.zoom_in),
            ("原始大小", self.actual_size),
            ("适合窗口", self.fit_window),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.zoom_label)
        buttons.addStretch(1)
        open_button = QPushButton("用系统看图打开")
        open_button.clicked.connect(lambda: open_in_viewer(self.view.path))
        folder_button = QPushButton("在文件夹中显示")
        folder_button.clicked.connect(lambda: show_in_folder(self.view.path))
        buttons.addWidget(open_button)
        buttons.addWidget(folder_button)

        facts = QLabel(
            f"{view.file_name}　{view.width}×{view.height}　{format_size(view.size_bytes)}　"
            f"原文件名：{view.original_name}　{view.added_by_name} 添加于 {format_local(view.added_at)}"
        )
        facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        facts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(facts)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, self.zoom_in)
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, self.zoom_out)
        self._pool = QThreadPool(self)
        self._job = _PreviewJob(view.path)
        self._job.signals.ready.connect(self._loaded)
        self._job.signals.failed.connect(self.picture.setText)
        self._pool.start(self._job)
        self._show_zoom()

    def _loaded(self, image: QImage) -> None:
        self.image = image
        self._render()

    def _fit_factor(self) -> float:
        if self.image.isNull():
            return 1.0
        area = self.scroll.viewport().size()
        return min(
            1.0,
            (area.width() - 4) / self.image.width(),
            (area.height() - 4) / self.image.height(),
        )

    def _render(self) -> None:
        if self.image.isNull():
            return
        factor = self._fit_factor() if self.fit else self.zoom
        self.zoom = factor
        size = QSize(
            max(1, round(self.image.width() * factor)), max(1, round(self.image.height() * factor))
        )
        scaled = self.image.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(QPixmap.fromImage(scaled))
        self.picture.resize(scaled.size())
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.zoom * 100)}%" + ("（适合窗口）" if self.fit else ""))

    def set_zoom(self, factor: float) -> None:
        """Show the photo at `factor` × its size (1.0 = one image pixel per screen pixel)."""
        self.fit = False
        self.zoom = max(self.ZOOM_STEPS[0], min(self.ZOOM_STEPS[-1], factor))
        self._render()
        self._show_zoom()

    def zoom_in(self) -> None:
        self.set_zoom(
            next((z for z in self.ZOOM_STEPS if z > self.zoom + 1e-6), self.ZOOM_STEPS[-1])
        )

    def zoom_out(self) -> None:
        smaller = [z for z in self.ZOOM_STEPS if z < self.zoom - 1e-6]
        self.set_zoom(smaller[-1] if smaller else self.ZOOM_STEPS[0])

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def fit_window(self) -> None:
        self.fit = True
        self._render()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.fit:
            self._render()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)

    def done(self, result: int) -> None:
        self._pool.waitForDone()
        super().done(result)


# --- the gallery -------------------------------------------------------------------------------


class _CallSignals(QObject):
    finished = Signal()


class OrphanDialog(QDialog):
    """Archive photos without a record, for an agent to attach to the case they belong to.

    Listing and attaching run on a Python thread (the archive may be a slow share).
    """

    attached = Signal(int)
    """Photos were attached to the case with this id."""

    def __init__(self, user: User, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.case_id = case_id
        self.setWindowTitle("认领归档里没有记录的照片")
        self.resize(760, 440)
        intro = QLabel(
            "这些照片在归档文件夹里，但没有任何售后单的记录（例如保存时程序被中断，或有人手工放进去）。"
            "确认是本售后单的照片后选中，点“认领到本售后单”：照片按本单的买家ID重新命名并记录。"
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.setToolTip("双击用系统看图打开")
        self.list.itemActivated.connect(
            lambda item: open_in_viewer(evidence.archive_root() / str(item.data(ID_ROLE)))
        )
        self.status = QLabel("正在查找……")
        self.status.setWordWrap(True)
        self.attach_button = QPushButton("认领到本售后单")
        self.attach_button.clicked.connect(self.attach_selected)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._signals = _CallSignals(self)
        self._signals.finished.connect(self._call_done)
        self._thread: threading.Thread | None = None
        self._result: object = None
        self._error = ""
        self._then: Callable[[object], None] = lambda _result: None
        self._note = ""
        """What the last attach did, shown with the refreshed list."""
        self._update_buttons()
        self.load()

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _call(self, call: Callable[[], object], then: Callable[[object], None]) -> None:
        def run() -> None:
            self._result, self._error = None, ""
            try:
                with ThreadConnection():
                    self._result = call()
            except KefuError as exc:
                self._error = str(exc)
            except Exception as exc:  # a bug: logged, said in words
                log.exception("archive photos without a record")
                self._error = f"程序出错（已记入日志）：{type(exc).__name__}"
            self._signals.finished.emit()

        self._then = then
        self._thread = threading.Thread(target=run, name="orphans", daemon=True)
        self._thread.start()
        self._update_buttons()

    def _call_done(self) -> None:
        self._thread = None
        if self._error:
            self.status.setText(self._error)
        else:
            self._then(self._result)
        self._update_buttons()

    def load(self) -> None:
        """(Re)read the archive's photos without a record."""
        self.status.setText("正在查找……")
        user = self.user
        self._call(lambda: evidence.list_orphans(user), self._show)

    def _show(self, result: object) -> None:
        orphans: list[Orphan] = result if isinstance(result, list) else []
        self.list.clear()
        for orphan in orphans:
            why = (
                orphan.reason
                or "文件名与月份文件夹都对得上，核对归档（verify --adopt）时会自动补回"
            )
            item = QListWidgetItem(f"{orphan.rel_path}\n    {why}")
            item.setData(ID_ROLE, orphan.rel_path)
            self.list.addItem(item)
        self.status.setText(
            f"共 {len(orphans)} 张没有记录的照片。" if orphans else "归档里没有无记录的照片。"
        )
        if self._note:
            self.status.setText(f"{self._note}{self.status.text()}")
            self._note = ""

    def selected_paths(self) -> list[str]:
        return [str(item.data(ID_ROLE)) for item in self.list.selectedItems()]

    def attach_selected(self) -> None:
        """Attach the selected photos to the case."""
        paths = self.selected_paths()
        if not paths or self.busy:
            return
        user, case_id = self.user, self.case_id

        def attach() -> list[tuple[str, str, str]]:
            done: list[tuple[str, str, str]] = []
            for rel in paths:
                try:
                    outcome = evidence.attach_orphan(user, case_id, rel)
                    done.append((rel, outcome.outcome.value, outcome.reason))
                except KefuError as exc:
                    done.append((rel, Outcome.FAILED.value, str(exc)))
            return done

        self.status.setText("正在认领……")
        self._call(attach, self._attached)

    def _attached(self, result: object) -> None:
        done: list[tuple[str, str, str]] = result if isinstance(result, list) else []
        added = [rel for rel, outcome, _why in done if outcome == Outcome.ADDED.value]
        problems = [f"{rel}：{why}" for rel, outcome, why in done if outcome != Outcome.ADDED.value]
        if added:
            self.attached.emit(self.case_id)
        text = f"已认领 {len(added)} 张。"
        if problems:
            text += " 未能认领：" + "；".join(problems)
        self._note = text
        self.load()

    def _update_buttons(self) -> None:
        self.attach_button.setEnabled(not self.busy and bool(self.list.selectedItems()))

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait until listing or attaching is done (tests)."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        while self.busy or self._thread is not None:
            if timer.elapsed() > timeout_ms:
                return False
            QCoreApplication.processEvents()
            if self._thread is not None:
                self._thread.join(0.005)
        QCoreApplication.processEvents()
        return True

    def done(self, result: int) -> None:
        if self._thread is not None:
            self._thread.join()
        super().done(result)


class EvidenceGallery(QWidget):
    """The photos of one case, with every way to add more. See the module docstring."""

    evidence_changed = Signal(int)
    """Photos were added to the case with this id."""
    import_finished = Signal(object)
    """One batch is done; carries its `ImportReport` (per-file outcomes and reasons)."""

    def __init__(self, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user = user
        self.case_id: int | None = None
        self.customer_id = ""
        self.changeable = True
        self.views: dict[int, EvidenceView] = {}
        self._generation = 0
        self._items: dict[int, QListWidgetItem] = {}
        self._thumb_jobs: list[_ThumbJob] = []
        self._inflight: set[int] = set()
        self._memory = ThumbnailMemory()
        self._inbox = _ThumbInbox()
        self._inbox.arrived.connect(self._show_thumbnails, Qt.ConnectionType.QueuedConnection)
        self._cold: set[int] = set()
        """Photos of the case with no thumbnail on this desktop yet."""
        self._cold_waiting: set[int] = set()
        """Of those, the ones being made now (the progress hint counts them down)."""
        self._cold_done = 0
        self._stale = False
        self._listing = LatestCall("evidence-list", self)
        self._listing.finished.connect(self._listed)
        self._listing.failed.connect(self._listing_failed)
        self._load_timer = QTimer(self, singleShot=True, interval=15)
        self._load_timer.timeout.connect(self._load_visible)
        self._import_job: _ImportJob | None = None
        self._queue: list[_ImportJob] = []
        self._retired: list[QRunnable] = []
        """Jobs whose results arrived; kept until their thread has really left run()."""
        # Imports run on a Python thread (one writer at a time): the database keeps per-thread
        # connection state, which Python cleans up properly only for threads it created.
        self._import_thread: threading.Thread | None = None
        self._thumb_pool = QThreadPool(self)
        self._thumb_pool.setMaxThreadCount(2)
        self._pending_storer: PendingPhotoStorer | None = None
        self._orphan_dialog: OrphanDialog | None = None
        self._placeholder_icon = self._make_placeholder()
        self.setAcceptDrops(True)
        self._build()
        self.set_case(None)

    # layout

    def _build(self) -> None:
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = QPushButton("添加照片…")
        self.add_button.setToolTip("选择一张或多张照片（可多选）")
        self.add_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton("添加文件夹…")
        self.folder_button.setToolTip("把一个文件夹里的所有图片加入本售后单")
        self.folder_button.clicked.connect(self.choose_folder)
        self.paste_button = QPushButton("粘贴截图")
        self.paste_button.setToolTip("粘贴剪贴板里的截图或图片（Ctrl+V）")
        self.paste_button.clicked.connect(self.paste)
        self.preview_button = QPushButton("预览")
        self.preview_button.clicked.connect(self.preview_selected)
        self.open_button = QPushButton("用系统看图打开")
        self.open_button.clicked.connect(self.open_selected)
        self.folder_show_button = QPushButton("在文件夹中显示")
        self.folder_show_button.clicked.connect(self.show_selected_in_folder)
        self.attach_button = QPushButton("认领…")
        self.attach_button.setToolTip(
            "归档里有没有记录的照片（例如程序中断时留下的）时，选出属于本售后单的照片认领"
        )
        self.attach_button.clicked.connect(self.attach_orphans)

        bar = QHBoxLayout()
        bar.addWidget(self.header, 1)
        for button in (
            self.add_button,
            self.folder_button,
            self.paste_button,
            self.preview_button,
            self.open_button,
            self.folder_show_button,
            self.attach_button,
        ):
            bar.addWidget(button)

        self.pending_label = QLabel()
        self.pending_label.setWordWrap(True)
        self.pending_label.setStyleSheet("color: #8a5a00;")
        self.pending_retry_button = QPushButton("现在重试")
        self.pending_retry_button.setToolTip("归档位置（网络盘）已恢复时，马上把暂存的照片存入归档")
        self.pending_retry_button.clicked.connect(self._retry_pending)
        self.pending_row = QWidget()
        pending_layout = QHBoxLayout(self.pending_row)
        pending_layout.setContentsMargins(0, 0, 0, 0)
        pending_layout.addWidget(self.pending_label, 1)
        pending_layout.addWidget(self.pending_retry_button)

        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.list.setGridSize(QSize(THUMB_PX + 40, THUMB_PX + 48))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setDragEnabled(False)
        self.list.setAcceptDrops(False)
        self.list.itemActivated.connect(lambda _item: self.preview_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.verticalScrollBar().valueChanged.connect(lambda _v: self._load_timer.start())

        self.thumb_hint = QLabel()
        self.thumb_hint.setStyleSheet("color: #0b3d91;")
        self.thumb_hint.hide()

        self.empty_hint = QLabel()
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(mid); font-size: 14px; padding: 24px;")

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.clicked.connect(self.cancel_import)
        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)

        self.status = QLabel()
        self.status.setWordWrap(True)

        self.problems_title = QLabel("以下文件未能添加：")
        self.problems_title.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.problems.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.problems.setMaximumHeight(160)
        self.problems.setStyleSheet("QListWidget { color: #b3261e; }")
        self.clear_problems_button = QPushButton("知道了")
        self.clear_problems_button.clicked.connect(self.clear_problems)
        problems_bar = QHBoxLayout()
        problems_bar.addWidget(self.problems_title, 1)
        problems_bar.addWidget(self.clear_problems_button)
        self.problems_box = QWidget()
        box = QVBoxLayout(self.problems_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(problems_bar)
        box.addWidget(self.problems)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pending_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.thumb_hint)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.status)
        layout.addWidget(self.problems_box)
        self.progress_row.hide()
        self.problems_box.hide()
        self.pending_row.hide()

        paste = QShortcut(QKeySequence.StandardKey.Paste, self, self.paste)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        preview = QShortcut(QKeySequence(Qt.Key.Key_Space), self.list, self.preview_selected)
        preview.setContext(Qt.ShortcutContext.WidgetShortcut)

    @staticmethod
    def _make_placeholder() -> QIcon:
        pixmap = QPixmap(THUMB_PX, THUMB_PX)
        pixmap.fill(Qt.GlobalColor.lightGray)
        return QIcon(pixmap)

    # state

    @property
    def may_add(self) -> bool:
        return (
            self.case_id is not None
            and self.changeable
            and self.user.may_do(Operation.ADD_EVIDENCE)
        )

    @property
    def busy(self) -> bool:
        """Whether an import is running or queued."""
        return self._import_job is not None or bool(self._queue)

    def set_case(
        self,
        case_id: int | None,
        customer_id: str = "",
        user: User | None = None,
        *,
        changeable: bool = True,
    ) -> None:
        """Show the photos of `case_id` (None: no case yet). `customer_id` is shown in the header.

        `changeable`: whether the user may change this case (its handler, a supervisor, an
        admin); photos are only offered for adding then.
        """
        if user is not None:
            self.user = user
        self.changeable = changeable
        self.case_id = case_id
        self.customer_id = customer_id
        self.clear_problems()
        self.status.clear()
        self.reload()

    def reload(self) -> None:
        """Read the case's photos again; thumbnails are made for what is on screen. While the
        gallery is hidden nothing is read: it reloads when it is shown."""
        self._stale = False
        self._generation += 1
        self._prune()
        self._stop_thumbnails()
        self._memory.clear()
        self._cold = set()
        self._cold_waiting = set()
        self._cold_done = 0
        self.thumb_hint.hide()
        self.list.clear()
        self._items = {}
        self.views = {}
        self._show_pending()
        if self.case_id is None:
            self.header.setText("证据照片")
            self._show_empty("先保存售后单，再在这里添加客户发来的照片。")
            self._update_buttons()
            return
        if not self.isVisible():
            self._stale = True
            self._update_buttons()
            return
        who = f"买家 {self.customer_id} 的" if self.customer_id else ""
        self.header.setText(f"{who}证据照片（正在读取……）")
        self.list.show()
        self.empty_hint.hide()
        self._update_buttons()
        user, case_id = self.user, self.case_id
        self._listing.request((self._generation, case_id), lambda: _list_photos(user, case_id))

    def _listed(self, key: tuple[int, int], listed: tuple[list[EvidenceView], set[int]]) -> None:
        """The case's photos, read off the UI thread: one placeholder each, at once, and the
        thumbnails on screen asked for (the progress hint shows if they must be made)."""
        if key[0] != self._generation:
            return
        views, self._cold = listed
        who = f"买家 {self.customer_id} 的" if self.customer_id else ""
        self.header.setText(f"{who}证据照片（{len(views)} 张）")
        self.list.setUpdatesEnabled(False)
        for view in views:
            self.views[view.id] = view
            item = QListWidgetItem(self._placeholder_icon, view.file_name)
            item.setData(ID_ROLE, view.id)
            item.setToolTip(
                f"{view.file_name}\n原文件名：{view.original_name}\n{view.width}×{view.height}，"
                f"{format_size(view.size_bytes)}\n{view.added_by_name} 添加于 {format_local(view.added_at)}"
            )
            self.list.addItem(item)
            self._items[view.id] = item
        self.list.setUpdatesEnabled(True)
        if views:
            self._load_visible()  # placeholders and the progress hint in the same turn
            self._load_timer.start()  # again once the list has laid its items out
        else:
            hint = "还没有照片。把照片拖到这里，按 Ctrl+V 粘贴截图，或点“添加照片…”。"
            self._show_empty(hint if self.may_add else "还没有照片。")
        self._update_buttons()

    def _listing_failed(self, key: tuple[int, int], message: str) -> None:
        if key[0] == self._generation:
            self._show_empty(message)

    def _show_pending(self) -> None:
        """The line saying how many photos of this case wait on this desk for the archive."""
        count = evidence.pending_count(self.case_id) if self.case_id is not None else 0
        self.pending_label.setText(
            f"{count} 张照片暂存在本机：{UNREACHABLE_TEXT}。恢复后会自动存入本售后单，不必重新添加。"
        )
        self.pending_retry_button.setVisible(self._pending_storer is not None)
        self.pending_row.setVisible(count > 0)

    @property
    def pending_count(self) -> int:
        """How many photos of the shown case wait for the archive (as the gallery shows)."""
        return evidence.pending_count(self.case_id) if self.case_id is not None else 0

    def set_pending_storer(self, storer: PendingPhotoStorer) -> None:
        """Use `storer` for "现在重试", and show photos it stored for this case."""
        self._pending_storer = storer
        storer.stored.connect(self._pending_stored)
        self._show_pending()

    def _retry_pending(self) -> None:
        if self._pending_storer is not None and self._pending_storer.try_now():
            self.status.setText("正在把暂存的照片存入归档……")

    def _pending_stored(self, case_ids: list[int], count: int) -> None:
        if self.case_id in case_ids:
            self.status.setText("暂存的照片已存入归档。")
            self.reload()
        else:
            self._show_pending()

    def _show_empty(self, text: str) -> None:
        self.empty_hint.setText(text)
        self.list.hide()
        self.empty_hint.show()

    # thumbnails: only for what is on screen (and a screen ahead), never while hidden

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
        self._load_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._stop_thumbnails()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._load_timer.start()

    def _stop_thumbnails(self) -> None:
        for job in self._thumb_jobs:
            job.stop.set()
        self._inflight.clear()
        self._load_timer.stop()

    def wanted_ids(self) -> list[int]:
        """The photos on screen and one screen below, in gallery order."""
        area = self.list.viewport().rect()
        ahead = QRect(area.left(), area.top(), area.width(), area.height() * 2)
        wanted: list[int] = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            rect = self.list.visualItemRect(item)
            if rect.top() > ahead.bottom():
                break
            if rect.intersects(ahead) and not item.isHidden():
                wanted.append(item.data(ID_ROLE))
        return wanted[: self._memory.capacity]

    def _load_visible(self) -> None:
        if not self._thumb_pool.activeThreadCount():  # their threads have left run() for sure
            self._thumb_jobs = [j for j in self._thumb_jobs if not j.done.is_set()]
        if not self.isVisible() or not self._items:
            return
        wanted = self.wanted_ids()
        for evidence_id in wanted:
            self._memory.touch(evidence_id)
        missing = [i for i in wanted if i not in self._memory and i not in self._inflight]
        if not missing:
            return
        for job in self._thumb_jobs:  # what scrolled away waits; what is on screen now comes first
            job.stop.set()
        self._inflight = set(missing)
        cold = self._cold.intersection(missing)
        if cold != self._cold_waiting:  # what scrolled away is no longer waited for
            self._cold_waiting = cold
            self._cold_done = 0
            self._show_cold_progress()
        job = _ThumbJob(self._generation, [self.views[i] for i in missing], cold, self._inbox)
        self._thumb_jobs.append(job)
        self._thumb_pool.start(job)

    def _show_cold_progress(self) -> None:
        """'正在生成缩略图 3/12……' while thumbnails on screen are made from the photos."""
        if not self._cold_waiting:
            self.thumb_hint.hide()
            self._cold_done = 0
            return
        total = self._cold_done + len(self._cold_waiting)
        self.thumb_hint.setText(
            f"正在生成缩略图 {self._cold_done}/{total}……"
            "（同事添加的照片在本机第一次打开，需要稍等）"
        )
        self.thumb_hint.show()

    def _show_thumbnails(self) -> None:
        """Put a small batch of finished thumbnails on screen; the rest on the next turns."""
        batch, more = self._inbox.take(THUMB_BATCH)
        for generation, evidence_id, result, cold in batch:
            if generation != self._generation:
                continue
            self._inflight.discard(evidence_id)
            if cold:
                self._cold.discard(evidence_id)
                if evidence_id in self._cold_waiting:
                    self._cold_waiting.discard(evidence_id)
                    self._cold_done += 1
            item = self._items.get(evidence_id)
            if item is None:
                continue
            if isinstance(result, str):
                if not item.text().startswith("⚠"):
                    item.setText(f"⚠ {item.text()}")
                item.setToolTip(result)
                continue
            pixmap = QPixmap.fromImage(result)
            item.setIcon(QIcon(pixmap))
            for dropped in self._memory.put(evidence_id, pixmap):
                if dropped in self._items:
                    self._items[dropped].setIcon(self._placeholder_icon)
        if self._cold_done:
            self._show_cold_progress()
        if more:
            QTimer.singleShot(0, self._show_thumbnails)

    def thumbnails_shown(self) -> set[int]:
        """The photos whose thumbnail is in memory (and on their item)."""
        return {i for i in self._items if i in self._memory}

    def _update_buttons(self) -> None:
        for button in (self.add_button, self.folder_button, self.paste_button, self.attach_button):
            button.setEnabled(self.may_add)
        has_selection = bool(self.list.selectedItems())
        for button in (self.preview_button, self.open_button, self.folder_show_button):
            button.setEnabled(has_selection)

    def selected_views(self) -> list[EvidenceView]:
        """The photos selected in the gallery, in gallery order."""
        ids = [item.data(ID_ROLE) for item in self.list.selectedItems()]
        return [self.views[i] for i in ids if i in self.views]

    # looking

    def preview_selected(self) -> EvidencePreview | None:
        """Open the preview of the first selected photo (returned, for tests)."""
        views = self.selected_views()
        if not views:
            return None
        dialog = EvidencePreview(views[0], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_selected(self) -> None:
        for view in self.selected_views():
            if not open_in_viewer(view.path):
                self.status.setText(f"无法打开：{view.path}")

    def show_selected_in_folder(self) -> None:
        views = self.selected_views()
        if views and not show_in_folder(views[0].path):
            self.status.setText(f"无法打开文件夹：{views[0].path.parent}")

    # adding

    def choose_files(self) -> None:
        """The file dialog (multi-select)."""
        names, _filter = QFileDialog.getOpenFileNames(self, "选择要添加的照片", "", FILE_FILTER)
        if names:
            self.add_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        """Add every picture of a folder (and its subfolders)."""
        folder = QFileDialog.getExistingDirectory(self, "选择照片所在的文件夹")
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        """Add files and folders to the case, off the UI thread."""
        folders = [p for p in paths if p.is_dir()]
        sources = [PhotoSource.from_path(p) for p in paths if not p.is_dir()]
        self._start(sources, folders, [])

    def add_image_data(self, name: str, data: bytes) -> None:
        """Add one picture given as bytes (its original encoding is kept as evidence)."""
        self._start([PhotoSource.from_bytes(name, data)], [], [])

    def add_image(self, image: QImage, name: str | None = None) -> None:
        """Add a picture that exists only as pixels (a screenshot); it is stored as PNG."""
        name = name or f"截图 {datetime.now():%Y-%m-%d %H%M%S}.png"
        self._start([], [], [(name, image.copy())])

    def add_mime(self, mime: QMimeData) -> bool:
        """Add what a drop or the clipboard carries: local files/folders, or an image."""
        local = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        if local:
            self.add_paths(local)
            return True
        for kind in CLIPBOARD_IMAGE_TYPES:
            if mime.hasFormat(kind):
                data = bytes(mime.data(kind).data())
                if data:
                    ext = kind.split("/")[1].replace("jpeg", "jpg")
                    self.add_image_data(f"粘贴的图片 {datetime.now():%Y-%m-%d %H%M%S}.{ext}", data)
                    return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.add_image(image)
                return True
            if isinstance(image, QPixmap) and not image.isNull():
                self.add_image(image.toImage())
                return True
        return False

    def paste(self) -> None:
        """Ctrl+V: add the files or the image on the clipboard."""
        if not self.may_add:
            return
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not self.add_mime(mime):
            self.status.setText("剪贴板里没有图片。请先在聊天窗口里复制图片或截图，再按 Ctrl+V。")

    def _start(
        self, sources: list[PhotoSource], folders: list[Path], images: list[tuple[str, QImage]]
    ) -> None:
        if self.case_id is None:
            self.status.setText("请先保存售后单，再添加照片。")
            return
        if not self.may_add:
            self.status.setText("你的角色不能给售后单添加照片。")
            return
        if not (sources or folders or images):
            return
        job = _ImportJob(self.user, self.case_id, sources, folders, images)
        job.signals.progress.connect(self._import_progress)
        job.signals.finished.connect(self._import_done)
        job.signals.crashed.connect(self._import_crashed)
        job.signals.refused.connect(self._import_refused)
        self._queue.append(job)
        self._next_import()

    def _prune(self) -> None:
        importing = self._import_thread is not None and self._import_thread.is_alive()
        if not importing and not self._thumb_pool.activeThreadCount():
            self._retired.clear()

    def _next_import(self) -> None:
        self._prune()
        if self._import_job is not None or not self._queue:
            return
        self._import_job = self._queue.pop(0)
        self.progress.setRange(0, 0)
        self.progress.setFormat("正在准备……")
        self.progress_row.show()
        self.cancel_button.setEnabled(True)
        self._import_thread = threading.Thread(
            target=self._import_job.run, name="evidence-import", daemon=True
        )
        self._import_thread.start()

    def _import_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(f"正在添加照片 {done}/{total}：{name}")

    def cancel_import(self) -> None:
        """Stop after the photo being written now; queued batches are dropped."""
        self._queue.clear()
        if self._import_job is not None:
            self._import_job.stop.set()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat("正在取消……")

    def _import_done(self) -> None:
        job = self._import_job
        if job is None:
            return
        report = job.report
        self._retired.append(job)
        self._import_job = None
        self.progress_row.setVisible(bool(self._queue))
        self.status.setText(report.summary())
        self._show_problems(report)
        if job.case_id == self.case_id:
            self.reload()
        if report.added or report.pending:
            self.evidence_changed.emit(job.case_id)
        self.import_finished.emit(report)
        self._next_import()

    def _import_crashed(self, summary: str) -> None:
        self._import_stopped(f"添加照片时程序出错（已记入日志）：{summary}")

    def _import_refused(self, message: str) -> None:
        self._import_stopped(f"照片未添加：{message}")

    def _import_stopped(self, text: str) -> None:
        if self._import_job is not None:
            self._retired.append(self._import_job)
        self._import_job = None
        self.progress_row.hide()
        self.status.setText(text)
        self.reload()
        self._next_import()

    def _show_problems(self, report: ImportReport) -> None:
        for outcome in report.failed:
            item = QListWidgetItem(f"✗ {outcome.name}：{outcome.reason}")
            item.setToolTip(outcome.reason)
            self.problems.addItem(item)
        self.problems_title.setText(f"以下 {self.problems.count()} 个文件未能添加：")
        self.problems_box.setVisible(self.problems.count() > 0)

    def clear_problems(self) -> None:
        self.problems.clear()
        self.problems_box.hide()

    def problem_lines(self) -> list[str]:
        """The per-file problems shown, one line each ('✗ name：reason')."""
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    # attaching archive photos that have no record

    def attach_orphans(self) -> OrphanDialog | None:
        """Open the list of archive photos without a record, to attach some to this case."""
        if self.case_id is None or not self.may_add:
            return None
        dialog = OrphanDialog(self.user, self.case_id, self)
        dialog.attached.connect(self._orphans_attached)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._orphan_dialog = dialog
        dialog.destroyed.connect(lambda *_args: setattr(self, "_orphan_dialog", None))
        dialog.show()
        return dialog

    def _orphans_attached(self, case_id: int) -> None:
        if case_id == self.case_id:
            self.reload()
        self.evidence_changed.emit(case_id)

    # drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.may_add and (mime.hasUrls() or mime.hasImage()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if self.may_add and self.add_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    # shutting down

    def wait_idle(self, timeout_ms: int = 30_000) -> bool:
        """Wait until imports and thumbnails are done (processing their results); for tests."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        while (
            self.busy
            or self._listing.busy
            or self._thumb_pool.activeThreadCount()
            or len(self._inbox)
            or (self._load_timer.isActive() and self.isVisible())
        ):
            if timer.elapsed() > timeout_ms:
                return False
            self._thumb_pool.waitForDone(5)
            QCoreApplication.processEvents()
        QCoreApplication.processEvents()
        return True

    def shutdown(self) -> None:
        """Cancel work and wait for the threads (call before the database closes)."""
        self.cancel_import()
        self._stop_thumbnails()
        self._listing.wait()
        if self._import_thread is not None:
            self._import_thread.join()
        self._thumb_pool.waitForDone()
        self._retired.clear()
