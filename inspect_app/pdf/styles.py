"""Paragraph styles and ruled tables in the embedded CJK font, for every PDF document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from inspect_app.pdf.fonts import cjk_font


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

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
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
