"""Radar drawing with matplotlib's Figure API (never pyplot), straight-edged like a spider chart.

Drawn in plain Cartesian axes so edges are straight lines; colours are the Okabe–Ito palette
(safe for colour-blind readers), and each series also has its own line style and marker.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from coopassess.charts.data import RadarData

STYLE_VERSION = "radar-1"
FORMATS = ("svg", "png", "pdf")
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))
MARKERS = ("o", "s", "^", "D", "v", "P")
BAND_COLOUR = "#0072B2"
RINGS = (20, 40, 60, 80, 100)
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "text.parse_math": False,  # user text such as "$x$" draws literally
    "text.usetex": False,
    "svg.fonttype": "none",  # text stays text: small, searchable, accessible
    "svg.hashsalt": "coopassess",  # deterministic ids, so equal charts are equal bytes
    "pdf.fonttype": 42,
}
LABEL_RADIUS = 116
WRAP = 18


def _xy(angle: float, radius: float) -> tuple[float, float]:
    return radius * math.sin(angle), radius * math.cos(angle)


def _angles(count: int) -> list[float]:
    return [2 * math.pi * index / count for index in range(count)]


def render(data: RadarData, fmt: str = "svg", *, dpi: int = 200, width: float = 6.4) -> bytes:
    """The chart as SVG, PNG (``dpi``) or PDF bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}")
    with matplotlib.rc_context(STYLE):
        figure = _draw(data, width)
        buffer = io.BytesIO()
        metadata = (
            {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else {}
        )
        FigureCanvasAgg(figure)
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _draw(data: RadarData, width: float) -> Figure:
    legend_rows = math.ceil((len(data.series) + (data.band is not None)) / 2)
    height = width * 0.86 + 0.28 * legend_rows
    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.axis("off")
    limit = LABEL_RADIUS + 22
    axes.set_xlim(-limit - 14, limit + 14)
    axes.set_ylim(-limit, limit)
    angles = _angles(len(data.axes))
    _grid(axes, angles)
    _labels(axes, angles, data)
    if data.band is not None:
        _band(axes, angles, data.band.low, data.band.high, data.band.name)
    for index, series in enumerate(data.series):
        _series(axes, angles, series.values, series.name, index)
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=2,
        frameon=False,
        fontsize=9.5,
        handlelength=3,
    )
    return figure


def _grid(axes, angles: Sequence[float]) -> None:
    for ring in RINGS:
        points = [_xy(angle, ring) for angle in angles] + [_xy(angles[0], ring)]
        axes.plot(*zip(*points, strict=True), color="#9aa5b1", linewidth=0.7, zorder=1)
        axes.text(
            2,
            ring + 1.5,
            str(ring),
            fontsize=7.5,
            color="#3d4756",
            zorder=9,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.6},
        )
    for angle in angles:
        axes.plot(
            *zip((0, 0), _xy(angle, 100), strict=True), color="#9aa5b1", linewidth=0.7, zorder=1
        )


def _labels(axes, angles: Sequence[float], data: RadarData) -> None:
    first = data.series[0].values
    for angle, label, value in zip(angles, data.axes, first, strict=True):
        text = textwrap.fill(label, WRAP)
        if value is None:
            text += "\n(n.c.)"
        x, y = _xy(angle, LABEL_RADIUS)
        sine, cosine = math.sin(angle), math.cos(angle)
        horizontal = "center" if abs(sine) < 0.3 else "left" if sine > 0 else "right"
        vertical = "bottom" if cosine > 0.3 else "top" if cosine < -0.3 else "center"
        axes.text(
            x, y, text, ha=horizontal, va=vertical, fontsize=9, color="#1c2430", linespacing=1.15
        )


def _segments(angles: Sequence[float], values: Sequence[float | None]) -> list[list[tuple]]:
    """Runs of consecutive known values (closing the loop when all are known)."""
    count = len(values)
    if all(value is not None for value in values):
        return [[_xy(angles[i % count], values[i % count]) for i in range(count + 1)]]
    runs, current = [], []
    for angle, value in zip(angles, values, strict=True):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(_xy(angle, value))
    if current:
        runs.append(current)
    if len(runs) > 1 and values[0] is not None and values[-1] is not None:
        runs[0] = runs.pop() + runs[0]  # the last run goes on over the top axis
    return runs


def _series(axes, angles, values, name: str, index: int) -> None:
    colour = COLOURS[index]
    runs = _segments(angles, values)
    complete = all(value is not None for value in values)
    for number, run in enumerate(runs):
        xs, ys = zip(*run, strict=True)
        axes.plot(
            xs,
            ys,
            color=colour,
            linestyle=LINE_STYLES[index],
            linewidth=2.2,
            marker=MARKERS[index],
            markersize=5.5,
            label=name if number == 0 else None,
            zorder=4 + index,
        )
        if complete and len(values) and index == 0:
            axes.fill(xs, ys, color=colour, alpha=0.10, zorder=2)
    if not runs:
        axes.plot(
            [],
            [],
            color=colour,
            linestyle=LINE_STYLES[index],
            marker=MARKERS[index],
            label=f"{name} (non calculable)",
        )


def _band(axes, angles, low, high, name: str) -> None:
    if any(value is None for value in low) or any(value is None for value in high):
        known = [
            i
            for i, (a, b) in enumerate(zip(low, high, strict=True))
            if a is not None and b is not None
        ]
        for i in known:
            axes.plot(
                *zip(_xy(angles[i], low[i]), _xy(angles[i], high[i]), strict=True),
                color=BAND_COLOUR,
                alpha=0.35,
                linewidth=6,
                solid_capstyle="butt",
                zorder=2,
            )
        axes.fill([], [], color=BAND_COLOUR, alpha=0.18, label=name)
        return
    outer = [_xy(angle, value) for angle, value in zip(angles, high, strict=True)]
    inner = [_xy(angle, value) for angle, value in zip(angles, low, strict=True)]
    ring = outer + [outer[0]] + [inner[0]] + inner[::-1] + [inner[0]]
    xs, ys = zip(*ring, strict=True)
    axes.fill(xs, ys, color=BAND_COLOUR, alpha=0.18, linewidth=0, label=name, zorder=2)
