"""What an action is about, as a sentence of the follow-up reads it (its questionnaire and its
dimension, or the démarche)."""

from __future__ import annotations

from coopassess.actions.service import dimension_label as dimension_name
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Action

DEMARCHE = "la démarche dans son ensemble"  # inside a sentence: lower case


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
    if action.dimension is None:
        return title
    return f"{title} — {dimension_name(instrument, action.dimension)}"
