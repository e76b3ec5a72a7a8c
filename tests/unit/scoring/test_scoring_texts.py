"""Which texts are shown (§10–§11) and comparisons between campaigns (§8)."""

from __future__ import annotations

import dataclasses

import pytest

from coopassess.scoring import (
    ComparisonError,
    RespondentAnswers,
    benchmark,
    campaign_flag_notes,
    compare,
    family_advice,
    notable_change,
    recommendations,
    risk_notes,
    score_campaign,
)
from tests.fixtures.scoring import example_3, example_4, example_5, instrument, raw_for_scores


def score(respondents, target="territoire"):
    return score_campaign(instrument(), respondents, target)


def test_example_3_texts_level_n3_desaccord_and_pilot_gap():
    results = score(example_3())
    (lea,) = [a for a in recommendations(results, instrument()) if a.score is not None]
    assert (lea.id, lea.level, lea.level_name) == ("COOP.LEA", "N3", "Collaboration")
    assert lea.recommendation.startswith("Formalisez une gouvernance où le pilotage circule")
    assert [f.code for f in lea.flags] == ["DESACCORD", "ECART_PILOTES"]
    assert lea.flags[0].title == "Désaccord entre répondants"
    notes = risk_notes(results, instrument())
    assert [n.item_id for n in notes] == ["COOP-LEA-01", "COOP-LEA-05"]
    assert all(n.text for n in notes)


def test_recommendations_lowest_first_non_computable_last():
    advice = recommendations(score(example_4()), instrument())
    assert [a.id for a in advice] == [
        "COOP.LAN",
        "COOP.LEA",
        "COOP.OUV",
        "COOP.OEU",
        "COOP.VIT",
        "COOP.LIE",
        "COOP.MET",
        "COOP.RES",
    ]
    res = advice[-1]
    assert res.recommendation is None and [f.code for f in res.flags] == ["MECONNAISSANCE"]
    assert res.flags[0].title == "Méconnaissance"


def test_meconnaissance_on_flows_reads_the_flux_text():
    answers = raw_for_scores("TER.RSC", ["NSP", "NSP", 50, 50, 50])
    (rsc,) = [
        a
        for a in recommendations(score([RespondentAnswers("a", {}, answers)]), instrument())
        if a.id == "TER.RSC"
    ]
    assert rsc.flags[0].code == "MECONNAISSANCE"
    assert rsc.flags[0].title == "Méconnaissance des flux et des besoins"


def test_vision_fragmentee_note_and_values_texts():
    results = score(example_5())
    (env,) = family_advice(results, instrument())
    assert (env.id, env.quadrant) == ("VAL.ENV", "Priorité")
    assert env.text.startswith("Les attentes environnementales dépassent")
    results = dataclasses.replace(results, flags=("VISION_FRAGMENTEE",))
    (note,) = campaign_flag_notes(results, instrument())
    assert note.title == "Vision fragmentée"


def test_unexpected_value_text():
    answers = {"VAL-ATT-01.constate": 5, "VAL-ATT-01.attendu": 2}
    (att,) = family_advice(score([RespondentAnswers("a", {}, answers)]), instrument())
    assert att.quadrant == "Valeur inattendue"
    assert att.text == instrument().quadrants.text_unexpected.fr


# Comparisons ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "n_a", "n_b", "notable"),
    [
        (10.0, 3, 3, True),
        (-10.0, 5, 3, True),
        (9.9, 5, 5, False),
        (15.0, 2, 5, False),
        (None, 5, 5, False),
    ],
)
def test_notable_change(delta, n_a, n_b, notable):
    assert notable_change(delta, n_a, n_b) is notable


def test_compare_t0_t1():
    before = score(example_3())
    improved = [
        RespondentAnswers(r.id, r.profile, raw_for_scores("COOP.LEA", [75] * 5))
        for r in example_3()
    ]
    after = score(improved)
    comparison = compare([before, after])
    lea = next(row for row in comparison.rows if row.id == "COOP.LEA")
    assert lea.scores == (55.4, 75.0)
    assert lea.deltas == (None, 19.6)
    assert lea.notable == (False, True)
    imc = next(row for row in comparison.rows if row.id == "IMC")
    assert imc.deltas == (None, None)


def test_compare_refuses_other_version_or_target():
    results = score(example_3())
    with pytest.raises(ComparisonError, match="versions d'instrument différentes"):
        compare([results, dataclasses.replace(results, instrument_version="2.0.0")])
    with pytest.raises(ComparisonError, match="types de campagne différents"):
        compare([results, dataclasses.replace(results, target="entreprise")])
    with pytest.raises(ComparisonError):
        compare([])


def test_benchmark_needs_ten_organisations_and_hides_extremes():
    orgs = {
        f"org{i}": {"COOP.LEA": 10.0 * i, "COOP.VIT": 50.0 if i < 9 else None} for i in range(10)
    }
    reference = benchmark(orgs)
    assert reference["COOP.VIT"] is None  # 9 organisations only
    lea = reference["COOP.LEA"]
    assert (lea.n, lea.mean, lea.median, lea.q1, lea.q3) == (10, 45.0, 45.0, 22.5, 67.5)
    assert not hasattr(lea, "min") and not hasattr(lea, "max")
    assert benchmark(orgs, min_orgs=11)["COOP.LEA"] is None
