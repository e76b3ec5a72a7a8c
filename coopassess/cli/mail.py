"""``coopassess mail test``: one French test message through the same path as every message."""

from __future__ import annotations

import uuid

import click
from flask import current_app
from flask.cli import with_appcontext

from coopassess.cli.common import fail
from coopassess.db import db_session
from coopassess.mail import outbox
from coopassess.mail.delivery import Outcome, deliver_one
from coopassess.mail.messages import InvalidMail
from coopassess.mail.settings import MailSettings, MailSettingsError
from coopassess.models import OutgoingMail, utcnow

NBSP = "\u00a0"
SUBJECT = f"CoopAssess{NBSP}: message de test"
TEXT = (
    "Bonjour,\n\n"
    "Ce message de test a été envoyé par CoopAssess pour vérifier la configuration "
    "de l'envoi des courriels. Vous n'avez rien à faire.\n\n"
    "— CoopAssess\n"
)
HTML = (
    '<!doctype html><html lang="fr"><body>'
    "<p>Bonjour,</p>"
    "<p>Ce message de test a été envoyé par CoopAssess pour vérifier la configuration "
    "de l'envoi des courriels. Vous n'avez rien à faire.</p>"
    "<p>— CoopAssess</p></body></html>"
)


@click.group("mail")
def mail_group() -> None:
    """Courriels envoyés par CoopAssess."""


@mail_group.command("test")
@click.option("--to", "to", required=True, help="Adresse qui recevra le message de test.")
@click.option(
    "--now",
    is_flag=True,
    help="Envoie depuis cette commande au lieu de laisser le message au worker.",
)
@with_appcontext
def test_command(to: str, now: bool) -> None:
    """Met en file un message de test et dit par où il part (relais SMTP ou dossier)."""
    try:
        settings = MailSettings.from_config(current_app.config)
    except MailSettingsError as error:
        fail(str(error))
    session = db_session()
    batch = outbox.create_batch(session, kind="test")
    try:
        mail = outbox.queue_mail(
            session,
            to=to,
            subject=SUBJECT,
            text=TEXT,
            html=HTML,
            sender_name="CoopAssess",
            ref=f"test:{batch.id}",
            batch_id=batch.id,
            idempotency_key=f"test:{uuid.uuid4().hex}",
        )
    except InvalidMail as error:
        fail(str(error))
    session.commit()
    if not now:
        outbox.enqueue_delivery([mail.id])
        click.echo(
            f"Message de test n°{NBSP}{mail.id} mis en file{NBSP}: le worker "
            f"(coopassess worker) l'enverra par le {settings.destination()}."
        )
        return
    outcome, _ = deliver_one(session, settings, mail.id, utcnow())
    stored = session.get(OutgoingMail, mail.id, populate_existing=True)
    if outcome is Outcome.SENT:
        click.echo(f"Message de test n°{NBSP}{mail.id} {_where(settings, mail.id)}.")
        return
    reason = stored.last_error if stored is not None else ""
    if outcome in (Outcome.RETRY, Outcome.UNREACHABLE):
        outbox.enqueue_delivery([mail.id])
        click.echo(
            f"Message de test n°{NBSP}{mail.id} non envoyé pour l'instant{NBSP}: {reason} "
            "Le worker réessaiera.",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"Message de test n°{NBSP}{mail.id} refusé{NBSP}: {reason}", err=True)
    raise SystemExit(1)


def _where(settings: MailSettings, mail_id: int) -> str:
    if settings.smtp is not None:
        return f"remis au {settings.smtp.describe()}"
    files = sorted(settings.outbox_dir.glob(f"*-{mail_id:06d}-*.eml"))
    return (
        f"écrit dans le dossier des messages{NBSP}: {files[-1] if files else settings.outbox_dir}"
    )
