"""Horizontal bars for modules with fewer than five dimensions (ACH), same reading as the radar:
0–100 scale with the level bands shaded, the respondents' min–max as a whisker."""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes

from coopassess.charts.data import Band, RadarData
from coopassess.charts.geometry import BARS_LABEL_WRAP, GROUP_HEIGHT, LEVELS
from coopassess.charts.style import (
    GRID_COLOUR,
    LEVEL_SHADE,
    MUTED_COLOUR,
    SERIES_STYLES,
    TEXT_COLOUR,
    legend_label,
)
from coopassess.scoring.rounding import NOT_COMPUTABLE, format_score


def draw_bars(axes: Axes, data: RadarData) -> None:
    scale = 100 / data.scale_max
    count = len(data.series)
    height = GROUP_HEIGHT / count
    positions = [len(data.axes) - 1 - i for i in range(len(data.axes))]
    _scale(axes, data.scale_max)
    for number, series in enumerate(data.series):
        style = SERIES_STYLES[series.style]
        offset = (count - 1) / 2 * height - number * height
        # Null values get an invisible bar, so that the legend keeps the series' look.
        axes.barh(
            [p + offset for p in positions],
            [0 if v is None else v * scale for v in series.values],
            height=height * 0.92,
            color=style.colour,
            hatch=style.hatch,
            edgecolor="white",
            linewidth=[0 if v is None else 0.6 for v in series.values],
            zorder=3,
            label=legend_label(series.name),
        )
        for position, value in zip(positions, series.values, strict=True):
            _value_label(axes, position + offset, value, scale, plain=not style.hatch)
    if data.band is not None:
        _whiskers(axes, data.band, positions, scale, count, height)
    axes.set_yticks(positions, [textwrap.fill(a, BARS_LABEL_WRAP) for a in data.axes], fontsize=9)
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(-0.6, len(data.axes) - 0.4)


def _value_label(axes: Axes, y: float, value: float | None, scale: float, *, plain: bool) -> None:
    """The figure inside a plain bar, clear of the min–max whisker, else just after the bar;
    « n.c. » where there is no bar."""
    if value is None:
        axes.text(
            1.5,
            y,
            NOT_COMPUTABLE,
            va="center",
            fontsize=8.5,
            style="italic",
            color=MUTED_COLOUR,
            zorder=6,
        )
        return
    inside = plain and value * scale >= 8
    axes.text(
        1.2 if inside else value * scale + 1.2,
        y,
        format_score(value),
        ha="left",
        va="center",
        fontsize=8.5,
        fontweight="bold",
        color="white" if inside else MUTED_COLOUR,
        zorder=6,
    )


def _scale(axes: Axes, scale_max: float) -> None:
    for number in range(5):
        if number % 2 == 1:
            axes.axvspan(number * 20, number * 20 + 20, color=LEVEL_SHADE, zorder=0, linewidth=0)
    axes.set_xlim(0, 104)
    axes.set_xticks(range(0, 101, 20), [f"{t * scale_max / 100:g}" for t in range(0, 101, 20)])
    axes.tick_params(axis="x", labelsize=8, colors=MUTED_COLOUR)
    axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.7, zorder=1)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(GRID_COLOUR)
    if scale_max == 100:
        top = axes.secondary_xaxis("top")
        top.set_xticks([10 + 20 * i for i in range(5)], LEVELS)
        top.tick_params(length=0, labelsize=7.5, colors=MUTED_COLOUR)
        top.spines["top"].set_visible(False)


def _whiskers(
    axes: Axes, band: Band, positions: list[int], scale: float, count: int, height: float
) -> None:
    """The band drawn over the first series' bars: a thin line with end caps."""
    offset = (count - 1) / 2 * height
    label = legend_label(band.name)
    for position, low, high in zip(positions, band.low, band.high, strict=True):
        if low is None or high is None:
            continue
        axes.errorbar(
            (low + high) / 2 * scale,
            position + offset,
            xerr=(high - low) / 2 * scale,
            fmt="none",
            ecolor=TEXT_COLOUR,
            elinewidth=1.3,
            capsize=4,
            zorder=5,
            label=label,
        )
        label = None
