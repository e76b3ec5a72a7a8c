"""The portfolio's results as CSV or XLSX: every visible campaign × index and dimension, read
from the stored summaries (the stale ones are recomputed first, then all are read in one
query; no other campaign is scored), for the organisations the dashboard lists with the same
filters (search, type, structure, region, level) on every page. Audited like every export."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from flask import Blueprint, Response
from sqlalchemy import func, select

from coopassess.auth.permissions import current_user, login_required
from coopassess.campaigns.summaries import refresh
from coopassess.consult import portfolio
from coopassess.consult.views.dashboard import dashboard_filters, listed_organisations
from coopassess.db import db_session
from coopassess.exports import (
    PORTFOLIO_COLUMNS,
    PortfolioLayout,
    describe,
    export_readme,
    portfolio_csv_chunks,
    portfolio_rows,
)
from coopassess.models import Campaign, CampaignSummary, Organisation, utcnow
from coopassess.registry import registry
from coopassess.web.downloads import FMT, Cell, audit_export, csv_download, table_download

blueprint = Blueprint("portfolio_export", __name__)


@blueprint.get(f"/resultats.{FMT}")
@login_required
def portfolio_results(fmt: str) -> Response:
    user = current_user()
    assert user is not None
    session = db_session()
    visible = listed_organisations(user)
    refresh(session, registry(), portfolio.visible_campaigns(visible))
    organisations = portfolio.matching_organisations(visible, dashboard_filters())
    where = Campaign.organisation_id.in_(organisations) & Campaign.archived_at.is_(None)
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
            Campaign.closes_on,
            Campaign.opens_on,
            Campaign.created_at,
            CampaignSummary.n_respondents,
            CampaignSummary.scores,
        )
        .join(Organisation, Organisation.id == Campaign.organisation_id)
        .outerjoin(CampaignSummary, CampaignSummary.campaign_id == Campaign.id)
        .where(where)
        .order_by(func.lower(Organisation.name), Organisation.id, Campaign.id)
    ).all()
    layout = PortfolioLayout(registry())
    parts = []
    for row in found:
        info = {
            "organisation": row.name,
            "structure_type": row.structure_type,
            "region": row.region,
            "target": row.target,
            "campaign": row.id,
            "demarche": row.demarche,
            "date": row.closes_on or row.opens_on or row.created_at.date(),
            "instrument_version": row.instrument_version,
            "n": row.n_respondents,
        }
        dimensions = layout.dimensions(row.instrument_version, row.modules)
        parts.append((info, dimensions, row.scores or {}, layout.level_of(row.instrument_version)))
    count = sum(len(dimensions) for _, dimensions, _, _ in parts)
    audit_export("portfolio", fmt, "results", count)

    name = f"resultats-portefeuille-{utcnow():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return csv_download(portfolio_csv_chunks(parts), name)

    def table(cell: Cell) -> Iterator[tuple[object, ...]]:
        return chain.from_iterable(portfolio_rows(*part, cell) for part in parts)

    readme = export_readme(
        f"Résultats du portefeuille : {len(parts)} campagne(s)",
        None,
        ", ".join(sorted({str(info["instrument_version"]) for info, *_ in parts})) or None,
        utcnow().date(),
    )
    columns = describe(PORTFOLIO_COLUMNS)
    return table_download(table, columns, fmt, "Résultats", name, readme=readme)
