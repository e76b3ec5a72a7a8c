"""``coopassess data …``: the rights of the people whose data is held — an export of
everything held about an e-mail address, and its erasure (``coopassess.privacy``)."""

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


def _address(typed: str) -> Address:
    try:
        return address(typed)
    except PrivacyError as error:
        fail(str(error))


@click.group("data")
def data_group() -> None:
    """Données personnelles : export et effacement de tout ce qui concerne une adresse."""


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
