"""Charts (pure): Results → chart data → SVG/PNG/PDF bytes, cached by the content they draw."""

from coopassess.charts.builders import (
    coop_radar,
    dimension_radar,
    module_radar,
    overlay_radar,
    questionnaire_radar,
    values_radar,
)
from coopassess.charts.cache import ChartCache, chart_key
from coopassess.charts.data import MAX_SERIES, Band, ChartDataError, RadarData, Series
from coopassess.charts.mpl.output import FORMATS, describe, render
from coopassess.charts.style import STYLE_VERSION
from coopassess.charts.table import ChartTable, table_rows
from coopassess.scoring.rounding import format_score

__all__ = [
    "FORMATS",
    "MAX_SERIES",
    "STYLE_VERSION",
    "Band",
    "ChartCache",
    "ChartDataError",
    "ChartTable",
    "RadarData",
    "Series",
    "chart_key",
    "coop_radar",
    "describe",
    "dimension_radar",
    "format_score",
    "module_radar",
    "overlay_radar",
    "questionnaire_radar",
    "render",
    "table_rows",
    "values_radar",
]
