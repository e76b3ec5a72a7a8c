"""VAL module (§6): constaté vs attendu per value family, gap and quadrant. Never a level."""

from __future__ import annotations

from collections.abc import Sequence

from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import FamilyResult
from coopassess.scoring.rounding import round_half_up

PRIORITY = "Priorité"
ACQUIRED = "Acquis"
UNEXPECTED = "Valeur inattendue"
SECONDARY = "Secondaire"


def quadrant(observed: float | None, expected: float | None, threshold: float) -> str | None:
    """Importance–performance reading on the rounded values; None unless both are valid."""
    if observed is None or expected is None:
        return None
    if expected >= threshold:
        return ACQUIRED if observed >= threshold else PRIORITY
    return UNEXPECTED if observed >= threshold else SECONDARY


def aggregate_family(
    instrument: Instrument,
    family_id: str,
    observed: Sequence[float | None],
    expected: Sequence[float | None],
) -> FamilyResult:
    """Organisation means of C and A over the respondents with a valid value; gap = A − C."""
    c_valid = [value for value in observed if value is not None]
    a_valid = [value for value in expected if value is not None]
    c_mean = sum(c_valid) / len(c_valid) if c_valid else None
    a_mean = sum(a_valid) / len(a_valid) if a_valid else None
    c_round, a_round = round_half_up(c_mean), round_half_up(a_mean)
    gap = a_mean - c_mean if c_mean is not None and a_mean is not None else None
    return FamilyResult(
        id=family_id,
        observed=c_round,
        expected=a_round,
        gap=round_half_up(gap),
        quadrant=quadrant(c_round, a_round, instrument.quadrants.threshold),
        n_observed=len(c_valid),
        n_expected=len(a_valid),
    )
