"""The words people read for an action's status and for what it is about."""

from __future__ import annotations

from coopassess.actions.service import STATUS_LABELS
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Action

__all__ = ["DEMARCHE", "STATUS_LABELS", "dimension_label"]
DEMARCHE = "la démarche dans son ensemble"


def dimension_label(instruments: InstrumentRegistry, version: str, action: Action) -> str:
    """« Achats circulaires — Dialogue avec les acteurs du territoire », « la démarche… »."""
    if action.questionnaire is None:
        return DEMARCHE
    try:
        instrument = instruments.get(version)
    except KeyError:
        instrument = instruments.current()
    questionnaire = instrument.questionnaires.get(action.questionnaire)
    title = questionnaire.title.fr if questionnaire else action.questionnaire
    dimension = instrument.dimensions_by_id.get(action.dimension or "")
    if dimension is None:
        return title if action.dimension is None else f"{title} — {action.dimension}"
    return f"{title} — {dimension.label.fr}"
