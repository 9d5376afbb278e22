"""The CJK font every PDF is set in: an embedded TrueType font, found once per process.

reportlab's built-in ``STSong-Light`` is a CID font that PDFs only *name*: a reader
without Chinese fonts shows boxes, and the document depends on the reader's fonts. So
the documents embed (a subset of) a TrueType CJK font instead:

1. ``PDF_FONT_PATH`` when set (a ``.ttf`` or ``.ttc``; ``path.ttc#1`` picks the second
   face of a collection);
2. else the first that loads of the usual places, Debian's ``fonts-wqy-microhei`` first
   (``scripts/install-fonts`` installs it);
3. else ``STSong-Light``, with a warning: readable text in every PDF reader that has
   CJK fonts, but nothing embedded.

OpenType CJK fonts with PostScript (CFF) outlines, such as Noto Sans CJK, are refused
by reportlab and skipped. ``cjk_font()`` is the one entry point; its answer is cached.

**Every character prints** (``markup``). reportlab sets a paragraph in one font, and
WQY Micro Hei lacks CJK Extension A/B (䶮, 𠮷: rare surnames and place names) and emoji,
and its ℃ is an empty glyph. So free text goes through ``markup``, which sets each
character the main font cannot draw in the first font of a fallback chain that can,
each embedded as a subset too: Hanazono Mincho A and B (Debian's TrueType
``fonts-hanazono``: Extensions A and B, and ℃), then Symbola (``fonts-symbola``: emoji
up to Unicode 9); anything still missing prints as a visible placeholder ``〓``, never
as a blank.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from flask import current_app, has_app_context
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

_BEYOND_BMP = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)
_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond the BMP (𠮷, emoji) written as
    UTF-16 (a surrogate pair), as the PDF reference requires; reportlab writes the bare
    code point, and readers (copy, search, pypdf) then lose the character."""
    return _BEYOND_BMP.sub(
        lambda m: f"{m[1]} <{chr(int(m[2], 16)).encode('utf-16-be').hex().upper()}>",
        _reportlab_to_unicode_cmap(fontname, subset),
    )


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

# The name documents use for the embedded font, whichever file it came from.
EMBEDDED_NAME = "InspectCJK"
FALLBACK_NAME = "STSong-Light"

# Where TrueType CJK fonts usually are: Debian/Ubuntu packages, then macOS and Windows.
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # fonts-arphic-uming
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),  # fonts-arphic-ukai
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),  # fonts-droid-fallback
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),  # Fedora, Arch
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),  # macOS
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),  # Windows
    ("C:/Windows/Fonts/simsun.ttc", 0),
)

# The fallback chain, in order: (registered name, the places its file usually is).
FALLBACKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("InspectHanaA", ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",)),
    ("InspectHanaB", ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",)),
    (
        "InspectSymbola",
        (
            "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
            "/usr/share/fonts/truetype/ttf-ancient-scripts/Symbola_hint.ttf",
        ),
    ),
)
PLACEHOLDER = "〓"  # printed for a character no font of the chain can draw

_lock = threading.Lock()
_chosen: dict[str, str] = {}  # the configured path ("" for none) -> the registered name
_where: dict[str, str] = {}  # registered name -> the file it came from


def _configured_path() -> str:
    if has_app_context():
        return str(current_app.config.get("PDF_FONT_PATH") or "")
    return ""


def _split_index(spec: str) -> tuple[str, int]:
    """``/path/font.ttc#2`` -> (``/path/font.ttc``, 2); no suffix is face 0."""
    path, sep, index = spec.rpartition("#")
    if sep and index.isdigit():
        return path, int(index)
    return spec, 0


def _try_register(path: str, index: int) -> bool:
    if not Path(path).is_file():
        return False
    try:
        font = TTFont(EMBEDDED_NAME, path, subfontIndex=index)
    except (TTFError, OSError, ValueError) as error:
        # CFF-outlined OpenType (Noto CJK), damaged files, a face index out of range.
        log.info("CJK font %s#%d not usable by reportlab: %s", path, index, error)
        return False
    pdfmetrics.registerFont(font)
    _where[EMBEDDED_NAME] = f"{path}#{index}"
    return True


def _register(configured: str) -> str:
    _coverage.pop(EMBEDDED_NAME, None)  # the name may now stand for another file
    if configured:
        path, index = _split_index(configured)
        if _try_register(path, index):
            return EMBEDDED_NAME
        log.warning("PDF_FONT_PATH %r is not a TrueType font reportlab can use", configured)
    for path, index in CANDIDATES:
        if _try_register(path, index):
            return EMBEDDED_NAME
    log.warning(
        "没有可嵌入的中文字体，PDF 使用未嵌入的 STSong-Light / No embeddable CJK TrueType "
        "font found (install fonts-wqy-microhei or set PDF_FONT_PATH): PDFs use the "
        "non-embedded STSong-Light and show boxes in readers without Chinese fonts"
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_NAME))
    _where[FALLBACK_NAME] = "(built-in CID font, not embedded)"
    return FALLBACK_NAME


def cjk_font() -> str:
    """The name of the registered CJK font to set text in (``fontName=cjk_font()``)."""
    configured = _configured_path()
    name = _chosen.get(configured)
    if name is None:
        with _lock:
            name = _chosen.get(configured)
            if name is None:
                # A different configured path re-registers the embedded name afresh.
                name = _chosen[configured] = _register(configured)
    return name


def is_embedded(name: str) -> bool:
    """Whether documents set in ``name`` carry the font itself."""
    return name != FALLBACK_NAME


def font_source(name: str) -> str:
    """The file a registered font came from (for logs and ``flask`` diagnostics)."""
    return _where.get(name, "")


class _Coverage:
    """Which characters a registered TrueType font draws: in its cmap with a glyph that
    has an outline (WQY's ℃ maps to an empty glyph), or white space."""

    def __init__(self, name: str):
        face = pdfmetrics.getFont(name).face
        self._glyphs = face.charToGlyph
        self._positions = face.glyphPos
        self._memo: dict[str, bool] = {}

    def draws(self, ch: str) -> bool:
        known = self._memo.get(ch)
        if known is None:
            glyph = self._glyphs.get(ord(ch))
            known = glyph is not None and (
                ch.isspace() or self._positions[glyph + 1] > self._positions[glyph]
            )
            self._memo[ch] = known
        return known


_coverage: dict[str, _Coverage] = {}
_fallbacks: list[str] | None = None


def _covered(name: str) -> _Coverage:
    coverage = _coverage.get(name)
    if coverage is None:
        coverage = _coverage[name] = _Coverage(name)
    return coverage


def fallback_fonts() -> list[str]:
    """The registered fallback fonts, in order (loaded on first need, once)."""
    global _fallbacks
    if _fallbacks is None:
        with _lock:
            if _fallbacks is None:
                found = []
                for name, places in FALLBACKS:
                    for path in places:
                        if not Path(path).is_file():
                            continue
                        try:
                            pdfmetrics.registerFont(TTFont(name, path))
                        except (TTFError, OSError, ValueError) as error:
                            log.info("fallback font %s not usable: %s", path, error)
                            continue
                        _where[name] = path
                        found.append(name)
                        break
                if len(found) < len(FALLBACKS):
                    log.warning(
                        "缺少后备字体（fonts-hanazono、fonts-symbola），生僻字与表情符号打印为 %s"
                        " / fallback fonts missing: rare characters and emoji print as %s",
                        PLACEHOLDER,
                        PLACEHOLDER,
                    )
                _fallbacks = found
    return _fallbacks


def font_for(ch: str, main: str | None = None) -> str | None:
    """The first font of the chain (the main one first) that draws ``ch``; None if none."""
    main = main or cjk_font()
    if not is_embedded(main) or _covered(main).draws(ch) or ch in "\n\r\t":
        return main
    for name in fallback_fonts():
        if _covered(name).draws(ch):
            return name
    return None


def markup(value: object) -> str:
    """Text made safe for a reportlab Paragraph (escaped; line breaks as ``<br/>``), each
    character the main font cannot draw set in the first fallback font that can, and
    ``PLACEHOLDER`` for what none can."""
    main = cjk_font()
    out: list[str] = []
    run_font: str | None = main
    for ch in str(value):
        font = font_for(ch, main)
        if font is None:
            font, ch = main, PLACEHOLDER
        if font != run_font:
            if run_font != main:
                out.append("</font>")
            if font != main:
                out.append(f'<font face="{font}">')
            run_font = font
        out.append(escape(ch))
    if run_font != main:
        out.append("</font>")
    return "".join(out).replace("\n", "<br/>")


def reset_for_tests() -> None:
    """Forget the choice, so that the next call looks again (tests only)."""
    with _lock:
        _chosen.clear()
        _coverage.clear()
