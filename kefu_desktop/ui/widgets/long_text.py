"""Long texts (a pasted chat log as a note) shown light: the start at once, the rest on demand.

The rest is added in parts of a paragraph each, one part per event-loop turn: laying out
20,000 characters at once holds the window for most of 100 ms, a part takes a few ms.
The text-editing classes are reached through `QtGui` when a text is revealed (naming them
at import makes PySide6 build their 17 enum types at every start).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QTextBrowser

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

PREVIEW_CHARS = 1500
"""How much of a long text is laid out before the user asks for the rest."""
PART_CHARS = 1000
"""The most characters of the rest added (and laid out) in one event-loop turn."""
TURN_BUDGET_S = 0.012
"""Parts are added in one event-loop turn until this much time went into them."""
MORE_SCHEME = "more"
CUT_MARK = "…… "
"""What stands between the start of a cut text and its 显示全部 link."""
_SENTENCE_END = r"[。！？!?；;\n]"  # compiled (and kept by `re`) when a text is first revealed
_WHITESPACE = r"[\r\n\t]"


def escape_html(text: str) -> str:
    """`text` made safe inside the HTML of a pane (the standard `html.escape`, loaded at its
    first use: its table of entities is not needed before a case is shown)."""
    from html import escape

    return escape(text)


def clipped_html(text: str, key: str, expanded: set[str] | frozenset[str] = frozenset()) -> str:
    """`text` escaped for HTML; past `PREVIEW_CHARS` cut, with a link (more:<key>) to the rest
    unless `key` is in `expanded`."""
    if len(text) <= PREVIEW_CHARS or key in expanded:
        return escape_html(text)
    return (
        f"{escape_html(text[:PREVIEW_CHARS])}{CUT_MARK}"
        f"<a href='{MORE_SCHEME}:{key}'>显示全部（共 {len(text)} 字）</a>"
    )


def more_key(url: QUrl) -> str | None:
    """The key of a 显示全部 link, or None for any other link."""
    return url.path() if url.scheme() == MORE_SCHEME else None


def rest_parts(text: str) -> list[str]:
    """What follows the preview of `text`, in parts of at most `PART_CHARS`, cut after a
    sentence's end where there is one in the part's second half."""
    rest = re.sub(_WHITESPACE, " ", text[PREVIEW_CHARS:])  # as HTML shows them: spaces
    parts = []
    while len(rest) > PART_CHARS:
        ends = [
            m.end() for m in re.compile(_SENTENCE_END).finditer(rest, PART_CHARS // 2, PART_CHARS)
        ]
        cut = ends[-1] if ends else PART_CHARS
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts


def _link_fragment(document: QtGui.QTextDocument, key: str) -> tuple[int, int] | None:
    """(start, end) of the 显示全部 link of `key` in `document`, or None."""
    href = f"{MORE_SCHEME}:{key}"
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.isValid() and fragment.charFormat().anchorHref() == href:
                return fragment.position(), fragment.position() + fragment.length()
            fragments += 1
        block = block.next()
    return None


class LongTextReveal(QObject):
    """Shows the rest of cut texts in a browser on demand, one part per event-loop turn.

    Whatever replaces the browser's text (another case, a refresh) drops the parts still to
    come: the owner reveals again what should stay whole."""

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser)
        self.browser = browser
        self._waiting: list[tuple[str, str]] = []
        """(key, text) of the texts asked for, after the one being added."""
        self._parts: list[str] = []
        self._next_at = 0
        self._format: QtGui.QTextCharFormat | None = None
        """The text's own format, taken from before the link when a text is revealed."""
        self._first = True
        self._bottom = 0.0
        self._revision = -1
        self._timer = QTimer(self, interval=0, singleShot=True)
        self._timer.timeout.connect(self._add_parts)

    @property
    def busy(self) -> bool:
        """Whether parts are still to be added."""
        return bool(self._parts or self._waiting) and self._unchanged()

    def reveal(self, key: str, text: str) -> None:
        """Replace the 显示全部 link of `key` (with the mark before it) by the rest of `text`,
        added over the next event-loop turns (nothing if the browser shows no such link)."""
        if not self._unchanged():
            self._parts, self._waiting = [], []
        self._waiting.append((key, text))
        if not self._parts:
            self._start_next()

    def finish(self) -> None:
        """Add every part still to come now (closing, tests)."""
        while self.busy:
            self._add_part()

    def _unchanged(self) -> bool:
        return self.browser.document().revision() == self._revision

    def _start_next(self) -> None:
        document = self.browser.document()
        while self._waiting and not self._parts:
            key, text = self._waiting.pop(0)
            found = _link_fragment(document, key)
            if found is None:
                continue
            start, end = found
            cursor = QtGui.QTextCursor(document)
            cursor.setPosition(start - len(CUT_MARK))
            self._format = cursor.charFormat()  # the text's own, before the mark
            cursor.setPosition(end, QtGui.QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            self._next_at = cursor.position()
            self._parts = rest_parts(text)
            self._first = True
        self._revision = document.revision()
        if self._parts:
            self._timer.start()

    def _add_parts(self) -> None:
        """Add parts for one event-loop turn's budget, then let the window answer."""
        started = time.perf_counter()
        self._add_part()
        while self.busy and time.perf_counter() - started < TURN_BUDGET_S:
            self._add_part()
        if self.busy:
            self._timer.start()

    def _add_part(self) -> None:
        if not self._unchanged():
            self._parts, self._waiting = [], []
            return
        if not self._parts:
            self._start_next()
            return
        cursor = QtGui.QTextCursor(self.browser.document())
        cursor.setPosition(self._next_at)
        if self._first and len(self._parts) > 1:  # the gap below moves to the last part
            self._bottom = cursor.blockFormat().bottomMargin()
            joined = QtGui.QTextBlockFormat(cursor.blockFormat())
            joined.setBottomMargin(0)
            cursor.setBlockFormat(joined)
        elif not self._first:  # a paragraph of its own, following on without a gap
            following = QtGui.QTextBlockFormat(cursor.blockFormat())
            following.setTopMargin(0)
            following.setBottomMargin(0 if len(self._parts) > 1 else self._bottom)
            cursor.insertBlock(following, self._format)
        self._first = False
        cursor.insertText(self._parts.pop(0), self._format)
        self._next_at = cursor.position()
        self._revision = self.browser.document().revision()
