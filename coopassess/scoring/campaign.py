"""Scoring a campaign: every respondent, then the organisation (the one entry point)."""

from __future__ import annotations

from collections.abc import Sequence

from coopassess.instrument.schema import Instrument
from coopassess.scoring.aggregate import aggregate_dimension
from coopassess.scoring.answers import RespondentAnswers
from coopassess.scoring.levels import level_code
from coopassess.scoring.plan import QuestionnairePlan, plan_for
from coopassess.scoring.respondent import (
    answered,
    dimension_score,
    family_scores,
    quality_flags,
)
from coopassess.scoring.results import (
    FamilyResult,
    IndexResult,
    QuestionnaireResult,
    RespondentResult,
    Results,
)
from coopassess.scoring.rounding import round_half_up

PRIORITY_COUNT = 3


def score_campaign(
    instrument: Instrument, respondents: Sequence[RespondentAnswers], target: str
) -> Results:
    """Score all ``respondents`` of a campaign of ``target`` type into one Results."""
    plan = plan_for(instrument)
    answers = [r.answers for r in respondents]
    profiles = [r.profile for r in respondents]
    per_respondent: list[dict[str, float | None]] = [{} for _ in respondents]
    questionnaires: dict[str, QuestionnaireResult] = {}
    campaign_flags: list[str] = []
    for qplan in plan.questionnaires:
        if not any(answered(qplan, a) for a in answers):
            continue
        if qplan.families:
            questionnaires[qplan.id] = _values(instrument, qplan, answers, per_respondent)
        else:
            questionnaires[qplan.id] = _dimensions(
                instrument, qplan, answers, profiles, target, per_respondent
            )
    coop = questionnaires.get("COOP")
    if coop is not None:
        in_disagreement = sum(1 for d in coop.dimensions.values() if d.agreement == "Désaccord")
        if in_disagreement >= instrument.parameters.fragmented_vision_min_dimensions:
            campaign_flags.append("VISION_FRAGMENTEE")
    coop_plan = next((q for q in plan.questionnaires if q.id == "COOP"), None)
    return Results(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        target=target,
        n_respondents=len(respondents),
        questionnaires=questionnaires,
        flags=tuple(campaign_flags),
        respondents=tuple(
            RespondentResult(
                r.id,
                {key: round_half_up(value) for key, value in scores.items()},
                quality_flags(coop_plan, r.answers) if coop_plan else (),
            )
            for r, scores in zip(respondents, per_respondent, strict=True)
        ),
    )


def _dimensions(
    instrument: Instrument,
    qplan: QuestionnairePlan,
    answers: list,
    profiles: list,
    target: str,
    per_respondent: list[dict[str, float | None]],
) -> QuestionnaireResult:
    results, means, ads = {}, {}, {}
    for dplan in qplan.dimensions:
        scores = [dimension_score(dplan, a) for a in answers]
        for respondent, score in zip(per_respondent, scores, strict=True):
            respondent[dplan.id] = score
        result, mean = aggregate_dimension(instrument, dplan, answers, scores, profiles, target)
        results[dplan.id], means[dplan.id], ads[dplan.id] = result, mean, result.ad
    index = None
    if qplan.index_code:
        valid = [mean for mean in means.values() if mean is not None]
        score = (
            round_half_up(sum(valid) / len(valid)) if len(valid) >= qplan.index_min_valid else None
        )
        index = IndexResult(qplan.index_code, score, level_code(instrument, score))
    return QuestionnaireResult(
        id=qplan.id,
        index=index,
        dimensions=results,
        risks_signalled=_risks(instrument, qplan, answers),
        priorities=_priorities(qplan, results) if qplan.id == "COOP" else (),
    )


def _priorities(qplan: QuestionnairePlan, results: dict) -> tuple[str, ...]:
    """The three lowest dimensions; ties: higher disagreement first, then table order (§5)."""
    order = {dplan.id: index for index, dplan in enumerate(qplan.dimensions)}
    scored = [r for r in results.values() if r.score is not None]
    scored.sort(key=lambda r: (r.score, -(r.ad if r.ad is not None else -1.0), order[r.id]))
    return tuple(r.id for r in scored[:PRIORITY_COUNT])


def _risks(instrument: Instrument, qplan: QuestionnairePlan, answers: list) -> tuple[str, ...]:
    """Reverse items that at least half the respondents recognise (4–5), with ≥ 3 answers."""
    share = instrument.parameters.risk_signalled_share
    risks = []
    for item_id in qplan.reverse_items:
        values = [a[item_id] for a in answers if a.get(item_id).__class__ is int]
        if len(values) >= 3 and sum(1 for v in values if v >= 4) / len(values) >= share:
            risks.append(item_id)
    return tuple(risks)


def _values(
    instrument: Instrument,
    qplan: QuestionnairePlan,
    answers: list,
    per_respondent: list[dict[str, float | None]],
) -> QuestionnaireResult:
    threshold = instrument.quadrants.threshold
    families = {}
    for fplan in qplan.families:
        observed, expected = [], []
        for respondent, a in zip(per_respondent, answers, strict=True):
            c, e = family_scores(fplan, a)
            respondent[f"{fplan.id}.observed"], respondent[f"{fplan.id}.expected"] = c, e
            if c is not None:
                observed.append(c)
            if e is not None:
                expected.append(e)
        c_mean = sum(observed) / len(observed) if observed else None
        e_mean = sum(expected) / len(expected) if expected else None
        c_round, e_round = round_half_up(c_mean), round_half_up(e_mean)
        gap = round_half_up(e_mean - c_mean) if c_mean is not None and e_mean is not None else None
        families[fplan.id] = FamilyResult(
            id=fplan.id,
            observed=c_round,
            expected=e_round,
            gap=gap,
            quadrant=_quadrant(c_round, e_round, threshold),
            n_observed=len(observed),
            n_expected=len(expected),
        )
    return QuestionnaireResult(id=qplan.id, families=families)


def _quadrant(observed: float | None, expected: float | None, threshold: float) -> str | None:
    if observed is None or expected is None:
        return None
    if expected >= threshold:
        return "Acquis" if observed >= threshold else "Priorité"
    return "Valeur inattendue" if observed >= threshold else "Secondaire"
