"""Referents and consultants: their campaigns, participation, aggregated results, PDF, closing."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import AuditEvent, Campaign, Invitation
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import answer_and_submit, make_campaign, start


def _org(app: Flask, campaign_id: int) -> int:
    with app.app_context():
        return db_session().get(Campaign, campaign_id).organisation_id


def _answers(app: Flask, slug: str, count: int) -> None:
    for _ in range(count):
        client = app.test_client()
        start(app, client, slug)
        answer_and_submit(client, slug)


def test_referent_sees_participation_then_results_and_pdf(app: Flask) -> None:
    campaign_id = make_campaign(app, "rives")
    make_user(app, "ref@example.fr", "referent", organisation_id=_org(app, campaign_id))
    _answers(app, "rives", 2)
    referent = app.test_client()
    assert login(referent, "ref@example.fr").location == "/campagnes"
    listing = referent.get("/campagnes").get_data(as_text=True)
    assert "Réemploi BTP" in listing and "Agglo des Rives" in listing
    page = referent.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "2 envoyées" in page and "à partir de 3 réponses" in page
    assert "Indice de maturité" not in page
    assert referent.get(f"/campagnes/{campaign_id}/rapport.pdf").status_code == 404
    _answers(app, "rives", 1)
    page = referent.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "Indice de maturité coopérative" in page and "Accord" in page
    assert referent.get(f"/campagnes/{campaign_id}/radar-COOP.svg").mimetype == "image/svg+xml"
    pdf = referent.get(f"/campagnes/{campaign_id}/rapport.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_close_and_reopen_from_the_page(app: Flask) -> None:
    campaign_id = make_campaign(app, "rives")
    make_user(app, "ref@example.fr", "referent", organisation_id=_org(app, campaign_id))
    referent = app.test_client()
    login(referent, "ref@example.fr")
    assert referent.post(f"/campagnes/{campaign_id}/cloture").status_code == 302
    with app.app_context():
        assert db_session().get(Campaign, campaign_id).status == "closed"
    assert "Rouvrir la campagne" in referent.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    referent.post(f"/campagnes/{campaign_id}/reouverture")
    with app.app_context():
        assert db_session().get(Campaign, campaign_id).status == "open"


def test_nobody_reaches_another_organisation(app: Flask) -> None:
    mine = make_campaign(app, "rives", organisation="Organisation A")
    theirs = make_campaign(app, "autre", organisation="Organisation B")
    make_user(app, "ref@example.fr", "referent", organisation_id=_org(app, mine))
    make_user(app, "conseil@example.fr", "consultant", assigned=(_org(app, mine),))
    make_user(app, "seul@example.fr", "consultant")
    make_user(app, "admin@example.fr", "admin")
    for email, allowed in (
        ("ref@example.fr", False),
        ("conseil@example.fr", False),
        ("seul@example.fr", False),
        ("admin@example.fr", True),
    ):
        client = app.test_client()
        login(client, email)
        listing = client.get("/campagnes").get_data(as_text=True)
        assert ("Organisation B" in listing) is allowed, email
        for path in (
            f"/campagnes/{theirs}",
            f"/campagnes/{theirs}/radar-COOP.svg",
            f"/campagnes/{theirs}/rapport.pdf",
        ):
            status = client.get(path).status_code
            assert (status == 403) is not allowed or status in (200, 404), (email, path, status)
        closing = client.post(f"/campagnes/{theirs}/cloture").status_code
        assert closing == (302 if allowed else 403), email
    with app.app_context():
        session = db_session()
        assert session.get(Campaign, theirs).status == "closed"  # only the admin closed it
        denied = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action == "permission.denied")
        ).all()
    assert len(denied) >= 3 * 4
    anonymous = app.test_client().get(f"/campagnes/{mine}")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.location


def test_referent_creates_links_from_the_page(app: Flask) -> None:
    campaign_id = make_campaign(app, "rives")
    make_user(app, "ref@example.fr", "referent", organisation_id=_org(app, campaign_id))
    referent = app.test_client()
    login(referent, "ref@example.fr")
    page = referent.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "Inviter des répondants" in page
    key = re.search(r'name="cle" value="([^"]+)"', page).group(1)
    form = {"kind": "anonymous", "count": "3", "cle": key}
    made = referent.post(f"/campagnes/{campaign_id}/invitations", data=form)
    assert made.status_code == 302  # post/redirect/get
    shown = referent.get(made.location)
    links = re.findall(
        r"<code>http://127\.0\.0\.1:5000(/i/[^<]+)</code>", shown.get_data(as_text=True)
    )
    assert shown.status_code == 200 and len(set(links)) == 3
    assert shown.headers["Cache-Control"] == "no-store"
    # Reloading the result page, or posting the same form again, creates no other link.
    assert referent.get(made.location).get_data(as_text=True).count("<code>") == 3
    assert referent.post(f"/campagnes/{campaign_id}/invitations", data=form).location == (
        made.location
    )
    respondent = app.test_client()
    assert respondent.get(links[0]).location == "/r/rives"
    bad = referent.post(
        f"/campagnes/{campaign_id}/invitations",
        data={"kind": "emails", "emails": "ok@example.fr\npas-une-adresse", "cle": "b" * 20},
    )
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "Rien n&#39;a été créé" in html or "Rien n'a été créé" in html
    assert "pas-une-adresse" in html and "ok@example.fr" in html  # the typed list is kept
    good = referent.post(
        f"/campagnes/{campaign_id}/invitations",
        data={"kind": "emails", "emails": "ok@example.fr\nAutre@Example.fr", "cle": "c" * 20},
        follow_redirects=True,
    )
    assert "autre@example.fr" in good.get_data(as_text=True)
    opened = referent.post(
        f"/campagnes/{campaign_id}/invitations",
        data={"kind": "open", "cle": "d" * 20},
        follow_redirects=True,
    )
    assert "lien ouvert" in opened.get_data(as_text=True)
    with app.app_context():
        assert db_session().scalar(select(func.count(Invitation.id))) == 3 + 2 + 1


def test_links_are_not_created_for_another_organisation(app: Flask) -> None:
    theirs = make_campaign(app, "autre", organisation="Organisation B")
    mine = make_campaign(app, "rives", organisation="Organisation A")
    make_user(app, "ref@example.fr", "referent", organisation_id=_org(app, mine))
    client = app.test_client()
    login(client, "ref@example.fr")
    answer = client.post(f"/campagnes/{theirs}/invitations", data={"kind": "open"})
    assert answer.status_code == 403
    with app.app_context():
        assert db_session().scalar(select(func.count(Invitation.id))) == 0


def test_new_campaign_form_keeps_what_was_typed(app: Flask) -> None:
    campaign_id = make_campaign(app, "rives")
    make_user(app, "ref@example.fr", "referent", organisation_id=_org(app, campaign_id))
    referent = app.test_client()
    login(referent, "ref@example.fr")
    form = referent.get("/campagnes/nouvelle").get_data(as_text=True)
    assert 'value="VAL" checked' in form and "Agglo des Rives" in form
    refused = referent.post(
        "/campagnes/nouvelle",
        data={
            "organisation_id": str(_org(app, campaign_id)),
            "demarche": "x",
            "target": "territoire",
            "modules": ["ACH"],
            "closes_on": "demain",
        },
    )
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "AAAA-MM-JJ" in html and 'value="ACH" checked' in html and 'value="demain"' in html
    with app.app_context():
        assert db_session().scalar(select(func.count(Campaign.id))) == 1


def test_campaign_and_organisation_commands(app: Flask) -> None:
    runner = app.test_cli_runner()
    made = runner.invoke(
        args=["organisation", "create", "--name", "Ville de Test", "--kind", "territoire"]
    )
    assert made.exit_code == 0, made.output
    organisation_id = re.search(r"Organisation (\d+)", made.output).group(1)
    opened = runner.invoke(
        args=[
            "campaign",
            "create",
            "--organisation",
            organisation_id,
            "--demarche",
            "Pacte circulaire",
            "--modules",
            "TER,VAL",
        ]
    )
    assert opened.exit_code == 0, opened.output
    assert "COOP, TER, VAL" in opened.output
    refused = runner.invoke(
        args=[
            "campaign",
            "create",
            "--organisation",
            organisation_id,
            "--demarche",
            "Pacte",
            "--modules",
            "XYZ",
        ]
    )
    assert refused.exit_code == 2 and "Modules inconnus" in refused.output
