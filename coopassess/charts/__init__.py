"""Charts (pure): Results → radar data → SVG/PNG/PDF bytes, cached by content."""

from coopassess.charts.cache import ChartCache, chart_key
from coopassess.charts.data import (
    Band,
    RadarData,
    Series,
    overlay_radar,
    questionnaire_radar,
    table_rows,
    values_radar,
)
from coopassess.charts.radar import render

__all__ = [
    "Band",
    "ChartCache",
    "RadarData",
    "Series",
    "chart_key",
    "overlay_radar",
    "questionnaire_radar",
    "render",
    "table_rows",
    "values_radar",
]
