"""The content cache: same content never redrawn, changed content redrawn, shared on disk."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from coopassess.charts import ChartCache, ChartDataError, Series, chart_key, coop_radar, render
from coopassess.charts import cache as cache_module
from coopassess.charts.data import RadarData
from tests.fixtures.charts import COOP_SCORES, instrument, results


class CountingRenderer:
    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, data: RadarData, fmt: str, **options: object) -> bytes:
        with self.lock:
            self.calls += 1
        time.sleep(self.delay)  # long enough for other threads to ask for the same chart
        return f"{fmt}:{data.title}:{data.series[0].values}:{self.calls}".encode()


def chart(**changes: float | None) -> RadarData:
    return coop_radar(results({**COOP_SCORES, **changes}), instrument())


def test_hit_returns_identical_bytes_without_redrawing() -> None:
    cache = ChartCache()
    first = cache.get_or_render(chart(), "svg")
    again = cache.get_or_render(chart(), "svg")  # an equal chart built anew
    assert again == first and first == render(chart(), "svg")
    assert cache.renders == 1


def test_changed_answer_format_or_dpi_gives_a_new_chart() -> None:
    renderer = CountingRenderer()
    cache = ChartCache(renderer=renderer)
    base = cache.get_or_render(chart(), "svg")
    assert cache.get_or_render(chart(**{"COOP.VIT": 70.0}), "svg") != base
    cache.get_or_render(chart(), "png")
    cache.get_or_render(chart(), "png", dpi=300)
    cache.get_or_render(chart(), "svg")
    assert renderer.calls == 4
    assert chart_key(chart(), "svg") != chart_key(chart(**{"COOP.RES": 10.0}), "svg")
    assert chart_key(chart(), "svg") == chart_key(chart(), "svg")


def test_style_version_is_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    key = chart_key(chart(), "svg")
    monkeypatch.setattr(cache_module, "STYLE_VERSION", "next")
    assert chart_key(chart(), "svg") != key


def test_disk_cache_is_shared_between_instances(tmp_path: Path) -> None:
    first, second = CountingRenderer(), CountingRenderer()
    written = ChartCache(directory=tmp_path, renderer=first).get_or_render(chart(), "png")
    read = ChartCache(directory=tmp_path, renderer=second).get_or_render(chart(), "png")
    assert read == written
    assert (first.calls, second.calls) == (1, 0)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.suffix for p in files] == [".png"]  # no temporary file left behind


def test_memory_is_bounded_in_bytes_least_recently_used_first() -> None:
    renderer = CountingRenderer()
    one = len(renderer(chart(), "svg"))
    cache = ChartCache(max_bytes=one * 2 + 4, renderer=renderer)
    a, b, c = chart(), chart(**{"COOP.VIT": 1.0}), chart(**{"COOP.VIT": 2.0})
    cache.get_or_render(a)
    cache.get_or_render(b)
    cache.get_or_render(a)  # a is now the most recent
    cache.get_or_render(c)  # evicts b
    assert cache.size <= cache.max_bytes
    calls = renderer.calls
    cache.get_or_render(a)
    assert renderer.calls == calls
    cache.get_or_render(b)
    assert renderer.calls == calls + 1


def test_concurrent_requests_draw_a_chart_once() -> None:
    renderer = CountingRenderer(delay=0.05)
    cache = ChartCache(renderer=renderer)
    outputs: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: outputs.append(cache.get_or_render(chart())))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert renderer.calls == 1 and len(set(outputs)) == 1


def test_unknown_format_is_refused_before_drawing() -> None:
    renderer = CountingRenderer()
    with pytest.raises(ChartDataError):
        ChartCache(renderer=renderer).get_or_render(chart(), "gif")  # type: ignore[arg-type]
    assert renderer.calls == 0


def test_series_values_drive_the_key() -> None:
    data = RadarData("t", ("a", "b", "c"), (Series("s", (1.0, 2.0, 3.0)),))
    other = RadarData("t", ("a", "b", "c"), (Series("s", (1.0, 2.0, None)),))
    assert chart_key(data, "svg") != chart_key(other, "svg")
