"""Charts in the PDF as vector graphics: the pages' SVG, converted to a reportlab Drawing."""

from __future__ import annotations

import functools
import io
import re

from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable

from coopassess.reports.fonts import register

# matplotlib writes element opacity (`opacity: 0.2`), which svglib ignores: say it per paint.
_ELEMENT_OPACITY = re.compile(rb"(?<![-\w])opacity:\s*([0-9.]+)")


@functools.lru_cache(maxsize=64)
def chart_flowable(svg: bytes, *, width: float) -> Flowable:
    """The SVG scaled to ``width`` points, keeping its proportions.

    Converting an SVG costs tens of milliseconds; the same chart (same bytes, from the chart
    cache) gives the same drawing, which reportlab draws without changing it, so it is kept.
    """
    from svglib.svglib import svg2rlg

    register()  # the SVG text names DejaVu Sans: it must be a registered font
    svg = _ELEMENT_OPACITY.sub(rb"fill-opacity: \1; stroke-opacity: \1", svg)
    drawing: Drawing | None = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        raise ValueError("chart SVG could not be read")
    factor = width / drawing.width
    drawing.width, drawing.height = drawing.width * factor, drawing.height * factor
    drawing.scale(factor, factor)
    return Chart(drawing)


class Chart(Flowable):
    """A chart drawing that the first layout pass (which only counts pages for the table of
    contents) measures but does not draw: vector charts are the costliest part to draw."""

    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.drawing.width, self.drawing.height

    def draw(self) -> None:
        if getattr(self.canv._doctemplate, "drafting", False):
            return
        self.drawing.drawOn(self.canv, 0, 0)
