"""Scoring a campaign: every respondent, then the organisation. The one entry point."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coopassess.instrument.schema import Instrument
from coopassess.scoring.aggregate import aggregate_dimension
from coopassess.scoring.answers import RespondentAnswers
from coopassess.scoring.flags import campaign_flags, quality_flags, risks_signalled
from coopassess.scoring.indices import index_result
from coopassess.scoring.plan import QuestionnairePlan, plan_for
from coopassess.scoring.priorities import priorities
from coopassess.scoring.respondent import answered, dimension_score, family_scores
from coopassess.scoring.results import QuestionnaireResult, RespondentResult, Results
from coopassess.scoring.rounding import round_half_up
from coopassess.scoring.values import aggregate_family

# Questionnaire whose dimensions give the « priorités » and VISION_FRAGMENTEE (§5, §7.2).
COOP = "COOP"

Answers = Mapping[str, int | str]
Scores = list[dict[str, float | None]]


def score_campaign(
    instrument: Instrument, respondents: Sequence[RespondentAnswers], target: str
) -> Results:
    """Score the answers of a campaign of ``target`` type (territoire | entreprise).

    Questionnaires nobody answered are absent; each respondent gets a score (possibly null)
    for every dimension of the questionnaires present."""
    plan = plan_for(instrument)
    answers = [r.answers for r in respondents]
    profiles = [r.profile for r in respondents]
    per_respondent: Scores = [{} for _ in respondents]
    questionnaires: dict[str, QuestionnaireResult] = {}
    for qplan in plan.questionnaires:
        if not any(answered(qplan, a) for a in answers):
            continue
        if qplan.families:
            result = _values(instrument, qplan, answers, per_respondent)
        else:
            result = _dimensions(instrument, qplan, answers, profiles, target, per_respondent)
        questionnaires[qplan.id] = result
    coop = questionnaires.get(COOP)
    flags = (
        campaign_flags(instrument, (d.agreement for d in coop.dimensions.values())) if coop else ()
    )
    return Results(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        target=target,
        n_respondents=len(respondents),
        questionnaires=questionnaires,
        flags=flags,
        respondents=tuple(
            RespondentResult(
                r.id,
                {key: round_half_up(value) for key, value in scores.items()},
                quality_flags(plan.quality_items, r.answers),
            )
            for r, scores in zip(respondents, per_respondent, strict=True)
        ),
        min_respondents=instrument.parameters.min_respondents_aggregate,
    )


def _dimensions(
    instrument: Instrument,
    qplan: QuestionnairePlan,
    answers: Sequence[Answers],
    profiles: Sequence[Mapping[str, str]],
    target: str,
    per_respondent: Scores,
) -> QuestionnaireResult:
    results = {}
    means = []
    for dplan in qplan.dimensions:
        scores = [dimension_score(dplan, a) for a in answers]
        for respondent, score in zip(per_respondent, scores, strict=True):
            respondent[dplan.id] = score
        result, mean = aggregate_dimension(instrument, dplan, answers, scores, profiles, target)
        results[dplan.id] = result
        means.append(mean)
    index = None
    if qplan.index_code:
        index = index_result(instrument, qplan.index_code, means, qplan.index_min_valid)
    return QuestionnaireResult(
        id=qplan.id,
        index=index,
        dimensions=results,
        risks_signalled=risks_signalled(instrument, qplan, answers),
        priorities=priorities(list(results.values())) if qplan.id == COOP else (),
    )


def _values(
    instrument: Instrument,
    qplan: QuestionnairePlan,
    answers: Sequence[Answers],
    per_respondent: Scores,
) -> QuestionnaireResult:
    families = {}
    for fplan in qplan.families:
        observed, expected = [], []
        for respondent, a in zip(per_respondent, answers, strict=True):
            c, e = family_scores(fplan, a)
            respondent[fplan.observed_name] = c
            respondent[fplan.expected_name] = e
            observed.append(c)
            expected.append(e)
        families[fplan.id] = aggregate_family(instrument, fplan.id, observed, expected)
    return QuestionnaireResult(id=qplan.id, families=families)
