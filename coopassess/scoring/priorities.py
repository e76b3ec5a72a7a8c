"""« Priorités » (§5): the three lowest COOP dimensions of the organisation."""

from __future__ import annotations

from collections.abc import Sequence

from coopassess.scoring.results import DimensionResult

PRIORITY_COUNT = 3


def priority_order(dimensions: Sequence[DimensionResult]) -> list[DimensionResult]:
    """Lowest rounded score first; ties: higher disagreement (AD) first, then table order.

    ``dimensions`` is in table order; dimensions without a score are left out."""
    ranked = [
        (d.score, -(d.ad if d.ad is not None else -1.0), i, d) for i, d in enumerate(dimensions)
    ]
    ranked = [entry for entry in ranked if entry[0] is not None]
    ranked.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in ranked]


def priorities(dimensions: Sequence[DimensionResult]) -> tuple[str, ...]:
    """Ids of the three first dimensions in priority order."""
    return tuple(d.id for d in priority_order(dimensions)[:PRIORITY_COUNT])
