"""What the PDF's radar and bars share: text laid out as matplotlib lays it out, series lines
and markers, hatching, and the title above the plot.

Everything is in figure points (72 per inch, y upwards), on the figure the pages' charts use
(``coopassess.charts.geometry``); the drawing is scaled to its width in the PDF at the end.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Path, Polygon, PolyLine, Shape, String
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from coopassess.charts.data import RadarData
from coopassess.charts.geometry import header_height
from coopassess.charts.pdf.fonts import FAMILY
from coopassess.charts.style import TEXT_COLOUR, SeriesStyle

INCH = 72
FONT, BOLD, ITALIC = FAMILY, f"{FAMILY}-Bold", f"{FAMILY}-Oblique"
# DejaVu Sans, in font sizes: ascent and descent (the font's), line gap, x-height.
ASCENT, DESCENT, LINE_GAP, X_HEIGHT = 0.76, 0.24, 0.2, 0.55
LINE = ASCENT + DESCENT + LINE_GAP  # one line of a multi-line text
_SHORT = frozenset("acegmnopqrsuvwxyz ,.;:·-–—_")  # no ink above the x-height
_DEEP = frozenset("gjpqyç,;()")  # ink below the baseline
LINE_WIDTH = 2.2  # a series' line
MARKER_EDGE = 0.8
HATCH_WIDTH = 0.8
HATCH_LINES = 6  # per inch and per repeated hatch character, as matplotlib draws them

_ANCHORS = {"left": "start", "center": "middle", "right": "end"}
# Marker outlines for a marker size of 6 points, as matplotlib draws them (y upwards).
_MARKERS: dict[str, tuple[tuple[float, float], ...]] = {
    "s": ((-3, -3), (3, -3), (3, 3), (-3, 3)),
    "^": ((0, 3), (-3, -3), (3, -3)),
    "v": ((0, -3), (3, 3), (-3, 3)),
    "D": ((0, 4.24), (4.24, 0), (0, -4.24), (-4.24, 0)),
    "P": (
        *((-1, 3), (1, 3), (1, 1), (3, 1), (3, -1), (1, -1)),
        *((1, -3), (-1, -3), (-1, -1), (-3, -1), (-3, 1), (-1, 1)),
    ),
    "X": (
        *((-1.5, 3), (0, 1.5), (1.5, 3), (3, 1.5), (1.5, 0), (3, -1.5)),
        *((1.5, -3), (0, -1.5), (-1.5, -3), (-3, -1.5), (-1.5, 0), (-3, 1.5)),
    ),
}


@functools.cache
def colour(value: str) -> Color:
    return HexColor(value)


def flat(points: Sequence[tuple[float, float]]) -> list[float]:
    return [coordinate for point in points for coordinate in point]


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float,
    ha: str = "left",
    va: str = "top",
    font: str = FONT,
    fill: str = TEXT_COLOUR,
    fixed: bool = False,
) -> list[String]:
    """One string per line, each aligned on ``x`` (matplotlib's ``multialignment`` = ``ha``);
    ``va`` puts the block's top, centre (or baseline centre) or bottom on ``y``; ``fixed``:
    matplotlib's ``linespacing=1.2`` (the radar's axis labels) rather than its default."""
    lines = content.split("\n")
    metrics = [_vertical(line, len(lines), fixed) for line in lines]
    height = sum(ascent + descent for ascent, descent in metrics) * size
    if va == "center_baseline":  # the block less its last descent is centred
        height -= metrics[-1][1] * size
    baseline = y + {"top": 0, "center": 0.5, "center_baseline": 0.5, "bottom": 1}[va] * height
    strings = []
    for line, (ascent, descent) in zip(lines, metrics, strict=True):
        baseline -= ascent * size
        strings.append(
            String(
                x,
                baseline,
                line,
                fontName=font,
                fontSize=size,
                fillColor=colour(fill),
                textAnchor=_ANCHORS[ha],
            )
        )
        baseline -= descent * size
    return strings


def _vertical(line: str, count: int, fixed: bool) -> tuple[float, float]:
    """Ascent and descent of a line, in font sizes, as matplotlib 3.11 lays text out: from the
    font's ascent and descent (and line gap between lines), or with a fixed spacing, 1.2 high
    with the line's ink centred."""
    if fixed:
        ink_ascent = X_HEIGHT if _SHORT.issuperset(line) else ASCENT
        ink_descent = DESCENT if _DEEP.intersection(line) else 0
        ascent = (LINE + ink_ascent - ink_descent) / 2
        return ascent, LINE - ascent
    gap = LINE_GAP / 2 if count > 1 else 0
    return ASCENT + gap, DESCENT + gap


def strokes(paint: str, width: float, **style: float) -> Path:
    """A path of lines only (grid, ticks, whiskers, hatching): stroked, never filled."""
    return Path(strokeColor=colour(paint), strokeWidth=width, fillColor=None, **style)


def text_width(content: str, size: float, font: str = FONT) -> float:
    return max(stringWidth(line, font, size) for line in content.split("\n"))


def _dashes(style: SeriesStyle, width: float) -> list[float] | None:
    """matplotlib scales dash patterns by the line width."""
    if isinstance(style.line, str):
        return None
    return [length * width for length in style.line[1]]


def series_line(points: Sequence[tuple[float, float]], style: SeriesStyle) -> PolyLine:
    dash = _dashes(style, LINE_WIDTH)
    return PolyLine(
        flat(points),
        strokeColor=colour(style.colour),
        strokeWidth=LINE_WIDTH,
        strokeDashArray=dash,
        strokeLineJoin=1,
        strokeLineCap=0 if dash else 2,
    )


def marker(x: float, y: float, style: SeriesStyle) -> Shape:
    paint = {
        "fillColor": colour(style.colour),
        "strokeColor": colour("#FFFFFF"),
        "strokeWidth": MARKER_EDGE,
    }
    if style.marker == "o":
        return Circle(x, y, 3, **paint)
    return Polygon(flat((x + dx, y + dy) for dx, dy in _MARKERS[style.marker]), **paint)


def hatch(x0: float, y0: float, x1: float, y1: float, pattern: str, paint: str) -> list[Shape]:
    """matplotlib's hatching of a rectangle, as lines clipped to it: « / » and « \\ » diagonals,
    « x » both, « - » horizontal, « | » vertical, « + » both; repeating a character doubles the
    density."""
    families = {
        "/": pattern.count("/") + pattern.count("x"),
        "\\": pattern.count("\\") + pattern.count("x"),
        "-": pattern.count("-") + pattern.count("+"),
        "|": pattern.count("|") + pattern.count("+"),
    }
    path = strokes(paint, HATCH_WIDTH)
    for kind, count in families.items():
        if not count:
            continue
        step = INCH / (HATCH_LINES * count)
        if kind == "-":
            segments = [(x0, y, x1, y) for y in _steps(y0, y1, step)]
        elif kind == "|":
            segments = [(x, y0, x, y1) for x in _steps(x0, x1, step)]
        elif kind == "/":  # y = x + c; matplotlib spaces diagonals twice as far apart
            segments = [
                (low, low + c, high, high + c)
                for c in _steps(y0 - x1, y1 - x0, 2 * step)
                for low, high in [(max(x0, y0 - c), min(x1, y1 - c))]
            ]
        else:  # y = c - x
            segments = [
                (low, c - low, high, c - high)
                for c in _steps(x0 + y0, x1 + y1, 2 * step)
                for low, high in [(max(x0, c - y1), min(x1, c - y0))]
            ]
        for start_x, start_y, end_x, end_y in segments:
            path.moveTo(start_x, start_y)
            path.lineTo(end_x, end_y)
    return [path] if path.points else []


def _steps(low: float, high: float, step: float) -> list[float]:
    """Multiples of ``step`` strictly between ``low`` and ``high`` (hatches are anchored on
    the figure, so neighbouring bars line up)."""
    first = math.floor(low / step) + 1
    return [n * step for n in range(first, math.ceil(high / step))]


def title(data: RadarData, width: float, height: float) -> list[String]:
    shapes = text(width / 2, height - 0.12 * INCH, data.title, size=13, ha="center", font=BOLD)
    if data.subtitle:
        shapes += text(width / 2, height - 0.45 * INCH, data.subtitle, size=10, ha="center")
    return shapes


def plot_top(data: RadarData, height: float) -> float:
    return height - header_height(data) * INCH
