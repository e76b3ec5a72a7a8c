"""The demo's worked story, for the first demo organisation: a first campaign eight months ago
whose action plan was partly carried out, then the current campaign with the respondents'
comments (two marked « à citer ») and the open action carried over. What a consultant shows
the collectif in a restitution workshop, and on the evolution page: what changed next to what
was done."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from coopassess.campaigns.comments import save_comment
from coopassess.demo.responses import DemoOrganisation, demo_response
from coopassess.demo.writing import add_response
from coopassess.followup.carry import carry_over
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.models import Action, ActionStatusChange, Campaign, Response, ResponseComment

FIRST_WAVE_MONTHS_AGO = 8
FIRST_WAVE_RESPONDENTS = 7
FIRST_WAVE_MATURITY = -0.6  # the collectif was less advanced then
COMMENTS = (
    (
        "La visite commune du chantier de la médiathèque a fait tomber beaucoup de préjugés "
        "entre les services techniques et les entreprises.",
        True,
    ),
    (
        "On se parle davantage, mais les décisions restent prises sans les associations.",
        True,
    ),
    ("Manque de temps pour suivre toutes les réunions.", False),
)
# (questionnaire, dimension, title, owner, status, months ago it was done or None)
FIRST_PLAN = (
    ("COOP", "COOP.OUV", "Visites croisées de chantiers", "Service bâtiments", "done", 4),
    ("COOP", "COOP.OEU", "Feuille de route partagée", "Mission économie circulaire", "done", 3),
    (
        "ACH",
        "ACH.DIA",
        "Rencontre acheteurs – entreprises",
        "Direction de la commande publique",
        "in_progress",
        None,
    ),
    (None, None, "Charte de la plateforme", "Comité de pilotage", "dropped", None),
)


def load_story(
    session: Session,
    instruments: InstrumentRegistry,
    org: DemoOrganisation,
    current: Campaign,
    now: datetime,
) -> None:
    """Write the story around ``current`` (the organisation's campaign just created)."""
    instrument = instruments.get(current.instrument_version)
    started = now - timedelta(days=30 * FIRST_WAVE_MONTHS_AGO)
    first = Campaign(
        organisation_id=current.organisation_id,
        demarche=current.demarche,
        target=current.target,
        modules=list(current.modules),
        instrument_version=instrument.version,
        status="closed",
        slug=f"{org.slug}-t0",
        opens_on=started.date(),
        closes_on=(started + timedelta(days=21)).date(),
        closed_at=started + timedelta(days=21),
        created_at=started - timedelta(days=7),
    )
    session.add(first)
    session.flush()
    wave = replace(org, slug=f"{org.slug}-t0", maturity=org.maturity + FIRST_WAVE_MATURITY)
    rng = random.Random(wave.slug)
    for index in range(FIRST_WAVE_RESPONDENTS):
        profile, answers = demo_response(instrument, wave, index, rng)
        add_response(
            session, first, instrument, profile, answers, started + timedelta(days=1 + 2 * index)
        )
    still_open = _first_plan(session, first, started + timedelta(days=35), now)
    carry_over(session, instruments, current, [action.id for action in still_open], None)
    _comments(session, current, now)


def _first_plan(
    session: Session, campaign: Campaign, written: datetime, now: datetime
) -> list[Action]:
    """The plan written at the first restitution; returns the actions still open."""
    still_open = []
    for questionnaire, dimension, title, owner, status, done_months in FIRST_PLAN:
        done_at = now - timedelta(days=30 * done_months) if done_months else None
        action = Action(
            campaign_id=campaign.id,
            questionnaire=questionnaire,
            dimension=dimension,
            title=title,
            owner=owner,
            due_on=(written + timedelta(days=150)).date(),
            status=status,
            done_at=done_at,
            created_at=written,
            updated_at=done_at or written,
        )
        action.changes.append(ActionStatusChange(to_status="planned", changed_at=written))
        if status != "planned":
            moved = done_at or written + timedelta(days=20)
            action.changes.append(
                ActionStatusChange(from_status="planned", to_status=status, changed_at=moved)
            )
        session.add(action)
        if status in ("planned", "in_progress"):
            still_open.append(action)
    session.flush()
    return still_open


def _comments(session: Session, campaign: Campaign, now: datetime) -> None:
    """The respondents' comments; the consultant marked two « à citer »."""
    responses = session.scalars(
        select(Response.id).where(Response.campaign_id == campaign.id).order_by(Response.id)
    ).all()
    for response_id, (text, quoted) in zip(responses, COMMENTS, strict=False):
        save_comment(session, response_id, "COOP", text)
        if quoted:
            session.flush()
            session.execute(
                update(ResponseComment)
                .where(ResponseComment.response_id == response_id)
                .values(quoted_at=now)
            )
