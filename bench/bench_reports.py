"""The organisation's PDF report: 30 respondents, all four modules, charts drawn or cached.

Run with ``make bench`` (or ``.venv/bin/pytest bench/bench_reports.py --benchmark-enable``).
Targets (PDF issue): ≤ 200 ms with the charts drawn, ≤ 60 ms with them cached, ≤ 300 KiB.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.instrument.registry import default_registry
from coopassess.reports import ReportContext, organisation_report
from coopassess.reports.drawing import chart_drawing
from coopassess.scoring import RespondentAnswers, score_campaign

CONTEXT = ReportContext(
    organisation="Agglomération de Rives-sur-Loire",
    demarche="Plateforme territoriale du réemploi dans le BTP",
    opens_on=date(2026, 9, 1),
    closes_on=date(2026, 11, 30),
    respondents_by_structure=[("Commune", 12), ("Intercommunalité (EPCI)", 18)],
    respondents_by_role=[("Pilote ou animateur·rice", 4), ("Participant·e régulier·e", 26)],
)


@pytest.fixture(scope="module")
def scored():
    instrument = default_registry().current()
    organisation = ORGANISATIONS[0]  # COOP, ACH, TER and VAL
    rng = random.Random(30)
    respondents = [
        RespondentAnswers(f"R{i}", *demo_response(instrument, organisation, i, rng))
        for i in range(30)
    ]
    return instrument, score_campaign(instrument, respondents, "territoire")


def test_report_with_charts_drawn(benchmark, scored) -> None:
    instrument, results = scored

    def build() -> bytes:
        chart_drawing.cache_clear()
        return organisation_report(results, instrument, CONTEXT)

    pdf = benchmark.pedantic(build, rounds=20, iterations=1, warmup_rounds=1)
    benchmark.extra_info["size_kib"] = round(len(pdf) / 1024, 1)
    assert len(pdf) < 300 * 1024


def test_report_with_charts_cached(benchmark, scored) -> None:
    instrument, results = scored

    def build() -> bytes:
        return organisation_report(results, instrument, CONTEXT)

    pdf = benchmark(build)
    benchmark.extra_info["size_kib"] = round(len(pdf) / 1024, 1)
    assert len(pdf) < 300 * 1024
