"""The instrument compiled into flat tuples for fast scoring, once per version."""

from __future__ import annotations

from dataclasses import dataclass

from coopassess.instrument.schema import Instrument

PILOT_ROLES = frozenset({"Pilote ou animateur·rice", "Membre du noyau de pilotage"})
# Dimensions where pilots seeing more than participants is the ECART_PILOTES risk (§7.2).
PILOT_GAP_DIMENSIONS = frozenset({"COOP.LEA", "COOP.OEU", "COOP.OUV", "COOP.MET"})
# Dimensions whose MECONNAISSANCE flag is the one about flows and needs (§7.2).
FLOW_DIMENSIONS = frozenset({"ACH.CON", "TER.RSC"})


@dataclass(frozen=True, slots=True)
class DimensionPlan:
    id: str
    questionnaire: str
    min_valid: int
    # (answer key, reverse, weight) of each item, in table order.
    items: tuple[tuple[str, bool, float], ...]


@dataclass(frozen=True, slots=True)
class FamilyPlan:
    id: str
    min_valid: int
    observed_keys: tuple[str, ...]
    expected_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuestionnairePlan:
    id: str
    keys: frozenset[str]
    dimensions: tuple[DimensionPlan, ...]
    families: tuple[FamilyPlan, ...]
    index_code: str | None
    index_min_valid: int
    reverse_items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    questionnaires: tuple[QuestionnairePlan, ...]


_plans: dict[tuple[str, str, str], ScoringPlan] = {}


def plan_for(instrument: Instrument) -> ScoringPlan:
    key = (instrument.id, instrument.version, instrument.content_hash)
    plan = _plans.get(key)
    if plan is None:
        plan = _plans.setdefault(key, _compile(instrument))
    return plan


def _compile(instrument: Instrument) -> ScoringPlan:
    plans = []
    for qid, questionnaire in instrument.questionnaires.items():
        dimensions, families = [], []
        for dimension in questionnaire.dimensions:
            if all(item.type == "double" for item in dimension.items):
                families.append(
                    FamilyPlan(
                        dimension.id,
                        dimension.min_valid,
                        tuple(f"{item.id}.constate" for item in dimension.items),
                        tuple(f"{item.id}.attendu" for item in dimension.items),
                    )
                )
            else:
                dimensions.append(
                    DimensionPlan(
                        dimension.id,
                        qid,
                        dimension.min_valid,
                        tuple((item.id, item.reverse, item.weight) for item in dimension.items),
                    )
                )
        plans.append(
            QuestionnairePlan(
                qid,
                frozenset(key for item in questionnaire.items for key in item.answer_keys),
                tuple(dimensions),
                tuple(families),
                questionnaire.index.code if questionnaire.index else None,
                questionnaire.index.min_valid_dimensions if questionnaire.index else 0,
                tuple(item.id for item in questionnaire.items if item.reverse),
            )
        )
    return ScoringPlan(tuple(plans))
