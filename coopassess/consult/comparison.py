"""Comparing 2 to 6 campaigns (scoring-model §8): which selections can be compared, and the
tables per dimension with each campaign's score, level, agreement and flags and its Δ against
the first (and against the previous one, for an organisation's evolution).

Campaigns of another instrument version or target type, and campaigns whose results are not
reportable, are refused with a message (``Refused``) and no figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from coopassess.campaigns.results import campaign_results
from coopassess.charts import MAX_SERIES
from coopassess.consult.reference import answering_period, campaign_date, submission_periods
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.instrument.schema import Instrument
from coopassess.models import Campaign
from coopassess.scoring.compare import DimensionDelta, compare, step_changes
from coopassess.scoring.labels import agreement_label
from coopassess.scoring.results import Results
from coopassess.scoring.rounding import format_signed as signed

MIN_CAMPAIGNS = 2


class Refused(Exception):
    """A selection that cannot be compared; the message says why."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One campaign's figures for one dimension or index; deltas as signed text."""

    score: float | None
    level: str | None
    level_name: str | None
    agreement: str | None
    flags: tuple[str, ...]
    delta: str | None  # against the first campaign; None for the first
    notable: bool
    step: str | None  # against the previous campaign (T(n-1) → Tn)
    step_notable: bool
    asked: bool = True  # False: the module was not in this campaign (« non demandé »)


@dataclass(frozen=True, slots=True)
class Line:
    id: str
    label: str
    index: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One questionnaire of the comparison."""

    id: str
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """A compared campaign as a table column: a short code (C1, T0…) shown in the tables and
    the radar's legend, a visible note, and the full name for screen readers."""

    code: str
    note: str
    full: str


@dataclass(frozen=True, slots=True)
class Selection:
    campaigns: list[Campaign]
    results: list[Results]
    periods: dict[int, str] = field(default_factory=dict)  # campaign id → when answered

    @property
    def evolution(self) -> bool:
        """Campaigns of one organisation read as its evolution (T0, T1…); campaigns of
        several organisations are a comparison (C1, C2…, gaps to the reference), never an
        « évolution »."""
        return len({campaign.organisation_id for campaign in self.campaigns}) == 1

    @property
    def columns(self) -> list[Column]:
        if self.evolution:
            return [
                Column(f"T{position}", self.periods.get(campaign.id, ""), campaign_label(campaign))
                for position, campaign in enumerate(self.campaigns)
            ]
        return [
            Column(f"C{position}", "", campaign_label(campaign))
            for position, campaign in enumerate(self.campaigns, start=1)
        ]

    @property
    def labelled(self) -> list[tuple[str, Results]]:
        return [
            (f"{column.code} — {column.full}", results)
            for column, results in zip(self.columns, self.results, strict=True)
        ]


def campaign_label(campaign: Campaign) -> str:
    return f"{campaign.organisation.name} — {campaign.demarche} ({campaign_date(campaign):%m/%Y})"


def blocks(inst: Instrument, results: Sequence[Results]) -> list[Block]:
    """The comparison tables, questionnaire by questionnaire (VAL has no scores to compare)."""
    levels = {level.code: level.name.fr for level in inst.levels}
    flags = {code: flag.title.fr for code, flag in inst.flags.items()}
    rows_by_questionnaire: dict[str, list[Line]] = {}
    for row in compare(results).rows:
        cells = tuple(
            _cell(result, row, position, step, levels, flags)
            for position, (result, step) in enumerate(zip(results, step_changes(row), strict=True))
        )
        rows_by_questionnaire.setdefault(row.questionnaire, []).append(
            Line(row.id, _label(inst, row), row.id not in inst.dimensions_by_id, cells)
        )
    return [
        Block(qid, inst.questionnaires[qid].title.fr, tuple(lines))
        for qid, lines in rows_by_questionnaire.items()
    ]


def _label(inst: Instrument, row: DimensionDelta) -> str:
    dimension = inst.dimensions_by_id.get(row.id)
    if dimension is not None:
        return dimension.label.fr
    index = inst.questionnaires[row.questionnaire].index
    return f"{index.label.fr} ({row.id})" if index else row.id


def _cell(
    result: Results,
    row: DimensionDelta,
    position: int,
    step: tuple[float | None, bool],
    levels: dict[str, str],
    flags: dict[str, str],
) -> Cell:
    scored = result.questionnaires.get(row.questionnaire)
    dimension = scored.dimensions.get(row.id) if scored else None
    level = (
        dimension.level
        if dimension
        else (scored.index.level if scored and scored.index is not None else None)
    )
    delta = row.deltas[position]
    return Cell(
        score=row.scores[position],
        level=level,
        level_name=levels.get(level) if level else None,
        agreement=agreement_label(dimension.agreement) if dimension else None,
        flags=tuple(flags.get(code, code) for code in dimension.flags) if dimension else (),
        delta=signed(delta) if delta is not None else None,
        notable=row.notable[position],
        step=signed(step[0]) if step[0] is not None else None,
        step_notable=step[1],
        asked=scored is not None,
    )


@dataclass(frozen=True, slots=True)
class ValueCell:
    """One campaign's reading of one value family: constaté, attendu, their reading."""

    observed: float | None
    expected: float | None
    quadrant: str | None
    asked: bool  # False: VAL was not in this campaign (« non demandé »)


@dataclass(frozen=True, slots=True)
class ValueLine:
    id: str
    label: str
    cells: tuple[ValueCell, ...]


def value_lines(inst: Instrument, results: Sequence[Results]) -> list[ValueLine]:
    """The values produced (VAL), constaté and attendu per campaign; empty when no compared
    campaign had the module."""
    questionnaire = inst.questionnaires.get("VAL")
    if questionnaire is None or not any("VAL" in result.questionnaires for result in results):
        return []
    lines = []
    for family in questionnaire.dimensions:
        cells = []
        for result in results:
            scored = result.questionnaires.get("VAL")
            found = scored.families.get(family.id) if scored else None
            cells.append(
                ValueCell(found.observed, found.expected, found.quadrant, True)
                if found is not None
                else ValueCell(None, None, None, scored is not None)
            )
        lines.append(ValueLine(family.id, family.label.fr, tuple(cells)))
    return lines


def select_campaigns(
    session: Session, instruments: InstrumentRegistry, campaigns: list[Campaign]
) -> Selection:
    """The results of comparable campaigns, or Refused."""
    if len(campaigns) < MIN_CAMPAIGNS:
        raise Refused(f"Choisissez de {MIN_CAMPAIGNS} à {MAX_SERIES} campagnes à comparer.")
    if len({campaign.organisation_id for campaign in campaigns}) == 1:
        campaigns = sorted(campaigns, key=campaign_date)  # an evolution reads in time order
    first = campaigns[0]
    versions = sorted({c.instrument_version for c in campaigns})
    if len(versions) > 1:
        raise Refused(
            "Comparaison impossible : ces campagnes n'utilisent pas la même version du "
            f"questionnaire ({', '.join(versions)}). Seuls des résultats de la même version "
            "se comparent."
        )
    if any(c.target != first.target for c in campaigns):
        raise Refused(
            "Comparaison impossible : ces campagnes ne portent pas sur le même type "
            "d'organisation (territoire et entreprise)."
        )
    results = [campaign_results(session, instruments, campaign) for campaign in campaigns]
    small = [c for c, r in zip(campaigns, results, strict=True) if not r.reportable]
    if small:
        minimum = results[0].min_respondents
        names = ", ".join(f"« {c.organisation.name} — {c.demarche} »" for c in small)
        raise Refused(
            f"Comparaison impossible : moins de {minimum} réponses pour {names}. En dessous "
            "de ce seuil, aucun chiffre n'est montré (protection des répondants)."
        )
    found = submission_periods(session, [campaign.id for campaign in campaigns])
    periods = {c.id: answering_period(found.get(c.id), campaign_date(c)) for c in campaigns}
    return Selection(campaigns, results, periods)


def common_radars(results: Sequence[Results]) -> list[str]:
    """Questionnaires every result answered, VAL aside: those get an overlaid radar."""
    return [
        qid
        for qid in results[0].questionnaires
        if qid != "VAL" and all(qid in other.questionnaires for other in results)
    ]
