"""Which recommendation, flag and quadrant texts to show (§10–§11), as plain data."""

from __future__ import annotations

from dataclasses import dataclass

from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import DimensionResult, Results
from coopassess.scoring.values import PRIORITY, UNEXPECTED

# MECONNAISSANCE on these dimensions is about flows and needs: its own text (§7.2, §11.3).
FLOW_DIMENSIONS = frozenset({"ACH.CON", "TER.RSC"})


@dataclass(frozen=True, slots=True)
class FlagNote:
    code: str  # the flag code of the results JSON
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
    level_description: str | None
    recommendation: str | None  # §11.1 text for the dimension × level
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
    text: str  # the item's wording in the campaign's variant


def flag_note(
    instrument: Instrument, code: str, dimension_id: str = "", lang: str = "fr"
) -> FlagNote:
    """Title and text of a flag; MECONNAISSANCE on ACH.CON / TER.RSC reads MECONNAISSANCE_FLUX."""
    key = (
        "MECONNAISSANCE_FLUX"
        if code == "MECONNAISSANCE" and dimension_id in FLOW_DIMENSIONS
        else code
    )
    text = instrument.flags[key]
    return FlagNote(code, text.title.get(lang), text.text.get(lang))


def _advice_order(dimension: DimensionResult, position: int) -> tuple:
    """Lowest score first, ties in Désaccord first, then table order; non-computable last."""
    return (
        dimension.score is None,
        dimension.score or 0.0,
        dimension.agreement != "Désaccord",
        position,
    )


def recommendations(
    results: Results, instrument: Instrument, lang: str = "fr"
) -> list[DimensionAdvice]:
    """Per questionnaire (in results order), each dimension ordered by priority, lowest first.

    A non-computable dimension comes last with no level text but keeps its flag texts
    (MECONNAISSANCE matters precisely there)."""
    advice: list[DimensionAdvice] = []
    for qid, scored in results.questionnaires.items():
        ranked = sorted(
            enumerate(scored.dimensions.values()), key=lambda pair: _advice_order(pair[1], pair[0])
        )
        for _, result in ranked:
            dimension = instrument.dimensions_by_id[result.id]
            level = instrument.level_for(result.score)
            text = dimension.recommendations.get(result.level) if result.level else None
            advice.append(
                DimensionAdvice(
                    id=result.id,
                    questionnaire=qid,
                    label=dimension.label.get(lang),
                    score=result.score,
                    level=result.level,
                    level_name=level.name.get(lang) if level else None,
                    level_description=level.description.get(lang) if level else None,
                    recommendation=text.get(lang) if text else None,
                    agreement=result.agreement,
                    flags=tuple(flag_note(instrument, c, result.id, lang) for c in result.flags),
                )
            )
    return advice


def campaign_flag_notes(
    results: Results, instrument: Instrument, lang: str = "fr"
) -> list[FlagNote]:
    """Flags shown at the top of the report (VISION_FRAGMENTEE)."""
    return [flag_note(instrument, code, lang=lang) for code in results.flags]


def family_advice(results: Results, instrument: Instrument, lang: str = "fr") -> list[FamilyAdvice]:
    """VAL texts: the family text in « Priorité », the common text in « Valeur inattendue »."""
    advice = []
    for scored in results.questionnaires.values():
        for family in scored.families.values():
            dimension = instrument.dimensions_by_id[family.id]
            if family.quadrant == PRIORITY and dimension.priority_text:
                text = dimension.priority_text.get(lang)
            elif family.quadrant == UNEXPECTED:
                text = instrument.quadrants.text_unexpected.get(lang)
            else:
                continue
            advice.append(FamilyAdvice(family.id, dimension.label.get(lang), family.quadrant, text))
    return advice


def risk_notes(results: Results, instrument: Instrument, lang: str = "fr") -> list[RiskNote]:
    """The table « Risques de non-coopération signalés », worded for the campaign's target."""
    variant = "collectivite" if results.target == "territoire" else "entreprise"
    notes = []
    for qid, scored in results.questionnaires.items():
        for item_id in scored.risks_signalled:
            item = instrument.items_by_id[item_id]
            wording = item.text.get("commun") or item.text[variant]
            notes.append(RiskNote(item_id, qid, wording.get(lang)))
    return notes


@dataclass(frozen=True, slots=True)
class Advice:
    """Every text of §10 for one Results, gathered once for a page or a report."""

    dimensions: tuple[DimensionAdvice, ...]
    campaign_flags: tuple[FlagNote, ...]
    families: tuple[FamilyAdvice, ...]
    risks: tuple[RiskNote, ...]

    @classmethod
    def of(cls, results: Results, instrument: Instrument, lang: str = "fr") -> Advice:
        return cls(
            tuple(recommendations(results, instrument, lang)),
            tuple(campaign_flag_notes(results, instrument, lang)),
            tuple(family_advice(results, instrument, lang)),
            tuple(risk_notes(results, instrument, lang)),
        )

    def for_questionnaire(self, qid: str) -> list[DimensionAdvice]:
        return [item for item in self.dimensions if item.questionnaire == qid]
