"""Flags: organisation level (§7.2) and respondent data quality (§7.3)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction

from coopassess.instrument.schema import Instrument
from coopassess.scoring.plan import PILOT_ROLES, DimensionPlan, QuestionnairePlan
from coopassess.scoring.rounding import at_least, exact

# §7.3 thresholds (fixed by the model, not instrument parameters).
UNIFORM_MIN_ANSWERS = 20
UNIFORM_SHARE = (9, 10)  # ≥ 90 % identical
ACQUIESCENCE_MIN_REVERSE = 6
ACQUIESCENCE_MEAN = (9, 2)  # mean raw answer ≥ 4.5
MIN_GROUP = 3  # every subgroup compared has ≥ 3 respondents (§7.2)

Answers = Mapping[str, int | str]


def quality_flags(items: Sequence[tuple[str, bool]], answers: Answers) -> tuple[str, ...]:
    """NSP_ELEVE, UNIFORME, ACQUIESCENCE on the COOP items ``(key, reverse)``, in that order.

    Integer arithmetic only, so a boundary such as exactly 90 % is never missed."""
    given = nsp = reverse_n = reverse_sum = direct_n = direct_sum = 0
    counts = [0] * 6
    for key, reverse in items:
        value = answers.get(key)
        if value is None:
            continue
        given += 1
        if value.__class__ is int:
            counts[value] += 1
            if reverse:
                reverse_n += 1
                reverse_sum += value
            else:
                direct_n += 1
                direct_sum += value
        elif value == "NSP":
            nsp += 1
    flags = []
    if 2 * nsp > given:
        flags.append("NSP_ELEVE")
    substantive = reverse_n + direct_n
    share_num, share_den = UNIFORM_SHARE
    if substantive >= UNIFORM_MIN_ANSWERS and max(counts) * share_den >= share_num * substantive:
        flags.append("UNIFORME")
    mean_num, mean_den = ACQUIESCENCE_MEAN
    if (
        reverse_n >= ACQUIESCENCE_MIN_REVERSE
        and direct_n
        and reverse_sum * mean_den >= mean_num * reverse_n
        and direct_sum * mean_den >= mean_num * direct_n
    ):
        flags.append("ACQUIESCENCE")
    return tuple(flags)


def dimension_flags(
    instrument: Instrument,
    plan: DimensionPlan,
    agreement: str | None,
    nsp_rate: Fraction | None,
    scores: Sequence[float | None],
    profiles: Sequence[Mapping[str, str]],
    target: str,
) -> tuple[str, ...]:
    """DESACCORD, MECONNAISSANCE, ECART_PILOTES, ECART_PUBLIC_PRIVE, ECART_SOUS_GROUPES.

    MECONNAISSANCE keeps its §7.2 code on every dimension; for ACH.CON and TER.RSC the texts
    module shows the MECONNAISSANCE_FLUX text instead (see docs/scoring.md)."""
    params = instrument.parameters
    flags = []
    if agreement == "Désaccord":
        flags.append("DESACCORD")
    if nsp_rate is not None and nsp_rate >= exact(params.nsp_alert_rate):
        flags.append("MECONNAISSANCE")
    gap = params.subgroup_gap_points
    reverse_pilot_gap = False
    if plan.pilot_gap:
        pilots, others = _split(scores, profiles, "P-ROLE", PILOT_ROLES.__contains__)
        difference = _gap(pilots, others)
        if difference is not None and at_least(difference, gap):
            flags.append("ECART_PILOTES")
        reverse_pilot_gap = difference is not None and at_least(-difference, gap)
    if target == "territoire":
        public = frozenset(instrument.public_structures)
        publics, privates = _split(scores, profiles, "P-STRUCT", public.__contains__)
        difference = _gap(publics, privates)
        if difference is not None and at_least(abs(difference), gap):
            flags.append("ECART_PUBLIC_PRIVE")
    if reverse_pilot_gap or _function_gap(scores, profiles, gap):
        flags.append("ECART_SOUS_GROUPES")
    return tuple(flags)


def _function_gap(
    scores: Sequence[float | None], profiles: Sequence[Mapping[str, str]], gap: float
) -> bool:
    """Two P-FONCTION groups of ≥ 3 whose means differ by ≥ ``gap``."""
    groups: dict[str, list[float]] = {}
    for score, profile in zip(scores, profiles, strict=True):
        function = profile.get("P-FONCTION")
        if score is not None and function:
            groups.setdefault(function, []).append(score)
    means = [sum(group) / len(group) for group in groups.values() if len(group) >= MIN_GROUP]
    return len(means) >= 2 and at_least(max(means) - min(means), gap)


def _split(
    scores: Sequence[float | None],
    profiles: Sequence[Mapping[str, str]],
    key: str,
    inside: Callable[[str], bool],
) -> tuple[list[float], list[float]]:
    """Scores of respondents whose profile ``key`` passes ``inside``, and of the others who
    answered ``key``; respondents without that profile answer are in neither group."""
    first: list[float] = []
    second: list[float] = []
    for score, profile in zip(scores, profiles, strict=True):
        value = profile.get(key)
        if score is not None and value:
            (first if inside(value) else second).append(score)
    return first, second


def _gap(first: list[float], second: list[float]) -> float | None:
    if len(first) < MIN_GROUP or len(second) < MIN_GROUP:
        return None
    return sum(first) / len(first) - sum(second) / len(second)


def risks_signalled(
    instrument: Instrument, plan: QuestionnairePlan, answers: Iterable[Answers]
) -> tuple[str, ...]:
    """RISQUE_SIGNALE: reverse items that ≥ half the respondents recognise (4–5), ≥ 3 answers."""
    share = exact(instrument.parameters.risk_signalled_share)
    answers = list(answers)
    risks = []
    for item_id in plan.reverse_items:
        count = agreeing = 0
        for respondent in answers:
            value = respondent.get(item_id)
            if value.__class__ is int:
                count += 1
                agreeing += value >= 4
        if count >= MIN_GROUP and agreeing * share.denominator >= share.numerator * count:
            risks.append(item_id)
    return tuple(risks)


def campaign_flags(instrument: Instrument, agreements: Iterable[str | None]) -> tuple[str, ...]:
    """VISION_FRAGMENTEE: at least 3 COOP dimensions in Désaccord."""
    in_disagreement = sum(1 for agreement in agreements if agreement == "Désaccord")
    if in_disagreement >= instrument.parameters.fragmented_vision_min_dimensions:
        return ("VISION_FRAGMENTEE",)
    return ()
