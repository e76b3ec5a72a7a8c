"""``coopassess campaign …``: list campaigns, invite respondents, read results, close, reopen.

Thin: parse, call ``coopassess.campaigns``, print. Refusals go to stderr with exit status 2.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from coopassess.campaigns import service as core
from coopassess.campaigns.results import campaign_results
from coopassess.cli.common import campaign_or_fail, fail
from coopassess.db import db_session
from coopassess.followup.carry import Carriable, carriable, carry_over
from coopassess.models import Campaign, Organisation
from coopassess.registry import registry

LIST_COLUMNS = ("id", "organisation", "demarche", "target", "status", "submitted")
LIST_HEADERS = ("id", "organisation", "démarche", "cible", "statut", "réponses envoyées")


def _link(token: str) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/i/{token}"


@click.group("campaign")
def campaign_group() -> None:
    """Campagnes : liste, invitations, résultats, partage, clôture."""


@campaign_group.command("list")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@with_appcontext
def list_command(fmt: str) -> None:
    """Liste les campagnes et leurs réponses envoyées."""
    session = db_session()
    campaigns = session.scalars(
        select(Campaign).options(joinedload(Campaign.organisation)).order_by(Campaign.id)
    ).all()
    counts = core.participation(session)
    rows = [
        {
            "id": campaign.id,
            "organisation": campaign.organisation.name,
            "demarche": campaign.demarche,
            "target": campaign.target,
            "status": campaign.status,
            "submitted": counts[campaign.id].submitted,
        }
        for campaign in campaigns
    ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    cells = [LIST_HEADERS, *([str(row[key]) for key in LIST_COLUMNS] for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(LIST_COLUMNS))]
    for line in cells:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


@campaign_group.command("invite")
@click.argument("campaign_id", type=int)
@click.option("--count", type=int, help="Nombre de liens anonymes à usage unique.")
@click.option(
    "--emails",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fichier d'adresses, une par ligne : un lien à usage unique par adresse.",
)
@click.option("--open", "open_", is_flag=True, help="Le lien ouvert (remplace le précédent).")
@with_appcontext
def invite_command(campaign_id: int, count: int | None, emails: Path | None, open_: bool) -> None:
    """Crée des liens d'invitation et les affiche, un par ligne (seule occasion de les voir)."""
    if sum((count is not None, emails is not None, open_)) != 1:
        fail("Choisissez une seule option parmi --count N, --emails FICHIER et --open.")
    session = db_session()
    campaign = campaign_or_fail(campaign_id)
    try:
        if open_:
            links = [core.open_link(session, campaign)]
        elif count is not None:
            links = core.anonymous_links(session, campaign, count)
        else:
            lines = _read_lines(emails)
            result = core.email_links(session, campaign, lines)
            links = result.created
            for address in result.already_invited:
                click.echo(f"Déjà invité·e (lien inchangé) : {address}", err=True)
    except core.InvalidEmails as error:
        fail(f"{emails} : rien n'a été créé.\n" + "\n".join(f"  - {p}" for p in error.problems))
    except core.CampaignError as error:
        fail(str(error))
    session.commit()
    for link in links:
        click.echo(f"{link.email}\t{_link(link.token)}" if link.email else _link(link.token))


def _read_lines(path: Path | None) -> list[str]:
    assert path is not None
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{path} : lecture impossible ({error})")


@campaign_group.command("revoke")
@click.argument("link")
@with_appcontext
def revoke_command(link: str) -> None:
    """Désactive un lien d'invitation (LINK : le lien complet ou son jeton)."""
    session = db_session()
    invitation = core.find_by_token(session, link.rstrip("/").rsplit("/", 1)[-1])
    if invitation is None:
        fail("Lien inconnu.")
    if core.revoke(invitation):
        session.commit()
        click.echo(f"Lien {invitation.id} désactivé (campagne {invitation.campaign_id}).")
    else:
        click.echo(f"Lien {invitation.id} déjà désactivé.")


@campaign_group.command("results")
@click.argument("campaign_id", type=int)
@with_appcontext
def results_command(campaign_id: int) -> None:
    """Affiche les résultats (JSON) des réponses envoyées d'une campagne."""
    results = campaign_results(db_session(), registry(), campaign_or_fail(campaign_id))
    click.echo(json.dumps(results.to_json(), ensure_ascii=False, indent=2))


@campaign_group.command("close")
@click.argument("campaign_id", type=int)
@with_appcontext
def close_command(campaign_id: int) -> None:
    """Clôt une campagne : ses liens et sa page ouverte n'acceptent plus de réponse."""
    campaign = campaign_or_fail(campaign_id)
    if core.close(campaign):
        db_session().commit()
        click.echo(f"Campagne {campaign.id} close.")
    else:
        click.echo(f"Campagne {campaign.id} déjà close.")


@campaign_group.command("reopen")
@click.argument("campaign_id", type=int)
@click.option(
    "--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Nouvelle date de clôture."
)
@with_appcontext
def reopen_command(campaign_id: int, until: datetime | None) -> None:
    """Rouvre une campagne close."""
    campaign = campaign_or_fail(campaign_id)
    day: date | None = until.date() if until else None
    try:
        changed = core.reopen(campaign, today=core.campaign_today(), until=day)
    except core.CampaignError as error:
        fail(str(error))
    db_session().commit()
    click.echo(f"Campagne {campaign.id} {'rouverte' if changed else 'déjà ouverte'}.")


@campaign_group.command("share")
@click.argument("campaign_id", type=int)
@click.option("--off", is_flag=True, help="Ne plus montrer les résultats aux répondants.")
@with_appcontext
def share_command(campaign_id: int, off: bool) -> None:
    """Montre (ou non) les résultats agrégés aux répondants qui ont envoyé leurs réponses."""
    campaign = campaign_or_fail(campaign_id)
    campaign.results_shared = not off
    db_session().commit()
    state = "ne sont plus montrés" if off else "sont montrés"
    click.echo(f"Campagne {campaign.id} : les résultats agrégés {state} aux répondants.")


@campaign_group.command("create")
@click.option("--organisation", "organisation_id", type=int, required=True)
@click.option("--demarche", required=True, help="Nom de la démarche évaluée.")
@click.option(
    "--target",
    type=click.Choice(["territoire", "entreprise"]),
    default=None,
    help="Par défaut : le type de l'organisation.",
)
@click.option(
    "--modules",
    default="VAL",
    show_default=True,
    help="Modules en plus de COOP, séparés par des virgules (ACH,TER,VAL), ou « aucun ».",
)
@click.option("--closes-on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
@click.option("--anonymous", is_flag=True, help="Aucune adresse n'est jamais enregistrée.")
@click.option(
    "--carry-actions",
    "carry",
    default=None,
    help="Actions ouvertes des campagnes précédentes à reprendre : « toutes », ou leurs "
    "numéros séparés par des virgules (sans l'option, elles sont listées, aucune n'est reprise).",
)
@with_appcontext
def create_command(
    organisation_id: int,
    demarche: str,
    target: str | None,
    modules: str,
    closes_on: datetime | None,
    anonymous: bool,
    carry: str | None,
) -> None:
    """Ouvre une campagne (COOP toujours ; VAL par défaut) sur la version courante."""
    session = db_session()
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        fail(f"Organisation introuvable : {organisation_id}")
    chosen = (
        ()
        if modules.strip().lower() == "aucun"
        else tuple(m.strip().upper() for m in modules.split(",") if m.strip())
    )
    draft = core.CampaignDraft(
        organisation_id=organisation_id,
        demarche=demarche,
        target=target or organisation.kind,
        modules=chosen,
        opens_on=core.campaign_today(),
        closes_on=closes_on.date() if closes_on else None,
        anonymous=anonymous,
    )
    offered = carriable(session, registry(), organisation_id)
    chosen = _carried_ids(carry, offered)
    try:
        campaign = core.create_campaign(session, draft, registry().current().version)
    except core.CampaignError as error:
        fail(str(error))
    copies = carry_over(session, registry(), campaign, chosen, None)
    session.commit()
    click.echo(
        f"Campagne {campaign.id} ouverte : « {campaign.demarche} » ({', '.join(campaign.modules)})"
    )
    if copies:
        click.echo(f"{len(copies)} action(s) reprise(s) : {', '.join(c.title for c in copies)}")
    elif offered and carry is None:
        click.echo(
            f"{len(offered)} action(s) ouverte(s) peuvent être reprises "
            "(--carry-actions toutes, ou leurs numéros) :"
        )
        for action in offered:
            click.echo(f"  {action.id}\t{action.title} ({action.status_label}, {action.dimension})")


def _carried_ids(carry: str | None, offered: list[Carriable]) -> set[int]:
    """The ids asked for by --carry-actions, each checked against the offered actions."""
    if carry is None or carry.strip().lower() in ("", "aucune"):
        return set()
    ids = {action.id for action in offered}
    if carry.strip().lower() == "toutes":
        return ids
    asked = [part.strip() for part in carry.split(",") if part.strip()]
    wrong = [part for part in asked if not part.isdigit() or int(part) not in ids]
    if wrong:
        fail(
            f"Actions qui ne peuvent pas être reprises : {', '.join(wrong)} "
            f"(ouvertes et non reprises : {', '.join(map(str, sorted(ids))) or 'aucune'})."
        )
    return {int(part) for part in asked}


@click.group("organisation")
def organisation_group() -> None:
    """Organisations (collectivités, entreprises) suivies."""


@organisation_group.command("create")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(["territoire", "entreprise"]), required=True)
@click.option("--structure", "structure_type", default=None, help="Type de structure (P-STRUCT).")
@click.option("--region", default=None)
@with_appcontext
def organisation_create_command(
    name: str, kind: str, structure_type: str | None, region: str | None
) -> None:
    """Enregistre une organisation et affiche son identifiant."""
    name = " ".join(name.split())
    if not 2 <= len(name) <= 200:
        fail("Le nom doit compter de 2 à 200 caractères.")
    organisation = Organisation(name=name, kind=kind, structure_type=structure_type, region=region)
    session = db_session()
    session.add(organisation)
    session.commit()
    click.echo(f"Organisation {organisation.id} : {organisation.name}")
