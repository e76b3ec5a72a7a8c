"""``coopassess report``: the organisation's report of one campaign, or of every campaign a
consultant follows (batch); ``coopassess comparison``: campaigns side by side."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from coopassess.campaigns.access import visible_campaigns
from coopassess.campaigns.results import campaign_report, campaigns_comparison_report
from coopassess.cli.common import campaign_or_fail, fail
from coopassess.cli.options import out_option
from coopassess.common import emails
from coopassess.common.slugs import slug
from coopassess.db import db_session
from coopassess.models import Campaign, User
from coopassess.registry import registry
from coopassess.reports import ReportError

USAGE = (
    "Indiquez soit CAMPAIGN_ID et --out FICHIER.pdf, soit --consultant EMAIL et --out-dir DOSSIER."
)


@click.command("report")
@click.argument("campaign_id", type=int, required=False)
@out_option("fichier PDF à écrire (une campagne)", required=False)
@click.option("--consultant", metavar="EMAIL", help="compte dont on veut tous les rapports")
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="dossier où écrire les rapports (avec --consultant)",
)
@with_appcontext
def report_command(
    campaign_id: int | None, out: Path | None, consultant: str | None, out_dir: Path | None
) -> None:
    """Écrit le rapport PDF d'une campagne (au moins 3 réponses envoyées), ou ceux de toutes
    les campagnes des organisations suivies par un consultant.

    \b
    coopassess report 12 --out rapport.pdf
    coopassess report --consultant marie@example.fr --out-dir rapports/
    """
    if campaign_id is not None and out is not None and consultant is None and out_dir is None:
        _one(campaign_id, out)
    elif consultant is not None and out_dir is not None and campaign_id is None and out is None:
        _batch(consultant, out_dir)
    else:
        fail(USAGE)


def _one(campaign_id: int, out: Path) -> None:
    campaign = campaign_or_fail(campaign_id)
    try:
        pdf = campaign_report(db_session(), registry(), campaign)
    except ReportError as error:
        fail(str(error))
    out.write_bytes(pdf)
    click.echo(f"{out} — {_describe(campaign)} ({len(pdf) // 1024} Kio)")


def _batch(email: str, out_dir: Path) -> None:
    """One PDF per campaign the account may see (the pages' rule: a consultant's assigned
    organisations); campaigns below the minimum number of respondents are listed as skipped."""
    session = db_session()
    user = session.scalar(select(User).where(User.email == emails.normalise(email)))
    if user is None:
        fail(f"Consultant inconnu : {email}")
    if not user.active:
        fail(f"Compte désactivé : {email}")
    campaigns = session.scalars(visible_campaigns(user).order_by(Campaign.id)).all()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{out_dir} : dossier impossible à créer ({error})")
    started = time.perf_counter()
    written = skipped = 0
    for campaign in campaigns:
        try:
            pdf = campaign_report(session, registry(), campaign)
        except ReportError as error:
            skipped += 1
            click.echo(f"ignorée : {_describe(campaign)} — {error}")
            continue
        path = out_dir / report_filename(campaign)
        try:
            path.write_bytes(pdf)
        except OSError as error:
            fail(f"{path} : écriture impossible ({error})")
        written += 1
        click.echo(f"{path} — {_describe(campaign)} ({len(pdf) // 1024} Kio)")
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    click.echo(
        f"{written} rapport(s) écrit(s), {skipped} campagne(s) ignorée(s) "
        f"sur {len(campaigns)} ({user.email}, {seconds} s)"
    )


def report_filename(campaign: Campaign) -> str:
    """``<id>-<démarche in ASCII>.pdf``: letters, digits and hyphens only, whatever was typed."""
    return f"{campaign.id}-{slug(campaign.demarche, fallback='rapport')}.pdf"


def _describe(campaign: Campaign) -> str:
    return f"campagne {campaign.id}, {campaign.organisation.name}, « {campaign.demarche} »"


@click.command("comparison")
@click.argument("campaign_ids", type=int, nargs=-1, required=True)
@out_option("fichier PDF à écrire")
@with_appcontext
def comparison_command(campaign_ids: tuple[int, ...], out: Path) -> None:
    """Écrit le rapport comparant 2 à 6 campagnes (même version, même type de campagne).

    Les campagnes d'une même organisation se lisent comme son évolution (T0, T1…).
    """
    campaigns = [campaign_or_fail(campaign_id) for campaign_id in campaign_ids]
    try:
        pdf = campaigns_comparison_report(db_session(), registry(), campaigns)
    except ReportError as error:
        fail(str(error))
    out.write_bytes(pdf)
    click.echo(f"{out} — {len(campaigns)} campagnes ({len(pdf) // 1024} Kio)")
