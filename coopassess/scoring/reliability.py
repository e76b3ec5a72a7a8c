"""Reliability of the instrument's scales on pooled respondent data (scoring-model §9).

Cronbach's α and the corrected item–total correlations per dimension, per wording variant and,
for the VAL families, per rating (constaté, attendu), on the complete cases of the scale's
items after reverse recoding: NSP, NC or no answer leave the case out, never imputed. A
platform-level check for admins, never computed for one organisation.

Pure (numpy, no Flask, no database): the answers are gathered once into one respondents × answer
keys matrix, recoded once, and every scale is a slice of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from coopassess.instrument.schema import VARIANT_KEYS, Instrument, Item, answer_key

MIN_CASES = 50  # α computed from this many complete cases…
INDICATIVE_CASES = 30  # …and shown as « indicatif » from this many
ACCEPTABLE = 0.70
QUESTIONABLE = 0.60
REDUNDANT = 0.95
ITEM_TOTAL_REVIEW = 0.30

VERDICTS = {
    "acceptable": "acceptable",
    "discutable": "discutable",
    "a_reviser": "à réviser",
    "redondant": "items redondants",
    "variance_nulle": "non calculable : les réponses ne varient pas",
}
NOTES = {
    "a_revoir": "à revoir : corrélation item–total corrigée < 0,30",
    "inverse_negatif": (
        "item inversé corrélé négativement après recodage : problème de formulation "
        "ou réponses inattentives"
    ),
    "variance_nulle": "toutes les réponses sont identiques : corrélation non calculable",
}
RATING_LABELS = {"constate": "constaté", "attendu": "attendu"}
# Who a variant scale counts, by (variant_by, variant).
VARIANT_LABELS = {
    ("respondent", "collectivite"): "formulation collectivité (structures publiques)",
    ("respondent", "entreprise"): "formulation entreprise (autres structures)",
    ("campaign", "collectivite"): "formulation collectivité (campagnes territoriales)",
    ("campaign", "entreprise"): "formulation entreprise (campagnes d'entreprise)",
}

_SUBSTANTIVE: dict[object, float] = {
    **{value: float(value) for value in range(1, 6)},
    **{str(value): float(value) for value in range(1, 6)},
}


@dataclass(frozen=True, slots=True)
class ScaleItem:
    key: str  # answer key: ``COOP-VIT-01`` or ``VAL-ENV-01.constate``
    item: Item


@dataclass(frozen=True, slots=True)
class Scale:
    """The items whose sum is checked for internal consistency, and on which respondents."""

    id: str
    questionnaire: str
    dimension: str
    rating: str | None  # VAL families: one scale per rating, "constate" or "attendu"
    # A wording variant's scale counts only the respondents who read that wording: by their
    # structure ("respondent") or their campaign's target ("campaign").
    variant_by: str | None
    variant: str | None
    items: tuple[ScaleItem, ...]


@dataclass(frozen=True, slots=True)
class Pool:
    """Pooled answers: raw 1..5 (NaN for NSP, NC or no answer), one row per respondent."""

    keys: tuple[str, ...]
    answers: np.ndarray  # float, respondents × keys
    public: np.ndarray  # bool per respondent: their structure reads the collectivité wording
    territoire: np.ndarray  # bool per respondent: their campaign targets a territory

    @property
    def n(self) -> int:
        return int(self.answers.shape[0])


@dataclass(frozen=True, slots=True)
class ItemReliability:
    item: ScaleItem
    mean: float  # after reverse recoding, on the complete cases
    sd: float
    item_total: float | None  # correlation with the sum of the other items
    notes: tuple[str, ...]  # codes of NOTES


@dataclass(frozen=True, slots=True)
class ScaleReliability:
    scale: Scale
    n_complete: int
    # "insuffisant" (< INDICATIVE_CASES), "indicatif" (< MIN_CASES), "calcule", "un_item"
    status: str
    alpha: float | None
    verdict: str | None  # code of VERDICTS, None when not computed
    items: tuple[ItemReliability, ...]  # empty unless computed


@dataclass(frozen=True, slots=True)
class ReliabilityReport:
    version: str
    n_respondents: int
    scales: tuple[ScaleReliability, ...]

    def by_questionnaire(self) -> dict[str, list[ScaleReliability]]:
        grouped: dict[str, list[ScaleReliability]] = {}
        for scale in self.scales:
            grouped.setdefault(scale.scale.questionnaire, []).append(scale)
        return grouped


_scales: dict[tuple[str, str, str], tuple[Scale, ...]] = {}


def scales_for(instrument: Instrument) -> tuple[Scale, ...]:
    """Every scale of ``instrument``, in questionnaire and table order (built on first use)."""
    key = (instrument.id, instrument.version, instrument.content_hash)
    scales = _scales.get(key)
    if scales is None:
        scales = _scales.setdefault(key, tuple(_build_scales(instrument)))
    return scales


def _build_scales(instrument: Instrument) -> Iterable[Scale]:
    for qid, questionnaire in instrument.questionnaires.items():
        for dimension in questionnaire.dimensions:
            double = all(item.type == "double" for item in dimension.items)
            kinds = sorted({item.variant_by for item in dimension.items} - {"none"})
            for rating in ("constate", "attendu") if double else (None,):
                items = tuple(
                    ScaleItem(answer_key(item.id, rating), item) for item in dimension.items
                )
                name = f"{dimension.id}.{rating}" if rating else dimension.id
                yield Scale(name, qid, dimension.id, rating, None, None, items)
                for kind in kinds:
                    for variant in VARIANT_KEYS:
                        yield Scale(
                            f"{name}@{variant}", qid, dimension.id, rating, kind, variant, items
                        )


def pool(
    instrument: Instrument,
    respondents: Iterable[tuple[str | None, str, Iterable[tuple[str, object]]]],
) -> Pool:
    """The answers matrix of ``respondents``: (P-STRUCT, campaign target, (answer key, value)
    pairs) each, values 1..5 as int or text. NSP, NC and unknown keys are left out."""
    keys = tuple(sorted(instrument.answer_keys))
    columns = {key: index for index, key in enumerate(keys)}
    public_structures = set(instrument.public_structures)
    empty = [math.nan] * len(keys)
    matrix, public, territoire = [], [], []
    for structure, target, answers in respondents:
        public.append(structure in public_structures)
        territoire.append(target == "territoire")
        row = empty.copy()
        for key, value in answers:
            number = _SUBSTANTIVE.get(value)
            column = columns.get(key)
            if number is not None and column is not None:
                row[column] = number
        matrix.append(row)
    return Pool(
        keys,
        np.array(matrix, dtype=float).reshape(len(matrix), len(keys)),
        np.array(public, dtype=bool),
        np.array(territoire, dtype=bool),
    )


def reliability(instrument: Instrument, data: Pool) -> ReliabilityReport:
    """α and item statistics of every scale of ``instrument`` on ``data``."""
    rows = {key: index for index, key in enumerate(data.keys)}
    reversed_keys = {
        key for item in instrument.items_by_id.values() if item.reverse for key in item.answer_keys
    }
    reverse = np.array([key in reversed_keys for key in data.keys])
    # Keys × respondents: every reduction below runs along contiguous rows (several times
    # faster than down the columns of a respondents × keys matrix).
    recoded = np.ascontiguousarray(data.answers.T)
    recoded[reverse] = 6.0 - recoded[reverse]
    present = ~np.isnan(recoded)
    scales = []
    for scale in scales_for(instrument):
        picked = [rows[item.key] for item in scale.items]
        complete = present[picked].all(axis=0)
        if scale.variant_by is not None:
            wording = data.public if scale.variant_by == "respondent" else data.territoire
            complete &= wording == (scale.variant == "collectivite")
        scales.append(scale_reliability(scale, recoded[np.ix_(picked, complete)].T))
    return ReliabilityReport(instrument.version, data.n, tuple(scales))


def scale_reliability(scale: Scale, cases: np.ndarray) -> ScaleReliability:
    """α, its reading and the item statistics of ``scale`` on its complete ``cases`` (rows,
    recoded)."""
    n = int(cases.shape[0])
    if len(scale.items) < 2:
        return ScaleReliability(scale, n, "un_item", None, None, ())
    if n < INDICATIVE_CASES:
        return ScaleReliability(scale, n, "insuffisant", None, None, ())
    items = np.ascontiguousarray(cases.T)
    alpha = _alpha(items)
    correlations = _item_total(items)
    means, sds = items.mean(axis=1), items.std(axis=1, ddof=1)
    rows = tuple(
        ItemReliability(
            item,
            float(means[index]),
            float(sds[index]),
            _number(correlations[index]),
            _notes(item, _number(correlations[index])),
        )
        for index, item in enumerate(scale.items)
    )
    status = "indicatif" if n < MIN_CASES else "calcule"
    return ScaleReliability(scale, n, status, alpha, verdict(alpha), rows)


def cronbach_alpha(cases: np.ndarray) -> float | None:
    """α = k/(k−1) · (1 − Σ var(item) / var(total)) on complete cases (rows) of k ≥ 2 items;
    None when it is undefined (fewer than 2 items or cases, or a total that never varies)."""
    return _alpha(np.ascontiguousarray(cases.T))


def corrected_item_total(cases: np.ndarray) -> np.ndarray:
    """Pearson correlation of each item (column) with the sum of the other items, on complete
    cases (rows); NaN where either does not vary."""
    return _item_total(np.ascontiguousarray(cases.T))


def _alpha(items: np.ndarray) -> float | None:
    k, n = items.shape
    if k < 2 or n < 2:
        return None
    total = items.sum(axis=0)
    if np.ptp(total) == 0:
        return None
    return float(k / (k - 1) * (1 - items.var(axis=1, ddof=1).sum() / total.var(ddof=1)))


def _item_total(items: np.ndarray) -> np.ndarray:
    rest = items.sum(axis=0) - items
    varies = (np.ptp(items, axis=1) > 0) & (np.ptp(rest, axis=1) > 0)
    deviations = items - items.mean(axis=1, keepdims=True)
    rest_deviations = rest - rest.mean(axis=1, keepdims=True)
    products = (deviations * rest_deviations).sum(axis=1)
    norms = np.sqrt((deviations**2).sum(axis=1) * (rest_deviations**2).sum(axis=1))
    return np.divide(products, norms, out=np.full(products.shape, np.nan), where=varies)


def verdict(alpha: float | None) -> str:
    """The §9 reading of α (code of VERDICTS)."""
    if alpha is None:
        return "variance_nulle"
    if alpha > REDUNDANT:
        return "redondant"
    if alpha >= ACCEPTABLE:
        return "acceptable"
    if alpha >= QUESTIONABLE:
        return "discutable"
    return "a_reviser"


def _notes(item: ScaleItem, correlation: float | None) -> tuple[str, ...]:
    if correlation is None:
        return ("variance_nulle",)
    notes = []
    if correlation < ITEM_TOTAL_REVIEW:
        notes.append("a_revoir")
    if item.item.reverse and correlation < 0:
        notes.append("inverse_negatif")
    return tuple(notes)


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
