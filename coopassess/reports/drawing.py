"""Charts in the PDF: reportlab drawings of the chart data (``reports.vector``), kept by content."""

from __future__ import annotations

import functools

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from coopassess.charts.data import RadarData
from coopassess.charts.pdf import drawing
from coopassess.charts.pdf.paint import paint


@functools.lru_cache(maxsize=64)
def chart_drawing(data: RadarData, width: float) -> Drawing:
    """The same chart data (a frozen value: its content is the key) gives the same drawing,
    which painting leaves unchanged: one drawing serves every report and thread."""
    return drawing(data, width)


def chart_flowable(data: RadarData, *, width: float) -> Flowable:
    """The chart ``width`` points wide, in the proportions of the pages' chart."""
    return Chart(chart_drawing(data, width))


class Chart(Flowable):
    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        paint(self.canv, self.drawing)
