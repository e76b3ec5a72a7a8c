"""Serving charts: one content cache per app (shared on disk by the workers), HTTP caching."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, abort, current_app, request

from coopassess.charts import ChartCache, dimension_radar, values_radar
from coopassess.charts.data import RadarData
from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import Results

EXTENSION_KEY = "coopassess.charts"
MIMETYPES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = ChartCache(directory=Path(app.config["CHART_CACHE_DIR"]))


def chart_cache() -> ChartCache:
    return current_app.extensions[EXTENSION_KEY]


def radar_data(results: Results, instrument: Instrument, questionnaire: str) -> RadarData:
    if questionnaire == "VAL":
        return values_radar(results, instrument)
    return dimension_radar(results, instrument, questionnaire)


def chart_response(data: RadarData, fmt: str, *, download_name: str | None = None) -> Response:
    """The chart with an ETag (a client that has it gets 304), never stored by a cache."""
    content = chart_cache().get_or_render(data, fmt)
    etag = hashlib.sha256(content).hexdigest()[:32]
    response = Response(content, mimetype=MIMETYPES[fmt])
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-store"  # results: never kept
    if download_name:
        response.headers["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return response.make_conditional(request)


def radar_download(
    results: Results, instrument: Instrument, questionnaire: str, fmt: str
) -> Response:
    """A radar of ``results``: SVG for the page, PNG (200 dpi) as a download; 404 for a
    questionnaire nobody answered."""
    if questionnaire not in results.questionnaires:
        abort(404)
    download = f"radar-{questionnaire.lower()}.png" if fmt == "png" else None
    return chart_response(
        radar_data(results, instrument, questionnaire), fmt, download_name=download
    )
