"""CSV and XLSX downloads (``coopassess.exports``): a campaign's answers and results, and the
results of the whole visible portfolio.

Answers are individual: consultants and admins only, never the organisation. Nothing is
exported below the minimum number of counted respondents (404, as for the radars and the PDF);
in the portfolio such campaigns keep their rows, with empty scores. Every export is audited
(``export``) before its file is sent."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache, partial
from itertools import chain
from urllib.parse import quote

from flask import Blueprint, Response, abort, request
from sqlalchemy import ColumnElement, func, select

from coopassess.auth.audit import audit
from coopassess.auth.permissions import (
    current_user,
    login_required,
    organisation_filter,
    role_required,
)
from coopassess.campaigns import respondents as respondents_core
from coopassess.campaigns.summaries import refresh
from coopassess.campaigns.views import aggregated
from coopassess.campaigns.views.pages import campaign_or_404
from coopassess.db import database, db_session
from coopassess.exports import (
    PORTFOLIO_COLUMNS,
    RESULT_COLUMNS,
    answer_columns,
    answer_rows,
    campaign_result_rows,
    cells,
    csv_cell,
    csv_chunks,
    portfolio_csv_chunks,
    portfolio_rows,
    xlsx_cell,
    xlsx_table,
)
from coopassess.models import TARGETS, Campaign, CampaignSummary, Organisation, utcnow
from coopassess.registry import instrument
from coopassess.scoring.levels import level_code
from coopassess.scoring.plan import plan_for

blueprint = Blueprint("exports", __name__)
FMT = "<any(csv, xlsx):fmt>"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SLUG_LENGTH = 60
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})  # NFKD does not split them

Cell = Callable[[object], object]
# A table to write: given the cell converter of the format, its rows of cells.
Table = Callable[[Cell], Iterable[Sequence[object]]]
LevelOf = Callable[[float | None], str | None]


@blueprint.get(f"/campagnes/<int:campaign_id>/export/reponses.{FMT}")
@role_required("admin", "consultant")
def campaign_answers(campaign_id: int, fmt: str) -> Response:
    """One row per submitted respondent (R1… as on the respondents page); excluded ones are
    marked with the reason rather than dropped, so the file matches that page."""
    campaign = campaign_or_404(campaign_id)
    people = respondents_core.respondents(db_session(), campaign)
    version = instrument(campaign.instrument_version)
    counted = sum(1 for person in people if not person.response.excluded)
    if counted < version.parameters.min_respondents_aggregate:
        abort(404)
    exclusions = {
        person.pseudonym: person.response.excluded_reason
        for person in people
        if person.response.excluded
    }
    rows = answer_rows([person.answers for person in people], exclusions)
    columns = answer_columns(version, campaign.modules, with_exclusions=True)
    _audit(f"campaign:{campaign.id}", fmt, "answers", len(rows))
    name = f"reponses-{campaign.id}-{{}}.{fmt}"
    table = _mapping_table(rows, columns)
    return _download(table, columns, fmt, "Réponses", name, campaign.demarche)


@blueprint.get(f"/campagnes/<int:campaign_id>/export/resultats.{FMT}")
@login_required
def campaign_results(campaign_id: int, fmt: str) -> Response:
    """One row per index, dimension and value family: whoever may read the results page."""
    campaign = campaign_or_404(campaign_id)
    results = aggregated.results_or_404(campaign)
    info = {
        "campaign": campaign.id,
        "organisation": campaign.organisation.name,
        "demarche": campaign.demarche,
    }
    rows = campaign_result_rows([(info, results)])
    _audit(f"campaign:{campaign.id}", fmt, "results", len(rows))
    name = f"resultats-{campaign.id}-{{}}.{fmt}"
    columns = ["campaign", "organisation", "demarche", *RESULT_COLUMNS]
    table = _mapping_table(rows, columns)
    return _download(table, columns, fmt, "Résultats", name, campaign.demarche)


@blueprint.get(f"/exports/resultats.{FMT}")
@login_required
def portfolio_results(fmt: str) -> Response:
    """Every visible campaign × index and dimension, from the stored summaries: the stale ones
    are recomputed, then all are read in one query; no other campaign is scored."""
    user = current_user()
    assert user is not None
    session = db_session()
    organisations = select(Organisation.id).where(
        organisation_filter(user, Organisation.id), *_filters()
    )
    where = Campaign.organisation_id.in_(organisations)
    refresh(session, where)
    found = session.execute(
        select(
            Organisation.name,
            Organisation.structure_type,
            Organisation.region,
            Campaign.target,
            Campaign.id,
            Campaign.demarche,
            Campaign.instrument_version,
            Campaign.modules,
            CampaignSummary.n_respondents,
            CampaignSummary.scores,
        )
        .join(Organisation, Organisation.id == Campaign.organisation_id)
        .outerjoin(CampaignSummary, CampaignSummary.campaign_id == Campaign.id)
        .where(where)
        .order_by(func.lower(Organisation.name), Organisation.id, Campaign.id)
    ).all()
    layout = _Layout()
    parts = []
    for row in found:
        info = {
            "organisation": row.name,
            "structure_type": row.structure_type,
            "region": row.region,
            "target": row.target,
            "campaign": row.id,
            "demarche": row.demarche,
            "instrument_version": row.instrument_version,
            "n": row.n_respondents,
        }
        dimensions = layout.dimensions(row.instrument_version, row.modules)
        parts.append((info, dimensions, row.scores or {}, layout.level_of(row.instrument_version)))
    count = sum(len(dimensions) for _, dimensions, _, _ in parts)
    _audit("portfolio", fmt, "results", count)

    name = f"resultats-portefeuille-{utcnow():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        chunks = portfolio_csv_chunks(parts)
        response = Response((chunk.encode("utf-8") for chunk in chunks), mimetype="text/csv")
        return _attachment(response, name)

    def table(cell: Cell) -> Iterator[tuple[object, ...]]:
        return chain.from_iterable(portfolio_rows(*part, cell) for part in parts)

    return _download(table, PORTFOLIO_COLUMNS, fmt, "Résultats", name)


def _filters() -> list[ColumnElement[bool]]:
    """The dashboard's filters (``cible``, ``structure``, ``region``); unknown values ignored."""
    args = request.args
    conditions: list[ColumnElement[bool]] = []
    if args.get("cible") in TARGETS:
        conditions.append(Organisation.kind == args["cible"])
    if args.get("structure"):
        conditions.append(Organisation.structure_type == args["structure"][:100])
    if args.get("region"):
        conditions.append(Organisation.region == args["region"][:100])
    return conditions


class _Layout:
    """Per instrument version, the (questionnaire, index or dimension) rows of a set of modules
    and the level of a score; computed once per request whatever the number of campaigns."""

    def __init__(self) -> None:
        self._dimensions: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = {}
        self._levels: dict[str, LevelOf] = {}

    def dimensions(self, version: str, modules: Sequence[str]) -> list[tuple[str, str]]:
        key = (version, tuple(modules))
        if key not in self._dimensions:
            self._dimensions[key] = [
                (plan.id, code)
                for plan in plan_for(instrument(version)).questionnaires
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
            self._levels[version] = cache(partial(level_code, instrument(version)))
        return self._levels[version]


def _audit(target: str, fmt: str, kind: str, rows: int) -> None:
    """Committed on a session of its own, before the file leaves: the request's session only
    reads (on SQLite a read transaction that later writes may be refused under load)."""
    user = current_user()
    with database().session() as session:
        audit(
            session,
            "export",
            actor_id=user.id if user is not None else None,
            target=target,
            detail={"format": fmt, "kind": kind, "rows": rows},
        )
        session.commit()


def _mapping_table(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> Table:
    return lambda cell: cells(rows, columns, cell)


def _download(
    table: Table, columns: Sequence[str], fmt: str, sheet: str, name: str, label: str = ""
) -> Response:
    """The file, with ``{}`` in ``name`` replaced by a slug of ``label``. CSV is streamed."""
    if fmt == "csv":
        chunks = csv_chunks(table(csv_cell), columns)
        response = Response((chunk.encode("utf-8") for chunk in chunks), mimetype="text/csv")
    else:
        response = Response(xlsx_table(table(xlsx_cell), columns, sheet), mimetype=XLSX_MIMETYPE)
    return _attachment(response, name, label)


def _attachment(response: Response, name: str, label: str = "") -> Response:
    ascii_name = name.format(slug(label, ascii_only=True))
    utf8_name = name.format(slug(label))
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name)}"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def slug(text: str, *, ascii_only: bool = False) -> str:
    """Lower-case words joined by hyphens: nothing a file name or a header could misread."""
    text = unicodedata.normalize("NFKD" if ascii_only else "NFC", text.lower())
    if ascii_only:
        text = text.translate(LIGATURES).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[^\W_]+", text)
    return "-".join(words)[:SLUG_LENGTH].strip("-") or "campagne"
