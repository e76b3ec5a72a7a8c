"""A survey page reuses what it rendered before (question markup, wordings, the CSRF token);
whatever changes what the page says must still show at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from coopassess import create_app, security
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Campaign, Organisation
from coopassess.registry import registry
from tests.fixtures.campaigns import start
from tests.fixtures.instrument import copy_shipped, edit

SLUG = "rendu"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _campaign(app: Flask, slug: str = SLUG, demarche: str = "Réemploi BTP") -> None:
    with app.app_context():
        session = db_session()
        session.add(
            Campaign(
                organisation=Organisation(name=f"Org {slug}", kind="territoire"),
                demarche=demarche,
                target="territoire",
                modules=["COOP", "ACH"],
                instrument_version=default_registry().current().version,
                status="open",
                slug=slug,
            )
        )
        session.commit()


def _page(client: FlaskClient, page: str, slug: str = SLUG) -> str:
    response = client.get(f"/r/{slug}/p/{page}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _checked(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]+)"\s+checked', html)


def test_a_changed_answer_shows_at_once(app: Flask, client: FlaskClient) -> None:
    _campaign(app)
    start(app, client, SLUG)
    assert _checked(_page(client, "COOP.VIT"), "q_COOP-VIT-01") == []
    for value in ("2", "NSP", "4"):
        client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": value})
        html = _page(client, "COOP.VIT")
        assert _checked(html, "q_COOP-VIT-01") == [value]
        assert _checked(html, "q_COOP-VIT-02") == []


def test_the_wording_follows_the_respondent_structure(app: Flask, client: FlaskClient) -> None:
    _campaign(app)
    start(app, client, SLUG)
    for structure, shown, hidden in (
        ("Commune", "Dans notre collectivité", "Dans notre entreprise"),
        ("Entreprise – PME (10–249)", "Dans notre entreprise", "Dans notre collectivité"),
        ("Région", "Dans notre collectivité", "Dans notre entreprise"),
    ):
        client.post(f"/r/{SLUG}/p/profile", data={"p_P-STRUCT": structure})
        html = _page(client, "ACH.DEC")
        assert shown in html and hidden not in html


def test_each_campaign_shows_its_own_demarche(app: Flask) -> None:
    pages = {}
    for slug, demarche in (("rendu-a", "Réemploi <BTP>"), ("rendu-b", "Écologie industrielle")):
        _campaign(app, slug, demarche)
        client = app.test_client()
        start(app, client, slug)
        pages[slug] = _page(client, "COOP.VIT", slug)
    assert "« Réemploi &lt;BTP&gt; »" in pages["rendu-a"]
    assert "Écologie industrielle" not in pages["rendu-a"]
    assert "« Écologie industrielle »" in pages["rendu-b"]
    assert "BTP" not in pages["rendu-b"]


def test_an_error_is_shown_once_and_not_kept(app: Flask, client: FlaskClient) -> None:
    _campaign(app)
    start(app, client, SLUG)
    refused = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"q_COOP-VIT-01": "9"})
    assert refused.status_code == 400
    assert 'id="q_COOP-VIT-01-erreur"' in refused.get_data(as_text=True)
    html = _page(client, "COOP.VIT")
    assert "erreur" not in html and "has-error" not in html


@pytest.fixture
def reworded_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The same instrument version as the shipped one, with one answer label changed."""
    root = copy_shipped(tmp_path / "questionnaires")
    edit(root / "instrument.yaml", "{fr: Tout à fait d'accord,", "{fr: Entièrement en accord,")
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            "QUESTIONNAIRES_DIR": str(root),
        }
    )
    yield app
    app.extensions["coopassess.db"].engine.dispose()


def test_the_memo_keys_hold_the_instrument_content(
    app: Flask, client: FlaskClient, reworded_app: Flask
) -> None:
    """Same version, other content: the page must not show markup rendered for the other."""
    with app.app_context():
        shipped = registry().current()
    with reworded_app.app_context():
        reworded = registry().current()
    assert shipped.version == reworded.version
    assert shipped.content_hash != reworded.content_hash
    _campaign(app)
    start(app, client, SLUG)
    assert "Tout à fait d&#39;accord" in _page(client, "COOP.VIT")
    other = reworded_app.test_client()
    start(reworded_app, other, SLUG)
    html = _page(other, "COOP.VIT")
    assert "Entièrement en accord" in html and "Tout à fait" not in html


@pytest.fixture
def csrf_app(db_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": True,
        }
    )
    _campaign(app)
    yield app
    app.extensions["coopassess.db"].engine.dispose()


def test_a_page_shown_again_reuses_its_csrf_token(
    csrf_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed = []
    generate = security.generate_csrf
    monkeypatch.setattr(security, "generate_csrf", lambda: signed.append(1) or generate())
    client = csrf_app.test_client()
    start(csrf_app, client, SLUG)
    first = TOKEN.search(_page(client, "COOP.VIT")).group(1)
    again = TOKEN.search(_page(client, "COOP.OUV")).group(1)
    assert again == first and len(signed) == 1
    saved = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"csrf_token": again, "q_COOP-VIT-01": "3"})
    assert saved.status_code == 302
    stranger = csrf_app.test_client()
    start(csrf_app, stranger, SLUG)
    theirs = TOKEN.search(_page(stranger, "COOP.VIT")).group(1)
    assert theirs != first and len(signed) == 2
    refused = client.post(f"/r/{SLUG}/p/COOP.VIT", data={"csrf_token": theirs})
    assert refused.status_code == 400 and "Votre session a expiré" in refused.get_data(True)
    assert TOKEN.search(refused.get_data(True)).group(1) == first and len(signed) == 2
    csrf_app.config["CSRF_TOKEN_REUSE"] = 0
    _page(client, "COOP.VIT")
    assert len(signed) == 3
