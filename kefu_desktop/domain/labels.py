"""The one way a stored code becomes text for a person: its Chinese label, never the code.

Every enum shown to people (state, kind, resolution, role, …) has a `label`. Values read back
from the database may be codes the running version does not know (an older or newer version
wrote them, or a code was retired); those read 「未知（code）」 and are logged once per code, so
the screen and the workbook never show a bare code and the log says what to fix.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

log = logging.getLogger("kefu.labels")

_reported: set[tuple[str, str]] = set()


E = TypeVar("E", bound=Enum)


def unknown_label(code: object, what: str) -> str:
    """「未知（code）」 for a code of `what` no label is known for; logged once per code."""
    text = str(code)
    key = (what, text)
    if key not in _reported:
        _reported.add(key)
        log.warning("unknown %s code %r shown as 未知", what, text)
    return f"未知（{text}）"


def label_of(enum_type: type[E], code: object, empty: str = "") -> str:
    """The Chinese label of stored `code` as a member of `enum_type` (`empty` for no value)."""
    if code is None or code == "":
        return empty
    try:
        member = enum_type(code)
    except ValueError:
        return unknown_label(code, enum_type.__name__)
    label: str = getattr(member, "label")  # noqa: B009 - every shown enum defines `label`
    return label


def mapped_label(labels: Mapping[str, str], code: object, what: str, empty: str = "") -> str:
    """The label of `code` in `labels` (a code → 中文 table), 「未知（code）」 when missing."""
    if code is None or code == "":
        return empty
    text = labels.get(str(code))
    return text if text is not None else unknown_label(code, what)
