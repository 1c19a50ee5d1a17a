"""The evidence gallery: drag and drop, paste, folder, errors per file, preview, viewer actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kefu_desktop.archive.naming import ARCHIVE_FOLDER
from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, evidence
from kefu_desktop.services.cases import NewCase
from kefu_desktop.store.models import Evidence
from kefu_desktop.ui.widgets import evidence_gallery
from kefu_desktop.ui.widgets.evidence_gallery import EvidenceGallery
from tests.conftest import Staffing
from tests.evidence_photos import photo, truncated_jpeg

pytestmark = pytest.mark.gui


@pytest.fixture
def gallery(qtbot: QtBot, sqlite_staff: Staffing) -> EvidenceGallery:
    case = cases.create_case(
        sqlite_staff.agent, NewCase(kind=CaseKind.DAMAGED_PARCEL, customer_id="tb_阿花")
    )
    widget = EvidenceGallery(sqlite_staff.agent)
    qtbot.addWidget(widget)
    widget.set_case(case.id, "tb_阿花")
    widget.resize(900, 600)
    widget.show()
    yield widget
    widget.shutdown()


def _drop(widget: EvidenceGallery, mime: QMimeData) -> bool:
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def _files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "聊天图片"
    folder.mkdir(exist_ok=True)
    paths = []
    for name, data in (
        ("破损1.jpg", photo("JPEG", (300, 200), 1)),
        ("破损2.png", photo("PNG", (200, 300), 2)),
        ("半截.jpg", truncated_jpeg()),
    ):
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_drag_and_drop_adds_photos_and_lists_bad_files(
    qtbot: QtBot, gallery: EvidenceGallery, tmp_path: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in _files(tmp_path)])
    with qtbot.waitSignal(gallery.evidence_changed, timeout=10_000) as changed:
        assert _drop(gallery, mime)
    assert changed.args == [gallery.case_id]
    assert gallery.wait_idle()
    assert Evidence.select().count() == 2
    assert gallery.list.count() == 2
    assert all(not gallery.list.item(i).icon().isNull() for i in range(2))
    lines = gallery.problem_lines()
    assert len(lines) == 1 and "半截.jpg" in lines[0] and "不完整" in lines[0]
    assert gallery.problems_box.isVisibleTo(gallery)
    assert "已添加 2 张" in gallery.status.text() and "1 张未能添加" in gallery.status.text()
    assert "（2 张）" in gallery.header.text()
    gallery.grab().save("/tmp/evidence-gallery-shot.png")


def test_dropping_a_folder_adds_its_pictures(
    qtbot: QtBot, gallery: EvidenceGallery, tmp_path: Path
) -> None:
    files = _files(tmp_path)
    (files[0].parent / "说明.txt").write_text("not a photo")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(files[0].parent))])
    assert _drop(gallery, mime)
    assert gallery.wait_idle()
    assert Evidence.select().count() == 2
    assert "跳过 1 个非图片文件" in gallery.status.text()


def test_ctrl_v_pastes_a_screenshot(qtbot: QtBot, gallery: EvidenceGallery) -> None:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    QGuiApplication.clipboard().setImage(image)
    gallery.activateWindow()
    gallery.list.setFocus()
    with qtbot.waitSignal(gallery.import_finished, timeout=10_000) as done:
        qtbot.keyClick(gallery.list, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(done.args[0].added) == 1
    assert gallery.wait_idle()
    row = Evidence.get()
    assert (row.width, row.height, row.image_format) == (320, 200, "PNG")
    assert row.original_name.startswith("截图 ")
    root = evidence.archive_root()
    assert (root / row.rel_path).is_file() and row.rel_path.startswith(ARCHIVE_FOLDER)


def test_paste_keeps_the_original_bytes_of_a_copied_image(
    qtbot: QtBot, gallery: EvidenceGallery
) -> None:
    data = photo("JPEG", (120, 90), 5)
    mime = QMimeData()
    mime.setData("image/jpeg", QByteArray(data))
    QGuiApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(gallery.import_finished, timeout=10_000):
        gallery.paste()
    gallery.wait_idle()
    row = Evidence.get()
    assert (evidence.archive_root() / row.rel_path).read_bytes() == data


def test_paste_with_nothing_useful_says_so(qtbot: QtBot, gallery: EvidenceGallery) -> None:
    QGuiApplication.clipboard().setText("只是文字")
    gallery.paste()
    assert "剪贴板里没有图片" in gallery.status.text()
    assert not gallery.busy


def test_photos_wait_while_the_share_is_away_and_go_in_when_it_is_back(
    qtbot: QtBot, gallery: EvidenceGallery, sqlite_staff: Staffing, tmp_path: Path
) -> None:
    from kefu_desktop.ui.widgets.pending_photos import PendingPhotoStorer

    storer = PendingPhotoStorer(gallery, start=False)
    gallery.set_pending_storer(storer)
    share = tmp_path / "share"
    share.mkdir()
    evidence.set_archive_root(sqlite_staff.admin, str(share))
    away = tmp_path / "share-away"
    share.rename(away)  # the share went away
    gallery.add_paths(_files(tmp_path)[:2])
    assert gallery.wait_idle()
    assert gallery.problem_lines() == []
    assert gallery.pending_row.isVisibleTo(gallery) and gallery.pending_count == 2
    assert "2 张照片暂存在本机" in gallery.pending_label.text()
    assert "归档位置现在不可用（网络盘未连接？）" in gallery.pending_label.text()
    assert "暂存在本机" in gallery.status.text()
    qtbot.mouseClick(gallery.pending_retry_button, Qt.MouseButton.LeftButton)
    storer.wait()
    QApplication.processEvents()
    assert gallery.pending_count == 2 and gallery.list.count() == 0  # still away

    away.rename(share)  # back
    with qtbot.waitSignal(storer.stored, timeout=10_000):
        qtbot.mouseClick(gallery.pending_retry_button, Qt.MouseButton.LeftButton)
    assert gallery.wait_idle()
    assert gallery.list.count() == 2 and gallery.pending_count == 0
    assert not gallery.pending_row.isVisibleTo(gallery)
    assert Evidence.select().count() == 2


def test_agent_attaches_an_archive_photo_without_a_record(
    qtbot: QtBot, gallery: EvidenceGallery
) -> None:
    from datetime import date

    root = evidence.archive_root()
    folder = root / ARCHIVE_FOLDER / f"{date.today():%Y-%m}"
    folder.mkdir(parents=True)
    (folder / "别人放的.png").write_bytes(photo("PNG", colour=9))
    dialog = gallery.attach_orphans()
    assert dialog is not None and dialog.wait_idle()
    assert dialog.list.count() == 1 and "格式" in dialog.list.item(0).text()
    assert not dialog.attach_button.isEnabled()
    dialog.list.item(0).setSelected(True)
    qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    assert dialog.wait_idle()
    assert "已认领 1 张" in dialog.status.text() and dialog.list.count() == 0
    assert gallery.wait_idle()
    assert gallery.list.count() == 1
    assert not (folder / "别人放的.png").exists()
    dialog.close()


def test_preview_zoom_and_system_actions(
    qtbot: QtBot, gallery: EvidenceGallery, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gallery.add_paths(_files(tmp_path)[:1])
    assert gallery.wait_idle()
    opened: list[Path] = []
    shown: list[Path] = []
    monkeypatch.setattr(evidence_gallery, "open_in_viewer", lambda p: opened.append(p) or True)
    monkeypatch.setattr(evidence_gallery, "show_in_folder", lambda p: shown.append(p) or True)
    assert not gallery.open_button.isEnabled()
    gallery.list.item(0).setSelected(True)
    assert gallery.open_button.isEnabled()
    qtbot.mouseClick(gallery.open_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(gallery.folder_show_button, Qt.MouseButton.LeftButton)
    view = gallery.selected_views()[0]
    assert opened == [view.path] and shown == [view.path]
    dialog = gallery.preview_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.image.isNull(), timeout=10_000)
    assert (dialog.image.width(), dialog.image.height()) == (300, 200)
    dialog.actual_size()
    assert dialog.picture.pixmap().width() == 300
    dialog.zoom_in()
    assert dialog.zoom == 1.5 and dialog.picture.pixmap().width() == 450
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.zoom == 0.75
    dialog.grab().save("/tmp/evidence-preview-shot.png")
    dialog.close()


def test_without_a_case_nothing_can_be_added(qtbot: QtBot, sqlite_staff: Staffing) -> None:
    widget = EvidenceGallery(sqlite_staff.warehouse)
    qtbot.addWidget(widget)
    assert not widget.add_button.isEnabled()
    assert "先保存售后单" in widget.empty_hint.text()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/tmp/x.jpg")])
    assert not _drop(widget, mime)
    case = cases.create_case(sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_x"))
    widget.set_case(case.id, "tb_x")
    assert not widget.add_button.isEnabled()  # a clerk adds stub photos on the warehouse desk
    widget.set_case(case.id, "tb_x", sqlite_staff.agent)
    assert widget.add_button.isEnabled()
    widget.set_case(case.id, "tb_x", sqlite_staff.agent2, changeable=False)  # a colleague's case
    assert not widget.add_button.isEnabled()


def test_main_window_shows_the_photos_of_the_selected_case(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path
) -> None:
    from kefu_desktop.ui.cases.main_window import MainWindow

    case = cases.create_case(
        sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_窗口")
    )
    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    tabs = win.detail_tabs
    assert "照片" in [tabs.tabText(i) for i in range(tabs.count())]
    qtbot.waitUntil(lambda: win.evidence_gallery.case_id == case.id, timeout=5_000)
    win.evidence_gallery.add_paths(_files(tmp_path)[:1])
    assert win.evidence_gallery.wait_idle()
    assert win.evidence_gallery.list.count() == 0  # 详情 is the tab shown: nothing read
    tabs.setCurrentIndex([tabs.tabText(i) for i in range(tabs.count())].index("照片"))
    assert win.evidence_gallery.wait_idle()
    assert win.evidence_gallery.list.count() == 1
    win.evidence_gallery.shutdown()


def test_main_window_stores_waiting_photos_shortly_after_start(
    qtbot: QtBot, sqlite_staff: Staffing, tmp_path: Path
) -> None:
    from kefu_desktop.services.evidence import Outcome, PhotoSource
    from kefu_desktop.ui.cases.main_window import MainWindow

    share = tmp_path / "share"
    share.mkdir()
    evidence.set_archive_root(sqlite_staff.admin, str(share))
    case = cases.create_case(
        sqlite_staff.agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_隔夜")
    )
    away = tmp_path / "share-away"
    share.rename(away)  # yesterday evening the share was gone
    outcome = evidence.add_photo(
        sqlite_staff.agent, case.id, PhotoSource.from_bytes("a.png", photo("PNG"))
    )
    assert outcome.outcome == Outcome.PENDING
    away.rename(share)  # this morning it is back

    win = MainWindow(sqlite_staff.agent, "SQLite test.db")
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.pending_photos.stored, timeout=15_000) as stored:
        pass
    assert stored.args == [[case.id], 1]
    assert "1 张暂存在本机的照片已存入归档" in win.ui.statusBar.currentMessage()
    assert Evidence.select().count() == 1 and evidence.pending_count() == 0
    win.pending_photos.shutdown()
    if win.evidence_gallery is not None:
        win.evidence_gallery.shutdown()
