"""``coopassess export CAMPAIGN_ID``: a campaign's answers or results as CSV or XLSX.

Answers are pseudonymised (R1, R2… in submission order) and never leave the consultant's side:
this command is for the people who run the server.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from coopassess.campaigns.results import campaign_respondents, campaign_results
from coopassess.cli.common import campaign_or_fail, fail
from coopassess.cli.options import out_option
from coopassess.db import db_session
from coopassess.exports import (
    RESULT_COLUMNS,
    answer_columns,
    answer_rows,
    campaign_result_rows,
    to_csv,
    to_xlsx,
)
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
    if what == "answers":
        columns = answer_columns(registry().get(campaign.instrument_version), campaign.modules)
        rows = answer_rows(campaign_respondents(session, campaign))
        sheet = "Réponses"
    else:
        columns = ["campaign", "organisation", "demarche", *RESULT_COLUMNS]
        info = {
            "campaign": campaign.id,
            "organisation": campaign.organisation.name,
            "demarche": campaign.demarche,
        }
        rows = campaign_result_rows([(info, campaign_results(session, registry(), campaign))])
        sheet = "Résultats"
    if fmt == "csv":
        out.write_text(to_csv(rows, columns), encoding="utf-8")
    else:
        out.write_bytes(to_xlsx(rows, columns, sheet))
    click.echo(f"{out} — {len(rows)} ligne(s)")
