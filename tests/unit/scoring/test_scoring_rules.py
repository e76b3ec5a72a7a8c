"""Rules of scoring-model.md §2–§7 one by one: rounding, items, agreement, flags, values."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.scoring import (
    RespondentAnswers,
    item_score,
    recode,
    round_half_up,
    score_campaign,
    score_respondent,
)
from coopassess.scoring.aggregate import agreement, item_ad
from coopassess.scoring.priorities import priorities
from coopassess.scoring.respondent import respondent_indices
from coopassess.scoring.results import DimensionResult
from coopassess.scoring.rounding import at_least
from coopassess.scoring.values import quadrant
from tests.fixtures.scoring import PILOT, REGULAR, instrument, raw_for_scores

# Rounding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (68.75, 1, 68.8),
        (0.05, 1, 0.1),
        (0.15, 1, 0.2),  # 0.15 is 0.1499999… in binary
        (2.675, 2, 2.68),  # 2.67499999… in binary
        (55.41666666666667, 1, 55.4),
        (62.849999999999994, 1, 62.9),  # a true 62.85 computed in floats
        (62.84, 1, 62.8),
        (100.0, 1, 100.0),
        (0.0, 1, 0.0),
        (-0.05, 1, -0.1),  # ROUND_HALF_UP: ties away from zero
        (-12.25, 1, -12.3),
        (Fraction(1, 30), 3, 0.033),
        (Fraction(2155, 2000), 3, 1.078),  # exact tie 1.0775
        (Fraction(-1, 20), 1, -0.1),
        (None, 1, None),
    ],
)
def test_round_half_up(value, digits, expected):
    assert round_half_up(value, digits) == expected


def test_rounding_of_all_mean_of_item_scores_matches_decimal():
    """Every mean of 1..30 dimension scores that are multiples of 2.5 rounds as in Decimal."""
    for count in range(1, 31):
        for total_steps in range(0, 40 * count + 1, 7):
            total = Fraction(total_steps * 5, 2)
            exact_mean = total / count
            decimal = Decimal(exact_mean.numerator) / Decimal(exact_mean.denominator)
            expected = float(decimal.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            assert round_half_up(float(total) / count) == expected, (total, count)


def test_at_least_tolerates_float_noise_only():
    assert at_least(19.999999999999996, 20.0)
    assert not at_least(19.99, 20.0)


# Items ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "direct", "reverse"), [(1, 0, 100), (3, 50, 50), (5, 100, 0)])
def test_item_score(raw, direct, reverse):
    assert item_score(raw) == direct
    assert item_score(raw, reverse=True) == reverse
    assert recode(recode(raw, True), True) == raw


@pytest.mark.parametrize("value", ["NSP", "NC", None, True])
def test_nsp_nc_and_missing_have_no_score(value):
    assert item_score(value) is None


def test_nsp_is_never_imputed_as_3():
    plan_answers = {"COOP-VIT-03": 5, "COOP-VIT-04": 5, "COOP-VIT-05": 5, "COOP-VIT-01": "NSP"}
    assert score_respondent(instrument(), "a", plan_answers).dimensions["COOP.VIT"] == 100.0


# Levels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0.0, "N1"),
        (19.9, "N1"),
        (20.0, "N2"),
        (59.9, "N3"),
        (60.0, "N4"),
        (80.0, "N5"),
        (100.0, "N5"),
    ],
)
def test_level_bands(score, level):
    assert instrument().level_for(score).code == level


def test_level_is_assigned_on_the_rounded_score():
    """39 respondents at 20 and one at 18.75: 19.97 unrounded, 20.0 rounded, so N2, not N1."""
    answers = raw_for_scores("COOP.VIT", [0, 25, 25, 25, 25])  # 20.0
    low = raw_for_scores("COOP.VIT", [0, 25, 25, 25, "NSP"])  # 18.75
    respondents = [RespondentAnswers(f"r{i}", {}, answers) for i in range(39)]
    respondents.append(RespondentAnswers("low", {}, low))
    vit = score_campaign(instrument(), respondents, "entreprise").questionnaires["COOP"]
    vit = vit.dimensions["COOP.VIT"]
    assert vit.score == 20.0
    assert vit.level == "N2"


# Agreement ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ad", "category"),
    [
        (Fraction(1, 2), "Consensus"),
        (Fraction(51, 100), "Avis partagés"),
        (Fraction(5, 6), "Avis partagés"),
        (Fraction(5, 6) + Fraction(1, 10**6), "Désaccord"),
    ],
)
def test_agreement_categories(ad, category):
    assert agreement(ad, instrument()) == category


def test_ad_of_exactly_five_sixths_is_not_disagreement():
    """1,1,1,1,1,4 on every item: AD = 5/6 exactly, which naive floats put above 5/6."""
    assert item_ad([1, 1, 1, 1, 1, 4]) == Fraction(5, 6)
    respondents = [
        RespondentAnswers(f"r{i}", {}, raw_for_scores("COOP.MET", [0] * 5)) for i in range(5)
    ]
    respondents.append(RespondentAnswers("r6", {}, raw_for_scores("COOP.MET", [75] * 5)))
    met = score_campaign(instrument(), respondents, "entreprise").questionnaires["COOP"]
    met = met.dimensions["COOP.MET"]
    assert met.ad == 0.833
    assert met.agreement == "Avis partagés"
    assert "DESACCORD" not in met.flags


def test_below_three_respondents_no_dispersion():
    answers = raw_for_scores("COOP.VIT", [0, 100, 50, 50, 50])
    respondents = [RespondentAnswers(f"r{i}", {}, answers) for i in range(2)]
    vit = score_campaign(instrument(), respondents, "entreprise").questionnaires["COOP"]
    vit = vit.dimensions["COOP.VIT"]
    assert (vit.score, vit.n, vit.sd, vit.ad, vit.agreement) == (50.0, 2, None, None, None)


# Flags ----------------------------------------------------------------------------------------


def campaign(rows, target="territoire"):
    """rows: (profile, answers) pairs."""
    respondents = [RespondentAnswers(f"r{i}", p, a) for i, (p, a) in enumerate(rows)]
    return score_campaign(instrument(), respondents, target)


def test_meconnaissance_at_thirty_percent_exactly_and_flux_dimensions_keep_the_code():
    # 10 answers to ACH.CON: 3 NSP → 30 %.
    first = raw_for_scores("ACH.CON", ["NSP", "NSP", "NSP", 50, 50])
    second = raw_for_scores("ACH.CON", [50, 50, 50, 50, "NC"])
    con = campaign([({}, first), ({}, second)]).questionnaires["ACH"].dimensions["ACH.CON"]
    assert con.nsp_rate == 0.3
    assert con.flags == ("MECONNAISSANCE",)
    second = raw_for_scores("ACH.CON", [50, 50, 50, 50, 50])
    first = raw_for_scores("ACH.CON", ["NSP", "NSP", 50, 50, "NSP"])
    third = raw_for_scores("ACH.CON", [50, 50, 50, 50, 50])
    con = campaign([({}, first), ({}, second), ({}, third)]).questionnaires["ACH"]
    assert con.dimensions["ACH.CON"].flags == ()  # 3 / 15 = 20 %


def scored_group(dimension, scores, profile, count=3):
    return [(profile, raw_for_scores(dimension, scores))] * count


def test_public_private_gap_only_for_territorial_campaigns():
    rows = scored_group("TER.COM", [75, 75, 75, 75], {"P-STRUCT": "Commune"}) + scored_group(
        "TER.COM", [50, 50, 50, 50], {"P-STRUCT": "Entreprise – PME (10–249)"}
    )
    assert campaign(rows).questionnaires["TER"].dimensions["TER.COM"].flags == (
        "ECART_PUBLIC_PRIVE",
    )
    assert campaign(rows, "entreprise").questionnaires["TER"].dimensions["TER.COM"].flags == ()


def test_subgroup_gap_of_exactly_twenty_points_and_group_minimum():
    rows = scored_group("ACH.DEC", [75] * 5, {"P-FONCTION": "Achats / commande publique"})
    rows += scored_group(
        "ACH.DEC",
        [75, 75, 50, 50, 25],
        {"P-FONCTION": "Services techniques (bâtiments, voirie, travaux…)"},
    )
    assert campaign(rows).questionnaires["ACH"].dimensions["ACH.DEC"].flags == (
        "ECART_SOUS_GROUPES",
    )
    assert campaign(rows[:5]).questionnaires["ACH"].dimensions["ACH.DEC"].flags == ()


def test_pilot_gap_only_on_its_four_dimensions():
    rows = scored_group("COOP.VIT", [100] * 5, {"P-ROLE": PILOT}) + scored_group(
        "COOP.VIT", [75] * 5, {"P-ROLE": REGULAR}
    )
    assert campaign(rows).questionnaires["COOP"].dimensions["COOP.VIT"].flags == ()
    rows = scored_group("COOP.OEU", [100] * 5, {"P-ROLE": PILOT}) + scored_group(
        "COOP.OEU", [75] * 5, {"P-ROLE": REGULAR}
    )
    assert campaign(rows).questionnaires["COOP"].dimensions["COOP.OEU"].flags == ("ECART_PILOTES",)


def test_vision_fragmentee_from_three_coop_dimensions_in_disagreement():
    low, high = {}, {}
    for dimension in ("COOP.VIT", "COOP.OUV", "COOP.LIE"):
        low.update(raw_for_scores(dimension, [0] * 5))
        high.update(raw_for_scores(dimension, [100] * 5))
    rows = [({}, low)] * 3 + [({}, high)] * 3
    results = campaign(rows)
    assert results.flags == ("VISION_FRAGMENTEE",)
    two = [({}, {k: v for k, v in a.items() if not k.startswith("COOP-LIE")}) for _, a in rows]
    assert campaign(two).flags == ()


def test_risks_signalled_need_three_answers_and_half_agreeing():
    def rows(*values):
        return [({}, {"COOP-VIT-01": value, "COOP-VIT-03": 3}) for value in values]

    assert campaign(rows(4, 5, 1, 2)).questionnaires["COOP"].risks_signalled == ("COOP-VIT-01",)
    assert campaign(rows(4, 1, 2)).questionnaires["COOP"].risks_signalled == ()
    assert campaign(rows(4, 5)).questionnaires["COOP"].risks_signalled == ()
    assert campaign(rows(4, 5, "NSP")).questionnaires["COOP"].risks_signalled == ()


def coop_answers(value_of):
    return {item.id: value_of(item) for item in instrument().questionnaires["COOP"].items}


def test_respondent_quality_flags():
    def flags(answers):
        return score_respondent(instrument(), "a", answers).flags

    assert flags(coop_answers(lambda item: "NSP")) == ("NSP_ELEVE",)
    half = coop_answers(lambda item: "NSP" if item.order % 2 else 3)
    assert "NSP_ELEVE" not in flags(half)  # exactly 50 % is not more than half
    # Reverse items 5, direct items 5 except one 4: acquiescence and uniform (39/40 ≥ 90 %).
    answers = coop_answers(lambda item: 5)
    answers["COOP-VIT-03"] = 4
    assert flags(answers) == ("UNIFORME", "ACQUIESCENCE")
    # Disagreeing with the risks: uniform, not acquiescent.
    assert flags(coop_answers(lambda item: 1 if item.reverse else 5)) == ()
    assert flags(coop_answers(lambda item: 3)) == ("UNIFORME",)
    # 19 substantive answers are too few to call uniform.
    few = {k: v for k, v in list(coop_answers(lambda item: 3).items())[:19]}
    assert flags(few) == ()


# Values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("observed", "expected", "name"),
    [
        (35.0, 80.0, "Priorité"),
        (60.0, 60.0, "Acquis"),
        (60.0, 59.9, "Valeur inattendue"),
        (59.9, 59.9, "Secondaire"),
        (None, 80.0, None),
    ],
)
def test_quadrants(observed, expected, name):
    assert quadrant(observed, expected, 60.0) == name


def test_family_validity_is_separate_for_observed_and_expected():
    answers = {"VAL-ATT-01.constate": 4, "VAL-ATT-01.attendu": "NSP", "VAL-ATT-02.attendu": "NC"}
    result = score_respondent(instrument(), "a", answers).dimensions
    assert result["VAL.ATT.observed"] == 75.0 and result["VAL.ATT.expected"] is None


# Priorities and absent modules ---------------------------------------------------------------


def dimension(id_, score, ad):
    return DimensionResult(id_, score, None, 3, None, None, None, ad, None, None)


def test_priorities_ties_higher_disagreement_then_table_order():
    dims = [
        dimension("A", 40.0, 0.2),
        dimension("B", 30.0, 0.1),
        dimension("C", 40.0, 0.9),
        dimension("D", None, None),
        dimension("E", 40.0, 0.9),
        dimension("F", 70.0, 0.0),
    ]
    assert priorities(dims) == ("B", "C", "E")


def test_modules_nobody_answered_are_absent():
    results = campaign([({}, {"ACH-DEC-01": "NC"})])
    assert list(results.questionnaires) == ["ACH"]
    assert results.respondents[0].dimensions == {
        "ACH.DEC": None,
        "ACH.DIA": None,
        "ACH.CON": None,
        "ACH.INN": None,
    }


@pytest.mark.parametrize("index", range(6))
def test_a_respondents_own_indices_are_the_campaign_indices_of_that_respondent_alone(
    index: int,
) -> None:
    organisation = ORGANISATIONS[0]  # COOP, ACH, TER and VAL: three indices
    profile, answers = demo_response(instrument(), organisation, index, random.Random(index))
    alone = score_campaign(instrument(), [RespondentAnswers("R1", profile, answers)], "territoire")
    expected = {
        qid: scored.index.score for qid, scored in alone.questionnaires.items() if scored.index
    }
    assert set(expected) == {"COOP", "ACH", "TER"}
    assert respondent_indices(instrument(), answers) == expected
