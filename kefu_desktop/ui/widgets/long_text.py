"""Long texts (a pasted chat log as a note) shown light: the start at once, the rest on demand."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl

PREVIEW_CHARS = 1500
"""How much of a long text is laid out before the user asks for the rest."""
MORE_SCHEME = "more"


def clipped_html(text: str, key: str, expanded: set[str] | frozenset[str]) -> str:
    """`text` escaped for HTML; past `PREVIEW_CHARS` cut, with a link (more:<key>) to the rest
    unless `key` is in `expanded`."""
    if len(text) <= PREVIEW_CHARS or key in expanded:
        return html.escape(text)
    return (
        f"{html.escape(text[:PREVIEW_CHARS])}…… "
        f"<a href='{MORE_SCHEME}:{key}'>显示全部（共 {len(text)} 字）</a>"
    )


def more_key(url: QUrl) -> str | None:
    """The key of a 显示全部 link, or None for any other link."""
    return url.path() if url.scheme() == MORE_SCHEME else None
