"""Chinese line breaking (禁则) for reportlab's CJK wrapping.

reportlab wraps CJK text anywhere and keeps a character of ``ALL_CANNOT_START`` from
starting a line by hanging it past the end of the line before. Its gaps, closed here once
at start-up (``install``):

- its table lacks the full-width comma and colon, the semicolon, 》 and more; and
  ``reportlab.platypus.paragraph`` copies the table when it is imported, so extending
  ``reportlab.lib.textsplit`` alone changes nothing for paragraphs of several fragments.
  Both copies are extended (``textsplit``'s is the one its ``wordSplit`` reads, used for
  a paragraph of one fragment).
- nothing reads ``ALL_CANNOT_END``: a line may end with an opening bracket 「（」「《」.
- a hung mark sticks out past the line's width: in a table cell, across the border.

Our own rule, applied after reportlab has split the lines: a line (not the last, not
ended by a break) that ends with an opening bracket, or whose next line starts with a
closing mark (reportlab's backtracking at a run of Latin text can leave one there), or
one wider than its width (a hung mark), is split again with that line's width just short
of its last character (the bracket) or of the character before the mark; that character
then starts the next line, the mark with it (推出). Repeated until no line is any of
these (a few passes at most).

Both split functions are reportlab's internals (``cjkFragSplit``, ``wordSplit``), so
reportlab is pinned in ``pyproject.toml`` and ``tests/test_linebreak.py`` fails should
they move.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import textsplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph

# Closing punctuation that must not start a line, beyond reportlab's own table.
CANNOT_START = "，。、；：！？》〉」』】〕）”’…—·％℃"
# Opening brackets and quotes that must not end a line.
CANNOT_END = "（《〈「『【〔“‘([{"
# A line short of what it holds, by this much, pushes its last character down.
_NUDGE = 0.01
_MAX_PASSES = 16

_installed = False


def install() -> None:
    """Extend both copies of ``ALL_CANNOT_START`` and wrap the two CJK splitters with our
    rule (no opening bracket at a line end, nothing past the width). Idempotent."""
    global _installed
    if _installed:
        return
    for module in (paragraph, textsplit):
        table = module.ALL_CANNOT_START
        module.ALL_CANNOT_START = table + "".join(c for c in CANNOT_START if c not in table)
    frag_split = paragraph.cjkFragSplit
    word_split = paragraph.wordSplit

    def cjk_frag_split(
        frags: Any, max_widths: Any, calc_bounds: Any, encoding: str = "utf8"
    ) -> Any:
        return _kinsoku(
            lambda widths: frag_split(frags, widths, calc_bounds, encoding),
            _frag_lines,
            max_widths,
        )

    def cjk_word_split(
        word: str, max_widths: Any, font_name: str, font_size: float, encoding: str = "utf8"
    ) -> Any:
        return _kinsoku(
            lambda widths: word_split(word, widths, font_name, font_size, encoding),
            _word_lines(font_name, font_size),
            max_widths,
        )

    paragraph.cjkFragSplit = cjk_frag_split
    paragraph.wordSplit = cjk_word_split
    _installed = True


# A line as the rule reads it: its text, the width it was given, the room left on it
# (negative: something hangs past it), ended by a break, the width of its last character.
Line = tuple[str, float, float, bool, float]


def _frag_lines(result: Any, widths: list[float]) -> list[Line]:
    """The lines of ``cjkFragSplit`` (fragments of several styles)."""
    lines = []
    for line in result.lines:
        words = [w for w in line.words if getattr(w, "text", "")]
        text = "".join(str(w.text) for w in words)
        last = stringWidth(text[-1], words[-1].fontName, words[-1].fontSize) if words else 0.0
        lines.append(
            (
                text,
                float(line.maxWidth),
                float(line.extraSpace),
                bool(getattr(line, "lineBreak", False)),
                float(last),
            )
        )
    return lines


def _word_lines(font_name: str, font_size: float) -> Callable[[Any, list[float]], list[Line]]:
    """The lines of ``wordSplit`` (one fragment): ``[room left, text]`` each."""

    def lines_of(result: Any, widths: list[float]) -> list[Line]:
        return [
            (
                str(text),
                _width_at(widths, n),
                float(extra),
                False,
                stringWidth(str(text)[-1], font_name, font_size) if text else 0.0,
            )
            for n, (extra, text) in enumerate(result)
        ]

    return lines_of


def _width_at(widths: Sequence[float], n: int) -> float:
    return float(widths[n] if n < len(widths) else widths[-1])


def _narrower(line: Line, after: Line | None, allowed: float) -> float | None:
    """The width to split a line again with (``after``: the next line), or None."""
    text, width, extra, broken, last = line
    used = width - extra
    if after is not None and not broken and len(text) > 1:
        if text[-1] in CANNOT_END:
            # An opening bracket at the end: it goes down.
            return used - _NUDGE
        if after[0][:1] and after[0][0] in paragraph.ALL_CANNOT_START:
            # The next line starts with a closing mark: the character before it goes too.
            return used - last - _NUDGE
    if used > allowed + _NUDGE and len(text) > 2:
        # A mark hangs past the width: end the line before the character ahead of it.
        return used - last - _NUDGE
    return None


def _kinsoku(
    split: Callable[[list[float]], Any],
    lines_of: Callable[[Any, list[float]], list[Line]],
    max_widths: Any,
) -> Any:
    """Split; while a line ends with an opening bracket or sticks out past its width,
    narrow that line and split again."""
    given = max_widths if isinstance(max_widths, list | tuple) else [max_widths]
    allowed = [float(w) for w in given]
    widths = list(allowed)
    result = split(widths)
    for _ in range(_MAX_PASSES):
        lines = lines_of(result, widths)
        for n, line in enumerate(lines):
            after = lines[n + 1] if n + 1 < len(lines) else None
            width = _narrower(line, after, _width_at(allowed, n))
            if width is not None:
                break
        else:
            return result
        widths = widths + [allowed[-1]] * max(0, n + 2 - len(widths))
        widths[n] = max(width, 0.0)
        result = split(widths)
    return result
