"""Archive file names: `<customerID>_<caseNo>_<nn>.<ext>`, safe on Windows and network shares.

Customer IDs can hold anything. `safe_component` turns one into a name part deterministically:
characters Windows refuses become `_`, trailing dots and spaces go, reserved device names are
prefixed, and whenever the result differs from the ID (or had to be shortened) a short hash of
the real ID is appended, so two different IDs never map to the same name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from pathlib import PurePath

ARCHIVE_FOLDER = "售后问题图片"
"""The folder inside the archive root that holds the photos (the shop's name for it)."""

MAX_PATH = 259
"""Longest full path Windows accepts without the long-path opt-in (MAX_PATH 260 minus the NUL)."""

MIN_ID_PART = 12
"""Fewest UTF-16 units left for the customer ID part before the root is judged too long."""

HASH_LENGTH = 8

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{stem}{n}" for stem in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]}
)
_NAME_PATTERN = re.compile(r"^(?P<id>.+)_(?P<case>[^_]+)_(?P<nn>\d{2,})\.(?P<ext>[a-z0-9]+)$")


class PathTooLong(ValueError):
    """The archive root leaves no room for a file name under Windows' path limit."""


def utf16_length(text: str) -> int:
    """Length as Windows counts it (UTF-16 code units; an emoji counts 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def short_hash(text: str) -> str:
    """A short, stable hash of `text` (hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


def _cut_utf16(text: str, limit: int) -> str:
    """The longest prefix of `text` that is at most `limit` UTF-16 units."""
    out: list[str] = []
    used = 0
    for char in text:
        width = utf16_length(char)
        if used + width > limit:
            break
        out.append(char)
        used += width
    return "".join(out)


def is_reserved(name: str) -> bool:
    """Whether Windows treats `name` as a device (CON, NUL, COM1, 'aux.txt', …)."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in _RESERVED


def clean_characters(text: str) -> str:
    """`text` in NFC with every character Windows forbids (and lone surrogates) replaced by `_`."""
    text = unicodedata.normalize("NFC", text)
    text = "".join("_" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    text = _FORBIDDEN.sub("_", text)
    text = text.strip(" ").rstrip(".")
    if not text or set(text) == {"."}:
        text = "_"
    if is_reserved(text):
        text = "_" + text
    return text


def safe_component(text: str, max_units: int = 80) -> str:
    """A Windows-safe file-name part for `text`, at most `max_units` UTF-16 units.

    Deterministic; the same `text` always gives the same part. If the part is not exactly
    `text`, it ends in `~<hash of text>`, so different texts never share a part.
    """
    if max_units < HASH_LENGTH + 2:
        raise PathTooLong(f"no room for a name part ({max_units} units)")
    cleaned = clean_characters(text)
    if cleaned == text and "~" not in text and utf16_length(cleaned) <= max_units:
        return cleaned
    budget = max_units - HASH_LENGTH - 1
    head = _cut_utf16(cleaned, budget).rstrip(" .")
    if not head or is_reserved(head):
        head = "_" + _cut_utf16(head, budget - 1).rstrip(" .")
    return f"{head}~{short_hash(text)}"


def month_folder(day: date) -> str:
    """The month folder name, `YYYY-MM`."""
    return f"{day:%Y-%m}"


def relative_dir(day: date) -> PurePath:
    """Folder of a photo added on `day`, relative to the archive root."""
    return PurePath(ARCHIVE_FOLDER, month_folder(day))


def evidence_name(customer_id: str, case_no: str, number: int, ext: str, id_units: int) -> str:
    """`<customerID>_<caseNo>_<nn>.<ext>` with the ID made safe within `id_units`."""
    tail = f"_{clean_characters(case_no)}_{number:02d}.{ext.lower()}"
    return safe_component(customer_id, id_units) + tail


def id_budget(root: str, day: date, case_no: str, number: int, ext: str) -> int:
    """UTF-16 units left for the customer ID so the full path stays under `MAX_PATH`."""
    folder = str(PurePath(root) / relative_dir(day))
    tail = f"_{clean_characters(case_no)}_{number:02d}.{ext.lower()}"
    # +1 for the separator; +12 for the temporary name's prefix and suffix while writing
    room = MAX_PATH - utf16_length(folder) - 1 - utf16_length(tail) - 12
    return min(room, 120)


def build_relative_path(
    root: str, customer_id: str, case_no: str, number: int, ext: str, day: date
) -> PurePath:
    """The archive-relative path of the `number`-th photo of a case, safe for Windows.

    Raises `PathTooLong` when the root itself is too long to leave room for a name.
    """
    budget = id_budget(root, day, case_no, number, ext)
    if budget < MIN_ID_PART:
        raise PathTooLong(f"archive root too long: {root}")
    return relative_dir(day) / evidence_name(customer_id, case_no, number, ext, budget)


def case_number_of(file_name: str) -> str | None:
    """The case number in an archive file name (`…_SH20261123-0001_07.jpg` → SH20261123-0001)."""
    match = _NAME_PATTERN.match(file_name)
    return match.group("case") if match else None


def customer_part_of(file_name: str) -> str | None:
    """The customer-ID part of an archive file name (`tb_1_SH…_07.jpg` → tb_1), None if not one."""
    match = _NAME_PATTERN.match(unicodedata.normalize("NFC", file_name))
    return match.group("id") if match else None


def customer_part_matches(part: str, customer_id: str) -> bool:
    """Whether `part` is what `safe_component` makes of `customer_id` (at any length budget)."""
    part = unicodedata.normalize("NFC", part)
    if part == customer_id:
        return clean_characters(customer_id) == customer_id and "~" not in customer_id
    head, tilde, digest = part.rpartition("~")
    if not tilde or not head or digest != short_hash(customer_id):
        return False
    cleaned = clean_characters(customer_id)
    return cleaned.startswith(head) or (head.startswith("_") and cleaned.startswith(head[1:]))


_MONTH_PATTERN = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")


def month_of_folder(rel_path: str) -> tuple[int, int] | None:
    """(year, month) of an archive-relative path `售后问题图片/YYYY-MM/<file>`, else None."""
    parts = PurePath(rel_path).parts
    if len(parts) != 3 or parts[0] != ARCHIVE_FOLDER:
        return None
    match = _MONTH_PATTERN.match(parts[1])
    if match is None or not 1 <= int(match.group("month")) <= 12:
        return None
    return int(match.group("year")), int(match.group("month"))


def number_of(file_name: str) -> int | None:
    """The `nn` of an archive file name (`…_SH20261123-0001_07.jpg` → 7), None if not one."""
    match = _NAME_PATTERN.match(file_name)
    return int(match.group("nn")) if match else None
