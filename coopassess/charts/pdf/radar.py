"""The pages' radar (``coopassess.charts.radar``) drawn with reportlab shapes: same geometry,
colours, level rings and shading, min–max band, labels and legend, painted in the same order."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import FILL_EVEN_ODD, Path, Polygon, PolyLine, Rect, Shape

from coopassess.charts.data import Band, RadarData, Series
from coopassess.charts.geometry import (
    LABEL_WRAP,
    LEVELS,
    RINGS,
    X_LIMIT,
    Y_BOTTOM,
    Y_TOP,
    Point,
    angles,
    band_known,
    label_anchor,
    legend_height,
    legend_labels,
    runs,
    xy,
)
from coopassess.charts.pdf.figure import (
    ASCENT,
    DESCENT,
    INCH,
    ITALIC,
    colour,
    flat,
    marker,
    plot_top,
    series_line,
    strokes,
    text,
    text_width,
)
from coopassess.charts.pdf.legend import Entry, legend, line_handle, swatch_handle
from coopassess.charts.style import (
    BAND_COLOUR,
    GRID_COLOUR,
    LEVEL_SHADE,
    MUTED_COLOUR,
    SERIES_STYLES,
    legend_label,
)
from coopassess.scoring.rounding import NOT_COMPUTABLE

Place = Callable[[Point], Point]  # data units → figure points
Runs = dict[int, list[list[Point]]]  # series position → its runs of known values


def radar(data: RadarData, width: float, height: float) -> list[Shape]:
    place = _placement(data, width, height)
    spokes = angles(len(data.axes))
    scale = 100 / data.scale_max
    lines = {i: runs(spokes, s.values, scale) for i, s in enumerate(data.series)}
    shapes = _grid(place, spokes)
    if data.band is None and len(data.series) == 1:
        shapes += _fill(place, data.series[0], lines[0])
    shapes += _axis_labels(place, spokes, data)
    if data.band is not None:
        shapes += _band(place, spokes, data.band, scale)
    shapes += _series(place, data.series, lines)
    shapes += _scale_labels(place, data.scale_max)
    return shapes + legend(_entries(data, lines), width)


def _placement(data: RadarData, width: float, height: float) -> Place:
    """The axes box of the pages' figure, with equal scales on both axes, centred."""
    bottom = legend_height(legend_labels(data)) * INCH
    top = plot_top(data, height)
    box = 0.98 * width
    unit = min(box / (2 * X_LIMIT), (top - bottom) / (Y_TOP - Y_BOTTOM))
    centre_x = 0.01 * width + box / 2
    centre_y = (bottom + top) / 2 - (Y_TOP + Y_BOTTOM) / 2 * unit

    def place(point: Point) -> Point:
        return centre_x + point[0] * unit, centre_y + point[1] * unit

    return place


def _ring(place: Place, spokes: Sequence[float], radius: float) -> list[float]:
    return flat(place(xy(angle, radius)) for angle in spokes)


def _grid(place: Place, spokes: Sequence[float]) -> list[Shape]:
    shade = Path(fillColor=colour(LEVEL_SHADE), strokeColor=None, fillMode=FILL_EVEN_ODD)
    for number, (inner, outer) in enumerate(zip((0, *RINGS), RINGS, strict=False)):
        if number % 2 == 1:
            for radius in (outer, inner):
                points = _ring(place, spokes, radius)
                shade.moveTo(*points[:2])
                for index in range(2, len(points), 2):
                    shade.lineTo(*points[index : index + 2])
                shade.closePath()
    grid = {"strokeColor": colour(GRID_COLOUR), "strokeWidth": 0.7}
    shapes: list[Shape] = [shade]
    for radius in RINGS:
        points = _ring(place, spokes, radius)
        shapes.append(PolyLine(points + points[:2], strokeLineJoin=1, **grid))
    centre = place((0, 0))
    spokes_path = strokes(GRID_COLOUR, 0.7)
    for angle in spokes:
        spokes_path.moveTo(*centre)
        spokes_path.lineTo(*place(xy(angle, 100)))
    return [*shapes, spokes_path]


def _fill(place: Place, series: Series, lines: list[list[Point]]) -> list[Shape]:
    """A lone closed series is lightly filled."""
    if not lines or len(lines[0]) != len(series.values) + 1:
        return []
    paint = colour(SERIES_STYLES[series.style].colour)
    points = flat(place(point) for point in lines[0])
    return [Polygon(points, fillColor=paint, fillOpacity=0.1, strokeColor=None, strokeWidth=0)]


def _axis_labels(place: Place, spokes: Sequence[float], data: RadarData) -> list[Shape]:
    shapes: list[Shape] = []
    for index, (angle, label) in enumerate(zip(spokes, data.axes, strict=True)):
        content = textwrap.fill(label, LABEL_WRAP, break_on_hyphens=False)
        if all(series.values[index] is None for series in data.series):
            content += f"\n({NOT_COMPUTABLE})"
        point, horizontal, vertical = label_anchor(angle)
        shapes += text(*place(point), content, size=9, ha=horizontal, va=vertical, fixed=True)
    return shapes


def _band(place: Place, spokes: Sequence[float], band: Band, scale: float) -> list[Shape]:
    known = band_known(band.low, band.high)
    paint = colour(BAND_COLOUR)
    if len(known) == len(spokes):
        path = Path(fillColor=paint, fillOpacity=0.2, strokeColor=None, fillMode=FILL_EVEN_ODD)
        for values in (band.high, band.low):
            points = [place(xy(a, v * scale)) for a, v in zip(spokes, values, strict=True)]
            path.moveTo(*points[0])
            for point in points[1:]:
                path.lineTo(*point)
            path.closePath()
        return [path]
    # With gaps, each known axis shows its own range as a thick stroke.
    ranges = strokes(BAND_COLOUR, 7, strokeOpacity=0.35, strokeLineCap=0)
    for i in known:
        ranges.moveTo(*place(xy(spokes[i], band.low[i] * scale)))
        ranges.lineTo(*place(xy(spokes[i], band.high[i] * scale)))
    return [ranges] if known else []


def _series(place: Place, series: Sequence[Series], lines: Runs) -> list[Shape]:
    """Higher styles on top (matplotlib's zorder 5 + style); markers over their line."""
    shapes: list[Shape] = []
    for position in sorted(range(len(series)), key=lambda i: series[i].style):
        style = SERIES_STYLES[series[position].style]
        for run in lines[position]:
            points = [place(point) for point in run]
            shapes.append(series_line(points, style))
            shapes += [marker(x, y, style) for x, y in points]
    return shapes


def _scale_labels(place: Place, scale_max: float) -> list[Shape]:
    """Ring values along the top axis on a light box; level codes in the middle of each band."""
    shapes: list[Shape] = []
    for ring in RINGS:
        x, y = place((1.5, ring - 1))
        value = f"{ring * scale_max / 100:g}"
        high = (ASCENT + DESCENT) * 7.5
        box = (x - 0.5, y - high - 0.5, text_width(value, 7.5) + 1, high + 1)
        shapes.append(Rect(*box, fillColor=colour("#FFFFFF"), fillOpacity=0.8, strokeColor=None))
        shapes += text(x, y, value, size=7.5, fill=MUTED_COLOUR)
    if scale_max == 100:
        for ring, code in zip(RINGS, LEVELS, strict=True):
            x, y = place((-1.5, ring - 10))
            shapes += text(
                x, y, code, size=7, ha="right", va="center", font=ITALIC, fill=MUTED_COLOUR
            )
    return shapes


def _entries(data: RadarData, lines: Runs) -> list[Entry]:
    entries = []
    for position, series in enumerate(data.series):
        name = legend_label(series.name)
        if not lines[position]:
            name += f" ({NOT_COMPUTABLE})"
        entries.append(Entry(name, line_handle(SERIES_STYLES[series.style])))
    if data.band is not None:
        entries.append(Entry(legend_label(data.band.name), swatch_handle(BAND_COLOUR, opacity=0.2)))
    return entries
