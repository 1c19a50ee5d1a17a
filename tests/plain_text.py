"""What may and may not appear in text shown to people: no snake_case codes, no English words."""

from __future__ import annotations

import functools
import re

ALLOWED_WORDS = frozenset(
    {
        "ID", "SQLite", "PostgreSQL", "Excel", "EMS", "SKU", "kg", "g", "KB", "MB", "GB", "SF", "JD", "Ctrl", "Alt",
        "Shift", "Tab", "Esc", "Enter", "F1", "F5", "HEIC", "JPEG", "PNG", "WebP", "BMP", "GIF",
        "TIFF", "xlsx", "jpg", "jpeg", "png", "db", "kefu", "desktop", "sha256",
        "ST", "US", "OL", "GS", "NT", "tf",
    }
)  # fmt: skip
"""Names people know as they are (products, file types, units, keys, and the words a scale's
display and manual use for its output formats, e.g. ST,GS and tf=0)."""

_SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z]+")
_NOT_PROSE = re.compile(
    r"[A-Za-z]:\\[^\s]*|/[\w./-]+|postgresql://\S+|\b[\w.+-]+@[\w.-]+|\bSH\d{8}-\d{4}\b"
    r"|\b[A-Z]{2}\d{6,}\w*|\b\w*\d\w*\b"
)
"""Paths, addresses, case/waybill numbers and words with digits (IDs, SKUs) are data, not prose."""


@functools.cache
def _data_pattern(data: frozenset[str]) -> re.Pattern[str]:
    """Any of `data` as a whole value (not a letter inside a word: size "L" is not in "SQLite")."""
    values = sorted(data, key=len, reverse=True)
    alternatives = "|".join(re.escape(v) for v in values)
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])")


def codes_and_english(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The snake_case codes and English words in `text`, leaving out allowed names and `data`
    (values the user typed, such as a customer ID)."""
    if data:
        text = _data_pattern(data).sub(" ", text)
    text = _NOT_PROSE.sub(" ", text)
    found = _SNAKE.findall(text)
    found += [w for w in _WORD.findall(_SNAKE.sub(" ", text)) if w not in ALLOWED_WORDS]
    return found
