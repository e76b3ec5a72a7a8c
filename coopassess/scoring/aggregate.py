"""A dimension across respondents: mean, dispersion, agreement (§7.1) and its flags (§7.2)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

from coopassess.instrument.schema import Instrument
from coopassess.scoring.levels import level_code
from coopassess.scoring.plan import (
    FLOW_DIMENSIONS,
    PILOT_GAP_DIMENSIONS,
    PILOT_ROLES,
    DimensionPlan,
)
from coopassess.scoring.respondent import Answers
from coopassess.scoring.results import DimensionResult
from coopassess.scoring.rounding import round_half_up

MIN_GROUP = 3


def agreement(ad: float, consensus: float) -> str:
    """Category of a raw AD; 6·AD > 5 is the c/6 cutoff without float error (§7.1)."""
    if 6 * ad > 5:
        return "Désaccord"
    if ad <= consensus:
        return "Consensus"
    return "Avis partagés"


def item_ad(values: Sequence[int]) -> float:
    """Average absolute deviation of raw answers around their mean."""
    mean = sum(values) / len(values)
    return sum(abs(value - mean) for value in values) / len(values)


def dimension_ad(plan: DimensionPlan, answers: Sequence[Answers]) -> float | None:
    """Mean of the items' AD (items with ≥ 3 substantive answers), given ≥ min_valid such items."""
    ads = []
    for key, _, _ in plan.items:
        values = [a[key] for a in answers if a.get(key).__class__ is int]
        if len(values) >= 3:
            ads.append(item_ad(values))
    return sum(ads) / len(ads) if len(ads) >= plan.min_valid else None


def nsp_rate(plan: DimensionPlan, answers: Sequence[Answers]) -> float | None:
    given = nsp = 0
    for respondent in answers:
        for key, _, _ in plan.items:
            value = respondent.get(key)
            if value is not None:
                given += 1
                nsp += value == "NSP"
    return nsp / given if given else None


def aggregate_dimension(
    instrument: Instrument,
    plan: DimensionPlan,
    answers: Sequence[Answers],
    scores: Sequence[float | None],
    profiles: Sequence[Mapping[str, str]],
    target: str,
) -> tuple[DimensionResult, float | None]:
    """The organisation result of one dimension, and its unrounded score."""
    params = instrument.parameters
    valid = [score for score in scores if score is not None]
    n = len(valid)
    mean = sum(valid) / n if n else None
    rounded = round_half_up(mean)
    ad = dimension_ad(plan, answers) if n >= MIN_GROUP else None
    category = agreement(ad, params.ad_consensus_raw) if ad is not None else None
    rate = nsp_rate(plan, answers)
    flags = []
    if category == "Désaccord":
        flags.append("DESACCORD")
    if rate is not None and rate >= params.nsp_alert_rate:
        flags.append("MECONNAISSANCE_FLUX" if plan.id in FLOW_DIMENSIONS else "MECONNAISSANCE")
    flags += _subgroup_flags(instrument, plan.id, scores, profiles, target)
    result = DimensionResult(
        id=plan.id,
        score=rounded,
        level=level_code(instrument, rounded),
        n=n,
        min=round_half_up(min(valid)) if valid else None,
        max=round_half_up(max(valid)) if valid else None,
        sd=round_half_up(statistics.stdev(valid)) if n >= MIN_GROUP else None,
        ad=round_half_up(ad, 3) if ad is not None else None,
        agreement=category,
        nsp_rate=round_half_up(rate, 3) if rate is not None else None,
        flags=tuple(dict.fromkeys(flags)),
    )
    return result, mean


def _subgroup_flags(
    instrument: Instrument,
    dimension_id: str,
    scores: Sequence[float | None],
    profiles: Sequence[Mapping[str, str]],
    target: str,
) -> list[str]:
    gap = instrument.parameters.subgroup_gap_points
    public = set(instrument.public_structures)
    flags = []
    if dimension_id in PILOT_GAP_DIMENSIONS:
        pilots, others = _split(scores, profiles, "P-ROLE", lambda role: role in PILOT_ROLES)
        difference = _gap(pilots, others)
        if difference is not None and difference >= gap:
            flags.append("ECART_PILOTES")
        elif difference is not None and -difference >= gap:
            flags.append("ECART_SOUS_GROUPES")
    if target == "territoire":
        publics, privates = _split(scores, profiles, "P-STRUCT", lambda s: s in public)
        difference = _gap(publics, privates)
        if difference is not None and abs(difference) >= gap:
            flags.append("ECART_PUBLIC_PRIVE")
    by_function: dict[str, list[float]] = defaultdict(list)
    for score, profile in zip(scores, profiles, strict=True):
        if score is not None and profile.get("P-FONCTION"):
            by_function[profile["P-FONCTION"]].append(score)
    means = [sum(group) / len(group) for group in by_function.values() if len(group) >= MIN_GROUP]
    if len(means) >= 2 and max(means) - min(means) >= gap:
        flags.append("ECART_SOUS_GROUPES")
    return flags


def _split(
    scores: Sequence[float | None], profiles: Sequence[Mapping[str, str]], key: str, test
) -> tuple[list[float], list[float]]:
    inside: list[float] = []
    outside: list[float] = []
    for score, profile in zip(scores, profiles, strict=True):
        value = profile.get(key)
        if score is None or not value:
            continue
        (inside if test(value) else outside).append(score)
    return inside, outside


def _gap(first: list[float], second: list[float]) -> float | None:
    if len(first) < MIN_GROUP or len(second) < MIN_GROUP:
        return None
    return sum(first) / len(first) - sum(second) / len(second)
