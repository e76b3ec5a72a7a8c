"""The whole journey, as the people do it: a referent opens a campaign and invites; respondents
answer over several sittings, resume and submit; results appear once the third one submits."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from coopassess.db import db_session
from coopassess.models import Organisation
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import PROFILE

ENTREPRISE_PROFILE = {**PROFILE, "p_P-STRUCT": "Entreprise – PME (10–249)"}


def _answer_pages(client: FlaskClient, location: str, pages: int | None, value: str) -> str:
    """Answer ``pages`` pages (all when None) from ``location``; where the browser is now."""
    while "/p/" in location and pages != 0:
        html = client.get(location).get_data(as_text=True)
        names = set(re.findall(r'name="(q_[^"]+)"', html))
        answer = client.post(location, data={**dict.fromkeys(names, value), "action": "next"})
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
        location = answer.location
        pages = None if pages is None else pages - 1
    return location


@pytest.mark.parametrize(
    ("kind", "modules", "profile", "variant_text"),
    [
        (
            "territoire",
            ["TER", "VAL"],
            PROFILE,
            "Nous avons peu d'occasions d'échanger avec les entreprises",
        ),
        (
            "entreprise",
            ["ACH", "VAL"],
            ENTREPRISE_PROFILE,
            "Dans notre entreprise, le service achats",
        ),
    ],
)
def test_invite_answer_resume_submit_results(
    app: Flask, kind: str, modules: list[str], profile: dict[str, str], variant_text: str
) -> None:
    with app.app_context():
        session = db_session()
        organisation = Organisation(name="Organisation « test »", kind=kind)
        session.add(organisation)
        session.commit()
        organisation_id = organisation.id
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation_id)
    referent = app.test_client()
    login(referent, "ref@example.fr")
    created = referent.post(
        "/campagnes/nouvelle",
        data={
            "organisation_id": str(organisation_id),
            "demarche": "Démarche <b>circulaire</b>",
            "target": kind,
            "modules": modules,
            "results_shared": "1",
        },
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:500]
    campaign_path = created.location.split("#")[0]
    campaign_id = int(campaign_path.rsplit("/", 1)[1])
    made = referent.post(
        f"/campagnes/{campaign_id}/invitations",
        data={"kind": "anonymous", "count": "3", "cle": "journey-key-0123456789"},
        follow_redirects=True,
    )
    links = re.findall(
        r"<code>http://127\.0\.0\.1:5000(/i/[^<]+)</code>", made.get_data(as_text=True)
    )
    assert len(links) == 3

    for number, link in enumerate(links, start=1):
        browser = app.test_client()
        welcome = browser.get(link)
        slug = welcome.location.rsplit("/", 1)[1]
        assert link not in welcome.location
        page = browser.get(f"/r/{slug}").get_data(as_text=True)
        assert "Démarche &lt;b&gt;circulaire&lt;/b&gt;" in page
        assert browser.post(f"/r/{slug}/commencer").location == f"/r/{slug}/reprendre"
        first = browser.get(f"/r/{slug}/reprendre").location
        assert first.endswith("/p/profile")
        browser.post(first, data={**profile, "action": "next"})
        # First sitting: two pages, then the browser is closed (the cookie stays).
        where = _answer_pages(browser, f"/r/{slug}/p/COOP.VIT", 2, str(2 + number))
        cookie = browser.get_cookie("coopassess_session")
        later = app.test_client()
        later.set_cookie("coopassess_session", cookie.value)
        resumed = later.get(f"/r/{slug}/reprendre").location
        assert resumed == where
        if "ACH" in modules:
            ach = later.get(f"/r/{slug}/p/ACH.DEC").get_data(as_text=True)
            assert variant_text in ach
        if "TER" in modules:
            ter = later.get(f"/r/{slug}/p/TER.COM").get_data(as_text=True)
            assert variant_text in ter.replace("&#39;", "'")
        review = _answer_pages(later, resumed, None, str(2 + number))
        assert review.endswith("/recapitulatif")
        assert later.post(f"/r/{slug}/envoyer").location.endswith("/resultats")
        shared = later.get(f"/r/{slug}/resultats-collectifs").get_data(as_text=True)
        referent_page = referent.get(campaign_path).get_data(as_text=True)
        if number < 3:
            assert "dès que 3 personnes" in shared
            assert "Indice de maturité coopérative" not in referent_page
        else:
            assert "Indice de maturité coopérative" in shared
            assert "Indice de maturité coopérative" in referent_page
            assert f"{number} envoyées" in referent_page
