"""``coopassess campaign participants …``, ``campaign send``, ``campaign remind``: the
participants of a campaign and its rounds of messages, for consultants who script.

``send`` and ``remind`` record the round and queue its preparation, like the web buttons:
``coopassess worker`` (or ``make run``) sends it.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from coopassess.campaigns.service import CampaignError
from coopassess.cli.campaigns import campaign_group
from coopassess.cli.common import campaign_or_fail, fail
from coopassess.db import db_session
from coopassess.jobs import enqueue
from coopassess.mail.outbox import latest_by_ref
from coopassess.participants import followup, importing, sending, service
from coopassess.participants.jobs import prepare_mailing


class _ParticipantsGroup(click.Group):
    """``participants CAMPAIGN_ID`` lists; ``participants add CAMPAIGN_ID --file F`` adds."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@campaign_group.group("participants", cls=_ParticipantsGroup)
def participants_group() -> None:
    """Participants d'une campagne : CAMPAIGN_ID pour leurs statuts, « add » pour en ajouter."""


@participants_group.command("add")
@click.argument("campaign_id", type=int)
@click.option(
    "--file",
    "path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV (séparateur ; ou ,) ou XLSX, première ligne : e-mail, prénom, nom, structure, rôle.",
)
@with_appcontext
def add_command(campaign_id: int, path: Path) -> None:
    """Ajoute les personnes d'un fichier (rien n'est ajouté s'il contient une erreur)."""
    campaign = campaign_or_fail(campaign_id)
    session = db_session()
    try:
        people = importing.read_file(path.name, path.read_bytes())
        added = service.add_people(session, campaign, people, current_app.config["SECRET_KEY"])
    except importing.ImportRefused as error:
        fail("\n".join(["Rien n'a été importé :", *error.problems]))
    except CampaignError as error:
        fail(str(error))
    session.commit()
    click.echo(f"{added.added} participant(s) ajouté(s), {added.merged} déjà présent(s).")


@participants_group.command("list")
@click.argument("campaign_id", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@with_appcontext
def list_command(campaign_id: int, fmt: str) -> None:
    """Statut de chaque participant (jamais ses réponses)."""
    campaign = campaign_or_fail(campaign_id)
    session = db_session()
    rows: list[followup.Row] = []
    number = 1
    while raw := followup.page(session, campaign.id, number):
        rows.extend(followup.rows(raw, latest_by_ref(session, [followup.ref(r.id) for r in raw])))
        number += 1
    found = [
        {
            "id": row.id,
            "email": row.email,
            "prenom": row.first_name,
            "nom": row.last_name,
            "structure": row.structure,
            "role": row.role,
            "statut": row.status,
            "libelle": row.status_label,
            "dernier_message": row.last_message_at.isoformat() if row.last_message_at else None,
        }
        for row in rows
    ]
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for row in found:
        click.echo(
            f"{row['id']}\t{row['email']}\t{row['libelle']}\t{row['dernier_message'] or '—'}"
        )


def _start(campaign_id: int, kind: str) -> None:
    campaign = campaign_or_fail(campaign_id)
    if campaign.anonymous or campaign.status != "open":
        fail(f"La campagne {campaign_id} n'envoie pas de message (anonyme ou close).")
    session = db_session()
    recipients = sending.count(session, sending.targets(kind, campaign.id))
    if recipients == 0:
        fail("Personne à qui envoyer ce message.")
    key = f"cli:{campaign.id}:{kind}:{secrets.token_urlsafe(16)}"
    mailing, _ = sending.request_mailing(session, campaign, kind, key, None)
    session.commit()
    enqueue(prepare_mailing, mailing.id)
    what = "invitation(s)" if kind == "invitation" else "relance(s)"
    click.echo(
        f"{recipients} {what} en préparation (envoi n° {mailing.id}) : "
        "« coopassess worker » les envoie."
    )


@campaign_group.command("send")
@click.argument("campaign_id", type=int)
@with_appcontext
def send_command(campaign_id: int) -> None:
    """Invite tous les participants pas encore invités."""
    _start(campaign_id, "invitation")


@campaign_group.command("remind")
@click.argument("campaign_id", type=int)
@with_appcontext
def remind_command(campaign_id: int) -> None:
    """Relance les invités qui n'ont pas répondu et ne se sont pas désinscrits."""
    _start(campaign_id, "reminder")
