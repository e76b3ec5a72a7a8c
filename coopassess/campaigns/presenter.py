"""What a results page displays, from one Results: per questionnaire the index, the rows of
the radar's text alternative and the §10 texts; for an organisation also agreement, flags,
priorities and signalled risks. Shared by the respondent's page and the organisation's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coopassess.instrument.schema import Instrument
from coopassess.models import Campaign
from coopassess.scoring.labels import agreement_label
from coopassess.scoring.results import QuestionnaireResult, Results
from coopassess.scoring.texts import Advice, DimensionAdvice, FamilyAdvice, FlagNote


@dataclass(frozen=True, slots=True)
class DimensionRow:
    id: str
    label: str
    score: float | None
    level: str | None
    level_name: str | None
    agreement: str | None
    n: int
    flags: tuple[FlagNote, ...] = ()


@dataclass(frozen=True, slots=True)
class FamilyRow:
    label: str
    observed: float | None
    expected: float | None
    gap: float | None
    quadrant: str | None


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    index_code: str | None = None
    index_score: float | None = None
    index_level: str | None = None
    index_label: str | None = None
    index_level_name: str | None = None
    rows: tuple[DimensionRow, ...] = ()
    families: tuple[FamilyRow, ...] = ()
    advice: tuple[DimensionAdvice, ...] = ()
    family_texts: tuple[FamilyAdvice, ...] = ()
    priorities: tuple[str, ...] = field(default=())


def results_page(instrument: Instrument, results: Results) -> dict[str, Any]:
    """``results`` and ``minimum`` always; the rest of the view only when reportable."""
    context: dict[str, Any] = {"results": results, "minimum": results.min_respondents}
    if results.reportable:
        context.update(results_view(instrument, results))
    return context


def results_view(instrument: Instrument, results: Results) -> dict[str, Any]:
    texts = Advice.of(results, instrument)
    sections = [
        _values(instrument, qid, scored, texts)
        if scored.families
        else _dimensions(instrument, qid, scored, texts)
        for qid, scored in results.questionnaires.items()
    ]
    return {
        "sections": sections,
        "results": results,
        "campaign_flags": texts.campaign_flags,
        "risks": texts.risks,
    }


def _dimensions(
    instrument: Instrument, qid: str, scored: QuestionnaireResult, texts: Advice
) -> Section:
    questionnaire = instrument.questionnaires[qid]
    notes = {item.id: item.flags for item in texts.dimensions}
    rows = []
    for dimension in questionnaire.dimensions:
        result = scored.dimensions.get(dimension.id)
        if result is None:
            continue
        level = instrument.level_for(result.score)
        rows.append(
            DimensionRow(
                dimension.id,
                dimension.label.fr,
                result.score,
                result.level,
                level.name.fr if level else None,
                agreement_label(result.agreement),
                result.n,
                notes.get(dimension.id, ()),
            )
        )
    index = scored.index
    index_level = instrument.level_for(index.score) if index else None
    return Section(
        id=qid,
        title=questionnaire.title.fr,
        index_code=index.code if index else None,
        index_score=index.score if index else None,
        index_level=index.level if index else None,
        index_label=questionnaire.index.label.fr if questionnaire.index else None,
        index_level_name=index_level.name.fr if index_level else None,
        rows=tuple(rows),
        advice=tuple(texts.for_questionnaire(qid)),
        priorities=tuple(
            instrument.dimensions_by_id[dim_id].label.fr for dim_id in scored.priorities
        ),
    )


def _values(
    instrument: Instrument, qid: str, scored: QuestionnaireResult, texts: Advice
) -> Section:
    questionnaire = instrument.questionnaires[qid]
    families = []
    for dimension in questionnaire.dimensions:
        family = scored.families.get(dimension.id)
        if family is not None:
            families.append(
                FamilyRow(
                    dimension.label.fr,
                    family.observed,
                    family.expected,
                    family.gap,
                    family.quadrant,
                )
            )
    return Section(
        id=qid,
        title=questionnaire.title.fr,
        families=tuple(families),
        family_texts=texts.families,
    )


def campaign_columns(campaign: Campaign) -> dict[str, object]:
    """The values of ``exports.rows.CAMPAIGN_COLUMNS`` for ``campaign`` (its date: the planned
    closing, else the opening, else the creation day, as the comparison pages place it)."""
    return {
        "campaign": campaign.id,
        "organisation": campaign.organisation.name,
        "demarche": campaign.demarche,
        "date": campaign.closes_on or campaign.opens_on or campaign.created_at.date(),
    }
