"""The one rule for text that enters the app: typed, pasted, scanned or imported.

Every service that takes text from a person runs it through `clean_text` with the kind of
text it is. The rule, in order:

1. Unicode NFC: "café" typed composed and pasted decomposed is the same text.
2. Identifiers (customer ID, order no., waybill, SKU, batch, login) lose every zero-width and
   bidi mark (`INVISIBLE_MARKS`): chat windows and order pages paste them around IDs, and they
   would make one ID look like another. They are removed, not refused, because re-pasting
   would bring them back.
3. Surrounding whitespace is trimmed. Free text turns Windows line ends (CR LF, CR) into LF.
4. What is left must be storable and printable, else the text is refused with a Chinese
   message naming the field:
   - never: lone (unpaired) surrogates, Unicode non-characters (U+FFFE, U+FFFF, U+FDD0…),
     control characters (C0, DEL, C1) — except that free text keeps line breaks and tabs;
   - identifiers and one-line text: no line or paragraph separators;
   - identifiers: no other format characters (soft hyphen, tags, …), no private-use or
     unassigned code points.
5. The length (in characters, as both SQLite and PostgreSQL count them) is checked against the
   column's maximum.

`repair_text` applies the same rule to text already stored, dropping what `clean_text` would
refuse, so old rows can be brought in line without a person to ask. `search_key` is the lenient
form for search boxes and scanners: it drops what it cannot use instead of refusing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from kefu_desktop.domain.errors import ValidationError


class TextKind(StrEnum):
    """How strictly a piece of text is checked."""

    IDENTIFIER = "identifier"
    """A token copied from the platform or a label: customer ID, order no., waybill, SKU, login."""
    LINE = "line"
    """One line a person types: a name, a colour, a size, a product name."""
    TEXT = "text"
    """Free text: a summary, a note, a remark, a reason. Keeps line breaks and tabs."""


ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
"""Zero-width space, non-joiner, joiner, word joiner, byte-order mark."""
BIDI_MARKS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Arabic letter mark, LRM, RLM, the embeddings/overrides and the isolates."""
INVISIBLE_MARKS = ZERO_WIDTH | BIDI_MARKS
"""Removed from identifiers (and search keys); kept in one-line and free text (emoji need ZWJ)."""

FREE_TEXT_CONTROLS = frozenset("\n\t")
"""The only control characters free text keeps."""

_LINE_ENDS = re.compile(r"\r\n?")


def is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


def is_noncharacter(char: str) -> bool:
    """U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, …)."""
    point = ord(char)
    return 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE


def _problem(char: str, kind: TextKind) -> str | None:
    """Which message template refuses `char` in text of `kind`, or None if it may stay."""
    if is_surrogate(char):
        return "{label}里有损坏的字符（不完整的 Unicode 编码），请重新输入或重新粘贴。"
    if is_noncharacter(char):
        return "{label}里有无效的字符（Unicode 非字符，如 U+FFFE），请删除后重新输入。"
    category = unicodedata.category(char)
    if category == "Cc":
        if kind == TextKind.TEXT and char in FREE_TEXT_CONTROLS:
            return None
        if char in "\n\r\t\x0b\x0c\x85":
            return "{label}只能填一行，不能有换行或制表符，请删除后重新填写。"
        return "{label}里有看不见的控制字符，请重新粘贴。"
    if category in ("Zl", "Zp") and kind != TextKind.TEXT:
        return "{label}只能填一行，不能有换行，请删除后重新填写。"
    if kind != TextKind.IDENTIFIER:
        return None
    if category == "Cf":
        return "{label}里有看不见的格式字符，请重新粘贴或手动输入。"
    if category in ("Co", "Cn"):
        return "{label}里有无法显示的字符（私用区或未定义的字符），请删除后重新输入。"
    return None


def _normalised(value: str, kind: TextKind) -> str:
    """Steps 1–3 of the rule: NFC, invisible marks out of identifiers, trimmed, LF line ends."""
    text = unicodedata.normalize("NFC", value)
    if kind == TextKind.IDENTIFIER and not INVISIBLE_MARKS.isdisjoint(text):
        text = "".join(c for c in text if c not in INVISIBLE_MARKS)
        text = unicodedata.normalize("NFC", text)  # a removed mark may have kept two apart
    if kind == TextKind.TEXT and "\r" in text:
        text = _LINE_ENDS.sub("\n", text)
    return text.strip()


def text_length(text: str) -> int:
    """Length as a database column counts it: code points (SQLite and PostgreSQL alike)."""
    return len(text)


def check_length(text: str, label: str, field: str | None, max_length: int | None) -> None:
    """`ValidationError` naming the field if `text` is longer than `max_length` characters."""
    if max_length is not None and text_length(text) > max_length:
        raise ValidationError(
            f"{label}最多 {max_length} 个字（现在 {text_length(text)} 个），请精简后重试。", field
        )


def clean_text(
    value: str,
    kind: TextKind,
    label: str,
    field: str | None = None,
    max_length: int | None = None,
) -> str:
    """`value` by the rule for `kind`; `ValidationError` (Chinese, naming `label`) if refused."""
    text = _normalised(value, kind)
    for char in text:
        template = _problem(char, kind)
        if template is not None:
            raise ValidationError(template.format(label=label), field)
    check_length(text, label, field, max_length)
    return text


def text_problem(
    value: str, kind: TextKind, label: str, max_length: int | None = None
) -> str | None:
    """The message `clean_text` would refuse `value` with, or None if it is accepted."""
    try:
        clean_text(value, kind, label, max_length=max_length)
    except ValidationError as error:
        return str(error)
    return None


def repair_text(value: str, kind: TextKind) -> str:
    """`value` brought in line with the rule without asking: what would be refused is dropped.

    For text stored before the rule existed. Lengths are not touched (nothing is cut).
    """
    text = _normalised(value, kind)
    if any(_problem(char, kind) is not None for char in text):
        text = "".join(c for c in text if _problem(c, kind) is None)
        text = unicodedata.normalize("NFC", text).strip()
    return text


def search_key(value: str) -> str:
    """What a search box or scanner typed, as an identifier to look up (never refused).

    Scanners add control characters (CR, GS) and pastes add invisible marks: they are dropped.
    """
    return repair_text(value, TextKind.IDENTIFIER)


def visible(text: str) -> str:
    """`text` with every character the rule would refuse shown as <U+XXXX> (for logs/history)."""
    return "".join(
        f"<U+{ord(c):04X}>" if _problem(c, TextKind.IDENTIFIER) is not None else c for c in text
    )


def _each_text(value: Any, change: Callable[[str, str | None], str], key: str | None = None) -> Any:
    """`value` (JSON-like: dicts, lists, texts, numbers) with `change(text, key)` on every text."""
    if isinstance(value, str):
        return change(value, key)
    if isinstance(value, dict):
        return {change(str(k), key): _each_text(v, change, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_each_text(v, change, key) for v in value]
    return value


def clean_answers(answers: dict[str, Any], label: str = "填写的内容") -> dict[str, Any]:
    """Every text in a wizard's answers (nested too) checked as free text, in NFC; not trimmed.

    Drafts keep what was typed as it was typed; only what cannot be stored is refused.
    """

    def check(value: str, key: str | None) -> str:
        text = unicodedata.normalize("NFC", value)
        for char in text:
            template = _problem(char, TextKind.TEXT)
            if template is not None:
                raise ValidationError(template.format(label=label), key)
        return text

    result: dict[str, Any] = _each_text(answers, check)
    return result


def repair_answers(value: Any) -> Any:
    """`clean_answers` for stored answers: what it would refuse is dropped instead."""

    def repair(text: str, _key: str | None) -> str:
        text = unicodedata.normalize("NFC", text)
        if any(_problem(char, TextKind.TEXT) is not None for char in text):
            text = "".join(c for c in text if _problem(c, TextKind.TEXT) is None)
            text = unicodedata.normalize("NFC", text)
        return text

    return _each_text(value, repair)
