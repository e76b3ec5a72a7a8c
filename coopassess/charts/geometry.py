"""Where things go on a chart, without matplotlib: the figure's layout in inches and the radar's
geometry in data units. The pages' charts (matplotlib) and the PDF's charts (reportlab drawings,
``coopassess.reports.vector``) share it, so both look alike."""

from __future__ import annotations

import math
from collections.abc import Sequence

from coopassess.charts.data import RadarData
from coopassess.charts.style import legend_label

# Figure layout, in inches.
WIDTH = 7.5
BARS_LEFT = 0.3  # figure fraction left of bars: room for the wrapped dimension labels
LEGEND_COLUMNS = 2
BARS_LABEL_WRAP = 24
GROUP_HEIGHT = 0.78  # bars: height of one dimension's group of bars, in axis units

# Radar, in data units: the scale is normalised to 0–100 whatever ``scale_max`` is.
RINGS = (20, 40, 60, 80, 100)
LEVELS = ("N1", "N2", "N3", "N4", "N5")
LABEL_RADIUS = 110
LABEL_WRAP = 20
X_LIMIT = 185  # room for wrapped axis labels left and right
Y_TOP = 126
Y_BOTTOM = -118

Point = tuple[float, float]


def legend_labels(data: RadarData) -> list[str]:
    labels = [legend_label(series.name) for series in data.series]
    return labels + ([legend_label(data.band.name)] if data.band is not None else [])


def legend_height(labels: list[str]) -> float:
    """Inches for a two-column legend whose labels may wrap."""
    lines = [label.count("\n") + 1 for label in labels]
    rows = [max(lines[i : i + LEGEND_COLUMNS]) for i in range(0, len(lines), LEGEND_COLUMNS)]
    return 0.2 * sum(rows) + 0.08 * len(rows) + 0.2


def header_height(data: RadarData) -> float:
    return (0.75 if data.subtitle else 0.5) + (0.3 if data.kind == "bars" else 0)


def plot_height(data: RadarData) -> float:
    if data.kind == "bars":
        return 0.75 * len(data.axes) * max(1.0, 0.45 * len(data.series)) + 0.35
    return 4.7


def default_size(data: RadarData) -> tuple[float, float]:
    """Inches: the title, the plot with its wrapped axis labels, the legend below."""
    height = header_height(data) + plot_height(data) + legend_height(legend_labels(data))
    return WIDTH, round(height, 2)


def xy(angle: float, radius: float) -> Point:
    """Clockwise from the top axis, as radars are read."""
    return radius * math.sin(angle), radius * math.cos(angle)


def angles(count: int) -> list[float]:
    return [2 * math.pi * index / count for index in range(count)]


def runs(angles: Sequence[float], values: Sequence[float | None], scale: float) -> list[list]:
    """Runs of consecutive known values; the polygon closes only when every value is known."""
    count = len(values)
    if all(value is not None for value in values):
        return [[xy(angles[i % count], values[i % count] * scale) for i in range(count + 1)]]
    found: list[list[Point]] = []
    current: list[Point] = []
    for angle, value in zip(angles, values, strict=True):
        if value is None:
            if current:
                found.append(current)
            current = []
        else:
            current.append(xy(angle, value * scale))
    if current:
        found.append(current)
    if len(found) > 1 and values[0] is not None and values[-1] is not None:
        found[0] = found.pop() + found[0]  # the last run carries on over the top axis
    return found


def label_anchor(angle: float) -> tuple[Point, str, str]:
    """Where an axis label goes, and its horizontal and vertical alignment."""
    sine, cosine = math.sin(angle), math.cos(angle)
    horizontal = "center" if abs(sine) < 0.2 else "left" if sine > 0 else "right"
    vertical = "bottom" if cosine > 0.5 else "top" if cosine < -0.5 else "center"
    return xy(angle, LABEL_RADIUS if abs(sine) > 0.2 else LABEL_RADIUS - 4), horizontal, vertical


def band_known(low: Sequence[float | None], high: Sequence[float | None]) -> list[int]:
    """The axes where the band has both ends."""
    pairs = enumerate(zip(low, high, strict=True))
    return [i for i, (bottom, top) in pairs if bottom is not None and top is not None]
