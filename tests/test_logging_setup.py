"""The log file is rotated at start once it grows too big, keeping a few old ones."""

from __future__ import annotations

from pathlib import Path

from kefu_desktop.logging_setup import rotate


def test_rotation_keeps_the_newest_old_logs(tmp_path: Path) -> None:
    log = tmp_path / "kefu-desktop.log"
    for generation in range(4):
        log.write_text(f"run {generation}\n" * 50)
        rotate(log, max_bytes=100, keep=2)
    assert not log.exists()
    assert (tmp_path / "kefu-desktop.log.1").read_text().startswith("run 3")
    assert (tmp_path / "kefu-desktop.log.2").read_text().startswith("run 2")
    assert not (tmp_path / "kefu-desktop.log.3").exists()


def test_small_log_stays(tmp_path: Path) -> None:
    log = tmp_path / "kefu-desktop.log"
    log.write_text("short\n")
    rotate(log, max_bytes=100)
    assert log.read_text() == "short\n"
