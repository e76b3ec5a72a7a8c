"""One respondent: dimension scores with min-valid (§3), VAL constaté/attendu (§6)."""

from __future__ import annotations

from collections.abc import Mapping

from coopassess.instrument.schema import Instrument
from coopassess.scoring.flags import quality_flags
from coopassess.scoring.indices import index_score
from coopassess.scoring.items import DIRECT_SCORES
from coopassess.scoring.plan import DimensionPlan, FamilyPlan, QuestionnairePlan, plan_for
from coopassess.scoring.results import RespondentResult
from coopassess.scoring.rounding import round_half_up

Answers = Mapping[str, int | str]


def dimension_score(plan: DimensionPlan, answers: Answers) -> float | None:
    """Weighted mean of the item scores answered, when at least ``min_valid`` were answered."""
    total = weights = 0.0
    count = 0
    for key, table, weight in plan.items:
        score = table.get(answers.get(key))
        if score is not None:
            total += weight * score
            weights += weight
            count += 1
    return total / weights if count >= plan.min_valid else None


def family_scores(plan: FamilyPlan, answers: Answers) -> tuple[float | None, float | None]:
    """Constaté and attendu of one value family, each with its own validity rule."""
    return (
        _mean_score(plan.observed_keys, plan.min_valid, answers),
        _mean_score(plan.expected_keys, plan.min_valid, answers),
    )


def _mean_score(keys: tuple[str, ...], min_valid: int, answers: Answers) -> float | None:
    total = 0.0
    count = 0
    for key in keys:
        score = DIRECT_SCORES.get(answers.get(key))
        if score is not None:
            total += score
            count += 1
    return total / count if count >= min_valid else None


def answered(plan: QuestionnairePlan, answers: Answers) -> bool:
    """Whether the respondent gave any answer (NSP and NC included) to the questionnaire."""
    return any(key in answers for key in plan.keys)


def questionnaire_scores(plan: QuestionnairePlan, answers: Answers) -> dict[str, float | None]:
    """Unrounded scores of one questionnaire: ``DIM`` or ``VAL.X.observed`` / ``.expected``."""
    scores: dict[str, float | None] = {d.id: dimension_score(d, answers) for d in plan.dimensions}
    for family in plan.families:
        observed, expected = family_scores(family, answers)
        scores[family.observed_name] = observed
        scores[family.expected_name] = expected
    return scores


def score_respondent(
    instrument: Instrument, respondent_id: str, answers: Answers
) -> RespondentResult:
    """One response on its own: rounded scores of the questionnaires it answered, and its
    data-quality flags (§7.3). Used for a single respondent's view and by the benchmark."""
    plan = plan_for(instrument)
    scores: dict[str, float | None] = {}
    for qplan in plan.questionnaires:
        if answered(qplan, answers):
            for key, value in questionnaire_scores(qplan, answers).items():
                scores[key] = round_half_up(value)
    return RespondentResult(respondent_id, scores, quality_flags(plan.quality_items, answers))


def respondent_indices(instrument: Instrument, answers: Answers) -> dict[str, float | None]:
    """One respondent's own indices (IMC, IAC, IDT) by questionnaire id, from their unrounded
    dimension scores with the index's minimum of valid dimensions (§5)."""
    indices: dict[str, float | None] = {}
    for qplan in plan_for(instrument).questionnaires:
        if qplan.index_code and answered(qplan, answers):
            scores = questionnaire_scores(qplan, answers)
            dimensions = (scores[dimension.id] for dimension in qplan.dimensions)
            indices[qplan.id] = round_half_up(index_score(dimensions, qplan.index_min_valid))
    return indices
