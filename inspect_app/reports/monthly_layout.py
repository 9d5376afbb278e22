"""The monthly report's layout (月度隐患报告): A4, Chinese, reportlab platypus.

``render(figures, district=..., made_at=...)`` is a pure function of its arguments: the
same figures and the same ``made_at`` give the same bytes (reportlab's ``invariant``
mode: no creation time, a fixed document id; the font subset is named deterministically).
Long lists are laid out as tables of ``CHUNK_ROWS`` rows, each repeating its header:
one huge table grows super-linearly in reportlab (docs/performance.md). Table cells are
plain strings (cheap at city scale), each cut with 「…」 to what fits its column
(``fit``), never running into the next column; the few cells of prose wrap.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from inspect_app.checklists.models import Category, Severity
from inspect_app.clock import local_zone
from inspect_app.hazards.models import HazardStatus
from inspect_app.pdf.fonts import cjk_font, markup
from inspect_app.reports import charts
from inspect_app.reports.monthly_figures import HazardLine, MonthFigures

CHUNK_ROWS = 500
PADDING = 2.5  # a cell's left and right padding, points
# The street table's categories per table: 4 columns each, so every column holds 5 digits.
CATEGORIES_PER_TABLE = 3
MARGIN = 18 * mm
GRID = colors.HexColor("#b0b0b0")
HEAD = colors.HexColor("#e8eef5")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else str(value)


@lru_cache(maxsize=65536)
def fit(text: str, room: float, font: str, size: float) -> str:
    """``text`` as a cell of ``room`` points shows it: whole, or cut with 「…」."""
    if stringWidth(text, font, size) <= room:
        return text
    budget = room - stringWidth("…", font, size)
    used, kept = 0.0, []
    for ch in text:
        used += stringWidth(ch, font, size)
        if used > budget:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def fitted(rows: Iterable[list], widths: list[float], font: str, size: float) -> Iterator[list]:
    """Every string cell of ``rows`` cut to its column (less the padding)."""
    rooms = [w - 2 * PADDING for w in widths]
    for row in rows:
        yield [fit(v, rooms[n], font, size) if isinstance(v, str) else v for n, v in enumerate(row)]


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


class _Styles:
    def __init__(self, font: str):
        self.font = font
        self.body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, leading=11)
        self.h1 = ParagraphStyle(
            "h1", parent=self.body, fontSize=14, leading=20, spaceBefore=6, spaceAfter=6
        )
        self.h2 = ParagraphStyle(
            "h2", parent=self.body, fontSize=11, leading=16, spaceBefore=8, spaceAfter=4
        )
        self.cover_title = ParagraphStyle(
            "cover", parent=self.body, fontSize=24, leading=34, alignment=TA_CENTER
        )
        self.cover_line = ParagraphStyle(
            "cover_line", parent=self.body, fontSize=13, leading=22, alignment=TA_CENTER
        )

    def table_style(self, header_rows: int = 1, font_size: float = 7.5) -> TableStyle:
        return TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), self.font),
                ("FONTSIZE", (0, 0), (-1, -1), font_size),
                ("LEADING", (0, 0), (-1, -1), font_size + 2),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ]
        )


def chunked_tables(
    header: list,
    rows: Iterable[list],
    widths: list[float],
    style: TableStyle,
    fit_to: tuple[str, float],
) -> list[Table]:
    """Tables of at most ``CHUNK_ROWS`` rows, each with the header, split across pages;
    every cell fitted to its column in the font and size ``fit_to``."""
    tables: list[Table] = []
    chunk: list[list] = []
    font, size = fit_to
    header = next(fitted([header], widths, font, size))
    rows = fitted(rows, widths, font, size)

    def flush() -> None:
        table = Table([header, *chunk], colWidths=widths, repeatRows=1)
        table.setStyle(style)
        tables.append(table)
        chunk.clear()

    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            flush()
    if chunk or not tables:
        flush()
    return tables


def _local(moment: datetime) -> datetime:
    return moment.astimezone(local_zone())


def render(figures: MonthFigures, *, district: str, made_at: datetime) -> tuple[bytes, int]:
    """The report as PDF bytes, and its number of pages."""
    font = cjk_font()
    s = _Styles(font)
    scope = figures.street or "全区"
    title = f"{district}养老机构安全隐患月度报告"
    as_of = _local(figures.end - timedelta(seconds=1))
    header_text = f"{title}  {month_label(figures.month)}  {scope}"

    def cover_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    def later_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setStrokeColor(GRID)
        top = A4[1] - 12 * mm
        canvas.drawString(MARGIN, top, header_text)
        canvas.drawRightString(A4[0] - MARGIN, top, f"数据截至 {as_of:%Y-%m-%d} 24:00")
        canvas.line(MARGIN, top - 2 * mm, A4[0] - MARGIN, top - 2 * mm)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm,
        bottomMargin=MARGIN,
        title=f"{title} {month_label(figures.month)} {scope}",
        author=f"{district}民政局",
        subject="月度隐患报告",
        creator="eldercare-inspect",
        invariant=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates(
        [
            PageTemplate("cover", [frame], onPage=cover_page),
            PageTemplate("later", [frame], onPage=later_page),
        ]
    )
    width = doc.width
    story: list = []
    story += _cover(s, figures, title, scope, made_at, as_of)
    story += [NextPageTemplate("later"), PageBreak()]
    story += _key_figures(s, figures)
    story += _trends(s, figures, width)
    story += _distribution(s, figures, width)
    story += _street_table(s, figures, width)
    story += _hazard_list(
        s,
        "五、月末未整改的重大事故隐患",
        figures.open_major_list,
        width,
        lambda h: [
            h.institution,
            h.street,
            # The mark first: a long item is cut at its end, never the mark.
            ("（拟判）" if h.proposed else "") + h.item,
            str(h.age_days),
            h.due_on.isoformat(),
            HazardStatus.label_of(h.status),
            h.supervision or "—",
        ],
        ["机构", "街镇", "检查项目", "已发现天数", "整改期限", "状态", "督办"],
        [0.22, 0.1, 0.3, 0.08, 0.11, 0.08, 0.11],
        "本月末无未整改的重大事故隐患。",
    )
    story += _hazard_list(
        s,
        "六、逾期未整改隐患",
        figures.overdue_list,
        width,
        lambda h: [
            h.institution,
            h.street,
            h.item,
            Severity(h.severity).short_label,
            h.due_on.isoformat(),
            str(h.days_overdue),
            HazardStatus.label_of(h.status),
        ],
        ["机构", "街镇", "检查项目", "等级", "整改期限", "逾期天数", "状态"],
        [0.22, 0.1, 0.33, 0.06, 0.11, 0.08, 0.1],
        "本月末无逾期未整改隐患。",
    )
    story += _top_failed(s, figures, width)
    story += _spot_checks(s, figures, width)
    story += _measures(s, figures, width)
    story += _voided(s, figures, width)
    story += _definitions(s)
    doc.build(story)
    return buffer.getvalue(), doc.page


def _cover(
    s: _Styles, f: MonthFigures, title: str, scope: str, made_at: datetime, as_of: datetime
) -> list:
    if f.checkpoint is None:
        anchor = "本月无已签署的全过程记录检查点。"
    else:
        seq, root, at = f.checkpoint
        anchor = (
            f"本月最后一个已签署的全过程记录检查点：第 {seq} 号（{_local(at):%Y-%m-%d %H:%M}），"
            f"根哈希 root：<br/><font size=8>{root}</font>"
        )
    return [
        Spacer(1, 60 * mm),
        Paragraph(title, s.cover_title),
        Spacer(1, 10 * mm),
        Paragraph(month_label(f.month), s.cover_line),
        Paragraph(f"范围：{scope}", s.cover_line),
        Spacer(1, 30 * mm),
        Paragraph(f"数据截至：{as_of:%Y年%m月%d日} 24:00（北京时间）", s.cover_line),
        Paragraph(f"制作时间：{_local(made_at):%Y年%m月%d日 %H:%M}", s.cover_line),
        Spacer(1, 20 * mm),
        Paragraph(anchor, s.body),
        Spacer(1, 4 * mm),
        Paragraph(
            "本报告的主要指标与动态清零看板（/api/v1/clearance?month=）同月同范围的数字一致；"
            "报告制作后即存档，文件的 SHA-256 与报告一同存档。"
            "检查点可在 /api/v1/public/audit/checkpoints 公开核对。",
            s.small,
        ),
    ]


def _kv_table(s: _Styles, rows: list[list[str]], width: float) -> Table:
    """Figures with a note: the note wraps in its cell."""
    note = ParagraphStyle("note", fontName=s.font, fontSize=9, leading=11, wordWrap="CJK")
    rows = [[*row[:2], Paragraph(row[2], note) if n else row[2]] for n, row in enumerate(rows)]
    table = Table(rows, colWidths=[width * 0.45, width * 0.25, width * 0.30])
    style = s.table_style(font_size=9)
    table.setStyle(style)
    return table


def _key_figures(s: _Styles, f: MonthFigures) -> list:
    width = A4[0] - 2 * MARGIN
    rows = [
        ["指标", "数值", "说明"],
        ["在营机构数", str(f.institutions), ""],
        ["本月完成检查（次）", str(f.inspections), f"涉及机构 {f.institutions_inspected_month} 家"],
        [
            "本年检查覆盖率",
            percent(f.coverage),
            f"本年已检查 {f.institutions_inspected_year} / 在营 {f.institutions} 家",
        ],
        ["本月发现隐患", str(f.found), f"本年累计 {f.found_year}"],
        ["本月整改销号", str(f.cleared), f"本年累计 {f.cleared_year}"],
        [
            "整改率（本年）",
            percent(f.rectification_rate),
            f"{f.cleared_of_found_year} / {f.found_year}",
        ],
        [
            "按期整改率（本年）",
            percent(f.on_time_rate),
            f"{f.cleared_on_time_year} / {f.due_year}",
        ],
        [
            "本月当场整改",
            str(f.fixed_on_site),
            f"单列，不计入整改率；本年累计 {f.fixed_on_site_year}",
        ],
        ["月末逾期未整改", str(f.overdue), "不含待复查"],
        [
            "月末未整改重大事故隐患",
            str(f.open_major),
            f"上月末 {f.open_major_prev}，变化 {signed(f.open_major_change)}",
        ],
        [
            "另有拟判重大（待确认）",
            str(f.proposed_major),
            f"单列，确认前不计清零；超过确认时限 {f.proposed_past_limit} 项",
        ],
        ["月末未整改一般事故隐患", str(f.open_general), ""],
        ["月末待复查", str(f.awaiting_review), "机构已提交整改，待复查"],
    ]
    by = [["类别", Severity.GENERAL.short_label, Severity.MAJOR.short_label, "合计"]]
    categories = sorted({*Category, *(c for c, _ in f.found_by)})
    for category in categories:
        general = f.found_by.get((category, Severity.GENERAL), 0)
        major = f.found_by.get((category, Severity.MAJOR), 0)
        by.append(
            [
                Category.label_of(category),
                str(general),
                str(major),
                str(general + major),
            ]
        )
    total_general = sum(v for (_, sev), v in f.found_by.items() if sev == Severity.GENERAL)
    total_major = sum(v for (_, sev), v in f.found_by.items() if sev == Severity.MAJOR)
    by.append(["合计", str(total_general), str(total_major), str(total_general + total_major)])
    by_table = Table(by, colWidths=[width * 0.25] * 4)
    by_table.setStyle(s.table_style(font_size=9))
    return [
        Paragraph("一、主要指标", s.h1),
        _kv_table(s, rows, width),
        Paragraph("本月发现隐患：按类别与等级", s.h2),
        by_table,
    ]


def _trends(s: _Styles, f: MonthFigures, width: float) -> list:
    # The heading and both charts on one page: never a chart alone on a page.
    return [
        KeepTogether(
            [
                Paragraph("二、动态清零与趋势", s.h1),
                charts.daily_open_major(f.daily_open_major, s.font, width),
                Spacer(1, 4 * mm),
                charts.twelve_months(f.trend, s.font, width),
            ]
        )
    ]


def _distribution(s: _Styles, f: MonthFigures, width: float) -> list:
    categories = sorted({*Category, *(c for c, _ in f.found_by)})
    category_rows = [
        (
            Category.label_of(c),
            f.found_by.get((c, Severity.GENERAL), 0),
            f.found_by.get((c, Severity.MAJOR), 0),
        )
        for c in categories
    ]
    totals = f.street_totals
    street_rows = [(street, totals[street].found, totals[street].open) for street in f.streets]
    by_category = charts.by_category(category_rows, s.font, width)
    return [
        # The heading with the first chart; the second follows where it fits.
        KeepTogether([Paragraph("三、分布", s.h1), by_category]),
        Spacer(1, 4 * mm),
        charts.by_street(street_rows, s.font, width),
    ]


def _street_table(s: _Styles, f: MonthFigures, width: float) -> list:
    """Streets by category: found, cleared, open, overdue; the categories in groups of
    ``CATEGORIES_PER_TABLE`` (so each column holds its numbers), the totals in the last."""
    categories = sorted({c for _, c in f.matrix} or set(Category))
    totals = f.street_totals

    def cells(values: Iterable) -> list[str]:
        found = cleared = open_ = overdue = 0
        for v in values:
            found, cleared = found + v.found, cleared + v.cleared
            open_, overdue = open_ + v.open, overdue + v.overdue
        return [str(found), str(cleared), str(open_), str(overdue)]

    groups: list[list[str | None]] = [
        list(categories[n : n + CATEGORIES_PER_TABLE])
        for n in range(0, len(categories), CATEGORIES_PER_TABLE)
    ]
    if len(groups[-1]) < CATEGORIES_PER_TABLE:
        groups[-1].append(None)  # None: the totals
    else:
        groups.append([None])
    story: list = [
        CondPageBreak(80 * mm),
        Paragraph("四、街镇 × 类别", s.h1),
        Paragraph("发现、销号：本月；未改、逾期：月末。", s.small),
        Spacer(1, 2 * mm),
    ]
    first = width * 0.16
    size = 7
    for group in groups:
        top: list[str] = ["街镇"]
        for c in group:
            top += [Category.label_of(c) if c else "合计", "", "", ""]
        sub = [""] + ["发现", "销号", "未改", "逾期"] * len(group)
        rows = []
        for street in [*f.streets, None]:
            row = [street or "合计"]
            for c in group:
                if c is None:
                    values = [totals[x] for x in f.streets] if street is None else [totals[street]]
                else:
                    values = [f.matrix[(x, c)] for x in ([street] if street else f.streets)]
                row += cells(values)
            rows.append(row)
        columns = 1 + 4 * len(group)
        widths = [first] + [(width - first) / (columns - 1)] * (columns - 1)
        style = s.table_style(header_rows=2, font_size=size)
        for index in range(len(group)):
            col = 1 + 4 * index
            style.add("SPAN", (col, 0), (col + 3, 0))
        style.add("SPAN", (0, 0), (0, 1))
        style.add("ALIGN", (1, 0), (-1, -1), "CENTER")
        style.add("BACKGROUND", (0, -1), (-1, -1), HEAD)
        # The category over its four columns is short enough for them: not cut to one.
        head = [top, *fitted([sub], widths, s.font, size)]
        body = list(fitted(rows, widths, s.font, size))
        for index in range(0, len(body), CHUNK_ROWS):
            table = Table(
                [*head, *body[index : index + CHUNK_ROWS]], colWidths=widths, repeatRows=2
            )
            table.setStyle(style)
            story += [table, Spacer(1, 3 * mm)]
    return story


def _hazard_list(
    s: _Styles,
    heading: str,
    lines: list[HazardLine],
    width: float,
    to_row: Callable[[HazardLine], list[str]],
    header: list[str],
    shares: list[float],
    empty: str,
) -> list:
    story: list = [CondPageBreak(60 * mm), Paragraph(heading, s.h1)]
    if not lines:
        return [*story, Paragraph(empty, s.body)]
    proposed = sum(1 for line in lines if line.proposed)
    count = f"共 {len(lines)} 项。"
    if proposed:
        count = f"共 {len(lines)} 项，其中拟判重大 {proposed} 项（列于最后）。"
    story.append(Paragraph(count, s.small))
    story += chunked_tables(
        header,
        (to_row(line) for line in lines),
        [width * x for x in shares],
        s.table_style(),
        (s.font, 7.5),
    )
    return story


def _top_failed(s: _Styles, f: MonthFigures, width: float) -> list:
    story: list = [CondPageBreak(60 * mm), Paragraph("七、本月不合格最多的检查项目（前十）", s.h1)]
    if not f.top_failed:
        return [*story, Paragraph("本月提交的检查中无不合格项。", s.body)]
    rows = [["序号", "编号", "检查项目", "不合格次数"]]
    for index, (code, title, fails) in enumerate(f.top_failed, 1):
        rows.append([str(index), code, title, str(fails)])
    widths = [width * 0.08, width * 0.1, width * 0.67, width * 0.15]
    table = Table(list(fitted(rows, widths, s.font, 8.5)), colWidths=widths)
    table.setStyle(s.table_style(font_size=8.5))
    return [*story, table]


def _spot_checks(s: _Styles, f: MonthFigures, width: float) -> list:
    story: list = [CondPageBreak(60 * mm), Paragraph("八、双随机抽查进度（本年）", s.h1)]
    if not f.spot_checks:
        return [*story, Paragraph("本年无双随机抽查计划。", s.body)]
    rows = [["计划", "检查期间", "抽中", "已检查", "公开", "公开期限", "按期公开"]]
    for line in f.spot_checks:
        on_time = {True: "是", False: "否", None: "未到期"}[line.on_time]
        rows.append(
            [
                line.name,
                line.period,
                str(line.drawn),
                str(line.inspected),
                "已公开" if line.published else "未公开",
                line.publish_due.isoformat(),
                on_time,
            ]
        )
    shares = [0.24, 0.25, 0.07, 0.08, 0.09, 0.14, 0.13]
    story += chunked_tables(
        rows[0], rows[1:], [width * x for x in shares], s.table_style(font_size=8), (s.font, 8)
    )
    return story


def _measures(s: _Styles, f: MonthFigures, width: float) -> list:
    story: list = [
        CondPageBreak(60 * mm),
        Paragraph("九、监管措施（挂牌督办、约谈、立案等）", s.h1),
    ]
    rows = [["措施", "本月", "本年"]]
    rows += [[label, str(month), str(year)] for label, month, year in f.measures]
    widths = [width * 0.5, width * 0.25, width * 0.25]
    table = Table(list(fitted(rows, widths, s.font, 8.5)), colWidths=widths)
    table.setStyle(s.table_style(font_size=8.5))
    return [*story, table]


def _voided(s: _Styles, f: MonthFigures, width: float) -> list:
    story: list = [CondPageBreak(60 * mm), Paragraph("十、本月撤销（作废）的隐患", s.h1)]
    if not f.voided_list:
        return [*story, Paragraph("本月无撤销的隐患。", s.body)]
    story.append(Paragraph(f"共 {len(f.voided_list)} 项，均经两名工作人员提请、批准。", s.small))
    header = ["序号", "机构", "检查项目", "发现日期", "撤销日期", "更正通知书"]
    shares = [0.06, 0.24, 0.26, 0.11, 0.11, 0.22]
    story += chunked_tables(
        header,
        (
            [
                str(index),
                line.institution,
                line.item,
                line.found_on.isoformat(),
                line.voided_on.isoformat(),
                line.correction_number or "—",
            ]
            for index, line in enumerate(f.voided_list, 1)
        ),
        [width * x for x in shares],
        s.table_style(font_size=7.5),
        (s.font, 7.5),
    )
    # The reasons in full (提请理由；批准意见), however long.
    story.append(Spacer(1, 2 * mm))
    for index, line in enumerate(f.voided_list, 1):
        story.append(Paragraph(markup(f"{index}. 理由：{line.reason or '—'}"), s.small))
    return story


DEFINITIONS = [
    (
        "数据截至",
        "月末最后一刻（次月1日0时，北京时间）。主要指标即动态清零看板该月的数字，定义相同。"
        "隐患的状态（待整改、整改中、待复查）按其全过程记录中此刻之前的事件确定；"
        "等级（含是否拟判）、整改期限、街镇取月末时的记录（其后的改判、延期、撤销、变更街镇"
        "不改变本月数字）；撤销（作废）的隐患自撤销之月起不再计入。",
    ),
    (
        "发现、销号",
        "发现：发现时间在本月内；销号：复查通过（整改销号）时间在本月内；"
        "当场整改的隐患同时计入发现与销号。",
    ),
    ("未整改", "月末尚未销号（含待整改、整改中、待复查）。"),
    (
        "逾期未整改",
        "月末未整改、已过整改期限且不在待复查状态的隐患；待复查的隐患机构已完成整改，"
        "不计逾期，单列为“待复查”。",
    ),
    ("整改率", "本年（1月1日至月末）发现的隐患中，月末前已销号的比例。"),
    (
        "按期整改率",
        "本年整改期限届满的隐患（以原整改期限为准，不含当场整改）中，在期限前提交整改、"
        "此后经复查通过的比例；逾期未改的计入分母。",
    ),
    (
        "重大事故隐患",
        "依《养老机构重大事故隐患判定标准》（民政部，2023）判定。"
        "拟判重大：检查表拟定为重大、尚待区民政局确认的隐患，单列，不计入重大事故隐患数。",
    ),
    (
        "动态清零",
        "机构无未整改的重大事故隐患（含拟判重大：确认或改定前不算清零）即为清零；"
        "全区无未整改重大事故隐患且无逾期隐患即为达标。"
        "每日数字（已确认的重大事故隐患）取自每日23:50的动态清零快照，缺快照之日按隐患记录推算。",
    ),
    (
        "检查覆盖率",
        "本年内有民政部门现场检查（日常、专项、双随机抽查；不含复查）的机构 ÷ "
        "本年内曾在营的机构（以当时的机构名录为准）。",
    ),
    (
        "历史数据",
        "已结束月份的数字以当时的记录为准：此后的延期、改定等级、撤销或机构变更街镇、"
        "状态，都不改变已结束月份的数字。",
    ),
    (
        "双随机抽查",
        "本年检查期间的抽查计划：抽中机构数、已检查（已提交检查或已登记结果）、"
        "是否公开及是否在公开期限（检查结束后20个工作日）内公开。",
    ),
    (
        "检查点",
        "每日签署的全过程记录检查点（Ed25519）：root 为所有隐患事件链头的 SHA-256。"
        "纸质报告所印检查点可与公开的检查点核对，证明此后记录未被改写。",
    ),
    ("已发现天数、逾期天数", "自发现日、整改期限起至月末的天数。"),
]


def _definitions(s: _Styles) -> list:
    story: list = [PageBreak(), Paragraph("附：指标定义", s.h1)]
    for term, text in DEFINITIONS:
        story.append(Paragraph(f"【{term}】{text}", s.body))
        story.append(Spacer(1, 2 * mm))
    return story
