"""Charts for the PDF drawn natively with reportlab shapes, from the same chart data and the same
layout as the pages' matplotlib charts: vector graphics and real text, without drawing an SVG
and parsing it back (which cost ~100 ms per chart)."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group

from coopassess.charts.data import RadarData
from coopassess.charts.geometry import default_size
from coopassess.charts.pdf.bars import bars
from coopassess.charts.pdf.figure import INCH, title
from coopassess.charts.pdf.fonts import register
from coopassess.charts.pdf.radar import radar


def drawing(data: RadarData, width: float) -> Drawing:
    """The chart ``width`` points wide, in the proportions of the pages' figure."""
    register()  # text is measured in the embedded font
    figure_width, figure_height = (side * INCH for side in default_size(data))
    factor = width / figure_width
    plot = bars if data.kind == "bars" else radar
    shapes = title(data, figure_width, figure_height) + plot(data, figure_width, figure_height)
    chart = Drawing(width, figure_height * factor)
    chart.add(Group(*shapes, transform=(factor, 0, 0, factor, 0, 0)))
    return chart
