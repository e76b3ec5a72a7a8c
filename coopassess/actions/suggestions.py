"""Suggested actions, read from the one Results of the campaign: one per priority dimension
(its recommendation at its level), one per VAL family in « Priorité » (its text), one per flag
raised on a dimension and one per campaign flag (their texts). Nothing is stored until a person
adds one to the plan: the action then keeps the suggestion's ``source``, and a suggestion
already on the plan or set aside is not offered again."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from coopassess.actions.service import WHOLE, dimension_label
from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import Results
from coopassess.scoring.texts import Advice
from coopassess.scoring.values import PRIORITY


@dataclass(frozen=True, slots=True)
class Suggestion:
    source: str  # "priorite:COOP.VIT", "alerte:DESACCORD:COOP.VIT", "alerte:VISION_FRAGMENTEE"
    dimension: str  # a dimension id, or WHOLE
    dimension_label: str
    reason: str  # why it is suggested, for the list
    title: str
    description: str


def suggestions(
    results: Results, instrument: Instrument, taken: Collection[str] = ()
) -> list[Suggestion]:
    """What the results suggest, priorities first, minus the ``taken`` sources; none when the
    results may not be shown (below the minimum of respondents)."""
    if not results.reportable:
        return []
    texts = Advice.of(results, instrument)
    found: list[Suggestion] = []
    advice = {item.id: item for item in texts.dimensions}
    for scored in results.questionnaires.values():
        for dimension_id in scored.priorities:
            item = advice.get(dimension_id)
            if item is None or not item.recommendation:
                continue
            found.append(
                Suggestion(
                    f"priorite:{dimension_id}",
                    dimension_id,
                    item.label,
                    f"Dimension prioritaire (niveau {item.level} · {item.level_name})",
                    f"Progresser sur « {item.label} »",
                    item.recommendation,
                )
            )
    for family in texts.families:
        if family.quadrant == PRIORITY:
            found.append(
                Suggestion(
                    f"priorite:{family.id}",
                    family.id,
                    family.label,
                    "Valeur prioritaire : attendue, peu constatée",
                    f"Développer « {family.label} »",
                    family.text,
                )
            )
    for item in texts.dimensions:
        for note in item.flags:
            found.append(
                Suggestion(
                    f"alerte:{note.code}:{item.id}",
                    item.id,
                    item.label,
                    f"Alerte : {note.title}",
                    f"{note.title} — {item.label}",
                    note.text,
                )
            )
    for note in texts.campaign_flags:
        found.append(
            Suggestion(
                f"alerte:{note.code}",
                WHOLE,
                dimension_label(instrument, None),
                f"Alerte : {note.title}",
                note.title,
                note.text,
            )
        )
    return [suggestion for suggestion in found if suggestion.source not in taken]
