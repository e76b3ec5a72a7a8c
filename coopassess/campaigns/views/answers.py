"""One respondent's answers as the consultant reads them: per questionnaire and dimension, the
item wording the respondent saw, the answer with its scale label, and the dimension score."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from coopassess.campaigns.respondents import Respondent
from coopassess.instrument.schema import Instrument, Item, answer_key
from coopassess.instrument.variants import item_text
from coopassess.models import Campaign
from coopassess.survey.forms import scale_choices

RATING_NAMES = {"constate": "constaté", "attendu": "attendu"}


@dataclass(frozen=True, slots=True)
class AnswerLine:
    item_id: str
    text: Markup
    reverse: bool
    answers: tuple[tuple[str, str], ...]  # (rating name or "", answer label)


@dataclass(frozen=True, slots=True)
class DimensionAnswers:
    id: str
    label: str
    score: float | None
    lines: tuple[AnswerLine, ...]


@dataclass(frozen=True, slots=True)
class QuestionnaireAnswers:
    id: str
    title: str
    dimensions: tuple[DimensionAnswers, ...]


def answer_sections(
    instrument: Instrument, campaign: Campaign, person: Respondent
) -> list[QuestionnaireAnswers]:
    answers = person.answers.answers
    structure = person.answers.profile.get("P-STRUCT")
    sections = []
    for qid in campaign.modules:
        questionnaire = instrument.questionnaires.get(qid)
        if questionnaire is None:
            continue
        dimensions = tuple(
            DimensionAnswers(
                id=dimension.id,
                label=dimension.label.fr,
                score=person.scores.dimensions.get(dimension.id),
                lines=tuple(
                    AnswerLine(
                        item_id=item.id,
                        text=item_text(
                            instrument,
                            item,
                            structure=structure,
                            target=campaign.target,
                            demarche=campaign.demarche,
                        ),
                        reverse=item.reverse,
                        answers=_answers(instrument, item, answers),
                    )
                    for item in dimension.items
                ),
            )
            for dimension in questionnaire.dimensions
        )
        sections.append(QuestionnaireAnswers(qid, questionnaire.title.fr, dimensions))
    return sections


def _answers(
    instrument: Instrument, item: Item, answers: dict[str, int | str]
) -> tuple[tuple[str, str], ...]:
    if item.type == "double":
        return tuple(
            (
                RATING_NAMES[rating.key],
                _label(instrument, rating.scale, answers.get(answer_key(item.id, rating.key))),
            )
            for rating in item.ratings
        )
    return (("", _label(instrument, item.scale, answers.get(item.id))),)


def _label(instrument: Instrument, scale_id: str | None, value: int | str | None) -> str:
    """« 4 — Plutôt d'accord », « NSP — Je ne sais pas », as the respondent saw the choice."""
    if value is None:
        return "—"
    if scale_id is None:  # a validated instrument gives every answered item a scale
        return str(value)
    labels = {choice.value: choice.label for choice in scale_choices(instrument, scale_id)}
    label = labels.get(str(value))
    return f"{value} — {label}" if label else str(value)
