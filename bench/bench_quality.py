"""Reliability core (scoring-model.md §9) on 5,000 synthetic respondents answering every
questionnaire: building the pooled answers matrix, then α and item–total correlations of every
scale (dimensions, VAL ratings, wording variants).

Run with ``.venv/bin/pytest bench/bench_quality.py --benchmark-enable -q``. Targets on the
2-core reference machine: the matrix ≤ 150 ms, every scale ≤ 50 ms.
"""

from __future__ import annotations

import random

import pytest

from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.scoring.reliability import Pool, pool, reliability

SEED = 20240601
SIZE = 5000
STRUCTURES = ("Commune", "Région", "Entreprise – PME (10–249)", "Association")


def instrument() -> Instrument:
    return default_registry().current()


def respondents(size: int) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """As the database hands them over: (P-STRUCT, target, (key, text value) pairs); each
    respondent answers around a personal level, risk items the other way, ~8 % NSP/NC."""
    rng = random.Random(SEED)
    items = list(instrument().items_by_id.values())
    rows = []
    for index in range(size):
        level = rng.gauss(3.0, 0.9)
        answers = []
        for item in items:
            for key in item.answer_keys:
                draw = rng.random()
                if draw < 0.08:
                    answers.append((key, "NSP" if draw < 0.06 else "NC"))
                    continue
                value = max(1, min(5, round(rng.gauss(level, 0.8))))
                answers.append((key, str(6 - value if item.reverse else value)))
        rows.append((STRUCTURES[index % 4], ("territoire", "entreprise")[index % 2], answers))
    return rows


@pytest.fixture(scope="module")
def pooled() -> Pool:
    return pool(instrument(), respondents(SIZE))


def test_pool_of_5000(benchmark) -> None:
    rows = respondents(SIZE)
    data = benchmark(pool, instrument(), rows)
    assert data.answers.shape == (SIZE, len(instrument().answer_keys))


def test_reliability_of_5000(benchmark, pooled: Pool) -> None:
    report = benchmark(reliability, instrument(), pooled)
    scales = {result.scale.id: result for result in report.scales}
    assert report.n_respondents == SIZE and len(scales) == 67
    assert scales["COOP.VIT"].status == "calcule" and scales["COOP.VIT"].alpha > 0.7
