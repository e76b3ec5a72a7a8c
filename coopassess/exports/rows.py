"""What an export holds (pure): a campaign's results, its respondents' answers and the portfolio
as rows of named columns; :mod:`coopassess.exports.writers` turns them into files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache, partial

from coopassess.instrument.registry import InstrumentRegistry
from coopassess.instrument.schema import Instrument
from coopassess.scoring.answers import RespondentAnswers
from coopassess.scoring.levels import level_code
from coopassess.scoring.plan import plan_for
from coopassess.scoring.results import Results

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

# Answers: excluded respondents are marked (with the consultant's reason), never dropped.
EXCLUSION_COLUMNS = ("excluded", "excluded_reason")

# Portfolio: one row per campaign × index or dimension, read from the stored summaries.
PORTFOLIO_COLUMNS = (
    "organisation",
    "structure_type",
    "region",
    "target",
    "campaign",
    "demarche",
    "instrument_version",
    "questionnaire",
    "dimension",
    "score",
    "level",
    "n",
)


def result_rows(results: Results) -> list[dict[str, object]]:
    """One row per questionnaire × dimension (VAL: per value family)."""
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
    instrument: Instrument, modules: Sequence[str], *, with_exclusions: bool = False
) -> list[str]:
    """respondent, (excluded, excluded_reason,) the profile questions, then every answer key of
    ``modules`` in table order."""
    columns = ["respondent"]
    if with_exclusions:
        columns += EXCLUSION_COLUMNS
    columns += (question.id for question in instrument.profile)
    for qid in modules:
        columns += [
            key for item in instrument.questionnaires[qid].items for key in item.answer_keys
        ]
    return columns


def answer_rows(
    respondents: Sequence[RespondentAnswers],
    exclusions: Mapping[str, str | None] | None = None,
) -> list[dict[str, object]]:
    """One row per respondent, values as in docs/spec/results-json.md (1–5, "NSP", "NC", or empty).

    ``exclusions`` (pseudonym → reason, for the excluded respondents among ``respondents``)
    fills the EXCLUSION_COLUMNS: "oui" and the reason, or "non"."""
    rows: list[dict[str, object]] = []
    for respondent in respondents:
        row: dict[str, object] = {
            "respondent": respondent.id,
            **respondent.profile,
            **respondent.answers,
        }
        if exclusions is not None:
            excluded = respondent.id in exclusions
            row["excluded"] = "oui" if excluded else "non"
            row["excluded_reason"] = exclusions[respondent.id] if excluded else None
        rows.append(row)
    return rows


def campaign_result_rows(
    campaigns: Iterable[tuple[Mapping[str, object], Results]],
) -> list[dict[str, object]]:
    """Rows of several campaigns, each prefixed with its own columns (id, organisation…)."""
    return [{**campaign, **row} for campaign, results in campaigns for row in result_rows(results)]


def portfolio_rows(
    campaign: Mapping[str, object],
    dimensions: Sequence[tuple[str, str]],
    scores: Mapping[str, Mapping[str, float | None]],
    level_of: Callable[[float | None], str | None],
    cell: Callable[[object], object],
) -> Iterator[tuple[object, ...]]:
    """Rows of PORTFOLIO_COLUMNS, as ``cell`` values (:func:`csv_cell` or :func:`xlsx_cell`),
    one per (questionnaire, index or dimension code) of ``dimensions``: the stored score
    (empty when missing, e.g. below the minimum number of respondents) and its level.

    ``campaign`` holds the other columns; they are converted once, not once per row."""
    prefix = tuple(cell(campaign.get(column)) for column in PORTFOLIO_COLUMNS[:7])
    n = cell(campaign.get("n"))
    for qid, code in dimensions:
        score = scores.get(qid, {}).get(code)
        yield (*prefix, cell(qid), cell(code), cell(score), cell(level_of(score)), n)


class PortfolioLayout:
    """Per instrument version, the (questionnaire, index or dimension) rows of a set of modules
    and the level of a score; computed once per export whatever the number of campaigns."""

    def __init__(self, instruments: InstrumentRegistry) -> None:
        self._instruments = instruments
        self._dimensions: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}
        self._levels: dict[str, Callable[[float | None], str | None]] = {}

    def dimensions(self, version: str, modules: Sequence[str]) -> list[tuple[str, str]]:
        key = (version, tuple(modules))
        if key not in self._dimensions:
            self._dimensions[key] = [
                (plan.id, code)
                for plan in plan_for(self._instruments.get(version)).questionnaires
                if plan.id in modules and not plan.families
                for code in (
                    *([plan.index_code] if plan.index_code else []),
                    *(dimension.id for dimension in plan.dimensions),
                )
            ]
        return self._dimensions[key]

    def level_of(self, version: str) -> Callable[[float | None], str | None]:
        """Memoised: scores have one decimal, a portfolio holds few distinct ones."""
        if version not in self._levels:
            self._levels[version] = cache(partial(level_code, self._instruments.get(version)))
        return self._levels[version]
