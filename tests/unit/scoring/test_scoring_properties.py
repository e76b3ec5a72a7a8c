"""Properties of the scoring model that hold for any answers (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopassess.scoring import (
    RespondentAnswers,
    item_score,
    recode,
    score_campaign,
    score_respondent,
)
from tests.fixtures.scoring import CORE, OCCASIONAL, PILOT, REGULAR, check_shape, instrument

KEYS = sorted(
    key
    for qid in ("COOP", "ACH", "VAL")
    for item in instrument().questionnaires[qid].items
    for key in item.answer_keys
)
VALUES = st.sampled_from([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, "NSP", "NC"])

ROLES = [PILOT, CORE, REGULAR, OCCASIONAL]
STRUCTS = ["Commune", "Région", "Entreprise – PME (10–249)", "Autre"]

# Each key answered or not: dense enough for most dimensions to be computable.
answers_st = st.fixed_dictionaries({}, optional=dict.fromkeys(KEYS, VALUES))
profile_st = st.fixed_dictionaries(
    {}, optional={"P-ROLE": st.sampled_from(ROLES), "P-STRUCT": st.sampled_from(STRUCTS)}
)
respondents_st = st.lists(st.tuples(profile_st, answers_st), min_size=1, max_size=8).map(
    lambda rows: [RespondentAnswers(f"r{i}", p, a) for i, (p, a) in enumerate(rows)]
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def organisation(results) -> dict:
    data = results.to_json()
    data.pop("respondents")
    return data


def all_scores(data: dict):
    for scored in data["questionnaires"].values():
        if scored.get("index"):
            yield scored["index"]["score"]
        for dimension in scored.get("dimensions", {}).values():
            yield from (dimension["score"], dimension["min"], dimension["max"])
        for family in scored.get("families", {}).values():
            yield from (family["observed"], family["expected"])
    for respondent in data["respondents"]:
        yield from respondent["dimensions"].values()


@SETTINGS
@given(respondents_st, st.sampled_from(["territoire", "entreprise"]))
def test_scores_stay_in_0_100_and_shape_holds(respondents, target):
    data = score_campaign(instrument(), respondents, target).to_json()
    check_shape(data)
    assert all(0.0 <= s <= 100.0 for s in all_scores(data) if s is not None)


@given(st.sampled_from([1, 2, 3, 4, 5]))
def test_reverse_coding_is_an_involution(value):
    assert recode(recode(value, True), True) == value
    assert item_score(value, reverse=True) == item_score(recode(value, True))
    assert item_score(value) + item_score(value, reverse=True) == 100.0


@SETTINGS
@given(answers_st, st.lists(st.sampled_from(KEYS)), st.sampled_from(["NSP", "NC"]))
def test_nsp_nc_never_change_a_score(answers, extra_keys, code):
    padded = dict(answers)
    for key in extra_keys:
        padded.setdefault(key, code)
    before = score_respondent(instrument(), "a", answers).dimensions
    after = score_respondent(instrument(), "a", padded).dimensions
    assert {k: v for k, v in after.items() if k in before} == before
    assert all(v is None for k, v in after.items() if k not in before)


@SETTINGS
@given(respondents_st, st.randoms(use_true_random=False))
def test_permuting_respondents_changes_nothing(respondents, rng):
    shuffled = list(respondents)
    rng.shuffle(shuffled)
    first = score_campaign(instrument(), respondents, "territoire")
    second = score_campaign(instrument(), shuffled, "territoire")
    assert organisation(first) == organisation(second)
    by_id = {r.id: r for r in second.respondents}
    assert all(by_id[r.id] == r for r in first.respondents)


@SETTINGS
@given(respondents_st)
def test_duplicating_respondents_keeps_mean_min_max(respondents):
    doubled = respondents + [
        RespondentAnswers(f"{r.id}-bis", r.profile, r.answers) for r in respondents
    ]
    once = score_campaign(instrument(), respondents, "entreprise").to_json()["questionnaires"]
    twice = score_campaign(instrument(), doubled, "entreprise").to_json()["questionnaires"]
    assert once.keys() == twice.keys()
    for qid, scored in once.items():
        if "index" in scored:
            assert twice[qid]["index"] == scored["index"]
        for dim_id, dimension in scored.get("dimensions", {}).items():
            other = twice[qid]["dimensions"][dim_id]
            assert [other[k] for k in ("score", "min", "max")] == [
                dimension[k] for k in ("score", "min", "max")
            ]
            assert other["n"] == 2 * dimension["n"]
        assert twice[qid].get("families") == scored.get("families")


@SETTINGS
@given(answers_st)
def test_identical_respondents_score_like_one(answers):
    alone = score_respondent(instrument(), "a", answers).dimensions
    group = score_campaign(
        instrument(), [RespondentAnswers(f"r{i}", {}, answers) for i in range(3)], "territoire"
    )
    for scored in group.questionnaires.values():
        for dim_id, dimension in scored.dimensions.items():
            assert dimension.score == alone[dim_id]
            assert dimension.sd in (None, 0.0) and dimension.ad in (None, 0.0)
