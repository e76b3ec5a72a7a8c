"""Scoring speed: one full response, a 30-respondent campaign, ``coopassess score`` on 1,000.

Run with ``.venv/bin/pytest bench/bench_scoring.py --benchmark-enable -q``. Targets on the
2-core reference machine: one response ≤ 50 µs, a 30-respondent campaign ≤ 5 ms.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from click.testing import CliRunner

from coopassess.cli.scoring import score_command
from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.scoring import RespondentAnswers, score_campaign, score_respondent

SEED = 20240601
PROFILES = {
    "P-STRUCT": ("Commune", "Intercommunalité (EPCI)", "Région", "Entreprise – PME (10–249)"),
    "P-FONCTION": ("Élu·e", "Achats / commande publique", "Direction générale"),
    "P-ROLE": (
        "Pilote ou animateur·rice",
        "Membre du noyau de pilotage",
        "Participant·e régulier·e",
        "Participant·e occasionnel·le",
    ),
}


def instrument() -> Instrument:
    return default_registry().current()


def respondent(rng: random.Random, instrument: Instrument, rid: str) -> RespondentAnswers:
    """Answers around a personal tendency, risk items answered the other way, ~8 % NSP/NC."""
    tendency = rng.choice((2, 3, 3, 4, 4, 5))
    answers: dict[str, int | str] = {}
    for item in instrument.items_by_id.values():
        for key in item.answer_keys:
            draw = rng.random()
            if draw < 0.06:
                answers[key] = "NSP"
            elif draw < 0.08:
                answers[key] = "NC"
            else:
                centre = 6 - tendency if item.reverse else tendency
                answers[key] = min(5, max(1, centre + rng.choice((-2, -1, -1, 0, 0, 0, 1, 1, 2))))
    profile = {key: rng.choice(values) for key, values in PROFILES.items()}
    return RespondentAnswers(rid, profile, answers)


def campaign(size: int) -> list[RespondentAnswers]:
    rng = random.Random(SEED)
    current = instrument()
    return [respondent(rng, current, f"r{index + 1}") for index in range(size)]


def test_one_full_response(benchmark):
    (one,) = campaign(1)
    assert len(instrument().items_by_id) == 104
    result = benchmark(score_respondent, instrument(), one.id, one.answers)
    assert result.dimensions["COOP.VIT"] is not None


def test_campaign_of_30(benchmark):
    respondents = campaign(30)
    results = benchmark(score_campaign, instrument(), respondents, "territoire")
    assert results.n_respondents == 30 and set(results.questionnaires) == {
        "COOP",
        "ACH",
        "TER",
        "VAL",
    }


def test_score_command_on_1000(benchmark, tmp_path: Path):
    path = tmp_path / "responses.json"
    data = {
        "target": "territoire",
        "respondents": [
            {"id": r.id, "profile": dict(r.profile), "answers": dict(r.answers)}
            for r in campaign(1000)
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()

    def run() -> str:
        result = runner.invoke(score_command, ["--responses", str(path)])
        assert result.exit_code == 0, result.stderr
        return result.stdout

    output = benchmark.pedantic(run, rounds=5, iterations=1)
    assert json.loads(output)["n_respondents"] == 1000
