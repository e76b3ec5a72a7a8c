"""``coopassess user token …``: API tokens of an account — create (printed once), list, revoke.

The new token alone goes to stdout (``TOKEN=$(coopassess user token create …)``), the notice
to stderr.
"""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from coopassess.api import tokens as core
from coopassess.cli.common import fail
from coopassess.common import emails
from coopassess.db import db_session
from coopassess.models import ApiToken, User


def _user_or_fail(email: str) -> User:
    user = db_session().scalar(select(User).where(User.email == emails.normalise(email)))
    if user is None:
        fail(f"Compte introuvable : {email}")
    return user


def _when(moment: datetime | None, empty: str) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else empty


@click.group("token")
def token_group() -> None:
    """Jetons d'API d'un compte : création, liste, révocation."""


@token_group.command("create")
@click.option("--email", required=True, help="Le compte dont le jeton aura les droits.")
@click.option("--name", required=True, help="Nom du jeton, pour le reconnaître.")
@click.option(
    "--days", type=click.IntRange(1, core.MAX_DAYS), help="Validité en jours (défaut : aucune)."
)
@with_appcontext
def create_command(email: str, name: str, days: int | None) -> None:
    """Crée un jeton et l'affiche, une seule fois."""
    session = db_session()
    try:
        issued = core.issue(session, _user_or_fail(email), name, days)
    except core.TokenError as error:
        fail(str(error))
    session.commit()
    expiry = _when(issued.record.expires_at, "aucune")
    click.echo(
        f"Jeton n° {issued.record.id} créé pour {emails.normalise(email)} (expiration : {expiry}). "
        "Copiez-le maintenant : il ne sera plus affiché.",
        err=True,
    )
    click.echo(issued.token)


@token_group.command("list")
@click.option("--email", required=True)
@with_appcontext
def list_command(email: str) -> None:
    """Liste les jetons d'un compte : n°, nom, création, dernière utilisation, expiration, état."""
    for record in core.user_tokens(db_session(), _user_or_fail(email)):
        cells = (
            str(record.id),
            record.name,
            _when(record.created_at, "-"),
            _when(record.last_used_at, "jamais"),
            _when(record.expires_at, "aucune"),
            core.state(record),
        )
        click.echo("\t".join(cells))


@token_group.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def revoke_command(token_id: int) -> None:
    """Révoque un jeton (son n° est dans ``user token list``)."""
    session = db_session()
    record = session.get(ApiToken, token_id)
    if record is None:
        fail(f"Jeton introuvable : {token_id}")
    if core.revoke(session, record):
        session.commit()
        click.echo(f"Jeton n° {token_id} « {record.name} » révoqué.")
    else:
        click.echo(f"Jeton n° {token_id} « {record.name} » déjà révoqué.")
