"""The pages' horizontal bars (``coopassess.charts.bars``) drawn with reportlab shapes: the 0–100
scale with the level bands shaded, one bar per series, the min–max as a whisker, « n.c. »."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from reportlab.graphics.shapes import Line, Path, Rect, Shape

from coopassess.charts.data import Band, RadarData
from coopassess.charts.geometry import (
    BARS_LABEL_WRAP,
    BARS_LEFT,
    GROUP_HEIGHT,
    LEVELS,
    band_known,
    legend_height,
    legend_labels,
)
from coopassess.charts.pdf.figure import (
    BOLD,
    INCH,
    ITALIC,
    colour,
    hatch,
    plot_top,
    strokes,
    text,
)
from coopassess.charts.pdf.legend import HANDLE_HEIGHT, SIZE, Entry, legend, swatch_handle
from coopassess.charts.style import (
    GRID_COLOUR,
    LEVEL_SHADE,
    MUTED_COLOUR,
    SERIES_STYLES,
    TEXT_COLOUR,
    legend_label,
)
from coopassess.scoring.rounding import NOT_COMPUTABLE, format_score

X_MAX = 104  # the scale ends a little after 100
TICK = 3.5  # points: tick length, and gap between an axis and its labels
CAP = 4  # points: half the whisker's end cap

Place = Callable[[float, float], tuple[float, float]]  # (0–100, axis position) → points


def bars(data: RadarData, width: float, height: float) -> list[Shape]:
    left, right = BARS_LEFT * width, 0.96 * width
    bottom = (legend_height(legend_labels(data)) + 0.35) * INCH
    top = plot_top(data, height)
    span = len(data.axes) + 0.2  # matplotlib's limits: from -0.6 to len - 0.4

    def place(value: float, position: float) -> tuple[float, float]:
        return (
            left + value / X_MAX * (right - left),
            bottom + (position + 0.6) / span * (top - bottom),
        )

    positions = [len(data.axes) - 1 - i for i in range(len(data.axes))]
    shapes = _scale(place, data.scale_max, bottom, top)
    shapes += _bars(place, data, positions)
    for position, label in zip(positions, data.axes, strict=True):
        x, y = place(0, position)
        content = textwrap.fill(label, BARS_LABEL_WRAP)
        shapes += text(x - TICK, y, content, size=9, ha="right", va="center_baseline")
    return shapes + legend(_entries(data), width)


def _scale(place: Place, scale_max: float, bottom: float, top: float) -> list[Shape]:
    """Shaded level bands, grid, the bottom axis with its ticks, level codes above."""
    shapes: list[Shape] = []
    for start in (20, 60):
        (x0, _), (x1, _) = place(start, 0), place(start + 20, 0)
        shade = {"fillColor": colour(LEVEL_SHADE), "strokeColor": None}
        shapes.append(Rect(x0, bottom, x1 - x0, top - bottom, **shade))
    grid = strokes(GRID_COLOUR, 0.7)
    ticks = strokes(MUTED_COLOUR, 0.8)
    labels: list[Shape] = []
    for tick in range(0, 101, 20):
        x, _ = place(tick, 0)
        grid.moveTo(x, bottom)
        grid.lineTo(x, top)
        ticks.moveTo(x, bottom)
        ticks.lineTo(x, bottom - TICK)
        value = f"{tick * scale_max / 100:g}"
        labels += text(x, bottom - 2 * TICK, value, size=8, ha="center", fill=MUTED_COLOUR)
    (left, _), (right, _) = place(0, 0), place(X_MAX, 0)
    axis = Line(left, bottom, right, bottom, strokeColor=colour(GRID_COLOUR), strokeWidth=0.8)
    shapes += [grid, axis, ticks, *labels]
    if scale_max == 100:
        for number, code in enumerate(LEVELS):
            x, _ = place(10 + 20 * number, 0)
            shapes += text(
                x, top + TICK, code, size=7.5, ha="center", va="bottom", fill=MUTED_COLOUR
            )
    return shapes


def _bars(place: Place, data: RadarData, positions: list[int]) -> list[Shape]:
    """Bars, then whiskers, then the figures on top."""
    count = len(data.series)
    height = GROUP_HEIGHT / count
    scale = 100 / data.scale_max
    shapes: list[Shape] = []
    labels: list[Shape] = []
    for number, series in enumerate(data.series):
        style = SERIES_STYLES[series.style]
        offset = (count - 1) / 2 * height - number * height
        for position, value in zip(positions, series.values, strict=True):
            y = position + offset
            if value is None:
                x, middle = place(1.5, y)
                labels += text(
                    x, middle, NOT_COMPUTABLE, size=8.5, va="center", font=ITALIC, fill=MUTED_COLOUR
                )
                continue
            x0, y0 = place(0, y - height * 0.46)
            x1, y1 = place(value * scale, y + height * 0.46)
            paint = {"fillColor": colour(style.colour), "strokeColor": colour("#FFFFFF")}
            shapes.append(Rect(x0, y0, x1 - x0, y1 - y0, strokeWidth=0.6, **paint))
            if style.hatch:
                shapes += hatch(x0, y0, x1, y1, style.hatch, "#FFFFFF")
            labels += _value_label(place, y, value, value * scale, plain=not style.hatch)
    if data.band is not None:
        shapes += _whiskers(place, data.band, positions, scale, (count - 1) / 2 * height)
    return shapes + labels


def _value_label(place: Place, y: float, value: float, length: float, *, plain: bool) -> list:
    """The figure inside a plain bar, clear of the min–max whisker, else just after the bar."""
    inside = plain and length >= 8
    x, middle = place(1.2 if inside else length + 1.2, y)
    paint = "#FFFFFF" if inside else MUTED_COLOUR
    return text(x, middle, format_score(value), size=8.5, va="center", font=BOLD, fill=paint)


def _whiskers(
    place: Place, band: Band, positions: list[int], scale: float, offset: float
) -> list[Shape]:
    """Over the first series' bars: a line with end caps."""
    path = strokes(TEXT_COLOUR, 1.3)
    for i in band_known(band.low, band.high):
        x0, y = place(band.low[i] * scale, positions[i] + offset)
        x1, _ = place(band.high[i] * scale, positions[i] + offset)
        _whisker(path, x0, x1, y)
    return [path]


def _whisker(path: Path, x0: float, x1: float, y: float) -> None:
    path.moveTo(x0, y)
    path.lineTo(x1, y)
    for x in (x0, x1):
        path.moveTo(x, y - CAP)
        path.lineTo(x, y + CAP)


def _whisker_handle(left: float, baseline: float) -> list[Shape]:
    path = strokes(TEXT_COLOUR, 1.3)
    middle = left + 1.6 * SIZE
    _whisker(path, middle - SIZE / 2, middle + SIZE / 2, baseline + HANDLE_HEIGHT / 2)
    return [path]


def _entries(data: RadarData) -> list[Entry]:
    entries = []
    for series in data.series:
        style = SERIES_STYLES[series.style]
        handle = swatch_handle(style.colour, pattern=style.hatch)
        entries.append(Entry(legend_label(series.name), handle))
    if data.band is not None and band_known(data.band.low, data.band.high):
        entries.append(Entry(legend_label(data.band.name), _whisker_handle))
    return entries
