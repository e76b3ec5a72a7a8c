"""What an export holds (pure): a campaign's results, its respondents' answers and the portfolio
as rows of named columns; :mod:`coopassess.exports.writers` turns them into files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache, partial

from coopassess.instrument.registry import InstrumentRegistry
from coopassess.instrument.schema import Instrument
from coopassess.reports.plan import PlanLine
from coopassess.scoring.answers import RespondentAnswers
from coopassess.scoring.labels import agreement_label
from coopassess.scoring.plan import plan_for
from coopassess.scoring.results import Results
from coopassess.scoring.rounding import round_half_up

RESULT_COLUMNS = (
    "questionnaire",
    "dimension",
    "score",
    "level",
    "n",
    "min",
    "max",
    "sd",
    "ad",
    "agreement",
    "nsp_rate",
    "flags",
    "observed",
    "expected",
    "gap",
    "quadrant",
)

# A campaign's own columns, first in its results file.
CAMPAIGN_COLUMNS = ("campaign", "organisation", "demarche", "date")

# What people read beside the contract's codes (files for people: pages' downloads, the CLI).
LABELLED_RESULT_COLUMNS = (
    "questionnaire",
    "dimension",
    "dimension_label",
    "score",
    "level",
    "level_name",
    "n",
    "min",
    "max",
    "sd",
    "ad",
    "agreement",
    "nsp_rate",
    "flags",
    "flag_labels",
    "observed",
    "expected",
    "gap",
    "quadrant",
)

# Answers: excluded respondents are marked (with the consultant's reason), never dropped.
EXCLUSION_COLUMNS = ("excluded", "excluded_reason")

# Answers: each questionnaire's comment, after its answers (consultants' export only).
COMMENT_PREFIX = "comment_"


def comment_key(questionnaire: str) -> str:
    """``COOP`` → ``comment_COOP``: the column of a questionnaire's comment."""
    return f"{COMMENT_PREFIX}{questionnaire}"


# Portfolio: one row per campaign × index or dimension, read from the stored summaries.
PORTFOLIO_COLUMNS = (
    "organisation",
    "structure_type",
    "region",
    "target",
    "campaign",
    "demarche",
    "date",
    "instrument_version",
    "questionnaire",
    "dimension",
    "dimension_label",
    "score",
    "level",
    "level_name",
    "n",
)
# The campaign's own columns, first in every portfolio row.
PORTFOLIO_CAMPAIGN_COLUMNS = PORTFOLIO_COLUMNS[:8]
# A campaign's action plan: one row per action.
ACTION_COLUMNS = (
    "dimension_label",
    "action_title",
    "action_description",
    "action_owner",
    "action_due_on",
    "action_status",
    "action_overdue",
    "action_notes",
    "action_created_on",
    "action_updated_on",
    "action_done_on",
)
# A level function of the portfolio: the code and the name of a score's level.
LevelOf = Callable[[float | None], tuple[str | None, str | None]]


def action_rows(lines: Iterable[PlanLine]) -> list[dict[str, object]]:
    """One row per action of the plan, in its order (ACTION_COLUMNS)."""
    return [
        {
            "dimension_label": line.dimension_label,
            "action_title": line.title,
            "action_description": line.description,
            "action_owner": line.owner,
            "action_due_on": line.due_on,
            "action_status": line.status_label,
            "action_overdue": "oui" if line.overdue else "non",
            "action_notes": line.notes,
            "action_created_on": line.created_on,
            "action_updated_on": line.updated_on,
            "action_done_on": line.done_on,
        }
        for line in lines
    ]


def result_rows(results: Results, instrument: Instrument | None = None) -> list[dict[str, object]]:
    """One row per questionnaire × dimension (VAL: per value family). With ``instrument``, the
    labels people read beside the codes (LABELLED_RESULT_COLUMNS): dimension, level and flag
    names, « Avis nuancés », the share of « Je ne sais pas » in %."""
    rows = _contract_rows(results)
    if instrument is not None:
        for row in rows:
            _label(row, instrument)
    return rows


def _label(row: dict[str, object], instrument: Instrument) -> None:
    code = str(row["dimension"])
    row["dimension_label"] = _code_label(instrument, str(row["questionnaire"]), code)
    score = row.get("score")
    level = instrument.level_for(score) if isinstance(score, float) else None
    row["level_name"] = level.name.fr if level else None
    agreement = row.get("agreement")
    row["agreement"] = agreement_label(agreement) if isinstance(agreement, str) else None
    rate = row.get("nsp_rate")
    row["nsp_rate"] = round_half_up(rate * 100, 1) if isinstance(rate, float) else rate
    codes = str(row.get("flags") or "").split()
    row["flag_labels"] = " ; ".join(
        instrument.flags[code].title.fr if code in instrument.flags else code for code in codes
    )


def _contract_rows(results: Results) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for qid, scored in results.questionnaires.items():
        if scored.index is not None:
            index = scored.index
            rows.append(
                {
                    "questionnaire": qid,
                    "dimension": index.code,
                    "score": index.score,
                    "level": index.level,
                }
            )
        for dimension in scored.dimensions.values():
            rows.append(
                {
                    "questionnaire": qid,
                    "dimension": dimension.id,
                    "score": dimension.score,
                    "level": dimension.level,
                    "n": dimension.n,
                    "min": dimension.min,
                    "max": dimension.max,
                    "sd": dimension.sd,
                    "ad": dimension.ad,
                    "agreement": dimension.agreement,
                    "nsp_rate": dimension.nsp_rate,
                    "flags": " ".join(dimension.flags),
                }
            )
        for family in scored.families.values():
            rows.append(
                {
                    "questionnaire": qid,
                    "dimension": family.id,
                    "observed": family.observed,
                    "expected": family.expected,
                    "gap": family.gap,
                    "quadrant": family.quadrant,
                }
            )
    return rows


def answer_columns(
    instrument: Instrument,
    modules: Sequence[str],
    *,
    with_exclusions: bool = False,
    with_comments: bool = False,
) -> list[str]:
    """respondent, (excluded, excluded_reason,) the profile questions, then every answer key of
    ``modules`` in table order (each module followed by its comment column)."""
    columns = ["respondent"]
    if with_exclusions:
        columns += EXCLUSION_COLUMNS
    columns += (question.id for question in instrument.profile)
    for qid in modules:
        columns += [
            key for item in instrument.questionnaires[qid].items for key in item.answer_keys
        ]
        if with_comments:
            columns.append(comment_key(qid))
    return columns


def answer_rows(
    respondents: Sequence[RespondentAnswers],
    exclusions: Mapping[str, str | None] | None = None,
    comments: Mapping[str, Mapping[str, str]] | None = None,
) -> list[dict[str, object]]:
    """One row per respondent, values as in docs/spec/results-json.md (1–5, "NSP", "NC", or empty).

    ``exclusions`` (pseudonym → reason, for the excluded respondents among ``respondents``)
    fills the EXCLUSION_COLUMNS: "oui" and the reason, or "non". ``comments`` (pseudonym →
    questionnaire → text) fills the comment columns, as typed (the writers neutralise them)."""
    rows: list[dict[str, object]] = []
    for respondent in respondents:
        row: dict[str, object] = {
            "respondent": respondent.id,
            **respondent.profile,
            **respondent.answers,
        }
        for qid, text in (comments or {}).get(respondent.id, {}).items():
            row[comment_key(qid)] = text
        if exclusions is not None:
            excluded = respondent.id in exclusions
            row["excluded"] = "oui" if excluded else "non"
            row["excluded_reason"] = exclusions[respondent.id] if excluded else None
        rows.append(row)
    return rows


def campaign_result_rows(
    campaigns: Iterable[tuple[Mapping[str, object], Results]],
    instrument: Instrument | None = None,
) -> list[dict[str, object]]:
    """Rows of several campaigns, each prefixed with its own columns (id, organisation…);
    labelled when ``instrument`` is given."""
    return [
        {**campaign, **row}
        for campaign, results in campaigns
        for row in result_rows(results, instrument)
    ]


def portfolio_rows(
    campaign: Mapping[str, object],
    dimensions: Sequence[tuple[str, str, str]],
    scores: Mapping[str, Mapping[str, float | None]],
    level_of: LevelOf,
    cell: Callable[[object], object],
) -> Iterator[tuple[object, ...]]:
    """Rows of PORTFOLIO_COLUMNS, as ``cell`` values (:func:`csv_cell` or :func:`xlsx_cell`),
    one per (questionnaire, index or dimension code, label) of ``dimensions``: the stored score
    (empty when missing, e.g. below the minimum number of respondents) and its level.

    ``campaign`` holds the other columns; they are converted once, not once per row."""
    prefix = tuple(cell(campaign.get(column)) for column in PORTFOLIO_CAMPAIGN_COLUMNS)
    n = cell(campaign.get("n"))
    for qid, code, label in dimensions:
        score = scores.get(qid, {}).get(code)
        level, name = level_of(score)
        yield (*prefix, cell(qid), cell(code), cell(label), cell(score), cell(level), cell(name), n)


class PortfolioLayout:
    """Per instrument version, the (questionnaire, index or dimension) rows of a set of modules
    and the level of a score; computed once per export whatever the number of campaigns."""

    def __init__(self, instruments: InstrumentRegistry) -> None:
        self._instruments = instruments
        self._dimensions: dict[tuple[str, tuple[str, ...]], list[tuple[str, str, str]]] = {}
        self._levels: dict[str, LevelOf] = {}

    def dimensions(self, version: str, modules: Sequence[str]) -> list[tuple[str, str, str]]:
        """(questionnaire, code, label) of each index and dimension of ``modules``."""
        key = (version, tuple(modules))
        if key not in self._dimensions:
            instrument = self._instruments.get(version)
            self._dimensions[key] = [
                (plan.id, code, _code_label(instrument, plan.id, code))
                for plan in plan_for(instrument).questionnaires
                if plan.id in modules and not plan.families
                for code in (
                    *([plan.index_code] if plan.index_code else []),
                    *(dimension.id for dimension in plan.dimensions),
                )
            ]
        return self._dimensions[key]

    def level_of(self, version: str) -> LevelOf:
        """Memoised: scores have one decimal, a portfolio holds few distinct ones."""
        if version not in self._levels:
            self._levels[version] = cache(partial(_level, self._instruments.get(version)))
        return self._levels[version]


def _level(instrument: Instrument, score: float | None) -> tuple[str | None, str | None]:
    level = instrument.level_for(score)
    return (level.code, level.name.fr) if level else (None, None)


def _code_label(instrument: Instrument, qid: str, code: str) -> str:
    dimension = instrument.dimensions_by_id.get(code)
    if dimension is not None:
        return dimension.label.fr
    index = instrument.questionnaires[qid].index
    return index.label.fr if index is not None else code
