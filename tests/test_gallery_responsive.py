"""The gallery with many photos: thumbnails only for what is on screen, made off the UI thread,
shown a few at a time, kept in a bounded cache, nothing done while the gallery is hidden."""

from __future__ import annotations

import shutil
import threading

import pytest
from pytestqt.qtbot import QtBot

from kefu_desktop.domain.kinds import CaseKind
from kefu_desktop.services import cases, evidence
from kefu_desktop.services.cases import NewCase
from kefu_desktop.services.evidence import PhotoSource
from kefu_desktop.ui.widgets import evidence_gallery
from kefu_desktop.ui.widgets.evidence_gallery import THUMB_BATCH, EvidenceGallery
from tests.conftest import Staffing
from tests.evidence_photos import photo

pytestmark = pytest.mark.gui

PHOTOS = 90


@pytest.fixture
def case_id(sqlite_staff: Staffing) -> int:
    case = cases.create_case(
        sqlite_staff.agent, NewCase(kind=CaseKind.DAMAGED_PARCEL, customer_id="tb_多图")
    )
    sources = [
        PhotoSource.from_bytes(f"图{i}.png", photo("PNG", (80 + i, 60), i)) for i in range(PHOTOS)
    ]
    report = evidence.add_photos(sqlite_staff.agent, case.id, sources)
    assert len(report.added) == PHOTOS
    return case.id


def gallery_of(qtbot: QtBot, staff: Staffing, case_id: int, show: bool = True) -> EvidenceGallery:
    gallery = EvidenceGallery(staff.agent)
    qtbot.addWidget(gallery)
    gallery.resize(700, 420)
    gallery.set_case(case_id, "tb_多图")
    if show:
        gallery.show()
        qtbot.waitExposed(gallery)
    return gallery


def test_hidden_gallery_makes_no_thumbnails(
    qtbot: QtBot, sqlite_staff: Staffing, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    real = evidence_gallery._thumbnail_image
    monkeypatch.setattr(
        evidence_gallery, "_thumbnail_image", lambda v: made.append(v.id) or real(v)
    )
    listed: list[int] = []
    real_list = evidence.list_evidence
    monkeypatch.setattr(evidence, "list_evidence", lambda *a: listed.append(1) or real_list(*a))
    gallery = gallery_of(qtbot, sqlite_staff, case_id, show=False)
    qtbot.wait(200)
    assert listed == [] and gallery.list.count() == 0  # not even the list of photos is read
    assert made == [] and gallery.thumbnails_shown() == set()
    gallery.show()
    assert gallery.wait_idle()
    assert len(listed) == 1 and gallery.list.count() == PHOTOS
    assert listed[0] is not threading.main_thread()  # read off the UI thread
    assert made and gallery.thumbnails_shown()
    gallery.shutdown()


def test_only_photos_on_screen_and_a_screen_ahead_are_loaded(
    qtbot: QtBot, sqlite_staff: Staffing, case_id: int
) -> None:
    gallery = gallery_of(qtbot, sqlite_staff, case_id)
    assert gallery.wait_idle()
    shown = gallery.thumbnails_shown()
    wanted = set(gallery.wanted_ids())
    assert shown and shown <= wanted and len(shown) < PHOTOS
    last = gallery.list.item(PHOTOS - 1)
    assert last.data(evidence_gallery.ID_ROLE) not in shown
    gallery.list.scrollToBottom()
    qtbot.waitUntil(lambda: last.data(evidence_gallery.ID_ROLE) in gallery.thumbnails_shown())
    gallery.shutdown()


def test_thumbnails_reach_the_screen_in_small_batches(
    qtbot: QtBot, sqlite_staff: Staffing, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[int] = []
    real_take = evidence_gallery._ThumbInbox.take

    def take(inbox: evidence_gallery._ThumbInbox, count: int) -> tuple[list, bool]:  # type: ignore[type-arg]
        batch, more = real_take(inbox, count)
        batches.append(len(batch))
        return batch, more

    monkeypatch.setattr(evidence_gallery._ThumbInbox, "take", take)
    gallery = gallery_of(qtbot, sqlite_staff, case_id, show=False)
    gallery.resize(1300, 760)
    gallery._thumb_pool.setMaxThreadCount(1)
    gallery.show()
    assert gallery.wait_idle()
    assert sum(batches) > THUMB_BATCH  # more than one batch's worth arrived
    assert max(batches) <= THUMB_BATCH
    gallery.shutdown()


def test_thumbnail_memory_is_bounded(qtbot: QtBot, sqlite_staff: Staffing, case_id: int) -> None:
    gallery = gallery_of(qtbot, sqlite_staff, case_id)
    assert gallery.wait_idle()  # the photos are listed
    gallery._memory.capacity = 30
    bar = gallery.list.verticalScrollBar()
    for value in range(0, bar.maximum() + 1, max(1, bar.pageStep())):
        bar.setValue(value)
        gallery._load_visible()
        assert gallery.wait_idle()
        assert len(gallery._memory) <= 30
    assert len(gallery.thumbnails_shown()) <= 30
    placeholder = gallery._placeholder_icon.cacheKey()
    first = gallery.list.item(0)
    assert first.data(evidence_gallery.ID_ROLE) not in gallery.thumbnails_shown()
    assert first.icon().cacheKey() == placeholder  # dropped from memory: back to the placeholder
    gallery.shutdown()


def test_colleagues_photos_show_progress_while_thumbnails_are_made(
    qtbot: QtBot, sqlite_staff: Staffing, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(evidence.thumbnail_cache().folder)  # as on a colleague's desktop
    hints: list[str] = []
    real = EvidenceGallery._show_cold_progress

    def record(self: EvidenceGallery) -> None:
        real(self)
        if self.thumb_hint.isVisibleTo(self):
            hints.append(self.thumb_hint.text())

    monkeypatch.setattr(EvidenceGallery, "_show_cold_progress", record)
    gallery = gallery_of(qtbot, sqlite_staff, case_id)
    assert gallery.wait_idle()
    assert hints and hints[0].startswith("正在生成缩略图 0/")
    assert not gallery.thumb_hint.isVisibleTo(gallery)  # gone once they are all made
    assert gallery.thumbnails_shown()
    gallery.shutdown()


def test_placeholders_and_the_progress_hint_show_before_any_thumbnail_arrives(
    qtbot: QtBot, sqlite_staff: Staffing, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(evidence.thumbnail_cache().folder)  # as on a colleague's desktop
    release = threading.Event()
    makers: list[threading.Thread] = []
    real = evidence_gallery._thumbnail_image

    def slow(view: evidence.EvidenceView) -> object:
        makers.append(threading.current_thread())
        assert release.wait(10)
        return real(view)

    monkeypatch.setattr(evidence_gallery, "_thumbnail_image", slow)
    gallery = gallery_of(qtbot, sqlite_staff, case_id)
    qtbot.waitUntil(lambda: gallery.list.count() == PHOTOS)
    # the photos are listed: every one has its placeholder, and the hint says what happens
    placeholder = gallery._placeholder_icon.cacheKey()
    assert all(gallery.list.item(i).icon().cacheKey() == placeholder for i in range(PHOTOS))
    assert gallery.thumb_hint.isVisibleTo(gallery)
    wanted = len(gallery.wanted_ids())
    assert gallery.thumb_hint.text().startswith(f"正在生成缩略图 0/{wanted}……")
    assert gallery.thumbnails_shown() == set()
    qtbot.waitUntil(lambda: bool(makers))  # the worker is making the first one
    assert threading.main_thread() not in makers
    release.set()
    assert gallery.wait_idle()
    assert set(gallery.wanted_ids()) <= gallery.thumbnails_shown()
    assert not gallery.thumb_hint.isVisibleTo(gallery)
    gallery.shutdown()
