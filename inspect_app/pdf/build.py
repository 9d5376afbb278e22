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

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, SimpleDocTemplate

from inspect_app.pdf import linebreak
from inspect_app.pdf.fonts import cjk_font

_build_lock = threading.Lock()

CREATOR = "养老机构安全检查系统 / Eldercare safety inspection"


def build(flowables: Sequence[Flowable], *, title: str, subject: str, author: str) -> bytes:
    """Lay out ``flowables`` on A4 and return the PDF's bytes, reproducibly."""
    linebreak.install()  # done at start-up; here too for a build outside the app
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

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(page_font, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    with _build_lock:
        document.build(list(flowables), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
