"""Which recommendation, flag and quadrant texts to show (§10–§11), as plain data."""

from __future__ import annotations

from dataclasses import dataclass

from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import Results


@dataclass(frozen=True, slots=True)
class FlagNote:
    code: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class DimensionAdvice:
    id: str
    questionnaire: str
    label: str
    score: float | None
    level: str | None
    level_name: str | None
    recommendation: str | None
    agreement: str | None
    flags: tuple[FlagNote, ...]


@dataclass(frozen=True, slots=True)
class FamilyAdvice:
    id: str
    label: str
    quadrant: str
    text: str


@dataclass(frozen=True, slots=True)
class RiskNote:
    item_id: str
    questionnaire: str
    text: str


@dataclass(frozen=True, slots=True)
class Advice:
    campaign_flags: tuple[FlagNote, ...]
    dimensions: tuple[DimensionAdvice, ...]  # per questionnaire, lowest score first
    families: tuple[FamilyAdvice, ...]
    risks: tuple[RiskNote, ...]

    def for_questionnaire(self, qid: str) -> tuple[DimensionAdvice, ...]:
        return tuple(advice for advice in self.dimensions if advice.questionnaire == qid)


def flag_note(instrument: Instrument, code: str, lang: str = "fr") -> FlagNote:
    text = instrument.flags[code]
    return FlagNote(code, text.title.get(lang), text.text.get(lang))


def advice(results: Results, instrument: Instrument, lang: str = "fr") -> Advice:
    """Texts of §10: a level text per valid dimension (ordered by priority, lowest score first,
    ties in disagreement first), flag texts under their dimension, campaign flags on top, VAL
    texts for « Priorité » and « Valeur inattendue » families, the signalled risks."""
    dimensions: list[DimensionAdvice] = []
    families: list[FamilyAdvice] = []
    risks: list[RiskNote] = []
    for qid, scored in results.questionnaires.items():
        questionnaire = instrument.questionnaires[qid]
        order = {dimension.id: index for index, dimension in enumerate(questionnaire.dimensions)}
        ranked = sorted(
            scored.dimensions.values(),
            key=lambda d: (
                d.score is None,
                d.score if d.score is not None else 0.0,
                d.agreement != "Désaccord",
                order[d.id],
            ),
        )
        for result in ranked:
            dimension = instrument.dimensions_by_id[result.id]
            level = instrument.level_for(result.score)
            recommendation = dimension.recommendations.get(result.level) if result.level else None
            dimensions.append(
                DimensionAdvice(
                    id=result.id,
                    questionnaire=qid,
                    label=dimension.label.get(lang),
                    score=result.score,
                    level=result.level,
                    level_name=level.name.get(lang) if level else None,
                    recommendation=recommendation.get(lang) if recommendation else None,
                    agreement=result.agreement,
                    flags=tuple(flag_note(instrument, code, lang) for code in result.flags),
                )
            )
        for family in scored.families.values():
            dimension = instrument.dimensions_by_id[family.id]
            if family.quadrant == "Priorité" and dimension.priority_text:
                text = dimension.priority_text.get(lang)
            elif family.quadrant == "Valeur inattendue":
                text = instrument.quadrants.text_unexpected.get(lang)
            else:
                continue
            families.append(
                FamilyAdvice(family.id, dimension.label.get(lang), family.quadrant, text)
            )
        variant = "collectivite" if results.target == "territoire" else "entreprise"
        for item_id in scored.risks_signalled:
            item = instrument.items_by_id[item_id]
            wording = item.text.get("commun") or item.text[variant]
            risks.append(RiskNote(item_id, qid, wording.get(lang)))
    return Advice(
        campaign_flags=tuple(flag_note(instrument, code, lang) for code in results.flags),
        dimensions=tuple(dimensions),
        families=tuple(families),
        risks=tuple(risks),
    )
