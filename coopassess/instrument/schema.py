"""The questionnaire format, as pydantic models.

An :class:`Instrument` is one published version of the whole instrument (profile, scales, levels,
the four questionnaires, flag and recommendation texts, parameters). It is immutable once loaded;
everything downstream (forms, scoring, charts, reports) reads it and never changes it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

LEVEL_CODES = ("N1", "N2", "N3", "N4", "N5")
SPECIAL_CODES = ("NSP", "NC")
VARIANT_KEYS = ("collectivite", "entreprise")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalizedText(Frozen):
    """A text in French (required, the reference) and optionally English.

    In the YAML files a plain string stands for the French text alone.
    """

    fr: str = Field(min_length=1)
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain_string(cls, value: Any) -> Any:
        return {"fr": value} if isinstance(value, str) else value

    def get(self, lang: str = "fr") -> str:
        return self.en if lang == "en" and self.en else self.fr


class ScaleOption(Frozen):
    value: int = Field(ge=1, le=5)
    label: LocalizedText


class Scale(Frozen):
    id: str
    label: LocalizedText
    options: tuple[ScaleOption, ...]
    special_codes: tuple[Literal["NSP", "NC"], ...] = SPECIAL_CODES


class SpecialCode(Frozen):
    code: Literal["NSP", "NC"]
    label: LocalizedText
    usage: LocalizedText


class Rating(Frozen):
    """One of the two ratings of a ``double`` item (VAL): constaté or attendu."""

    key: Literal["constate", "attendu"]
    scale: str


class Item(Frozen):
    id: str
    dimension: str
    order: int
    type: Literal["simple", "double"] = "simple"
    scale: str | None = None
    ratings: tuple[Rating, ...] = ()
    reverse: bool = False
    weight: float = Field(default=1.0, gt=0)
    variant_by: Literal["none", "respondent", "campaign"] = "none"
    # "commun" when variant_by is none, else "collectivite" and "entreprise".
    text: dict[str, LocalizedText]
    help: LocalizedText | None = None
    seed: tuple[str, ...] = ()

    @cached_property
    def answer_keys(self) -> tuple[str, ...]:
        """Keys under which answers to this item are stored (``ID`` or ``ID.constate``…)."""
        if self.type == "double":
            return tuple(answer_key(self.id, r.key) for r in self.ratings)
        return (self.id,)


def answer_key(item_id: str, rating: str | None = None) -> str:
    """The one spelling of an answer's key: ``COOP-VIT-01``, or ``VAL-ENV-01.constate`` for one
    rating of a double item (stored answers, scoring, exports and forms all use it)."""
    return f"{item_id}.{rating}" if rating else item_id


class Dimension(Frozen):
    """A dimension (COOP, ACH, TER) or a value family (VAL)."""

    id: str
    code: str
    label: LocalizedText
    description: LocalizedText
    min_valid: int = Field(ge=1)
    weight: float = Field(default=1.0, gt=0)
    # Level code (N1..N5) -> recommendation; empty for VAL families.
    recommendations: dict[str, LocalizedText] = {}
    # VAL only: text shown when the family is in quadrant « Priorité ».
    priority_text: LocalizedText | None = None
    items: tuple[Item, ...]


class IndexSpec(Frozen):
    code: str
    label: LocalizedText
    min_valid_dimensions: int = Field(ge=1)


class Questionnaire(Frozen):
    id: str
    title: LocalizedText
    status: Literal["obligatoire", "optionnel", "recommandé"]
    index: IndexSpec | None = None
    intro: LocalizedText
    # VAL only: headers of the two ratings of the grid.
    stem_observed: LocalizedText | None = None
    stem_expected: LocalizedText | None = None
    duration_min: int
    dimensions: tuple[Dimension, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for dim in self.dimensions for item in dim.items)


class ProfileOption(Frozen):
    value: str
    label: LocalizedText


class ProfileQuestion(Frozen):
    id: str
    question: LocalizedText
    options: tuple[ProfileOption, ...]


class Level(Frozen):
    code: str
    name: LocalizedText
    lower: float
    upper: float
    description: LocalizedText


class FlagText(Frozen):
    title: LocalizedText
    text: LocalizedText


class RespondentFlagText(Frozen):
    title: LocalizedText
    rule: LocalizedText


class Quadrants(Frozen):
    threshold: float
    text_unexpected: LocalizedText
    text_acquired: LocalizedText


class Parameters(Frozen):
    ad_disagreement_raw: float
    ad_consensus_raw: float
    min_respondents_aggregate: int
    subgroup_gap_points: float
    nsp_alert_rate: float
    risk_signalled_share: float
    fragmented_vision_min_dimensions: int
    notable_change_points: float
    benchmark_min_organisations: int = 10


class Indicator(Frozen):
    id: str
    family: str
    label: LocalizedText
    unit: str
    seed: tuple[str, ...] = ()


class RadarSpec(Frozen):
    id: str
    title: LocalizedText
    axes: tuple[str, ...]
    index: str | None = None


class GlossaryEntry(Frozen):
    term: LocalizedText
    definition: LocalizedText


class Instrument(Frozen):
    id: str
    version: str
    title: LocalizedText
    scales: dict[str, Scale]
    special_codes: dict[str, SpecialCode]
    public_structures: tuple[str, ...]
    profile: tuple[ProfileQuestion, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    levels: tuple[Level, ...]
    questionnaires: dict[str, Questionnaire]
    flags: dict[str, FlagText]
    respondent_flags: dict[str, RespondentFlagText]
    quadrants: Quadrants
    parameters: Parameters
    indicators: tuple[Indicator, ...] = ()
    radars: tuple[RadarSpec, ...] = ()
    # sha256 of the canonical content, set by the loader; responses pin it with the version.
    content_hash: str = ""

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for q in self.questionnaires.values() for item in q.items}

    @cached_property
    def dimensions_by_id(self) -> dict[str, Dimension]:
        return {dim.id: dim for q in self.questionnaires.values() for dim in q.dimensions}

    @cached_property
    def answer_keys(self) -> frozenset[str]:
        """Every valid key of an answer (``COOP-VIT-01``, ``VAL-ENV-01.constate``…)."""
        return frozenset(key for item in self.items_by_id.values() for key in item.answer_keys)

    def level_for(self, score: float | None) -> Level | None:
        """The level whose band holds ``score`` (lower bound inclusive, 100 in N5)."""
        if score is None:
            return None
        for level in self.levels:
            if level.lower <= score < level.upper:
                return level
        return self.levels[-1] if score >= self.levels[-1].lower else None
