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
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import current_app, has_app_context
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

log = logging.getLogger(__name__)

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


def reset_for_tests() -> None:
    """Forget the choice, so that the next call looks again (tests only)."""
    with _lock:
        _chosen.clear()
