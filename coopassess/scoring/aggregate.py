"""A dimension across respondents: mean, dispersion and agreement (§7.1)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from coopassess.instrument.schema import Instrument
from coopassess.scoring.flags import dimension_flags
from coopassess.scoring.levels import level_code
from coopassess.scoring.plan import DimensionPlan
from coopassess.scoring.results import DimensionResult
from coopassess.scoring.rounding import exact, round_half_up

Answers = Mapping[str, int | str]


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sample_sd(values: Sequence[float]) -> float | None:
    """Standard deviation with n − 1 (None below 2 values)."""
    n = len(values)
    if n < 2:
        return None
    centre = sum(values) / n
    return math.sqrt(sum((value - centre) ** 2 for value in values) / (n - 1))


def item_ad(values: Sequence[int]) -> Fraction:
    """Average deviation of raw answers around their mean, exactly: Σ|n·x − S| / n²."""
    n = len(values)
    total = sum(values)
    return Fraction(sum(abs(n * value - total) for value in values), n * n)


def dimension_ad(plan: DimensionPlan, answers: Sequence[Answers]) -> Fraction | None:
    """Mean of the AD of items with ≥ 3 substantive answers; needs ≥ min_valid such items."""
    ads = []
    for key, _, _ in plan.items:
        values = [value for a in answers if (value := a.get(key)).__class__ is int]
        if len(values) >= 3:
            ads.append(item_ad(values))
    return sum(ads, Fraction(0)) / len(ads) if len(ads) >= plan.min_valid else None


def agreement(ad: Fraction, instrument: Instrument) -> str:
    """Consensus (AD ≤ 0.5), Avis partagés, Désaccord (AD > 5/6), compared exactly."""
    params = instrument.parameters
    if ad > exact(params.ad_disagreement_raw):
        return "Désaccord"
    if ad <= exact(params.ad_consensus_raw):
        return "Consensus"
    return "Avis partagés"


def nsp_rate(plan: DimensionPlan, answers: Sequence[Answers]) -> Fraction | None:
    """Share of NSP among all answers (NC included) given to the dimension's items."""
    given = nsp = 0
    for respondent in answers:
        for key, _, _ in plan.items:
            value = respondent.get(key)
            if value is not None:
                given += 1
                nsp += value == "NSP"
    return Fraction(nsp, given) if given else None


def aggregate_dimension(
    instrument: Instrument,
    plan: DimensionPlan,
    answers: Sequence[Answers],
    scores: Sequence[float | None],
    profiles: Sequence[Mapping[str, str]],
    target: str,
) -> tuple[DimensionResult, float | None]:
    """The organisation result of one dimension, and its unrounded score (for the index)."""
    valid = [score for score in scores if score is not None]
    n = len(valid)
    central = mean(valid)
    rounded = round_half_up(central)
    stable = n >= instrument.parameters.min_respondents_aggregate
    ad = dimension_ad(plan, answers) if stable else None
    category = agreement(ad, instrument) if ad is not None else None
    rate = nsp_rate(plan, answers)
    result = DimensionResult(
        id=plan.id,
        score=rounded,
        level=level_code(instrument, rounded),
        n=n,
        min=round_half_up(min(valid)) if valid else None,
        max=round_half_up(max(valid)) if valid else None,
        sd=round_half_up(sample_sd(valid)) if stable else None,
        ad=round_half_up(ad, 3),
        agreement=category,
        nsp_rate=round_half_up(rate, 3),
        flags=dimension_flags(instrument, plan, category, rate, scores, profiles, target),
    )
    return result, central
