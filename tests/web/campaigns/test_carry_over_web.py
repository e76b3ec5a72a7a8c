"""Opening a campaign with the organisation's open actions: listed, all ticked, the ticked ones
carried over; an organisation chosen after the list was shown is confirmed first (no JS)."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.db import db_session
from coopassess.models import Action, Campaign
from tests.fixtures.accounts import login, make_user
from tests.fixtures.followup import add_action
from tests.fixtures.portfolio import organisation_with_campaigns


def _referent(app: Flask, organisation_id: int) -> FlaskClient:
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation_id)
    client = app.test_client()
    login(client, "ref@example.fr")
    return client


def _form(organisation_id: int, **extra: object) -> dict[str, object]:
    return {
        "organisation_id": str(organisation_id),
        "demarche": "Réemploi, suite",
        "target": "territoire",
        "modules": ["ACH"],
        **extra,
    }


def _actions(app: Flask, campaign_id: int) -> list[Action]:
    with app.app_context():
        session = db_session()
        found = list(session.scalars(select(Action).where(Action.campaign_id == campaign_id)))
        session.expunge_all()
        return found


def test_open_actions_are_listed_ticked_and_the_ticked_ones_carried(app: Flask) -> None:
    organisation, (t0,) = organisation_with_campaigns(app, "Ville", (4,), modules=("COOP", "ACH"))
    keep = add_action(app, t0, "Ateliers <b>inter</b>-services", owner="Service achats")
    leave = add_action(
        app, t0, "Charte", status="in_progress", questionnaire="ACH", dimension="ACH.DEC"
    )
    add_action(app, t0, "Déjà faite", status="done")
    client = _referent(app, organisation)
    page = client.get("/campagnes/nouvelle").get_data(as_text=True)
    assert "Reprendre ces actions dans la nouvelle campagne" in page
    assert f'name="carry" value="{keep}" checked' in page
    assert f'name="carry" value="{leave}" checked' in page
    assert "Déjà faite" not in page
    assert "Ateliers &lt;b&gt;inter&lt;/b&gt;-services" in page  # escaped
    assert "Achats circulaires — Décloisonnement interne" in page and "en cours" in page
    assert f'name="carry_for" value="{organisation}"' in page

    answer = client.post(
        "/campagnes/nouvelle", data=_form(organisation, carry_for=str(organisation), carry=[keep])
    )
    assert answer.status_code == 302
    new = int(re.search(r"/campagnes/(\d+)", answer.headers["Location"]).group(1))
    [copy] = _actions(app, new)
    assert (copy.title, copy.carried_from_id) == ("Ateliers <b>inter</b>-services", keep)
    assert "1 action reprise" in client.get(f"/campagnes/{new}").get_data(as_text=True)
    assert len(_actions(app, t0)) == 3  # the originals stay


def test_an_organisation_chosen_after_the_list_is_confirmed_first(app: Flask) -> None:
    quiet, _ = organisation_with_campaigns(app, "Commune calme", (4,))
    busy, (t0,) = organisation_with_campaigns(app, "Ville active", (4,))
    action = add_action(app, t0, "Ateliers")
    make_user(app, "conseil@example.fr", "consultant", assigned=(quiet, busy))
    client = app.test_client()
    login(client, "conseil@example.fr")
    # The form listed the first organisation's actions (none); the other one is chosen.
    shown = client.post("/campagnes/nouvelle", data=_form(busy, carry_for=str(quiet)))
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "choisissez celles à reprendre" in html and f'value="{action}" checked' in html
    assert 'value="Réemploi, suite"' in html  # what was typed is kept
    with app.app_context():
        assert (
            db_session().scalar(select(Campaign).where(Campaign.demarche == "Réemploi, suite"))
            is None
        )
    # Confirmed with nothing ticked: the campaign opens, nothing is carried.
    done = client.post("/campagnes/nouvelle", data=_form(busy, carry_for=str(busy)))
    assert done.status_code == 302
    new = int(re.search(r"/campagnes/(\d+)", done.headers["Location"]).group(1))
    assert _actions(app, new) == []


def test_an_organisation_without_open_actions_opens_at_once(app: Flask) -> None:
    organisation, _ = organisation_with_campaigns(app, "Ville", (4,))
    client = _referent(app, organisation)
    assert "Reprendre ces actions" not in client.get("/campagnes/nouvelle").get_data(as_text=True)
    assert client.post("/campagnes/nouvelle", data=_form(organisation)).status_code == 302


def test_actions_of_an_organisation_one_may_not_see_are_never_listed(app: Flask) -> None:
    mine, _ = organisation_with_campaigns(app, "Ville", (4,))
    other, (t0,) = organisation_with_campaigns(app, "Voisine", (4,))
    add_action(app, t0, "Secret de la voisine")
    client = _referent(app, mine)
    answer = client.post(
        "/campagnes/nouvelle", data=_form(other, carry_for=str(other), organisation=str(other))
    )
    assert answer.status_code == 400
    assert "Secret de la voisine" not in answer.get_data(as_text=True)


def test_the_command_line_lists_then_carries(app: Flask) -> None:
    organisation, (t0,) = organisation_with_campaigns(app, "Ville", (4,))
    first = add_action(app, t0, "Ateliers")
    add_action(app, t0, "Charte")
    runner = app.test_cli_runner()
    base = ["campaign", "create", "--organisation", str(organisation), "--demarche", "Suite"]
    listed = runner.invoke(args=base)
    assert listed.exit_code == 0, listed.output
    assert "2 action(s) ouverte(s) peuvent être reprises" in listed.output
    assert f"{first}\tAteliers" in listed.output
    wrong = runner.invoke(args=[*base, "--carry-actions", "999"])
    assert wrong.exit_code == 2 and "999" in wrong.output
    carried = runner.invoke(args=[*base, "--carry-actions", str(first)])
    assert carried.exit_code == 0 and "1 action(s) reprise(s) : Ateliers" in carried.output
    everything = runner.invoke(args=[*base, "--carry-actions", "toutes"])
    # Charte from T0, Ateliers from its copy in the previous new campaign: each once.
    assert "2 action(s) reprise(s) : Charte, Ateliers" in everything.output
