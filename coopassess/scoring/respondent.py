"""One respondent: item scores (§2), dimension scores (§3), VAL C/A (§6), quality flags (§7.3)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from coopassess.scoring.plan import DimensionPlan, FamilyPlan, QuestionnairePlan

Answers = Mapping[str, int | str]


def item_score(value: int | str | None, reverse: bool) -> float | None:
    """0, 25, 50, 75, 100 for 1..5 (6 − x first for a reverse item); NSP, NC, missing → None."""
    if not isinstance(value, int):
        return None
    return ((6 - value if reverse else value) - 1) * 25.0


def dimension_score(plan: DimensionPlan, answers: Answers) -> float | None:
    """Weighted mean of the substantive answers, when there are at least ``min_valid``."""
    total = weights = 0.0
    count = 0
    for key, reverse, weight in plan.items:
        value = answers.get(key)
        if value.__class__ is int:
            total += weight * ((6 - value if reverse else value) - 1) * 25.0
            weights += weight
            count += 1
    return total / weights if count >= plan.min_valid else None


def family_scores(plan: FamilyPlan, answers: Answers) -> tuple[float | None, float | None]:
    """Constaté and attendu of one value family, each with its own validity rule."""
    return _mean_score(plan.observed_keys, plan.min_valid, answers), _mean_score(
        plan.expected_keys, plan.min_valid, answers
    )


def _mean_score(keys: tuple[str, ...], min_valid: int, answers: Answers) -> float | None:
    values = [answers[key] for key in keys if answers.get(key).__class__ is int]
    if len(values) < min_valid:
        return None
    return sum((value - 1) * 25.0 for value in values) / len(values)


def answered(plan: QuestionnairePlan, answers: Answers) -> bool:
    return any(key in answers for key in plan.keys)


def quality_flags(coop: QuestionnairePlan, answers: Answers) -> tuple[str, ...]:
    """NSP_ELEVE, UNIFORME, ACQUIESCENCE on the COOP items (§7.3), in that order."""
    reverse_ids = set(coop.reverse_items)
    given = [
        (key, answers[key]) for dim in coop.dimensions for key, _, _ in dim.items if key in answers
    ]
    flags = []
    if given and sum(1 for _, value in given if value == "NSP") / len(given) > 0.5:
        flags.append("NSP_ELEVE")
    substantive = [(key, value) for key, value in given if isinstance(value, int)]
    if len(substantive) >= 20:
        most_common = Counter(value for _, value in substantive).most_common(1)[0][1]
        if most_common / len(substantive) >= 0.9:
            flags.append("UNIFORME")
    reverse = [value for key, value in substantive if key in reverse_ids]
    direct = [value for key, value in substantive if key not in reverse_ids]
    if (
        len(reverse) >= 6
        and direct
        and sum(reverse) / len(reverse) >= 4.5
        and sum(direct) / len(direct) >= 4.5
    ):
        flags.append("ACQUIESCENCE")
    return tuple(flags)
