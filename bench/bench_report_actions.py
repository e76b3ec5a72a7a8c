"""The organisation's report with a 20-action plan (its own section, descriptions and notes):
30 respondents, all four modules, charts drawn as in ``bench_reports.py``.

Run with ``.venv/bin/pytest bench/bench_report_actions.py --benchmark-enable``.
Target (action plan issue): still ≤ 200 ms with the charts drawn.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.instrument.registry import default_registry
from coopassess.reports import ReportContext, organisation_report
from coopassess.reports.drawing import chart_drawing
from coopassess.reports.plan import PlanLine
from coopassess.scoring import RespondentAnswers, score_campaign

CONTEXT = ReportContext(
    organisation="Agglomération de Rives-sur-Loire",
    demarche="Plateforme territoriale du réemploi dans le BTP",
    opens_on=date(2026, 9, 1),
    closes_on=date(2026, 11, 30),
    respondents_by_structure=[("Commune", 12), ("Intercommunalité (EPCI)", 18)],
    respondents_by_role=[("Pilote ou animateur·rice", 4), ("Participant·e régulier·e", 26)],
)
STATUSES = (("planned", "à lancer"), ("in_progress", "en cours"), ("done", "faite"))


@pytest.fixture(scope="module")
def scored():
    instrument = default_registry().current()
    rng = random.Random(30)
    respondents = [
        RespondentAnswers(f"R{i}", *demo_response(instrument, ORGANISATIONS[0], i, rng))
        for i in range(30)
    ]
    results = score_campaign(instrument, respondents, "territoire")
    dimensions = [d for q in instrument.questionnaires.values() for d in q.dimensions]
    lines = []
    for number in range(20):
        dimension = dimensions[number % len(dimensions)]
        status, label = STATUSES[number % 3]
        lines.append(
            PlanLine(
                id=number,
                questionnaire=dimension.id.split(".")[0],
                dimension=dimension.id,
                dimension_label=dimension.label.fr,
                title=f"Action {number + 1} : {dimension.label.fr}",
                description=dimension.recommendations["N2"].fr
                if dimension.recommendations
                else "Organiser un atelier.",
                owner="Service développement économique",
                due_on=date(2027, 1, 15) + timedelta(days=20 * number),
                status=status,
                status_label=label,
                notes="Point d'étape au comité de pilotage." if number % 2 else "",
                overdue=number < 3,
                created_on=date(2026, 12, 1),
                updated_on=date(2026, 12, 1),
            )
        )
    return instrument, results, replace(CONTEXT, actions=lines)


def test_report_with_a_twenty_action_plan(benchmark, scored) -> None:
    instrument, results, context = scored

    def build() -> bytes:
        chart_drawing.cache_clear()
        return organisation_report(results, instrument, context)

    pdf = benchmark.pedantic(build, rounds=20, iterations=1, warmup_rounds=1)
    benchmark.extra_info["size_kib"] = round(len(pdf) / 1024, 1)
    assert len(pdf) < 300 * 1024
