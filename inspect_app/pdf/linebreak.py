"""Chinese line breaking (禁则) for reportlab's CJK wrapping.

reportlab wraps CJK text anywhere and keeps a character of ``ALL_CANNOT_START`` from
starting a line (it hangs it at the end of the line before). Two gaps, closed here once at
start-up (``install``):

- its table lacks the full-width comma and colon, the semicolon, 》 and more; and
  ``reportlab.platypus.paragraph`` copies the table when it is imported, so extending
  ``reportlab.lib.textsplit`` alone changes nothing for paragraphs of several fragments.
  Both copies are extended (``textsplit``'s is the one its ``wordSplit`` reads, used for
  a paragraph of one fragment).
- nothing reads ``ALL_CANNOT_END``: a line may end with an opening bracket 「（」「《」.
  Our own rule: after reportlab has split the lines, a line (not the last, not ended by a
  break) that ends with an opening bracket is split again with that line's width just
  short of what it holds, which moves the bracket to the next line; repeated until no
  line ends so (a few passes at most).

Both split functions are reportlab's internals (``cjkFragSplit``, ``wordSplit``), so
reportlab is pinned in ``pyproject.toml`` and ``tests/test_linebreak.py`` fails should
they move.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import textsplit
from reportlab.platypus import paragraph

# Closing punctuation that must not start a line, beyond reportlab's own table.
CANNOT_START = "，。、；：！？》〉」』】〕）”’…—·％℃"
# Opening brackets and quotes that must not end a line.
CANNOT_END = "（《〈「『【〔“‘([{"
# A line short of what it holds, by this much, pushes its last character down.
_NUDGE = 0.01
_MAX_PASSES = 8

_installed = False


def install() -> None:
    """Extend both copies of ``ALL_CANNOT_START`` and wrap the two CJK splitters with the
    no-opening-bracket-at-a-line-end rule. Idempotent."""
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
        return _no_opening_at_end(
            lambda widths: frag_split(frags, widths, calc_bounds, encoding),
            _frag_lines,
            max_widths,
        )

    def cjk_word_split(
        word: str, max_widths: Any, font_name: str, font_size: float, encoding: str = "utf8"
    ) -> Any:
        return _no_opening_at_end(
            lambda widths: word_split(word, widths, font_name, font_size, encoding),
            _word_lines,
            max_widths,
        )

    paragraph.cjkFragSplit = cjk_frag_split
    paragraph.wordSplit = cjk_word_split
    _installed = True


# A line as the rule reads it: its text, its width, the room left on it, ended by a break.
Line = tuple[str, float, float, bool]


def _frag_lines(result: Any, widths: list[float]) -> list[Line]:
    """The lines of ``cjkFragSplit`` (fragments of several styles)."""
    return [
        (
            "".join(str(getattr(word, "text", "")) for word in line.words),
            float(line.maxWidth),
            float(line.extraSpace),
            bool(getattr(line, "lineBreak", False)),
        )
        for line in result.lines
    ]


def _word_lines(result: Any, widths: list[float]) -> list[Line]:
    """The lines of ``wordSplit`` (one fragment): ``[room left, text]`` each."""
    return [
        (str(text), _width_at(widths, n), float(extra), False)
        for n, (extra, text) in enumerate(result)
    ]


def _width_at(widths: Sequence[float], n: int) -> float:
    return float(widths[n] if n < len(widths) else widths[-1])


def _no_opening_at_end(
    split: Callable[[list[float]], Any],
    lines_of: Callable[[Any, list[float]], list[Line]],
    max_widths: Any,
) -> Any:
    """Split; while a line other than the last ends with an opening bracket, narrow that
    line to just short of what it holds and split again."""
    widths = [
        float(w) for w in (max_widths if isinstance(max_widths, list | tuple) else [max_widths])
    ]
    result = split(widths)
    for _ in range(_MAX_PASSES):
        lines = lines_of(result, widths)
        bad = next(
            (
                n
                for n, (text, _width, _extra, broken) in enumerate(lines[:-1])
                if len(text.rstrip()) > 1 and text.rstrip()[-1] in CANNOT_END and not broken
            ),
            None,
        )
        if bad is None:
            return result
        _text, width, extra, _broken = lines[bad]
        widths = widths + [widths[-1]] * max(0, bad + 2 - len(widths))
        widths[bad] = max(width - extra - _NUDGE, 0.0)
        result = split(widths)
    return result
