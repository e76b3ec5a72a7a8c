"""The instrument compiled once per version into flat tuples, so scoring does no lookups.

Cached by (instrument id, version, content hash): a published instrument never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coopassess.instrument.schema import Instrument, Questionnaire, answer_key
from coopassess.scoring.items import DIRECT_SCORES, REVERSE_SCORES

PILOT_ROLES = frozenset({"Pilote ou animateur·rice", "Membre du noyau de pilotage"})
# Dimensions where pilots seeing more than participants is the ECART_PILOTES risk (§7.2).
PILOT_GAP_DIMENSIONS = frozenset({"COOP.LEA", "COOP.OEU", "COOP.OUV", "COOP.MET"})
QUALITY_QUESTIONNAIRE = "COOP"  # respondent data-quality flags look at COOP items (§7.3)


@dataclass(frozen=True, slots=True)
class DimensionPlan:
    id: str
    questionnaire: str
    min_valid: int
    # (answer key, answer → item score table, weight) of each item, in table order; the table
    # is items.REVERSE_SCORES for a reverse item, so scoring is one dict lookup per item.
    items: tuple[tuple[str, Mapping[object, float], float], ...]
    pilot_gap: bool


@dataclass(frozen=True, slots=True)
class FamilyPlan:
    id: str
    min_valid: int
    observed_keys: tuple[str, ...]
    expected_keys: tuple[str, ...]
    # Keys of the family's two scores in a respondent's results (``VAL.X.observed``…).
    observed_name: str
    expected_name: str


@dataclass(frozen=True, slots=True)
class QuestionnairePlan:
    id: str
    keys: tuple[str, ...]  # every answer key of the questionnaire
    dimensions: tuple[DimensionPlan, ...]
    families: tuple[FamilyPlan, ...]
    index_code: str | None
    index_min_valid: int
    reverse_items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    questionnaires: tuple[QuestionnairePlan, ...]
    # COOP items as (key, reverse) for the respondent quality flags; empty without COOP.
    quality_items: tuple[tuple[str, bool], ...]


_plans: dict[tuple[str, str, str], ScoringPlan] = {}


def plan_for(instrument: Instrument) -> ScoringPlan:
    """The compiled plan of ``instrument`` (built on first use)."""
    key = (instrument.id, instrument.version, instrument.content_hash)
    plan = _plans.get(key)
    if plan is None:
        plan = _plans.setdefault(key, _compile(instrument))
    return plan


def _compile(instrument: Instrument) -> ScoringPlan:
    plans = tuple(_questionnaire(qid, q) for qid, q in instrument.questionnaires.items())
    quality = instrument.questionnaires.get(QUALITY_QUESTIONNAIRE)
    quality_items = tuple((i.id, i.reverse) for i in quality.items) if quality else ()
    return ScoringPlan(plans, quality_items)


def _questionnaire(qid: str, questionnaire: Questionnaire) -> QuestionnairePlan:
    dimensions, families = [], []
    for dimension in questionnaire.dimensions:
        if all(item.type == "double" for item in dimension.items):
            families.append(
                FamilyPlan(
                    dimension.id,
                    dimension.min_valid,
                    tuple(answer_key(item.id, "constate") for item in dimension.items),
                    tuple(answer_key(item.id, "attendu") for item in dimension.items),
                    f"{dimension.id}.observed",
                    f"{dimension.id}.expected",
                )
            )
        else:
            dimensions.append(
                DimensionPlan(
                    dimension.id,
                    qid,
                    dimension.min_valid,
                    tuple(
                        (item.id, REVERSE_SCORES if item.reverse else DIRECT_SCORES, item.weight)
                        for item in dimension.items
                    ),
                    dimension.id in PILOT_GAP_DIMENSIONS,
                )
            )
    index = questionnaire.index
    return QuestionnairePlan(
        qid,
        tuple(key for item in questionnaire.items for key in item.answer_keys),
        tuple(dimensions),
        tuple(families),
        index.code if index else None,
        index.min_valid_dimensions if index else 0,
        tuple(item.id for item in questionnaire.items if item.reverse),
    )
