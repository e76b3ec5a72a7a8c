"""The words people read for the agreement categories and the VAL readings, with their legends
in plain words (the owner's decisions, issue 15).

The results contract (docs/spec/results-json.md, the API, ``coopassess score``) keeps the
category values of scoring-model §7.1 (« Avis partagés »); everything a person reads — pages,
PDF, CSV/XLSX — says « Avis nuancés », because « partagés » was read as "opinions divided"."""

from __future__ import annotations

from functools import cache

from coopassess.instrument.schema import Instrument
from coopassess.scoring.rounding import format_decimal

# Result value (the contract) → the label people read.
AGREEMENT_LABELS = {
    "Consensus": "Consensus",
    "Avis partagés": "Avis nuancés",
    "Désaccord": "Désaccord",
}


def agreement_label(value: str | None) -> str | None:
    """« Avis nuancés » for the contract's « Avis partagés »; None stays None (below 3)."""
    return AGREEMENT_LABELS.get(value, value) if value is not None else None


def legends(instrument: Instrument) -> dict[str, tuple[tuple[str, str], ...]]:
    """The legends of the « Accord » column and of the VAL readings, with the instrument's own
    thresholds (the scoring reads the same parameters, so the words cannot drift from it)."""
    parameters = instrument.parameters
    return {
        "agreement_legend": agreement_legend(
            parameters.ad_consensus_raw, parameters.ad_disagreement_raw
        ),
        "quadrant_legend": quadrant_legend(instrument.quadrants.threshold),
    }


@cache
def agreement_legend(consensus_raw: float, disagreement_raw: float) -> tuple[tuple[str, str], ...]:
    """The rule of each category in plain words (average gap to the mean answer, on the 1–5
    scale), for the legend beside every « Accord » column."""
    low = format_decimal(consensus_raw, 2).rstrip("0").rstrip(",")
    high = format_decimal(disagreement_raw, 2)
    return (
        (
            "Consensus",
            f"les répondants répondent presque pareil\u00a0: en moyenne, au plus {low}\u00a0point "
            "d'écart à la réponse moyenne, sur l'échelle de 1 à 5.",
        ),
        (
            "Avis nuancés",
            f"des réponses voisines mais pas identiques\u00a0: plus de {low} et au plus "
            f"{high}\u00a0point d'écart en moyenne.",
        ),
        (
            "Désaccord",
            f"les répondants ne voient pas la situation de la même façon\u00a0: plus de "
            f"{high}\u00a0point d'écart en moyenne. À discuter ensemble.",
        ),
    )


@cache
def quadrant_legend(threshold: float) -> tuple[tuple[str, str], ...]:
    """The four VAL readings (scoring-model §6) in plain words."""
    bound = format_decimal(threshold, 0)
    return (
        ("Priorité", f"valeur attendue (attendu ≥ {bound}) mais pas encore constatée (< {bound})."),
        ("Acquis", f"valeur attendue et constatée (les deux ≥ {bound})."),
        (
            "Valeur inattendue",
            f"constatée (≥ {bound}) sans être attendue (< {bound})\u00a0: la coopération produit "
            "plus que prévu.",
        ),
        ("Secondaire", f"ni attendue ni constatée (les deux < {bound})."),
    )
