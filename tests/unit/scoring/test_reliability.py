"""Cronbach's α and corrected item–total correlations (scoring-model.md §9), pure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from coopassess.instrument.registry import default_registry
from coopassess.scoring.reliability import (
    INDICATIVE_CASES,
    MIN_CASES,
    Scale,
    ScaleItem,
    corrected_item_total,
    cronbach_alpha,
    pool,
    reliability,
    scale_reliability,
    scales_for,
    verdict,
)
from tests.fixtures.reliability import rows, synthetic

INSTRUMENT = default_registry().current()
# 4 respondents × 3 items, worked by hand: item variances 5/3, 8/3, 4/3 (sum 17/3), totals
# 4, 7, 10, 13 (variance 15) → α = 3/2 · (1 − 17/45) = 42/45.
HAND = np.array([[1, 1, 2], [2, 3, 2], [3, 3, 4], [4, 5, 4]], dtype=float)
# The textbook case of calkulon.com's « Cronbach alpha » guide: item variances 5/3, 2.75/3,
# 5/3, total variance 12.25 → α = 48/49 ≈ 0.980.
TEXTBOOK = np.array([[4, 5, 4], [3, 4, 3], [5, 5, 5], [2, 3, 2]], dtype=float)

likert_matrices = arrays(
    float,
    st.tuples(st.integers(2, 40), st.integers(2, 6)),
    elements=st.integers(1, 5).map(float),
)


def test_hand_worked_example() -> None:
    assert cronbach_alpha(HAND) == pytest.approx(42 / 45)
    # item 1 against items 2 + 3 (3, 5, 7, 9) is perfectly linear; the others by hand.
    assert corrected_item_total(HAND) == pytest.approx([1.0, 10 / math.sqrt(136), 0.8])


def test_textbook_example() -> None:
    assert cronbach_alpha(TEXTBOOK) == pytest.approx(48 / 49)
    assert round(cronbach_alpha(TEXTBOOK), 3) == 0.980


@settings(max_examples=80, deadline=None)
@given(arrays(float, st.integers(2, 60), elements=st.integers(1, 5).map(float)), st.integers(2, 6))
def test_identical_items_have_alpha_one(column: np.ndarray, k: int) -> None:
    assume(np.ptp(column) > 0)
    assert cronbach_alpha(np.repeat(column[:, None], k, axis=1)) == pytest.approx(1.0)


@settings(max_examples=80, deadline=None)
@given(likert_matrices, st.data())
def test_alpha_and_item_totals_ignore_a_constant_added_to_an_item(
    cases: np.ndarray, data: st.DataObject
) -> None:
    shifted = cases.copy()
    column = data.draw(st.integers(0, cases.shape[1] - 1))
    shifted[:, column] += data.draw(st.integers(-100, 100))
    alpha = cronbach_alpha(cases)
    if alpha is None:
        assert cronbach_alpha(shifted) is None
    else:
        assert cronbach_alpha(shifted) == pytest.approx(alpha, rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(
        corrected_item_total(shifted), corrected_item_total(cases), rtol=1e-9, atol=1e-9
    )


@settings(max_examples=80, deadline=None)
@given(likert_matrices)
def test_alpha_equals_the_average_covariance_form(cases: np.ndarray) -> None:
    """α = k·c̄ / (v̄ + (k − 1)·c̄), an independent formula (mean variance v̄, mean covariance c̄)."""
    k = cases.shape[1]
    covariance = np.cov(cases, rowvar=False)
    v = np.trace(covariance) / k
    c = (covariance.sum() - np.trace(covariance)) / (k * (k - 1))
    alpha = cronbach_alpha(cases)
    assume(alpha is not None)
    assert alpha == pytest.approx(k * c / (v + (k - 1) * c), rel=1e-9, abs=1e-9)
    assert alpha <= 1 + 1e-12


@settings(max_examples=50, deadline=None)
@given(likert_matrices)
def test_item_totals_are_correlations_with_the_other_items(cases: np.ndarray) -> None:
    found = corrected_item_total(cases)
    for index in range(cases.shape[1]):
        item, rest = cases[:, index], np.delete(cases, index, axis=1).sum(axis=1)
        if np.ptp(item) == 0 or np.ptp(rest) == 0:
            assert math.isnan(found[index])
        else:
            assert found[index] == pytest.approx(np.corrcoef(item, rest)[0, 1], abs=1e-9)


def test_fewer_than_two_items_or_cases_give_no_alpha() -> None:
    assert cronbach_alpha(np.array([[1.0], [3.0], [5.0]])) is None
    assert cronbach_alpha(np.array([[1.0, 2.0, 3.0]])) is None
    item = ScaleItem("COOP-VIT-03", INSTRUMENT.items_by_id["COOP-VIT-03"])
    alone = Scale("X", "COOP", "COOP.VIT", None, None, None, (item,))
    result = scale_reliability(alone, np.full((80, 1), 3.0))
    assert (result.status, result.alpha, result.items) == ("un_item", None, ())


def test_zero_variance_is_reported_not_a_crash() -> None:
    (scale, *_) = scales_for(INSTRUMENT)
    flat = scale_reliability(scale, np.full((60, 5), 4.0))
    assert flat.alpha is None and flat.verdict == "variance_nulle"
    assert all(row.item_total is None and row.notes == ("variance_nulle",) for row in flat.items)
    assert [row.sd for row in flat.items] == [0.0] * 5
    rng = np.random.default_rng(3)
    level = rng.integers(1, 6, size=(60, 1))
    cases = np.clip(level + rng.integers(-1, 2, size=(60, 5)), 1, 5).astype(float)
    cases[:, 2] = 3.0
    mixed = scale_reliability(scale, cases)
    assert mixed.alpha is not None
    assert mixed.items[2].item_total is None and mixed.items[2].notes == ("variance_nulle",)
    assert all(row.item_total is not None for i, row in enumerate(mixed.items) if i != 2)


@pytest.mark.parametrize(
    ("alpha", "expected"),
    [
        (0.96, "redondant"),
        (0.95, "acceptable"),
        (0.70, "acceptable"),
        (0.6999, "discutable"),
        (0.60, "discutable"),
        (0.5999, "a_reviser"),
        (-0.4, "a_reviser"),
        (None, "variance_nulle"),
    ],
)
def test_verdict_thresholds(alpha: float | None, expected: str) -> None:
    assert verdict(alpha) == expected


def test_scales_per_dimension_rating_and_variant() -> None:
    ids = [scale.id for scale in scales_for(INSTRUMENT)]
    assert ids[:8] == [d.id for d in INSTRUMENT.questionnaires["COOP"].dimensions]
    assert "COOP.VIT@collectivite" not in ids  # no variant wording in COOP
    assert {"ACH.DEC", "ACH.DEC@collectivite", "ACH.DEC@entreprise", "ACH.INN"} <= set(ids)
    assert "ACH.INN@collectivite" not in ids
    assert {"VAL.ENV.constate", "VAL.ENV.attendu", "VAL.ATT.constate@entreprise"} <= set(ids)
    assert "VAL.ENV.constate@collectivite" not in ids
    env = next(scale for scale in scales_for(INSTRUMENT) if scale.id == "VAL.ENV.attendu")
    assert [item.key for item in env.items] == [f"VAL-ENV-0{n}.attendu" for n in range(1, 5)]


def _report(people: list) -> dict:
    return {
        result.scale.id: result
        for result in reliability(INSTRUMENT, pool(INSTRUMENT, rows(people))).scales
    }


def test_pooled_report_on_consistent_answers() -> None:
    people = synthetic(INSTRUMENT, 400)
    report = _report(people)
    vit = report["COOP.VIT"]
    complete = sum(
        all(isinstance(p.answers[k], int) for k in (i.key for i in vit.scale.items)) for p in people
    )
    assert vit.n_complete == complete and MIN_CASES < complete < 400
    assert vit.status == "calcule" and vit.alpha > 0.7 and vit.verdict == "acceptable"
    # Reverse items are recoded: they correlate positively, and means sit on the same side.
    for row in vit.items:
        assert row.item_total > 0.3 and row.notes == ()
    assert vit.items[0].item.item.reverse and not vit.items[2].item.item.reverse
    assert abs(vit.items[0].mean - vit.items[2].mean) < 0.3


def test_complete_cases_match_a_direct_computation() -> None:
    people = synthetic(INSTRUMENT, 120, seed=11)
    lea = _report(people)["COOP.LEA"]
    keys = [item.key for item in lea.scale.items]
    reverse = [item.item.reverse for item in lea.scale.items]
    rows = [
        [6 - p.answers[k] if r else p.answers[k] for k, r in zip(keys, reverse, strict=True)]
        for p in people
        if all(isinstance(p.answers[k], int) for k in keys)
    ]
    cases = np.array(rows, dtype=float)
    assert lea.n_complete == len(rows)
    assert lea.alpha == pytest.approx(cronbach_alpha(cases))
    assert [row.mean for row in lea.items] == pytest.approx(cases.mean(axis=0).tolist())


def test_a_reverse_item_answered_as_direct_is_flagged() -> None:
    people = synthetic(INSTRUMENT, 300, seed=5)
    for person in people:  # careless answers: COOP-VIT-01 (a risk item) read as a positive one
        value = person.answers["COOP-VIT-01"]
        if isinstance(value, int):
            person.answers["COOP-VIT-01"] = 6 - value
    first = _report(people)["COOP.VIT"].items[0]
    assert first.item.key == "COOP-VIT-01" and first.item_total < 0
    assert first.notes == ("a_revoir", "inverse_negatif")


def test_thresholds_insufficient_indicative_computed() -> None:
    people = synthetic(INSTRUMENT, 80, seed=2, missing=0.0, modules=("COOP",))
    for count, status in ((INDICATIVE_CASES - 1, "insuffisant"), (INDICATIVE_CASES, "indicatif")):
        result = _report(people[:count])["COOP.OUV"]
        assert (result.n_complete, result.status) == (count, status)
    low = _report(people[: INDICATIVE_CASES - 1])["COOP.OUV"]
    assert low.alpha is None and low.verdict is None and low.items == ()
    assert _report(people[: MIN_CASES - 1])["COOP.OUV"].status == "indicatif"
    assert _report(people[:MIN_CASES])["COOP.OUV"].status == "calcule"
    assert _report(people[:MIN_CASES])["ACH.DEC"].n_complete == 0  # module not answered


def test_variant_scales_count_the_respondents_of_each_wording() -> None:
    people = synthetic(INSTRUMENT, 200, seed=9, missing=0.0)
    report = _report(people)
    public = set(INSTRUMENT.public_structures)
    by_structure = sum(p.structure in public for p in people)
    assert report["ACH.DEC"].n_complete == 200
    assert report["ACH.DEC@collectivite"].n_complete == by_structure
    assert report["ACH.DEC@entreprise"].n_complete == 200 - by_structure
    by_target = sum(p.target == "territoire" for p in people)
    assert report["VAL.ATT.constate@collectivite"].n_complete == by_target
    assert report["VAL.ATT.attendu@entreprise"].n_complete == 200 - by_target


def test_pool_reads_text_codes_and_ignores_strangers() -> None:
    answers = [
        ("COOP-VIT-01", "2"),
        ("COOP-VIT-02", 4),
        ("COOP-VIT-03", "NSP"),
        ("COOP-VIT-05", "NC"),
        ("NOT-AN-ITEM", "3"),
    ]
    data = pool(INSTRUMENT, [(None, "entreprise", answers), ("Région", "territoire", [])])
    row = dict(zip(data.keys, data.answers[0], strict=True))
    assert (row["COOP-VIT-01"], row["COOP-VIT-02"]) == (2.0, 4.0)
    assert all(math.isnan(row[key]) for key in ("COOP-VIT-03", "COOP-VIT-04", "COOP-VIT-05"))
    assert "NOT-AN-ITEM" not in row and np.isnan(data.answers[1]).all()
    assert data.n == 2 and data.public.tolist() == [False, True]
    assert data.territoire.tolist() == [False, True]
