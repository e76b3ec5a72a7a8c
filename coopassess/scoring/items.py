"""Item score (§2): 1..5 → 0..100, reverse items recoded; NSP/NC score nothing, never 3."""

from __future__ import annotations

SUBSTANTIVE = (1, 2, 3, 4, 5)
SPECIAL = ("NSP", "NC")
# Lookup tables used on the hot path: answer → item score. Anything else (NSP, NC, missing)
# is absent, so ``table.get(value)`` is None for it.
DIRECT_SCORES: dict[object, float] = {x: (x - 1) * 25.0 for x in SUBSTANTIVE}
REVERSE_SCORES: dict[object, float] = {x: (5 - x) * 25.0 for x in SUBSTANTIVE}


def recode(value: int, reverse: bool) -> int:
    """x' = 6 − x for a reverse (risk) item, an involution; x otherwise."""
    return 6 - value if reverse else value


def item_score(value: int | str | None, reverse: bool = False) -> float | None:
    """0, 25, 50, 75 or 100; None for NSP, NC or no answer."""
    if value.__class__ is not int:
        return None
    return (REVERSE_SCORES if reverse else DIRECT_SCORES).get(value)
