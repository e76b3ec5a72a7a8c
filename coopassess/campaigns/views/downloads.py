"""A campaign's CSV and XLSX downloads (``coopassess.exports``): its answers and its results.

Answers are individual: consultants and admins only, never the organisation. Nothing is
exported unless the results are reportable (404, as for the radars and the PDF). Every export
is audited (``export``) before its file is sent."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from coopassess.auth.permissions import campaign_or_404, login_required, role_required
from coopassess.campaigns import respondents as respondents_core
from coopassess.campaigns.comments import comments_by_pseudonym
from coopassess.campaigns.frozen import purged_statement
from coopassess.campaigns.presenter import campaign_columns
from coopassess.campaigns.results import campaign_results
from coopassess.db import db_session
from coopassess.exports import (
    LABELLED_RESULT_COLUMNS,
    answer_columns,
    answer_rows,
    campaign_result_rows,
    describe,
    export_readme,
)
from coopassess.exports.rows import CAMPAIGN_COLUMNS
from coopassess.models import Campaign, utcnow
from coopassess.registry import registry
from coopassess.web.downloads import (
    FMT,
    audit_export,
    mapping_table,
    table_download,
)
from coopassess.web.responses import reportable_or_404

blueprint = Blueprint("exports", __name__)


@blueprint.get(f"/<int:campaign_id>/export/reponses.{FMT}")
@role_required("admin", "consultant")
def campaign_answers(campaign_id: int, fmt: str) -> Response:
    """One row per submitted respondent (R1… as on the respondents page); excluded ones are
    marked with the reason rather than dropped, so the file matches that page; each
    questionnaire's comment after its answers."""
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    if campaign.answers_purged_at is not None:
        return _purged_answers(campaign, fmt)
    if not campaign_results(session, registry(), campaign).reportable:
        abort(404)
    people = respondents_core.respondents(session, registry(), campaign)
    exclusions = {
        person.pseudonym: person.response.excluded_reason
        for person in people
        if person.response.excluded
    }
    comments = comments_by_pseudonym(session, campaign)
    rows = answer_rows([person.answers for person in people], exclusions, comments)
    version = registry().get(campaign.instrument_version)
    keys = answer_columns(version, campaign.modules, with_exclusions=True, with_comments=True)
    audit_export(f"campaign:{campaign.id}", fmt, "answers", len(rows))
    return table_download(
        mapping_table(rows, keys),
        describe(keys, version),
        fmt,
        "Réponses",
        f"reponses-{{}}-{utcnow():%Y-%m-%d}.{fmt}",
        _file_label(campaign),
        export_readme(
            "Réponses des répondants (pseudonymisées)",
            _title(campaign),
            version.version,
            utcnow().date(),
        ),
    )


@blueprint.get(f"/<int:campaign_id>/export/resultats.{FMT}", endpoint="campaign_results")
@login_required
def campaign_results_file(campaign_id: int, fmt: str) -> Response:
    """One row per index, dimension and value family: whoever may read the results page."""
    campaign = campaign_or_404(campaign_id)
    results = reportable_or_404(campaign)
    version = registry().get(campaign.instrument_version)
    rows = campaign_result_rows([(campaign_columns(campaign), results)], version)
    audit_export(f"campaign:{campaign.id}", fmt, "results", len(rows))
    keys = [*CAMPAIGN_COLUMNS, *LABELLED_RESULT_COLUMNS]
    return table_download(
        mapping_table(rows, keys),
        describe(keys, version),
        fmt,
        "Résultats",
        f"resultats-{{}}-{utcnow():%Y-%m-%d}.{fmt}",
        _file_label(campaign),
        export_readme(
            "Résultats de la campagne", _title(campaign), version.version, utcnow().date()
        ),
    )


def _purged_answers(campaign: Campaign, fmt: str) -> Response:
    """The answers were erased at the end of their retention: the file says so."""
    statement = purged_statement(campaign)
    audit_export(f"campaign:{campaign.id}", fmt, "answers", 0)
    return table_download(
        mapping_table([{"notice": statement}], ["notice"]),
        describe(["notice"]),
        fmt,
        "Réponses",
        f"reponses-{{}}-{utcnow():%Y-%m-%d}.{fmt}",
        _file_label(campaign),
        export_readme(statement, _title(campaign), campaign.instrument_version, utcnow().date()),
    )


def _file_label(campaign: Campaign) -> str:
    """What the file name says: the organisation and the démarche."""
    return f"{campaign.organisation.name} {campaign.demarche}"


def _title(campaign: Campaign) -> str:
    return f"{campaign.organisation.name} — {campaign.demarche} (n° {campaign.id})"
