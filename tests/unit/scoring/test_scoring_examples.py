"""Worked examples of scoring-model.md §12, on the functions and through `coopassess score`."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from coopassess.cli.scoring import score_command
from coopassess.scoring import RespondentAnswers, score_campaign, score_respondent
from coopassess.scoring.aggregate import agreement, dimension_ad, item_ad
from coopassess.scoring.plan import plan_for
from coopassess.scoring.respondent import dimension_score
from tests.fixtures.scoring import (
    EXAMPLE_1,
    EXAMPLE_2,
    EXAMPLE_3,
    SCORE_DIR,
    check_shape,
    example_3,
    example_4,
    example_5,
    example_6,
    instrument,
)


def dimension_plan(dimension_id: str):
    plan = plan_for(instrument())
    return next(d for q in plan.questionnaires for d in q.dimensions if d.id == dimension_id)


def run_score(name: str) -> dict:
    result = CliRunner().invoke(score_command, ["--responses", str(SCORE_DIR / name)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    check_shape(data)
    return data


# Example 1 ------------------------------------------------------------------------------------


def test_example_1_dimension_score_unrounded_then_rounded_then_level():
    assert dimension_score(dimension_plan("COOP.VIT"), EXAMPLE_1) == 68.75
    result = score_respondent(instrument(), "r1", EXAMPLE_1)
    assert result.dimensions["COOP.VIT"] == 68.8
    assert instrument().level_for(68.8).code == "N4"


def test_example_1_cli():
    vit = run_score("example1.json")["questionnaires"]["COOP"]["dimensions"]["COOP.VIT"]
    assert (vit["score"], vit["level"], vit["n"]) == (68.8, "N4", 1)
    # One respondent: no dispersion statistics.
    assert vit["sd"] is None and vit["ad"] is None and vit["agreement"] is None


# Example 2 ------------------------------------------------------------------------------------


def test_example_2_too_many_nsp_nc_is_not_computable():
    assert dimension_score(dimension_plan("COOP.LEA"), EXAMPLE_2) is None


def test_example_2_cli():
    data = run_score("example2.json")
    lea = data["questionnaires"]["COOP"]["dimensions"]["COOP.LEA"]
    assert lea["score"] is None and lea["level"] is None and lea["n"] == 0
    assert data["respondents"][0]["dimensions"]["COOP.LEA"] is None


# Example 3 ------------------------------------------------------------------------------------


def test_example_3_respondent_scores():
    plan = dimension_plan("COOP.LEA")
    scores = [dimension_score(plan, answers) for _, _, answers in EXAMPLE_3]
    assert scores == [90.0, 75.0, 30.0, 12.5, 85.0, 40.0]


def test_example_3_item_ads():
    columns = list(zip(*[answers.values() for _, _, answers in EXAMPLE_3], strict=True))
    ads = [item_ad([v for v in column if isinstance(v, int)]) for column in columns]
    assert [round(float(ad), 3) for ad in ads] == [1.333, 1.167, 0.833, 0.72, 1.333]
    ad = dimension_ad(dimension_plan("COOP.LEA"), [a for _, _, a in EXAMPLE_3])
    assert ad == sum(ads, Fraction(0)) / 5
    assert round(float(ad), 3) == 1.077 and round(float(ad) * 25, 1) == 26.9
    assert agreement(ad, instrument()) == "Désaccord"


def check_example_3(data: dict) -> None:
    coop = data["questionnaires"]["COOP"]
    assert coop["dimensions"]["COOP.LEA"] == {
        "score": 55.4,
        "level": "N3",
        "n": 6,
        "min": 12.5,
        "max": 90.0,
        "sd": 32.2,
        "ad": 1.077,
        "agreement": "Désaccord",
        "nsp_rate": 0.033,
        "flags": ["DESACCORD", "ECART_PILOTES"],
    }
    assert coop["risks_signalled"] == ["COOP-LEA-01", "COOP-LEA-05"]
    assert coop["priorities"] == ["COOP.LEA"]
    assert [r["dimensions"]["COOP.LEA"] for r in data["respondents"]] == [
        90.0,
        75.0,
        30.0,
        12.5,
        85.0,
        40.0,
    ]
    assert data["flags"] == []


def test_example_3_organisation():
    results = score_campaign(instrument(), example_3(), "territoire")
    check_shape(results.to_json())
    check_example_3(results.to_json())


def test_example_3_cli():
    check_example_3(run_score("example3.json"))


def test_example_3_other_direction_is_a_subgroup_gap_not_a_pilot_gap():
    roles = [
        "Participant·e régulier·e",
        "Participant·e régulier·e",
        "Pilote ou animateur·rice",
        "Membre du noyau de pilotage",
        "Participant·e régulier·e",
        "Membre du noyau de pilotage",
    ]
    respondents = [
        RespondentAnswers(r.id, {"P-ROLE": role}, r.answers)
        for r, role in zip(example_3(), roles, strict=True)
    ]
    # The pilots are now R3, R4, R6: participants see a more accomplished cooperation.
    flags = score_campaign(instrument(), respondents, "territoire").questionnaires["COOP"]
    assert flags.dimensions["COOP.LEA"].flags == ("DESACCORD", "ECART_SOUS_GROUPES")


# Example 4 ------------------------------------------------------------------------------------


EXAMPLE_4_EXPECTED = {
    "COOP.VIT": 68.8,
    "COOP.OUV": 55.4,
    "COOP.LEA": 55.0,
    "COOP.LIE": 72.5,
    "COOP.RES": None,
    "COOP.OEU": 61.3,
    "COOP.LAN": 47.5,
    "COOP.MET": 80.0,
}


def check_example_4(data: dict) -> None:
    coop = data["questionnaires"]["COOP"]
    scores = {key: value["score"] for key, value in coop["dimensions"].items()}
    assert scores == EXAMPLE_4_EXPECTED
    assert coop["index"] == {"code": "IMC", "score": 62.9, "level": "N4"}
    assert coop["priorities"] == ["COOP.LAN", "COOP.LEA", "COOP.OUV"]


def test_example_4_imc():
    results = score_campaign(instrument(), example_4(), "territoire")
    check_example_4(results.to_json())


def test_example_4_cli():
    check_example_4(run_score("example4.json"))


def test_example_4_index_needs_six_valid_dimensions():
    respondents = [
        RespondentAnswers(
            r.id,
            r.profile,
            {k: v for k, v in r.answers.items() if not k.startswith(("COOP-MET", "COOP-LAN"))},
        )
        for r in example_4()
    ]
    index = score_campaign(instrument(), respondents, "territoire").questionnaires["COOP"].index
    assert index.score is None and index.level is None


# Example 5 ------------------------------------------------------------------------------------


def check_example_5(data: dict) -> None:
    assert list(data["questionnaires"]) == ["VAL"]
    env = data["questionnaires"]["VAL"]["families"]["VAL.ENV"]
    assert env == {"observed": 35.0, "expected": 80.0, "gap": 45.0, "quadrant": "Priorité"}


def test_example_5_values():
    check_example_5(score_campaign(instrument(), example_5(), "territoire").to_json())


def test_example_5_cli():
    data = run_score("example5.json")
    check_example_5(data)
    assert data["respondents"][0]["dimensions"]["VAL.ENV.observed"] == 25.0
    assert data["respondents"][0]["dimensions"]["VAL.ENV.expected"] == 75.0


# Example 6 ------------------------------------------------------------------------------------


def test_example_6_acquiescence():
    (respondent,) = example_6()
    assert score_respondent(instrument(), "yes", respondent.answers).flags == (
        "UNIFORME",
        "ACQUIESCENCE",
    )


def test_example_6_cli():
    assert run_score("example6.json")["respondents"][0]["flags"] == ["UNIFORME", "ACQUIESCENCE"]


@pytest.mark.parametrize("name", [f"example{n}.json" for n in range(1, 7)])
def test_fixture_files_match_their_builders(name):
    from tests.fixtures.scoring import EXAMPLES, campaign_json

    stored = json.loads((SCORE_DIR / name).read_text(encoding="utf-8"))
    assert stored == campaign_json("territoire", EXAMPLES[name]())
