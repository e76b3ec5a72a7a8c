"""``coopassess demo``: idempotent demo data (organisations, campaigns, submitted responses)."""

from __future__ import annotations

import random
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from coopassess.campaigns.service import open_link
from coopassess.db import db_session
from coopassess.demo.portfolio import CAMPAIGNS_PER_ORGANISATION, already_loaded, load_portfolio
from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.demo.story import load_story
from coopassess.demo.writing import add_response
from coopassess.instrument.schema import Instrument
from coopassess.models import Campaign, Organisation, utcnow
from coopassess.registry import registry


@click.command("demo")
@click.option(
    "--size",
    type=click.Choice(["small", "large"]),
    default="small",
    show_default=True,
    help="small : 4 organisations avec liens d'invitation ; large : un portefeuille de "
    "consultant (1 000 organisations × 3 campagnes, 5 à 30 réponses chacune)",
)
@click.option(
    "--organisations",
    type=click.IntRange(1, 20000),
    default=1000,
    show_default=True,
    help="nombre d'organisations du portefeuille (--size large)",
)
@with_appcontext
def demo_command(size: str, organisations: int) -> None:
    """Charge des organisations de démonstration, leurs campagnes et réponses (rejouable).

    Affiche pour chaque campagne un lien d'invitation ouvert, renouvelé à chaque appel (un
    lien n'est jamais conservé en clair, il ne peut donc pas être réaffiché).
    """
    instrument = registry().current()
    if size == "large":
        _load_large(instrument, organisations)
        return
    session = db_session()
    base_url = current_app.config["BASE_URL"].rstrip("/")
    for org in ORGANISATIONS:
        exists = session.scalar(select(Organisation.id).where(Organisation.name == org.name))
        if exists is None:
            organisation = Organisation(
                name=org.name, kind=org.kind, structure_type=org.structure_type, region=org.region
            )
            campaign = Campaign(
                organisation=organisation,
                demarche=org.demarche,
                target=org.kind,
                modules=list(org.modules),
                instrument_version=instrument.version,
                status="open",
                slug=org.slug,
            )
            session.add_all([organisation, campaign])
            session.flush()
            rng = random.Random(org.slug)
            for index in range(org.respondents):
                profile, answers = demo_response(instrument, org, index, rng)
                add_response(session, campaign, instrument, profile, answers, utcnow())
            if org is ORGANISATIONS[0]:
                load_story(session, registry(), org, campaign, utcnow())
            session.commit()
            click.echo(f"Créé : {org.name} — {org.respondents} réponses")
        else:
            click.echo(f"Déjà présent : {org.name}")
        campaign = session.scalar(select(Campaign).where(Campaign.slug == org.slug))
        link = open_link(session, campaign)
        session.commit()
        click.echo(f"  lien d'invitation : {base_url}/i/{link.token}")


def _load_large(instrument: Instrument, organisations: int) -> None:
    session = db_session()
    if already_loaded(session):
        click.echo("Portefeuille de démonstration déjà présent.")
        return
    started = time.perf_counter()
    count, responses = load_portfolio(session, registry(), organisations)
    click.echo(
        f"Portefeuille créé : {count} organisations, {count * CAMPAIGNS_PER_ORGANISATION} "
        f"campagnes, {responses} réponses envoyées ({time.perf_counter() - started:.0f} s)."
    )
