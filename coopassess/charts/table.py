"""The text alternative of a chart: the same figures as a table, ready to display."""

from __future__ import annotations

from dataclasses import dataclass

from coopassess.charts.data import RadarData
from coopassess.scoring.rounding import format_score


@dataclass(frozen=True, slots=True)
class ChartTable:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def table_rows(data: RadarData, axis_header: str = "Dimension") -> ChartTable:
    """One row per axis: the value of each series, then the band's min and max."""
    header = [axis_header, *(series.name for series in data.series)]
    if data.band is not None:
        header += ["Min", "Max"]
    rows = []
    for index, axis in enumerate(data.axes):
        row = [axis, *(format_score(series.values[index]) for series in data.series)]
        if data.band is not None:
            row += [format_score(data.band.low[index]), format_score(data.band.high[index])]
        rows.append(tuple(row))
    caption = f"{data.title} — {data.subtitle}" if data.subtitle else data.title
    return ChartTable(caption, tuple(header), tuple(rows))
