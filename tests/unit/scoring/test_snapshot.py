"""The results kept once answers are erased: every aggregated figure back, no respondent."""

from __future__ import annotations

import json
from dataclasses import replace

from coopassess.scoring import snapshot
from coopassess.scoring.results import (
    DimensionResult,
    FamilyResult,
    IndexResult,
    QuestionnaireResult,
    RespondentResult,
    Results,
)


def test_a_snapshot_gives_the_same_results_without_respondents() -> None:
    results = Results(
        instrument_id="coopassess",
        instrument_version="1.0.0",
        target="territoire",
        n_respondents=5,
        questionnaires={
            "COOP": QuestionnaireResult(
                id="COOP",
                index=IndexResult("IMC", 62.5, "N3"),
                dimensions={
                    "GOV": DimensionResult(
                        "GOV", 55.0, "N3", 5, 40.0, 70.0, 11.2, 0.61, "Consensus", 0.1, ("F1",)
                    )
                },
                risks_signalled=("GOV",),
                priorities=("GOV",),
            ),
            "VAL": QuestionnaireResult(
                id="VAL", families={"ENV": FamilyResult("ENV", 60.0, 80.0, -20.0, "Priorité", 5, 4)}
            ),
        },
        flags=("ORG",),
        respondents=(RespondentResult("R1", {"GOV": 50.0}),),
        min_respondents=3,
    )
    stored = json.loads(json.dumps(snapshot.dump(results)))
    assert "respondents" not in json.dumps(stored["questionnaires"])
    assert snapshot.load(stored) == replace(results, respondents=())
