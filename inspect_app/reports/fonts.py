"""The CJK font for PDFs (placeholder: the lead keeps the `paperwork` branch's version)."""

from __future__ import annotations

import warnings
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
EMBEDDED, FALLBACK = "WenQuanYiMicroHei", "STSong-Light"


def cjk_font() -> str:
    """Register (once) an embedded TrueType CJK font and return its name; STSong-Light,
    which is not embedded, with a warning when the TrueType file is missing."""
    registered = pdfmetrics.getRegisteredFontNames()
    if EMBEDDED in registered:
        return EMBEDDED
    if WQY.exists():
        pdfmetrics.registerFont(TTFont(EMBEDDED, str(WQY), subfontIndex=0))
        return EMBEDDED
    warnings.warn(f"{WQY} missing: falling back to STSong-Light (not embedded)", stacklevel=2)
    if FALLBACK not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
    return FALLBACK
