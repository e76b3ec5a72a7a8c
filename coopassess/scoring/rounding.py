"""Rounding as the scoring model says: half-up, from unrounded values, on decimal digits."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_STEPS = {1: Decimal("0.1"), 3: Decimal("0.001")}


def round_half_up(value: float | None, digits: int = 1) -> float | None:
    """68.75 → 68.8, 0.05 → 0.1; ``repr`` gives the shortest decimal that is the float, so a
    value computed as 2.675 rounds as the decimal 2.675 and not as its binary neighbour."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(_STEPS[digits], rounding=ROUND_HALF_UP))
