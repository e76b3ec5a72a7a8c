"""The restitution mode (``/campagnes/<id>/restitution``): the results page's access rule, one
slide per section from the campaign's one Results, nothing to fetch once loaded, and only the
participation below the minimum of respondents."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask import Flask
from sqlalchemy import select

from coopassess.actions import service as plan
from coopassess.campaigns import results as campaign_results
from coopassess.campaigns.comments import save_comment
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Campaign, Response
from tests.fixtures.accounts import login, make_user
from tests.fixtures.comments import campaign_with_comments
from tests.fixtures.portfolio import organisation_with_campaigns

pytestmark = pytest.mark.db

ALL_MODULES = ("COOP", "ACH", "TER", "VAL")


def _campaign(
    app: Flask,
    respondents: int,
    modules: tuple[str, ...] = ALL_MODULES,
    name: str = "Agglo des Rives",
) -> int:
    _, (campaign_id,) = organisation_with_campaigns(app, name, (respondents,), modules=modules)
    return campaign_id


def _referent(app: Flask, campaign_id: int, email: str = "ref@example.fr") -> object:
    with app.app_context():
        organisation_id = db_session().get(Campaign, campaign_id).organisation_id
    make_user(app, email, "referent", organisation_id=organisation_id)
    client = app.test_client()
    login(client, email)
    return client


def _slides(html: str) -> list[tuple[str, str]]:
    """(kind, heading) of each slide, in order."""
    return re.findall(
        r'<section class="slide slide-(\w+)".*?<h2 id="diapo-\d+-titre">(.*?)</h2>', html, re.S
    )


def test_all_modules_one_slide_per_section(app: Flask) -> None:
    campaign_id = _campaign(app, 30)
    client = _referent(app, campaign_id)
    page = client.get(f"/campagnes/{campaign_id}/restitution")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert [kind for kind, _ in _slides(html)] == [
        "cover",
        "participation",
        "index",
        "chart",
        "agreement",
        "priorities",
        "risks",
        "chart",
        "chart",
        "values",
        "plan",
    ]
    titles = [title for _, title in _slides(html)]
    assert titles[-4:-1] == ["Achats circulaires", "Dynamique territoriale", "Valeurs produites"]
    # The plan is still empty: its slide offers the results' first suggestions to discuss.
    assert "Aucune action n'est encore inscrite au plan" in html and "Pistes à discuter" in html
    assert '<html lang="fr">' in html
    assert "Indice de maturité coopérative (IMC), sur 100" in html
    assert "Les trois priorités" in titles
    # Levels with their names, scores with a decimal comma, never a bare code.
    assert re.search(r'class="level level-N\d">N\d · [A-ZÉ]', html)
    assert re.search(r"\b\d{1,3},\d\b", html)
    assert "Consensus" in html and "Avis nuancés" in html  # the agreement legend
    # Four charts, each an SVG inside the page, described in words.
    charts = re.findall(
        r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"', html
    )
    assert len(charts) == 4 and all(" : " in alt for alt in charts)
    # Nothing external: every other resource is this server's static file.
    resources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(url.startswith(("/", "data:", "#")) for url in resources), resources
    assert "http" not in "".join(url for url in resources if not url.startswith("data:"))
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        static = client.get(asset)
        static.close()
        assert static.status_code == 200
    assert "no-store" in page.headers["Cache-Control"]  # results are never kept


def test_only_coop_skips_the_modules(app: Flask) -> None:
    campaign_id = _campaign(app, 5, modules=("COOP",), name="Agglo <b>des</b> Rives")
    html = (
        _referent(app, campaign_id)
        .get(f"/campagnes/{campaign_id}/restitution")
        .get_data(as_text=True)
    )
    kinds = [kind for kind, _ in _slides(html)]
    assert kinds == [
        "cover",
        "participation",
        "index",
        "chart",
        "agreement",
        "priorities",
        "risks",
        "plan",
    ]
    assert "Achats circulaires" not in html and "Valeurs produites" not in html
    assert len(re.findall(r'<img src="data:image/svg', html)) == 1
    assert "Agglo &lt;b&gt;des&lt;/b&gt; Rives" in html and "<b>des" not in html  # escaped


def test_below_the_minimum_only_participation(app: Flask) -> None:
    campaign_id = _campaign(app, 2)
    client = _referent(app, campaign_id)
    html = client.get(f"/campagnes/{campaign_id}/restitution").get_data(as_text=True)
    assert [kind for kind, _ in _slides(html)] == ["cover", "participation"]
    assert "à partir de 3 réponses envoyées" in html
    assert "pour qu'on ne puisse pas y lire les réponses d'une personne" in html
    assert "<img" not in html and "Indice de maturité" not in html
    assert "Par type de structure" not in html  # who answered is not shown either
    # The campaign page says the same, and links to the restitution.
    campaign = client.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "à partir de 3 réponses" in campaign
    assert f'href="/campagnes/{campaign_id}/restitution"' in campaign


def test_one_scoring_for_the_page_and_its_charts(app: Flask, monkeypatch) -> None:
    """The restitution reads the campaign's cached Results: scored once, not per slide."""
    campaign_id = _campaign(app, 4)
    client = _referent(app, campaign_id)
    campaign_results._cache.clear()
    calls = []
    real = campaign_results.score_campaign

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(campaign_results, "score_campaign", counted)
    assert client.get(f"/campagnes/{campaign_id}/restitution").status_code == 200
    assert client.get(f"/campagnes/{campaign_id}").status_code == 200
    assert len(calls) == 1


def test_access_rule_of_the_results_page(app: Flask) -> None:
    mine = _campaign(app, 3)
    _, (theirs,) = organisation_with_campaigns(app, "Autre Agglo", (3,))
    client = _referent(app, mine)
    assert client.get(f"/campagnes/{mine}/restitution").status_code == 200
    assert client.get(f"/campagnes/{theirs}/restitution").status_code == 403
    assert client.get("/campagnes/999999/restitution").status_code == 404
    anonymous = app.test_client().get(f"/campagnes/{mine}/restitution")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.location
    make_user(app, "conseil@example.fr", "consultant", assigned=())
    consultant = app.test_client()
    login(consultant, "conseil@example.fr")
    assert consultant.get(f"/campagnes/{mine}/restitution").status_code == 403


def test_quoted_comments_and_the_plan_have_their_slides(app: Flask) -> None:
    """Comments « à citer » (only those, unsigned, escaped) and the plan's actions, a long plan
    over several slides, after the figures."""
    _, campaign_id = campaign_with_comments(
        app, {"a": "<script>alert(1)</script> bon exemple", "b": "Enfin !"}, respondents=4
    )
    with app.app_context():
        session = db_session()
        save_comment(session, _last_response(session, campaign_id), "COOP", "Pas à citer")
        campaign = session.get(Campaign, campaign_id)
        instrument = default_registry().get(campaign.instrument_version)
        for n in range(7):
            draft = plan.ActionDraft(title=f"<b>Action {n + 1}</b>", owner="Service déchets")
            plan.create(session, campaign, draft, instrument, None)
        session.commit()
    html = (
        _referent(app, campaign_id)
        .get(f"/campagnes/{campaign_id}/restitution")
        .get_data(as_text=True)
    )
    slides = _slides(html)
    assert [kind for kind, _ in slides][-3:] == ["quotes", "plan", "plan"]
    assert [unescape(title) for _, title in slides][-3:] == [
        "Ce que disent les répondants",
        "Plan d'action (1/2)",
        "Plan d'action (2/2)",
    ]
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; bon exemple" in html and "<script>alert" not in html
    )
    assert "Enfin !" in html and "Pas à citer" not in html
    assert '<p class="quote-source">Coopération' in html  # the questionnaire it was said in
    assert "&lt;b&gt;Action 7&lt;/b&gt;" in html and "<b>Action" not in html
    assert "Pistes à discuter" not in html


def test_no_quote_slide_below_the_minimum(app: Flask) -> None:
    _, campaign_id = campaign_with_comments(app, {"a": "Un exemple"}, respondents=2)
    html = (
        _referent(app, campaign_id)
        .get(f"/campagnes/{campaign_id}/restitution")
        .get_data(as_text=True)
    )
    assert [kind for kind, _ in _slides(html)] == ["cover", "participation"]
    assert "Un exemple" not in html


def _last_response(session, campaign_id: int) -> int:
    return session.scalars(
        select(Response.id).where(Response.campaign_id == campaign_id).order_by(Response.id.desc())
    ).first()
