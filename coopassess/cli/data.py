"""``coopassess data``: the personal data the instance keeps. ``data purge`` erases what the
campaigns' retention periods make due, as the nightly job does (docs/retention.md)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from coopassess.db import db_session
from coopassess.models import utcnow
from coopassess.registry import registry
from coopassess.retention.service import (
    PARIS,
    SENT_BODY_DAYS,
    Purge,
    blank_sent_bodies,
    purge,
    sent_bodies_due,
)


@click.group("data")
def data_group() -> None:
    """Données personnelles conservées par l'instance."""


@data_group.command("purge")
@click.option(
    "--dry-run", is_flag=True, help="Affiche ce qui serait supprimé, sans rien supprimer."
)
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Supprime les adresses et les réponses individuelles dont la durée de conservation est
    écoulée (les résultats agrégés sont conservés)."""
    session = db_session()
    now = utcnow()
    found = purge(session, registry(), now, dry_run=dry_run)
    bodies = sent_bodies_due(session, now) if dry_run else blank_sent_bodies(session, now)
    if not dry_run:
        session.commit()
    if not found:
        nothing = "rien ne serait supprimé" if dry_run else "rien n'a été supprimé"
        click.echo(f"Aucune durée de conservation écoulée : {nothing}.")
    for item in found:
        click.echo(_line(item, dry_run))
    if bodies:
        emptied = "seraient vidés" if dry_run else "vidés"
        click.echo(
            f"Textes de {bodies} courriels envoyés il y a plus de {SENT_BODY_DAYS} jours {emptied}."
        )
    if dry_run:
        click.echo("Simulation : rien n'a été supprimé.")


def _line(item: Purge, dry_run: bool) -> str:
    campaign = item.campaign
    closed = item.closed_at.astimezone(PARIS)
    parts = []
    if item.addresses_due:
        parts.append(f"{item.addresses} adresse{'s' if item.addresses > 1 else ''}")
    if item.answers_due:
        parts.append(
            f"{item.responses} réponse{'s' if item.responses > 1 else ''} "
            f"({item.answers} réponse{'s' if item.answers > 1 else ''} aux questions)"
        )
    what = " et ".join(parts)
    verb = "seraient supprimées" if dry_run else "supprimées"
    return (
        f"Campagne n° {campaign.id} « {campaign.organisation.name} — {campaign.demarche} » "
        f"(close le {closed:%d/%m/%Y}) : {what} {verb}."
    )
