"""``coopassess export CAMPAIGN_ID``: a campaign's answers or results as CSV or XLSX.

Answers are pseudonymised (R1, R2… in submission order) and never leave the consultant's side:
this command is for the people who run the server.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from coopassess.campaigns.comments import comments_by_pseudonym
from coopassess.campaigns.frozen import purged_statement
from coopassess.campaigns.presenter import campaign_columns
from coopassess.campaigns.results import campaign_respondents, campaign_results
from coopassess.cli.common import campaign_or_fail, fail
from coopassess.cli.options import out_option
from coopassess.db import db_session
from coopassess.exports import (
    LABELLED_RESULT_COLUMNS,
    answer_columns,
    answer_rows,
    campaign_result_rows,
    describe,
    export_readme,
    to_csv,
    to_xlsx,
)
from coopassess.exports.rows import CAMPAIGN_COLUMNS
from coopassess.models import utcnow
from coopassess.registry import registry


@click.command("export")
@click.argument("campaign_id", type=int)
@click.option(
    "--what",
    type=click.Choice(["answers", "results"]),
    default="results",
    show_default=True,
    help="réponses (une ligne par répondant) ou résultats",
)
@out_option("fichier .csv ou .xlsx")
@with_appcontext
def export_command(campaign_id: int, what: str, out: Path) -> None:
    """Exporte les réponses ou les résultats d'une campagne (CSV pour Excel, ou XLSX)."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        fail(f"{out} : extension attendue .csv ou .xlsx")
    session = db_session()
    campaign = campaign_or_fail(campaign_id)
    version = registry().get(campaign.instrument_version)
    if what == "answers" and campaign.answers_purged_at is not None:
        keys, rows = ["notice"], [{"notice": purged_statement(campaign)}]
        sheet, what_it_is = "Réponses", purged_statement(campaign)
    elif what == "answers":
        keys = answer_columns(version, campaign.modules, with_comments=True)
        comments = comments_by_pseudonym(session, campaign)
        rows = answer_rows(campaign_respondents(session, campaign), comments=comments)
        sheet, what_it_is = "Réponses", "Réponses des répondants (pseudonymisées)"
    else:
        keys = [*CAMPAIGN_COLUMNS, *LABELLED_RESULT_COLUMNS]
        results = campaign_results(session, registry(), campaign)
        rows = campaign_result_rows([(campaign_columns(campaign), results)], version)
        sheet, what_it_is = "Résultats", "Résultats de la campagne"
    columns = describe(keys, version)
    if fmt == "csv":
        out.write_text(to_csv(rows, columns), encoding="utf-8")
    else:
        title = f"{campaign.organisation.name} — {campaign.demarche} (n° {campaign.id})"
        readme = export_readme(what_it_is, title, version.version, utcnow().date())
        out.write_bytes(to_xlsx(rows, columns, sheet, readme))
    click.echo(f"{out} — {len(rows)} ligne(s)")
