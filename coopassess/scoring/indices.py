"""Indices IMC / IAC / IDT (§5): mean of the unrounded dimension scores, with a minimum."""

from __future__ import annotations

from collections.abc import Iterable

from coopassess.instrument.schema import Instrument
from coopassess.scoring.levels import level_code
from coopassess.scoring.results import IndexResult
from coopassess.scoring.rounding import round_half_up


def index_score(dimension_scores: Iterable[float | None], min_valid: int) -> float | None:
    """Equal-weight mean of the valid dimension scores, if at least ``min_valid`` are valid."""
    valid = [score for score in dimension_scores if score is not None]
    return sum(valid) / len(valid) if valid and len(valid) >= min_valid else None


def index_result(
    instrument: Instrument, code: str, dimension_scores: Iterable[float | None], min_valid: int
) -> IndexResult:
    """The rounded index and its level (same bands as the dimensions)."""
    score = round_half_up(index_score(dimension_scores, min_valid))
    return IndexResult(code, score, level_code(instrument, score))
