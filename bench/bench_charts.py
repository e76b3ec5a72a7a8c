"""Chart timings. Targets: a chart drawn uncached ≤ 100 ms; a cached chart served ≤ 1 ms.

Run: ``.venv/bin/pytest bench/bench_charts.py --benchmark-enable -q``
"""

from __future__ import annotations

import pytest

from coopassess.charts import Band, ChartCache, RadarData, Series, render
from coopassess.instrument.registry import default_registry

SCORES = (68.8, 55.4, 55.0, 72.5, None, 61.3, 47.5, 80.0)


def coop_chart(series_count: int = 1) -> RadarData:
    """A COOP radar as the builders make it, with the instrument's real labels."""
    instrument = default_registry().current()
    axes = tuple(d.label.fr for d in instrument.questionnaires["COOP"].dimensions)
    series = tuple(
        Series(
            f"Organisation n° {i + 1}",
            tuple(None if v is None else max(0.0, v - 7 * i) for v in SCORES),
            i,
        )
        for i in range(series_count)
    )
    band = None
    if series_count == 1:
        band = Band(
            "Étendue des réponses (min–max)",
            tuple(None if v is None else v - 20 for v in SCORES),
            tuple(None if v is None else min(100.0, v + 15) for v in SCORES),
        )
    return RadarData("Maturité coopérative", axes, series, band, subtitle="IMC : 63 — Coopération")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_radar_uncached(benchmark, fmt: str) -> None:
    data = coop_chart()
    content = benchmark(render, data, fmt)
    assert content


def test_radar_png_screen_resolution_uncached(benchmark) -> None:
    """100 dpi: what a page would use if it asked for PNG instead of SVG."""
    data = coop_chart()
    assert benchmark(render, data, "png", dpi=100)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_overlay_six_series_uncached(benchmark, fmt: str) -> None:
    data = coop_chart(6)
    assert benchmark(render, data, fmt)


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_radar_cached(benchmark, fmt: str) -> None:
    cache = ChartCache()
    cache.get_or_render(coop_chart(), fmt)
    data = coop_chart()  # an equal chart built anew, as a request would
    content = benchmark(cache.get_or_render, data, fmt)
    assert content and cache.renders == 1
