"""Maturity level of a score (§4), always assigned on the rounded score."""

from __future__ import annotations

from coopassess.instrument.schema import Instrument


def level_code(instrument: Instrument, rounded_score: float | None) -> str | None:
    """N1..N5 for a rounded score in 0..100; None when the score is not computable."""
    level = instrument.level_for(rounded_score)
    return level.code if level else None
