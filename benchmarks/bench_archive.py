"""Importing evidence photos: 20 twelve-megapixel JPEGs (~9 MB each) into a case.

Figures:
- `archive_import_service`: `services.evidence.add_photos` on the 20 files, against the bare
  minimum measured in the same run (plain copy + sha256 + Pillow draft-mode thumbnail of the
  same files, best of two). Target ratio ≤ 1.3.
- `archive_import_gallery`: the same through `EvidenceGallery.add_paths` (worker thread), until
  its `import_finished` signal; ratio against the same baseline.
- `archive_ui_max_gap`: the longest gap between event-loop turns while the gallery imports
  (a 1 ms timer notes each turn). Target ≤ 50 ms.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PIL import Image

from benchmarks.common import result, scratch_dir

FULL = (20, (4000, 3000))
QUICK = (3, (1600, 1200))


def _make_photos(folder: Path, count: int, size: tuple[int, int]) -> list[Path]:
    """Random-noise JPEGs (noise does not compress: a 12 MP one is about 9 MB at quality 85)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"IMG_{index:04d}.jpg"
        if not path.exists():
            noise = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
            noise.save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


def _baseline(paths: list[Path], target: Path) -> float:
    """Plain copy + sha256 + Pillow draft-mode thumbnail of each file, in seconds."""
    target.mkdir(parents=True)
    started = time.perf_counter()
    for path in paths:
        shutil.copyfile(path, target / path.name)
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        with Image.open(path) as image:
            image.draft("RGB", (256, 256))
            image.thumbnail((256, 256))
    return time.perf_counter() - started


def run(quick: bool) -> Iterator[dict[str, Any]]:
    count, size = QUICK if quick else FULL
    work = scratch_dir("archive")
    os.environ["KEFU_DATA_DIR"] = str(work / "data")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    photos = _make_photos(work / f"photos-{count}-{size[0]}x{size[1]}", count, size)
    mean_mb = sum(p.stat().st_size for p in photos) / len(photos) / 1_048_576
    run_id = time.strftime("%Y%m%d-%H%M%S")

    from kefu_desktop.domain.kinds import CaseKind
    from kefu_desktop.domain.roles import Role
    from kefu_desktop.services import auth, cases, evidence
    from kefu_desktop.services.cases import NewCase
    from kefu_desktop.store import db as store_db

    db_file = work / "data" / f"bench-{run_id}.db"
    db_file.parent.mkdir(parents=True, exist_ok=True)
    store_db.connect(f"sqlite:///{db_file}")
    admin = auth.create_first_admin("admin", "管理员", "secret123")
    agent = auth.create_staff(admin, "kefu01", "小美", Role.AGENT, "secret123")

    def new_case() -> int:
        return cases.create_case(agent, NewCase(kind=CaseKind.QUALITY, customer_id="tb_bench")).id

    baseline = min(
        _baseline(photos, work / f"baseline-{run_id}-a"),
        _baseline(photos, work / f"baseline-{run_id}-b"),
    )

    case_id = new_case()
    root = work / f"archive-{run_id}-service"
    root.mkdir()
    evidence.set_archive_root(admin, str(root))  # as the administrator sets it up
    started = time.perf_counter()
    report = evidence.add_photos(
        agent, case_id, [evidence.PhotoSource.from_path(p) for p in photos], root=root
    )
    service_time = time.perf_counter() - started
    if len(report.added) != count:
        raise RuntimeError(f"service import failed: {report.summary()}")
    yield result(
        "archive_import_service",
        service_time,
        "s",
        baseline,
        target="ratio ≤ 1.3",
        files=count,
        mean_mb=round(mean_mb, 1),
    )

    gallery_time, gap = _through_gallery(
        admin, agent, new_case(), photos, work / f"archive-{run_id}-ui"
    )
    yield result(
        "archive_import_gallery",
        gallery_time,
        "s",
        baseline,
        target="ratio ≤ 1.3",
        files=count,
        mean_mb=round(mean_mb, 1),
    )
    yield result("archive_ui_max_gap", gap * 1000, "ms", None, target="≤ 50 ms", files=count)
    store_db.close()
    if not os.environ.get("BENCH_WORK_DIR"):
        shutil.rmtree(work, ignore_errors=True)


def _through_gallery(
    admin: Any, agent: Any, case_id: int, photos: list[Path], root: Path
) -> tuple[float, float]:
    """Import via the gallery widget; return (seconds until finished, longest event-loop gap)."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from kefu_desktop.services import evidence
    from kefu_desktop.ui.widgets.evidence_gallery import EvidenceGallery

    root.mkdir()
    evidence.set_archive_root(admin, str(root))
    app = QApplication.instance() or QApplication([])
    gallery = EvidenceGallery(agent)
    gallery.set_case(case_id, "tb_bench")
    gallery.resize(900, 600)
    gallery.show()
    app.processEvents()

    last = [time.perf_counter()]
    gaps = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        gaps[0] = max(gaps[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(tick)
    done: list[float] = []
    during: list[float] = []
    loop = QEventLoop()

    def finished(_report: object) -> None:
        done.append(time.perf_counter())
        during.append(gaps[0])
        QTimer.singleShot(500, loop.quit)  # keep measuring while the thumbnails appear

    gallery.import_finished.connect(finished)
    timer.start()
    last[0] = time.perf_counter()
    started = time.perf_counter()
    QTimer.singleShot(0, lambda: gallery.add_paths(photos))
    loop.exec()
    elapsed = done[0] - started
    timer.stop()
    gallery.wait_idle()
    added = gallery.list.count()
    gallery.shutdown()
    gallery.deleteLater()
    app.processEvents()
    if added != len(photos):
        raise RuntimeError(f"gallery import added {added} of {len(photos)}")
    return elapsed, gaps[0]
