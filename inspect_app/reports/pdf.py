"""Reproducible PDFs with reportlab: the same content gives the same bytes, every time.

``invariant=1`` fixes what reportlab would otherwise take from the clock (creation and
modification dates, the document id); the metadata is passed in, never taken from the
environment; images are embedded from their bytes. So a document rebuilt from the same
records is byte-identical to the one first stored.

reportlab keeps module-level state (fonts' subset tables, the invariant flag), so one
document is built at a time per process.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from inspect_app.reports.fonts import cjk_font

_build_lock = threading.Lock()

CREATOR = "养老机构安全检查系统 / Eldercare safety inspection"


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    number: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    right: ParagraphStyle


def styles() -> Styles:
    """Paragraph styles in the CJK font, wrapping Chinese text anywhere (``wordWrap``)."""
    font = cjk_font()

    def style(name: str, size: float, **extra) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK", **extra
        )

    return Styles(
        title=style("title", 18, alignment=TA_CENTER, spaceAfter=3 * mm),
        number=style("number", 10.5, alignment=TA_CENTER, spaceAfter=4 * mm),
        heading=style("heading", 12, spaceBefore=4 * mm, spaceAfter=2 * mm),
        body=style("body", 10.5, spaceAfter=1.5 * mm),
        small=style("small", 8.5, textColor=colors.HexColor("#444444")),
        cell=style("cell", 9),
        right=style("right", 10.5, alignment=TA_RIGHT),
    )


def grid(header_rows: int = 1) -> TableStyle:
    """Thin ruled table, the header row shaded; text set in the CJK font."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *(
                [("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#EEEEEE"))]
                if header_rows
                else []
            ),
        ]
    )


def build(flowables: Sequence[Flowable], *, title: str, subject: str, author: str) -> bytes:
    """Lay out ``flowables`` on A4 and return the PDF's bytes, reproducibly."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        subject=subject,
        author=author,
        creator=CREATOR,
        producer=CREATOR,
        keywords="",
        invariant=1,
        lang="zh-CN",
        # Else reportlab starts every page in Helvetica, a font named but not embedded.
        initialFontName=cjk_font(),
    )
    page_font = cjk_font()

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(page_font, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    with _build_lock:
        document.build(list(flowables), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
