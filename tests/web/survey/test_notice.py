"""The information notice before answering: its summary on the welcome page before the first
question, the full notice readable without starting, linked from every survey page; the
version shown is recorded with the response; a changed organisation text is a new version
while older responses keep theirs; the organisation's own text is escaped."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from sqlalchemy import func, select

from coopassess.db import db_session
from coopassess.models import Campaign, PrivacyNotice, Response
from tests.fixtures.campaigns import invite, make_campaign, start


def _read(html: str) -> str:
    return unescape(html).replace("\u00a0", " ").replace("\u202f", " ")


def _organisation(app: Flask, slug: str, **values: object) -> None:
    with app.app_context():
        session = db_session()
        campaign = session.scalar(select(Campaign).where(Campaign.slug == slug))
        for name, value in values.items():
            setattr(campaign.organisation, name, value)
        session.commit()


def _responses(app: Flask) -> list[tuple[int, int | None]]:
    with app.app_context():
        rows = db_session().execute(select(Response.id, Response.notice_id).order_by(Response.id))
        return [(row.id, row.notice_id) for row in rows]


def _notices(app: Flask) -> dict[int, tuple[int, str]]:
    with app.app_context():
        rows = db_session().scalars(select(PrivacyNotice))
        return {row.id: (row.version, row.text) for row in rows}


def test_the_welcome_page_shows_the_notice_before_the_first_question(app: Flask) -> None:
    make_campaign(app, "notice-accueil")
    client = app.test_client()
    client.get(invite(app, "notice-accueil"))
    html = client.get("/r/notice-accueil").get_data(as_text=True)
    text = _read(html)
    summary = text.index("Vos données : qui voit quoi")
    assert summary < text.index("Commencer le questionnaire")
    assert "Agglo des Rives ne voit que des résultats agrégés, à partir de 3 répondants" in text
    assert "sous un pseudonyme, avec votre profil" in text
    assert "Adresses effacées 3 mois après la clôture" in text
    assert 'href="/r/notice-accueil/confidentialite"' in html
    shown = re.search(r'name="notice" value="([0-9a-f]{64})"', html)
    assert shown is not None


def test_the_full_notice_is_readable_without_starting(app: Flask) -> None:
    make_campaign(app, "notice-libre", anonymous=True)
    response = app.test_client().get("/r/notice-libre/confidentialite")
    assert response.status_code == 200
    text = _read(response.get_data(as_text=True))
    for heading in ("Qui est responsable ?", "Ce qui est recueilli", "Qui voit quoi ?"):
        assert heading in text
    assert "Cette campagne est anonyme : aucune adresse e-mail n'y est enregistrée" in text
    assert app.test_client().get("/r/inconnue/confidentialite").status_code == 404
    assert _responses(app) == []


def test_every_survey_page_links_the_notice(app: Flask) -> None:
    make_campaign(app, "notice-pages")
    client = app.test_client()
    start(app, client, "notice-pages")
    for path in ("/lien-personnel", "/p/profile", "/p/COOP.VIT", "/recapitulatif"):
        html = client.get(f"/r/notice-pages{path}").get_data(as_text=True)
        assert 'href="/r/notice-pages/confidentialite">Vos données dans ce questionnaire' in html


def test_the_version_shown_is_recorded_and_a_new_text_is_a_new_version(app: Flask) -> None:
    make_campaign(app, "notice-versions")
    first = app.test_client()
    start(app, first, "notice-versions")
    [(first_id, first_notice)] = _responses(app)
    assert first_notice is not None
    second = app.test_client()
    start(app, second, "notice-versions")
    assert _responses(app)[1][1] == first_notice  # same text: the same version, stored once
    _organisation(app, "notice-versions", notice_text="Base légale : mission d'intérêt public.")
    third = app.test_client()
    start(app, third, "notice-versions")
    responses = _responses(app)
    assert responses[0] == (first_id, first_notice)
    assert responses[2][1] not in (None, first_notice)
    notices = _notices(app)
    assert notices[first_notice][0] == 1 and notices[responses[2][1]][0] == 2
    assert "Base légale" not in notices[first_notice][1]
    assert notices[responses[2][1]][1].endswith("Base légale : mission d'intérêt public.")
    welcome = third.get("/r/notice-versions").get_data(as_text=True)
    assert "Base légale" not in welcome  # the summary; the full text is on the notice page
    # Resuming records nothing new: the response keeps the version it was started on.
    _organisation(app, "notice-versions", controller_name="Autre nom")
    assert first.get("/r/notice-versions/reprendre").status_code == 302
    assert _responses(app)[0] == (first_id, first_notice)


def test_a_notice_changed_since_the_page_was_shown_is_shown_again(app: Flask) -> None:
    make_campaign(app, "notice-changee")
    client = app.test_client()
    client.get(invite(app, "notice-changee"))
    html = client.get("/r/notice-changee").get_data(as_text=True)
    shown = re.search(r'name="notice" value="([0-9a-f]{64})"', html)
    assert shown is not None
    _organisation(app, "notice-changee", dpo_email="dpo@rives.fr")
    begun = client.post("/r/notice-changee/commencer", data={"notice": shown.group(1)})
    assert begun.status_code == 302 and begun.location.endswith("/r/notice-changee")
    assert _responses(app) == []
    again = _read(client.get("/r/notice-changee").get_data(as_text=True))
    assert "La notice d'information a changé" in again
    fresh = re.search(
        r'name="notice" value="([0-9a-f]{64})"',
        client.get("/r/notice-changee").get_data(as_text=True),
    )
    assert fresh is not None and fresh.group(1) != shown.group(1)
    assert (
        client.post("/r/notice-changee/commencer", data={"notice": fresh.group(1)}).status_code
        == 302
    )
    with app.app_context():
        assert db_session().scalar(select(func.count(Response.id))) == 1


def test_the_organisation_s_text_is_escaped(app: Flask) -> None:
    make_campaign(app, "notice-echappee")
    _organisation(
        app,
        "notice-echappee",
        notice_text='<script>alert("x")</script>\n\nSecond <b>paragraphe</b>',
        dpo_email="dpo@rives.fr",
        dpo_name="<i>DPO</i>",
    )
    html = app.test_client().get("/r/notice-echappee/confidentialite").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>paragraphe" not in html and "<i>DPO" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "Second &lt;b&gt;paragraphe&lt;/b&gt;" in html
    assert "&lt;i&gt;DPO&lt;/i&gt;" in html
