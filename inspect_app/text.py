"""Free text as the system takes it in: no control, bidi or invisible characters.

Whatever a person types reaches PDFs, exports, notifications and headers. A control
character (``"\\x01=1+1"``) breaks an XLSX and hides a formula, a bidi override makes
"txt.exe" read as "exe.txt", a line break splits a one-line field in a document. So a
one-line field (a name, an address, a display name) refuses all of them, and a
multi-line field (a note, a reason, a description) allows only the line break (``\\n``,
``\\r\\n``) and the tab. Used by the API's schemas and by every importer.
"""

from __future__ import annotations

import unicodedata

# Bidi embeddings, overrides, isolates and marks; the byte-order mark and the zero-width
# space (invisible, used to hide a leading "=" from a filter); line and paragraph
# separators (line breaks no one can see).
INVISIBLE = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\u2028\u2029"
)
LINE_BREAKS = frozenset("\n\r\t")

SINGLE_LINE_MESSAGE = (
    "不能包含换行、控制字符或方向控制字符 / "
    "Must not contain line breaks, control or direction-control characters"
)
MULTI_LINE_MESSAGE = (
    "不能包含控制字符或方向控制字符（可换行） / "
    "Must not contain control or direction-control characters (line breaks are fine)"
)


def refused_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character a field of this kind refuses, or None."""
    for ch in text:
        if multiline and ch in LINE_BREAKS:
            continue
        if ch in INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs"):
            return ch
    return None


def text_fault(text: str, *, multiline: bool = False) -> str | None:
    """The message for a refused text (Chinese first), or None when it is fine."""
    if refused_character(text, multiline=multiline) is None:
        return None
    return MULTI_LINE_MESSAGE if multiline else SINGLE_LINE_MESSAGE
