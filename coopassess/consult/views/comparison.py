"""Side-by-side comparison of 2 to 6 campaigns (scoring-model §8): the overlaid radar, a table
per dimension with each campaign's score, level, agreement and flags and its Δ against the
first, and the comparison PDF.

Every campaign id is checked with ``require_organisation``. Campaigns of another instrument
version or target type, and campaigns below the minimum number of respondents, are refused
with a message (400) and no figure. The tables built here also serve the evolution of one
organisation (``coopassess.workspace.organisation``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask import Response as FlaskResponse
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from coopassess.auth.permissions import (
    current_user,
    login_required,
    organisation_filter,
    require_organisation,
)
from coopassess.campaigns.queries import organisation_or_demarche
from coopassess.campaigns.results import campaign_results, campaigns_comparison_report
from coopassess.campaigns.views.aggregated import pdf_download
from coopassess.charts import MAX_SERIES, overlay_radar
from coopassess.consult.reference import campaign_date, minimum_respondents
from coopassess.db import db_session
from coopassess.instrument.schema import Instrument
from coopassess.models import Campaign, Organisation
from coopassess.registry import instrument
from coopassess.reports import ReportError
from coopassess.reports.text import signed
from coopassess.scoring.compare import DimensionDelta, compare, step_changes
from coopassess.scoring.results import Results
from coopassess.web.responses import chart_response

blueprint = Blueprint("compare", __name__, url_prefix="/comparaison")

MIN_CAMPAIGNS = 2
LIST_LIMIT = 30  # campaigns offered by the selection form; a search narrows the list


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

    @property
    def columns(self) -> list[Column]:
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
        agreement=dimension.agreement if dimension else None,
        flags=tuple(flags.get(code, code) for code in dimension.flags) if dimension else (),
        delta=signed(delta) if delta is not None else None,
        notable=row.notable[position],
        step=signed(step[0]) if step[0] is not None else None,
        step_notable=step[1],
    )


def requested_ids() -> list[int]:
    """The ``campagne`` ids of the query string, each once, in order; at most six."""
    ids: list[int] = []
    for value in request.args.getlist("campagne"):
        if not value.isdigit() or len(value) > 12:
            raise Refused("Identifiant de campagne invalide.")
        if int(value) not in ids:
            ids.append(int(value))
    if len(ids) > MAX_SERIES:
        raise Refused(f"Une comparaison porte sur {MAX_SERIES} campagnes au plus.")
    return ids


def load_campaigns(ids: Sequence[int]) -> list[Campaign]:
    """The campaigns in the order asked; 404 for an unknown id, 403 for one the user may not
    see (every organisation is checked, and each refusal is in the audit log)."""
    if not ids:
        return []
    found = {
        campaign.id: campaign
        for campaign in db_session().scalars(
            select(Campaign).options(joinedload(Campaign.organisation)).where(Campaign.id.in_(ids))
        )
    }
    if len(found) != len(ids):
        abort(404)
    for organisation_id in dict.fromkeys(found[i].organisation_id for i in ids):
        require_organisation(organisation_id)
    return [found[i] for i in ids]


def select_campaigns(campaigns: list[Campaign]) -> Selection:
    """The results of comparable campaigns, or Refused."""
    if len(campaigns) < MIN_CAMPAIGNS:
        raise Refused(f"Choisissez de {MIN_CAMPAIGNS} à {MAX_SERIES} campagnes à comparer.")
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
    session = db_session()
    results = [campaign_results(session, campaign) for campaign in campaigns]
    minimum = minimum_respondents(first.instrument_version)
    small = [c for c, r in zip(campaigns, results, strict=True) if r.n_respondents < minimum]
    if small:
        names = ", ".join(f"« {c.organisation.name} — {c.demarche} »" for c in small)
        raise Refused(
            f"Comparaison impossible : moins de {minimum} réponses pour {names}. En dessous "
            "de ce seuil, aucun chiffre n'est montré (anonymat des répondants)."
        )
    return Selection(campaigns, results)


def _selection_or_400() -> Selection:
    try:
        return select_campaigns(load_campaigns(requested_ids()))
    except Refused:
        abort(400)


def candidates(first: Campaign | None, search: str, chosen: Sequence[int]) -> tuple[list, int]:
    """Visible campaigns the user may add (same version and target as the first one), matching
    ``search`` on the organisation's name or the démarche: the first LIST_LIMIT and the total."""
    user = current_user()
    assert user is not None
    conditions = [organisation_filter(user, Campaign.organisation_id), Campaign.id.not_in(chosen)]
    if first is not None:
        conditions += [
            Campaign.instrument_version == first.instrument_version,
            Campaign.target == first.target,
        ]
    if search:
        conditions.append(organisation_or_demarche(search))
    base = select(Campaign).join(Campaign.organisation).where(*conditions)
    session = db_session()
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    listed = session.scalars(
        base.options(contains_eager(Campaign.organisation))
        .order_by(func.lower(Organisation.name), Campaign.id)
        .limit(LIST_LIMIT)
    ).all()
    return list(listed), total


@blueprint.get("")
@login_required
def index() -> str | tuple[str, int]:
    search = request.args.get("q", "").strip()[:100]
    campaigns: list[Campaign] = []
    try:
        campaigns = load_campaigns(requested_ids())
        selection = select_campaigns(campaigns)
    except Refused as refusal:
        return _page(campaigns, search, error=str(refusal)), 400
    return _page(campaigns, search, selection=selection)


def _page(
    campaigns: list[Campaign],
    search: str,
    *,
    selection: Selection | None = None,
    error: str | None = None,
) -> str:
    ids = [campaign.id for campaign in campaigns]
    listed, total = candidates(campaigns[0] if campaigns else None, search, ids)
    context: dict[str, object] = {}
    if selection is not None:
        inst = instrument(selection.campaigns[0].instrument_version)
        context = {
            "columns": selection.columns,
            "results": selection.results,
            "blocks": blocks(inst, selection.results),
            "radars": common_radars(selection.results),
            "threshold": inst.parameters.notable_change_points,
            "minimum": inst.parameters.min_respondents_aggregate,
        }
    return render_template(
        "workspace/compare.html",
        campaigns=campaigns,
        label=campaign_label,
        ids=ids,
        search=search,
        listed=listed,
        total=total,
        limit=LIST_LIMIT,
        max_campaigns=MAX_SERIES,
        error=error,
        selection=selection,
        **context,
    )


def common_radars(results: Sequence[Results]) -> list[str]:
    """Questionnaires every result answered, VAL aside: those get an overlaid radar."""
    return [
        qid
        for qid in results[0].questionnaires
        if qid != "VAL" and all(qid in other.questionnaires for other in results)
    ]


@blueprint.get("/radar-<questionnaire>.<any(svg, png):fmt>")
@login_required
def radar(questionnaire: str, fmt: str) -> FlaskResponse:
    selection = _selection_or_400()
    return overlay_response(selection.campaigns[0], selection.labelled, questionnaire, fmt)


def overlay_response(
    first: Campaign, labelled: list[tuple[str, Results]], questionnaire: str, fmt: str
) -> FlaskResponse:
    """The overlaid radar of a questionnaire every compared campaign answered (404 otherwise)."""
    if questionnaire not in common_radars([results for _, results in labelled]):
        abort(404)
    data = overlay_radar(labelled, instrument(first.instrument_version), questionnaire)
    download = f"comparaison-{questionnaire.lower()}.png" if fmt == "png" else None
    return chart_response(data, fmt, download_name=download)


@blueprint.get("/rapport.pdf")
@login_required
def report() -> FlaskResponse:
    return pdf_response(_selection_or_400().campaigns, "comparaison.pdf")


def pdf_response(campaigns: list[Campaign], filename: str) -> FlaskResponse:
    try:
        pdf = campaigns_comparison_report(db_session(), campaigns)
    except ReportError:
        abort(400)
    return pdf_download(pdf, filename)
