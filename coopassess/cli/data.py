"""``coopassess data …``: the personal data the instance holds — an export of everything held
about an e-mail address and its erasure (the rights, ``coopassess.privacy``), and ``data purge``,
which erases what the campaigns' retention periods make due, as the nightly job does
(docs/retention.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from coopassess.cli.common import fail
from coopassess.db import db_session
from coopassess.models import utcnow
from coopassess.privacy import sources
from coopassess.privacy.erase import erase
from coopassess.privacy.export import export, log_export
from coopassess.privacy.holdings import Address, Holdings, PrivacyError, address, holdings
from coopassess.registry import registry
from coopassess.retention.service import (
    PARIS,
    SECURITY_LOG_DAYS,
    SENT_BODY_DAYS,
    Purge,
    blank_sent_bodies,
    expire_security_logs,
    purge,
    security_logs_due,
    sent_bodies_due,
)


def _address(typed: str) -> Address:
    try:
        return address(typed)
    except PrivacyError as error:
        fail(str(error))


@click.group("data")
def data_group() -> None:
    """Données personnelles : export et effacement d'une adresse, durées de conservation."""


@data_group.command("export")
@click.option("--email", required=True, help="L'adresse de la personne qui le demande.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier JSON à écrire (par défaut : la sortie standard).",
)
@with_appcontext
def export_command(email: str, out: Path | None) -> None:
    """Exporte en JSON tout ce qui est détenu sur l'adresse (sans mot de passe ni jeton)."""
    session = db_session()
    found = holdings(session, _address(email))
    document = export(session, registry(), found, utcnow())
    log_export(session, found, None, sources.COMMAND_LINE)
    session.commit()
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(f"Export écrit dans {out}.", err=True)


@data_group.command("erase")
@click.option("--email", required=True, help="L'adresse à effacer partout.")
@click.option(
    "--with-answers",
    is_flag=True,
    help="Supprimer aussi les réponses commencées par ses liens personnels.",
)
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
@with_appcontext
def erase_command(email: str, with_answers: bool, yes: bool) -> None:
    """Efface l'adresse partout ; garde, anonyme, ce qui ne la nomme pas."""
    session = db_session()
    found = holdings(session, _address(email))
    if found.empty:
        click.echo(f"Rien n'est enregistré pour {found.address.masked} : rien à effacer.")
        return
    if not yes:
        click.echo(_preview(found, with_answers))
        if not click.confirm("Effacer définitivement ?", default=False):
            fail("Effacement annulé : rien n'a été effacé.")
    try:
        done = erase(
            session,
            registry(),
            found,
            with_answers=with_answers,
            actor_id=None,
            source=sources.COMMAND_LINE,
        )
    except PrivacyError as error:
        fail(str(error))
    click.echo("\n".join(done.summary()))


def _preview(found: Holdings, with_answers: bool) -> str:
    responses = len(found.response_ids)
    kept = "supprimées" if with_answers else "conservées, anonymes (ajoutez --with-answers)"
    return (
        f"{found.address.masked} : {len(found.participants)} inscription(s), "
        f"{len(found.invitations)} lien(s) personnel(s), {len(found.mail_ids)} message(s), "
        f"{len(found.audit_event_ids)} événement(s) du journal ; "
        f"{responses} réponse(s) {kept}."
    )


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
    attempts, entries = (
        security_logs_due(session, now) if dry_run else expire_security_logs(session, now)
    )
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
    if attempts or entries:
        gone = "seraient supprimées" if dry_run else "supprimées"
        emptied = "seraient effacées" if dry_run else "effacées"
        click.echo(
            f"Journaux de sécurité de plus de {SECURITY_LOG_DAYS} jours : {attempts} tentative(s) "
            f"de connexion {gone}, {entries} adresse(s) IP du journal des actions {emptied}."
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
