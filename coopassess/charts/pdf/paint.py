"""Paint a chart drawing of this package straight onto a PDF canvas.

reportlab's renderer (``renderPDF``) walks any drawing with a full graphics-state stack per
shape, and marks the drawing while it draws it. Our charts are one scaled group of strings,
lines, polylines, polygons, paths, rectangles and circles: this painter handles exactly those,
writes a colour or width only when it changes (half the time of ``renderPDF``, the same
pixels), and never modifies the drawing, so one drawing serves any number of documents at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.graphics.shapes import (
    FILL_EVEN_ODD,
    Circle,
    Drawing,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    Shape,
    String,
)
from reportlab.pdfgen.canvas import Canvas

_TEXT = {"start": "drawString", "middle": "drawCentredString", "end": "drawRightString"}


def paint(canvas: Canvas, drawing: Drawing) -> None:
    canvas.saveState()
    _Painter(canvas).group(drawing.contents[0])
    canvas.restoreState()


class _Painter:
    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.state: dict[str, Any] = {}

    def group(self, group: Group) -> None:
        self.canvas.transform(*group.transform)
        for shape in group.contents:
            if isinstance(shape, String):
                self.text(shape)
            else:
                self.draw(shape)

    def text(self, shape: String) -> None:
        self.set("font", (shape.fontName, shape.fontSize), lambda f: self.canvas.setFont(*f))
        self.set("fill", shape.fillColor, self.canvas.setFillColor)
        self.set("fill_alpha", 1, self.canvas.setFillAlpha)
        getattr(self.canvas, _TEXT[shape.textAnchor])(shape.x, shape.y, shape.text)

    def draw(self, shape: Shape) -> None:
        fill = None if isinstance(shape, (Line, PolyLine)) else shape.fillColor
        stroke = shape.strokeColor if shape.strokeWidth else None
        if fill is None and stroke is None:
            return
        if fill is not None:
            self.set("fill", fill, self.canvas.setFillColor)
            self.set("fill_alpha", _opacity(shape.fillOpacity), self.canvas.setFillAlpha)
        if stroke is not None:
            self.set("stroke", stroke, self.canvas.setStrokeColor)
            self.set("stroke_alpha", _opacity(shape.strokeOpacity), self.canvas.setStrokeAlpha)
            self.set("width", shape.strokeWidth, self.canvas.setLineWidth)
            self.set("join", shape.strokeLineJoin, self.canvas.setLineJoin)
            self.set("cap", shape.strokeLineCap, self.canvas.setLineCap)
            dash = tuple(shape.strokeDashArray or ())
            self.set("dash", dash, lambda pattern: self.canvas.setDash(list(pattern)))
        path = self.canvas.beginPath()
        _outline(path, shape)
        even_odd = getattr(shape, "fillMode", None) == FILL_EVEN_ODD
        self.canvas.drawPath(
            path,
            stroke=stroke is not None,
            fill=fill is not None,
            fillMode=FILL_EVEN_ODD if even_odd else None,
        )

    def set(self, key: str, value: Any, apply: Callable[[Any], None]) -> None:
        """Write a state change only when it changes."""
        if self.state.get(key, _UNSET) != value:
            self.state[key] = value
            apply(value)


_UNSET = object()


def _opacity(value: float | None) -> float:
    return 1 if value is None else value


def _outline(path: Any, shape: Shape) -> None:
    if isinstance(shape, Rect):
        path.rect(shape.x, shape.y, shape.width, shape.height)
    elif isinstance(shape, Circle):
        path.circle(shape.cx, shape.cy, shape.r)
    elif isinstance(shape, Line):
        path.moveTo(shape.x1, shape.y1)
        path.lineTo(shape.x2, shape.y2)
    elif isinstance(shape, (PolyLine, Polygon)):
        _lines(path, shape.points, closed=isinstance(shape, Polygon))
    elif isinstance(shape, Path):
        _path(path, shape)
    else:
        raise TypeError(f"shape not painted: {type(shape).__name__}")


def _lines(path: Any, points: Sequence[float], *, closed: bool) -> None:
    path.moveTo(points[0], points[1])
    for index in range(2, len(points), 2):
        path.lineTo(points[index], points[index + 1])
    if closed:
        path.close()


def _path(path: Any, shape: Path) -> None:
    """reportlab.graphics Path operators: 0 moveTo, 1 lineTo, 2 curveTo, 3 closePath."""
    points = iter(shape.points)
    for operator in shape.operators:
        if operator == 0:
            path.moveTo(next(points), next(points))
        elif operator == 1:
            path.lineTo(next(points), next(points))
        elif operator == 2:
            path.curveTo(*(next(points) for _ in range(6)))
        else:
            path.close()
