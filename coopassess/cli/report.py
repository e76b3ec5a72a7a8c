"""``coopassess report CAMPAIGN_ID --out FILE.pdf``: the organisation's report from the shell."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from coopassess.cli.common import campaign_or_fail, fail
from coopassess.db import db_session
from coopassess.reports import ReportError
from coopassess.results import campaign_report, campaigns_comparison_report
from coopassess.web.charts import chart_cache


@click.command("report")
@click.argument("campaign_id", type=int)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="fichier PDF à écrire",
)
@with_appcontext
def report_command(campaign_id: int, out: Path) -> None:
    """Écrit le rapport PDF d'une campagne (au moins 3 réponses envoyées)."""
    campaign = campaign_or_fail(campaign_id)
    try:
        pdf = campaign_report(db_session(), campaign, chart_cache())
    except ReportError as error:
        fail(str(error))
    out.write_bytes(pdf)
    click.echo(
        f"{out} — {campaign.organisation.name}, « {campaign.demarche} » ({len(pdf) // 1024} Kio)"
    )


@click.command("comparison")
@click.argument("campaign_ids", type=int, nargs=-1, required=True)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="fichier PDF à écrire",
)
@with_appcontext
def comparison_command(campaign_ids: tuple[int, ...], out: Path) -> None:
    """Écrit le rapport comparant 2 à 6 campagnes (même version, même type de campagne).

    Les campagnes d'une même organisation se lisent comme son évolution (T0, T1…).
    """
    campaigns = [campaign_or_fail(campaign_id) for campaign_id in campaign_ids]
    try:
        pdf = campaigns_comparison_report(db_session(), campaigns, chart_cache())
    except ReportError as error:
        fail(str(error))
    out.write_bytes(pdf)
    click.echo(f"{out} — {len(campaigns)} campagnes ({len(pdf) // 1024} Kio)")
