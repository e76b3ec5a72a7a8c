"""The radar drawn on a matplotlib Figure, straight-edged like a spider chart.

Drawn in plain Cartesian axes (not polar) so that edges, grid rings and the min–max band are
straight polygons. The scale is normalised to 0–100 whatever ``scale_max`` is; rings mark the
five level bands (N1…N5 at 20-point steps) and every other band is lightly shaded.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.patches import PathPatch
from matplotlib.path import Path

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
    runs,
    xy,
)
from coopassess.charts.style import (
    BAND_COLOUR,
    GRID_COLOUR,
    LEVEL_SHADE,
    MUTED_COLOUR,
    SERIES_STYLES,
    legend_label,
)
from coopassess.scoring.rounding import NOT_COMPUTABLE


def _ring(points: Sequence[Point], hole: Sequence[Point] = ()) -> Path:
    """A closed polygon, with an optional hole wound the other way (fills under any rule)."""
    vertices = [*points, points[0]]
    codes = [Path.MOVETO] + [Path.LINETO] * (len(points) - 1) + [Path.CLOSEPOLY]
    if hole:
        reverse = list(hole)[::-1]
        vertices += [*reverse, reverse[0]]
        codes += [Path.MOVETO] + [Path.LINETO] * (len(reverse) - 1) + [Path.CLOSEPOLY]
    return Path(vertices, codes)


def draw_radar(axes: Axes, data: RadarData) -> None:
    axes.set_aspect("equal")
    axes.axis("off")
    axes.set_xlim(-X_LIMIT, X_LIMIT)
    axes.set_ylim(Y_BOTTOM, Y_TOP)
    spokes = angles(len(data.axes))
    scale = 100 / data.scale_max
    _grid(axes, spokes, data.scale_max)
    _axis_labels(axes, spokes, data)
    if data.band is not None:
        _band(axes, spokes, data.band, scale)
    fill = data.band is None and len(data.series) == 1
    for series in data.series:
        _series(axes, spokes, series, scale, fill)


def _grid(axes: Axes, spokes: Sequence[float], scale_max: float) -> None:
    for number, (inner, outer) in enumerate(zip((0, *RINGS), RINGS, strict=False)):
        if number % 2 == 1:
            hole = [xy(a, inner) for a in spokes]
            patch = PathPatch(_ring([xy(a, outer) for a in spokes], hole), linewidth=0)
            patch.set_facecolor(LEVEL_SHADE)
            patch.set_zorder(0)
            axes.add_patch(patch)
    for ring in RINGS:
        xs, ys = zip(*[xy(a, ring) for a in [*spokes, spokes[0]]], strict=True)
        axes.plot(xs, ys, color=GRID_COLOUR, linewidth=0.7, zorder=1)
    for angle in spokes:
        xs, ys = zip((0, 0), xy(angle, 100), strict=True)
        axes.plot(xs, ys, color=GRID_COLOUR, linewidth=0.7, zorder=1)
    # Ring values along the top axis; level codes in the middle of each band, just left of it.
    for ring in RINGS:
        axes.text(
            1.5,
            ring - 1,
            f"{ring * scale_max / 100:g}",
            fontsize=7.5,
            color=MUTED_COLOUR,
            ha="left",
            va="top",
            zorder=20,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5},
        )
    if scale_max == 100:
        for ring, code in zip(RINGS, LEVELS, strict=True):
            axes.text(
                -1.5,
                ring - 10,
                code,
                fontsize=7,
                color=MUTED_COLOUR,
                style="italic",
                ha="right",
                va="center",
                zorder=20,
            )


def _axis_labels(axes: Axes, spokes: Sequence[float], data: RadarData) -> None:
    for index, (angle, label) in enumerate(zip(spokes, data.axes, strict=True)):
        text = textwrap.fill(label, LABEL_WRAP, break_on_hyphens=False)
        if all(series.values[index] is None for series in data.series):
            text += f"\n({NOT_COMPUTABLE})"
        (x, y), horizontal, vertical = label_anchor(angle)
        axes.text(
            x,
            y,
            text,
            ha=horizontal,
            va=vertical,
            multialignment=horizontal if horizontal != "center" else "center",
            fontsize=9,
            linespacing=1.2,
        )


def _series(axes: Axes, spokes: Sequence[float], series: Series, scale: float, fill: bool) -> None:
    style = SERIES_STYLES[series.style]
    name = legend_label(series.name)
    lines = runs(spokes, series.values, scale)
    line = {"color": style.colour, "linestyle": style.line, "marker": style.marker}
    for number, run in enumerate(lines):
        xs, ys = zip(*run, strict=True)
        axes.plot(
            xs,
            ys,
            **line,
            linewidth=2.2,
            markersize=6,
            markeredgecolor="white",
            markeredgewidth=0.8,
            label=name if number == 0 else None,
            zorder=5 + series.style,
        )
        if fill and len(run) == len(series.values) + 1:
            axes.fill(xs, ys, color=style.colour, alpha=0.10, linewidth=0, zorder=2)
    if not lines:
        axes.plot([], [], **line, label=f"{name} ({NOT_COMPUTABLE})")


def _band(axes: Axes, spokes: Sequence[float], band: Band, scale: float) -> None:
    known = band_known(band.low, band.high)
    style = {"facecolor": BAND_COLOUR, "alpha": 0.2, "linewidth": 0, "zorder": 3}
    if len(known) == len(spokes):
        outer = [xy(a, v * scale) for a, v in zip(spokes, band.high, strict=True)]
        inner = [xy(a, v * scale) for a, v in zip(spokes, band.low, strict=True)]
        axes.add_patch(PathPatch(_ring(outer, inner), label=legend_label(band.name), **style))
        return
    # With gaps, each known axis shows its own range as a thick stroke.
    for i in known:
        xs, ys = zip(
            xy(spokes[i], band.low[i] * scale), xy(spokes[i], band.high[i] * scale), strict=True
        )
        axes.plot(
            xs, ys, color=BAND_COLOUR, alpha=0.35, linewidth=7, solid_capstyle="butt", zorder=3
        )
    axes.add_patch(PathPatch(Path([(0, 0)]), label=legend_label(band.name), **style))
