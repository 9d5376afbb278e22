"""The monthly report's charts, drawn with reportlab.graphics (vector, no image files)."""

from __future__ import annotations

from datetime import date

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

MAJOR = colors.HexColor("#c0392b")
GENERAL = colors.HexColor("#e69f00")
FOUND = colors.HexColor("#2c7fb8")
CLEARED = colors.HexColor("#41ab5d")
OPEN = colors.HexColor("#969696")


def _nice_max(value: int) -> int:
    """An axis top at or above ``value``, with room, never 0."""
    top = max(value, 1)
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000):
        if top <= step * 5:
            return -(-top // step) * step
    return top


def _title(drawing: Drawing, text: str, font: str) -> None:
    drawing.add(
        String(
            drawing.width / 2,
            drawing.height - 14,
            text,
            fontName=font,
            fontSize=10,
            textAnchor="middle",
        )
    )


def _legend(drawing: Drawing, font: str, pairs: list[tuple], x: float, y: float) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = font, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 6
    legend.deltax = 60
    legend.colorNamePairs = pairs
    drawing.add(legend)


def daily_open_major(points: list[tuple[date, int]], font: str, width: float = 460) -> Drawing:
    """动态清零: open major hazards at the end of each day of the month."""
    drawing = Drawing(width, 170)
    _title(drawing, "重大事故隐患动态清零：每日末在办数", font)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 25, width - 60, 110
    series = [(day.day, count) for day, count in points] or [(1, 0)]
    plot.data = [series]
    plot.lines[0].strokeColor = MAJOR
    plot.lines[0].strokeWidth = 1.5
    plot.xValueAxis.valueMin = 1
    plot.xValueAxis.valueMax = max(len(points), 2)
    plot.xValueAxis.valueStep = 5 if len(points) > 10 else 1
    plot.xValueAxis.labels.fontName = font
    plot.xValueAxis.labels.fontSize = 7
    plot.xValueAxis.labelTextFormat = "%d日"
    top = _nice_max(max((count for _, count in points), default=0))
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, top
    plot.yValueAxis.valueStep = max(1, top // 5)
    plot.yValueAxis.labels.fontName = font
    plot.yValueAxis.labels.fontSize = 7
    drawing.add(plot)
    return drawing


def twelve_months(trend: list[tuple[str, int, int]], font: str, width: float = 460) -> Drawing:
    """Found against cleared in each of the last twelve months."""
    drawing = Drawing(width, 180)
    _title(drawing, "近12个月发现与整改销号", font)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 35, width - 60, 110
    chart.data = [
        [found for _, found, _ in trend] or [0],
        [cleared for _, _, cleared in trend] or [0],
    ]
    chart.categoryAxis.categoryNames = [month[2:] for month, _, _ in trend] or [""]
    _style_bars(chart, font, [FOUND, CLEARED])
    drawing.add(chart)
    _legend(drawing, font, [(FOUND, "发现"), (CLEARED, "销号")], width - 130, drawing.height - 22)
    return drawing


def by_category(rows: list[tuple[str, int, int]], font: str, width: float = 460) -> Drawing:
    """Hazards found this month per category: (label, general, major)."""
    drawing = Drawing(width, 170)
    _title(drawing, "本月发现隐患：按类别", font)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 25, width - 60, 110
    chart.data = [[general for _, general, _ in rows], [major for _, _, major in rows]]
    chart.categoryAxis.categoryNames = [label for label, _, _ in rows]
    _style_bars(chart, font, [GENERAL, MAJOR])
    drawing.add(chart)
    _legend(drawing, font, [(GENERAL, "一般"), (MAJOR, "重大")], width - 130, drawing.height - 22)
    return drawing


def by_street(rows: list[tuple[str, int, int]], font: str, width: float = 460) -> Drawing:
    """Per street: (street, found this month, open at the month's end), horizontal bars."""
    bar_rows = max(len(rows), 1)
    height = min(40 + 16 * bar_rows, 640)
    drawing = Drawing(width, height + 20)
    _title(drawing, "按街镇：本月发现与月末未整改", font)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 80, 10, width - 100, height - 20
    chart.data = [[found for _, found, _ in rows] or [0], [opened for _, _, opened in rows] or [0]]
    chart.categoryAxis.categoryNames = [street for street, _, _ in rows] or [""]
    chart.categoryAxis.reverseDirection = 1
    _style_bars(chart, font, [FOUND, OPEN])
    chart.categoryAxis.labels.fontSize = 7 if bar_rows < 40 else 5
    drawing.add(chart)
    _legend(drawing, font, [(FOUND, "本月发现"), (OPEN, "月末未整改")], width - 130, height + 8)
    return drawing


def _style_bars(chart: HorizontalBarChart | VerticalBarChart, font: str, fills: list) -> None:
    top = _nice_max(max((v for series in chart.data for v in series), default=0))
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top
    chart.valueAxis.valueStep = max(1, top // 5)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.barSpacing = 1
    chart.groupSpacing = 4
    for index, fill in enumerate(fills):
        chart.bars[index].fillColor = fill
        chart.bars[index].strokeColor = None
