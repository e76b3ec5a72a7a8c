"""Open actions carried over into a new campaign: which are offered, a chosen subset copied,
a chain carried once from its latest copy, a questionnaire no longer asked."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.followup.carry import carriable, carry_over
from coopassess.models import Action, Campaign
from coopassess.registry import registry
from tests.fixtures.accounts import make_user
from tests.fixtures.followup import add_action
from tests.fixtures.portfolio import organisation_with_campaigns


def _new_campaign(app: Flask, organisation_id: int, modules: list[str]) -> int:
    with app.app_context():
        session = db_session()
        first = session.scalars(
            select(Campaign).where(Campaign.organisation_id == organisation_id)
        ).first()
        campaign = Campaign(
            organisation_id=organisation_id,
            demarche="Suite",
            target="territoire",
            modules=modules,
            instrument_version=first.instrument_version,
            status="open",
            slug=f"suite-{organisation_id}-{len(modules)}",
        )
        session.add(campaign)
        session.commit()
        return campaign.id


def _offered(app: Flask, organisation_id: int) -> list[str]:
    with app.app_context():
        return [a.title for a in carriable(db_session(), registry(), organisation_id)]


def test_open_actions_are_offered_and_a_chosen_subset_is_copied(app: Flask) -> None:
    organisation, (t0,) = organisation_with_campaigns(app, "Ville", (4,), modules=("COOP", "ACH"))
    other, (elsewhere,) = organisation_with_campaigns(app, "Autre", (4,))
    planned = add_action(
        app,
        t0,
        "Ateliers inter-services",
        questionnaire="ACH",
        dimension="ACH.DEC",
        owner="Service achats",
        due_on=date(2025, 6, 30),
    )
    running = add_action(app, t0, "Charte", status="in_progress")
    add_action(app, t0, "Faite", status="done", done_at=datetime(2025, 3, 1, tzinfo=UTC))
    add_action(app, t0, "Abandonnée", status="dropped")
    add_action(app, elsewhere, "D'une autre organisation")
    assert _offered(app, organisation) == ["Ateliers inter-services", "Charte"]
    assert _offered(app, other) == ["D'une autre organisation"]

    new = _new_campaign(app, organisation, ["COOP", "ACH"])
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, new)
        # An id of another organisation is ignored, never copied.
        other_id = session.scalar(select(Action.id).where(Action.campaign_id == elsewhere))
        copies = carry_over(session, registry(), campaign, {planned, other_id}, None)
        session.commit()
        assert [c.title for c in copies] == ["Ateliers inter-services"]
        copy = copies[0]
        assert (copy.campaign_id, copy.carried_from_id, copy.status) == (new, planned, "planned")
        assert (copy.questionnaire, copy.dimension) == ("ACH", "ACH.DEC")
        assert (copy.owner, copy.due_on) == ("Service achats", date(2025, 6, 30))
        [entry] = copy.changes
        assert entry.from_status is None and entry.to_status == "planned"
        assert entry.note.startswith("Reprise de la campagne «\u00a0Démarche 0\u00a0» (03/2024)")
        original = session.get(Action, planned)
        assert (original.campaign_id, original.status, original.changes) == (t0, "planned", [])
        assert session.get(Action, running).status == "in_progress"
    # The carried action is offered again only as its copy; the other one still from T0.
    with app.app_context():
        offered = carriable(db_session(), registry(), organisation)
        assert [(a.title, a.id == planned) for a in offered] == [
            ("Charte", False),
            ("Ateliers inter-services", False),
        ]


def test_a_chain_is_carried_once_from_its_latest_copy(app: Flask) -> None:
    organisation, (t0, t1) = organisation_with_campaigns(app, "Ville", (4, 4))
    first = add_action(app, t0, "Ateliers", questionnaire="COOP", dimension="COOP.VIT")
    second = add_action(
        app, t1, "Ateliers", questionnaire="COOP", dimension="COOP.VIT", carried_from_id=first
    )
    with app.app_context():
        offered = carriable(db_session(), registry(), organisation)
        assert [a.id for a in offered] == [second]
        assert offered[0].status_label == "à lancer"
        assert offered[0].dimension.endswith("Énergie et épanouissement")
    new = _new_campaign(app, organisation, ["COOP"])
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, new)
        # Asking for the superseded original gives nothing: only the latest copy is carried.
        assert carry_over(session, registry(), campaign, {first}, None) == []
        [copy] = carry_over(session, registry(), campaign, {second}, None)
        session.commit()
        assert copy.carried_from_id == second
        assert carriable(session, registry(), organisation)[0].id == copy.id


def test_a_questionnaire_no_longer_asked_attaches_the_copy_to_the_demarche(app: Flask) -> None:
    organisation, (t0,) = organisation_with_campaigns(app, "Ville", (4,), modules=("COOP", "ACH"))
    action = add_action(app, t0, "Sourcing", questionnaire="ACH", dimension="ACH.DIA")
    new = _new_campaign(app, organisation, ["COOP"])
    user = make_user(app, "ref@example.fr", "referent", organisation_id=organisation)
    with app.app_context():
        session = db_session()
        [copy] = carry_over(session, registry(), session.get(Campaign, new), [action], user)
        assert (copy.questionnaire, copy.dimension) == (None, None)
        assert "Rattachée à la démarche" in copy.notes
        assert "Achats circulaires — Dialogue avec les acteurs du territoire" in copy.notes
        assert copy.created_by_id == user and copy.changes[0].changed_by_id == user


def test_archived_campaigns_offer_nothing(app: Flask) -> None:
    organisation, (t0,) = organisation_with_campaigns(app, "Ville", (4,))
    add_action(app, t0, "Ateliers")
    with app.app_context():
        session = db_session()
        session.get(Campaign, t0).archived_at = datetime(2025, 1, 1, tzinfo=UTC)
        session.commit()
    assert _offered(app, organisation) == []
