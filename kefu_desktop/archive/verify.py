"""Checking an archive against what the database says it holds."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kefu_desktop.archive.files import is_temp_name, sha256_of_file
from kefu_desktop.archive.naming import ARCHIVE_FOLDER


@dataclass(frozen=True)
class ExpectedFile:
    """One file the database knows: archive-relative path (with '/') and its sha256."""

    rel_path: str
    sha256: str


@dataclass
class VerifyReport:
    """What `verify_archive` found; `ok` when every row has its file and nothing is unknown."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    """Temporary files of writes that never finished."""

    @property
    def ok(self) -> bool:
        return not (
            self.missing or self.mismatched or self.unreadable or self.unknown or self.leftovers
        )


def files_on_disk(root: Path) -> list[str]:
    """Every file under `root/售后问题图片`, as archive-relative '/' paths, sorted."""
    base = root / ARCHIVE_FOLDER
    found: list[str] = []
    for folder, _dirs, names in os.walk(base):
        for name in names:
            rel = Path(folder, name).relative_to(root)
            found.append(PurePosixPath(*rel.parts).as_posix())
    return sorted(found)


def verify_archive(
    root: Path,
    expected: Iterable[ExpectedFile],
    progress: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Check each expected file exists with its sha256, and list files no row knows."""
    report = VerifyReport()
    known: set[str] = set()
    for item in expected:
        known.add(item.rel_path)
        report.checked += 1
        if progress is not None:
            progress(report.checked)
        path = root / PurePosixPath(item.rel_path)
        try:
            actual = sha256_of_file(path)
        except FileNotFoundError:
            report.missing.append(item.rel_path)
            continue
        except OSError:
            report.unreadable.append(item.rel_path)
            continue
        if actual != item.sha256:
            report.mismatched.append(item.rel_path)
    for rel in files_on_disk(root):
        if rel in known:
            continue
        if is_temp_name(PurePosixPath(rel).name):
            report.leftovers.append(rel)
        else:
            report.unknown.append(rel)
    return report
