"""Free text as the system takes it in: no control, bidi or invisible characters.

Whatever a person types reaches PDFs, exports, notifications and headers. A control
character (``"\\x01=1+1"``) breaks an XLSX and hides a formula, a bidi override makes
"txt.exe" read as "exe.txt", a line break splits a one-line field in a document. So a
one-line field (a name, an address, a display name) refuses all of them, and a
multi-line field (a note, a reason, a description) allows only the line break (``\\n``,
``\\r\\n``) and the tab. Used by the API's schemas and by every importer.
"""

from __future__ import annotations

import re

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


# What ``unicodedata.category`` calls control (Cc: U+0000–U+001F and U+007F–U+009F) and
# surrogate (Cs: U+D800–U+DFFF) characters; both ranges are fixed by Unicode's stability
# policy. With the invisible characters, one character class each: a multi-line field
# takes the line breaks, a one-line field nothing. Searched by the regex engine, as every
# string of every request body passes here.
_CONTROL_AND_SURROGATE = "\x00-\x1f\x7f-\x9f\ud800-\udfff"
_REFUSED = {
    False: re.compile(f"[{_CONTROL_AND_SURROGATE}{re.escape(''.join(sorted(INVISIBLE)))}]"),
    True: re.compile(
        "(?![{}])[{}{}]".format(
            re.escape("".join(sorted(LINE_BREAKS))),
            _CONTROL_AND_SURROGATE,
            re.escape("".join(sorted(INVISIBLE))),
        )
    ),
}


def refused_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character a field of this kind refuses, or None."""
    found = _REFUSED[multiline].search(text)
    return found.group() if found else None


def text_fault(text: str, *, multiline: bool = False) -> str | None:
    """The message for a refused text (Chinese first), or None when it is fine."""
    if refused_character(text, multiline=multiline) is None:
        return None
    return MULTI_LINE_MESSAGE if multiline else SINGLE_LINE_MESSAGE
