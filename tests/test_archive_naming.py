"""Windows-safe archive names: deterministic, inside the root, short enough, never colliding."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath, PureWindowsPath

import pytest

from kefu_desktop.archive.naming import (
    ARCHIVE_FOLDER,
    MAX_PATH,
    PathTooLong,
    build_relative_path,
    clean_characters,
    evidence_name,
    is_reserved,
    number_of,
    safe_component,
    utf16_length,
)

DAY = date(2026, 11, 23)
CASE = "SH20261123-0001"
NASTY = [
    'a<b>c:d"e/f\\g|h?i*j',
    "tab\tnew\nline\x00nul\x7f",
    "trailing dots...",
    "trailing spaces   ",
    " . ",
    "..",
    "../../etc/passwd",
    "..\\..\\Windows\\System32",
    "CON",
    "con",
    "PRN",
    "AUX",
    "NUL.txt",
    "COM1",
    "LPT9",
    "com¹",
    "小美的店😀🎉",
    "x" * 500,
    "😀" * 300,
    "\ud800lone surrogate",
    "",
    "~",
    "tb_12345678",
]


def _is_windows_safe(name: str) -> bool:
    bad = set('<>:"/\\|?*') | {chr(c) for c in range(32)} | {"\x7f"}
    return (
        not (set(name) & bad)
        and name == name.rstrip(" .")
        and not is_reserved(name)
        and name not in ("", ".", "..")
    )


def test_ordinary_ids_are_kept_as_they_are() -> None:
    assert safe_component("tb_12345678") == "tb_12345678"
    assert safe_component("小美的店") == "小美的店"
    assert evidence_name("tb_12345678", CASE, 3, "JPG", 80) == "tb_12345678_SH20261123-0001_03.jpg"


@pytest.mark.parametrize("customer_id", NASTY)
def test_every_nasty_id_gives_a_safe_name(customer_id: str) -> None:
    part = safe_component(customer_id)
    assert _is_windows_safe(part), part
    assert utf16_length(part) <= 80
    rel = build_relative_path("C:\\kefu\\archive", customer_id, CASE, 1, "jpg", DAY)
    assert rel.parts[:2] == (ARCHIVE_FOLDER, "2026-11")
    assert len(rel.parts) == 3  # no separators smuggled into the file name
    assert _is_windows_safe(rel.name)
    assert ".." not in rel.parts


def test_names_are_deterministic() -> None:
    for customer_id in NASTY:
        assert safe_component(customer_id) == safe_component(customer_id)


def test_different_ids_never_share_a_name() -> None:
    ids = [*NASTY, "a_b", "a/b", "a\\b", "a:b", "CON_", "_CON", "x" * 499, "x" * 501, "A", "a "]
    parts = [safe_component(i) for i in ids]
    assert len(set(parts)) == len(set(ids))


def test_case_only_differences_stay_apart_when_cleaned() -> None:
    # Windows ignores case; IDs that needed cleaning carry a hash of the exact ID
    assert safe_component("Ab/c").lower() != safe_component("ab/c").lower()


def test_reserved_names_are_prefixed() -> None:
    assert is_reserved("con") and is_reserved("NUL.txt") and is_reserved("COM1 ")
    assert not is_reserved("CONSOLE") and not is_reserved("tb_con")
    assert clean_characters("CON").startswith("_")


@pytest.mark.parametrize(
    "root",
    [
        "C:\\kefu\\archive",
        "\\\\server\\售后",
        "D:\\" + "很长的文件夹名" * 20,
    ],
)
def test_full_path_stays_under_the_windows_limit(root: str) -> None:
    for customer_id in ("😀" * 300, "x" * 500, "普通买家"):
        rel = build_relative_path(root, customer_id, CASE, 123, "jpeg", DAY)
        full = str(PureWindowsPath(root) / PureWindowsPath(*PurePath(rel).parts))
        assert utf16_length(full) <= MAX_PATH


def test_a_root_too_long_for_any_name_is_refused() -> None:
    with pytest.raises(PathTooLong):
        build_relative_path("C:\\" + "x" * 240, "tb_1", CASE, 1, "jpg", DAY)


def test_number_is_read_back_from_a_name() -> None:
    name = evidence_name("a_b_c", CASE, 7, "png", 80)
    assert number_of(name) == 7
    assert number_of("random.jpg") is None
