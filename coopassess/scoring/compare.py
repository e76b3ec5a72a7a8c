"""Comparisons between campaigns (§8): deltas, notable changes, the reference benchmark."""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coopassess.scoring.results import Results
from coopassess.scoring.rounding import at_least, round_half_up

NOTABLE_CHANGE_POINTS = 10.0  # half a level (instrument parameter notable_change_points)
MIN_RESPONDENTS = 3
BENCHMARK_MIN_ORGANISATIONS = 10


class ComparisonError(ValueError):
    """Results that must not be compared (other instrument version or target type)."""


@dataclass(frozen=True, slots=True)
class DimensionDelta:
    """One dimension (or index) across the compared results; deltas are against the first."""

    questionnaire: str
    id: str
    scores: tuple[float | None, ...]
    n: tuple[int, ...]
    deltas: tuple[float | None, ...]  # first entry is always None
    notable: tuple[bool, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    instrument_version: str
    target: str
    rows: tuple[DimensionDelta, ...]


@dataclass(frozen=True, slots=True)
class BenchmarkStats:
    """Distribution of organisation scores; no min/max, which would be one organisation's."""

    n: int
    mean: float
    median: float
    q1: float
    q3: float


def notable_change(
    delta: float | None, n_a: int, n_b: int, threshold: float = NOTABLE_CHANGE_POINTS
) -> bool:
    """« Évolution notable »: |Δ| ≥ 10 points and both campaigns with n ≥ 3 respondents."""
    return (
        delta is not None
        and n_a >= MIN_RESPONDENTS
        and n_b >= MIN_RESPONDENTS
        and at_least(abs(delta), threshold)
    )


def compare(results: Sequence[Results], threshold: float = NOTABLE_CHANGE_POINTS) -> Comparison:
    """Deltas per dimension and index of each result against the first (T0 → T1, or org A vs B).

    Refuses results of different instrument versions or target types (§8). Only questionnaires
    and dimensions present in the first result are compared."""
    if not results:
        raise ComparisonError("Aucun résultat à comparer.")
    first = results[0]
    for other in results[1:]:
        if other.instrument_version != first.instrument_version:
            raise ComparisonError(
                "Comparaison impossible : versions d'instrument différentes "
                f"({first.instrument_version} et {other.instrument_version})."
            )
        if other.target != first.target:
            raise ComparisonError(
                "Comparaison impossible : types de campagne différents "
                f"({first.target} et {other.target})."
            )
    rows = []
    for qid, scored in first.questionnaires.items():
        if scored.index is not None:
            rows.append(_row(results, qid, scored.index.code, threshold))
        for dimension_id in scored.dimensions:
            rows.append(_row(results, qid, dimension_id, threshold))
    return Comparison(first.instrument_version, first.target, tuple(rows))


def _score_and_n(result: Results, qid: str, dimension_id: str) -> tuple[float | None, int]:
    scored = result.questionnaires.get(qid)
    if scored is None:
        return None, 0
    if scored.index is not None and scored.index.code == dimension_id:
        return scored.index.score, result.n_respondents
    dimension = scored.dimensions.get(dimension_id)
    return (dimension.score, dimension.n) if dimension else (None, 0)


def _row(
    results: Sequence[Results], qid: str, dimension_id: str, threshold: float
) -> DimensionDelta:
    pairs = [_score_and_n(result, qid, dimension_id) for result in results]
    base, base_n = pairs[0]
    deltas: list[float | None] = [None]
    notable = [False]
    for score, n in pairs[1:]:
        delta = round_half_up(score - base) if score is not None and base is not None else None
        deltas.append(delta)
        notable.append(notable_change(delta, base_n, n, threshold))
    return DimensionDelta(
        qid,
        dimension_id,
        tuple(score for score, _ in pairs),
        tuple(n for _, n in pairs),
        tuple(deltas),
        tuple(notable),
    )


def step_changes(
    row: DimensionDelta, threshold: float = NOTABLE_CHANGE_POINTS
) -> tuple[tuple[float | None, bool], ...]:
    """Δ from each result to the one before it (T(n-1) → Tn) with its « évolution notable »
    mark, by the same rule as the deltas against the first; the first entry is (None, False)."""
    changes: list[tuple[float | None, bool]] = [(None, False)]
    for before, after, n_before, n_after in zip(
        row.scores, row.scores[1:], row.n, row.n[1:], strict=False
    ):
        delta = round_half_up(after - before) if after is not None and before is not None else None
        changes.append((delta, notable_change(delta, n_before, n_after, threshold)))
    return tuple(changes)


def benchmark(
    scores_by_org: Mapping[str, Mapping[str, float | None]],
    min_orgs: int = BENCHMARK_MIN_ORGANISATIONS,
) -> dict[str, BenchmarkStats | None]:
    """The « référence » per dimension over organisations of one target type: None for a
    dimension scored in fewer than ``min_orgs`` organisations, so no organisation is exposed."""
    by_dimension: dict[str, list[float]] = {}
    for scores in scores_by_org.values():
        for dimension_id, score in scores.items():
            column = by_dimension.setdefault(dimension_id, [])
            if score is not None:
                column.append(score)
    return {
        dimension_id: _stats(values) if len(values) >= min_orgs else None
        for dimension_id, values in by_dimension.items()
    }


def _stats(values: list[float]) -> BenchmarkStats:
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return BenchmarkStats(
        n=len(values),
        mean=round_half_up(statistics.fmean(values)),
        median=round_half_up(median),
        q1=round_half_up(q1),
        q3=round_half_up(q3),
    )


def quartile_position(score: float | None, stats: BenchmarkStats | None) -> str | None:
    """Where a score stands in the group: ``below`` Q1, ``above`` Q3, or ``between`` (bounds
    included); None when either is unknown."""
    if score is None or stats is None:
        return None
    if score < stats.q1:
        return "below"
    if score > stats.q3:
        return "above"
    return "between"
