"""Maturity level of a rounded score (§4)."""

from __future__ import annotations

from coopassess.instrument.schema import Instrument


def level_code(instrument: Instrument, rounded_score: float | None) -> str | None:
    level = instrument.level_for(rounded_score)
    return level.code if level else None
