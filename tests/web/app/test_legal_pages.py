"""The footer of every page kind links the legal pages; they answer 200 and say what is true
of this instance: configured values when set, the operator of the instance otherwise; the
accessibility statement names the checks that run and the state « non conforme »."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from flask import Flask

from coopassess import create_app
from tests.fixtures.accounts import login, make_organisation, make_user
from tests.fixtures.campaigns import make_campaign, start

FOOTER_LINKS = {
    "/mentions-legales": "Mentions légales",
    "/donnees-personnelles": "Données personnelles",
    "/accessibilite": "Accessibilité : non conforme",
    "/aide": "Aide et méthode",
}


def _read(html: str) -> str:
    """The page's text as read: entities decoded, no-break spaces as spaces."""
    return unescape(html).replace("\u00a0", " ").replace("\u202f", " ")


def _footer(html: str) -> str:
    found = re.search(r'<footer class="site-footer".*?</footer>', html, re.S)
    assert found is not None
    return _read(found.group(0))


def _assert_footer(html: str, where: str) -> None:
    footer = _footer(html)
    for path, label in FOOTER_LINKS.items():
        assert f'href="{path}">{label}</a>' in footer, (where, path)
    assert "à partir de 3 répondants" in footer
    assert "sous un pseudonyme, avec le profil" in footer
    assert "aucune page ne montre le lien entre une adresse e-mail et des réponses" in footer


def test_every_footer_page_answers_and_is_linked_from_its_own_footer(client) -> None:
    for path in FOOTER_LINKS:
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_footer(response.get_data(as_text=True), path)


def test_visitor_respondent_and_workspace_pages_link_the_footer_pages(app: Flask) -> None:
    _assert_footer(app.test_client().get("/").get_data(as_text=True), "accueil")
    _assert_footer(app.test_client().get("/connexion").get_data(as_text=True), "connexion")
    make_campaign(app, "pied-de-page")
    respondent = app.test_client()
    start(app, respondent, "pied-de-page")
    for path in ("/r/pied-de-page", "/r/pied-de-page/p/profile", "/r/pied-de-page/confidentialite"):
        html = respondent.get(path).get_data(as_text=True)
        _assert_footer(html, path)
        assert 'href="/r/pied-de-page/confidentialite"' in _footer(html), path
    organisation = make_organisation(app, "Autre")
    make_user(app, "admin@example.fr", "admin")
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation)
    for email, path in (("admin@example.fr", "/admin/comptes"), ("ref@example.fr", "/campagnes")):
        staff = app.test_client()
        login(staff, email)
        _assert_footer(staff.get(path).get_data(as_text=True), path)
        _assert_footer(staff.get("/tableau-de-bord").get_data(as_text=True), email)


def test_unset_publisher_and_host_name_the_operator_of_the_instance(client) -> None:
    html = _read(client.get("/mentions-legales").get_data(as_text=True))
    assert "éditée par l'organisme qui exploite cette instance de CoopAssess" in html
    assert "Le représentant légal de l'organisme qui exploite cette instance" in html
    assert "hébergée sur le serveur de l'organisme qui exploite cette instance" in html
    assert "à compléter" not in html


def _configured(db_url: str, tmp_path: Path, **config: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": db_url,
            "SECRET_KEY": "test-secret-key",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            **config,
        }
    )


def test_configured_values_are_shown_and_escaped(db_url: str, tmp_path: Path) -> None:
    app = _configured(
        db_url,
        tmp_path,
        PUBLISHER_NAME="Cabinet <Coop> & associés",
        PUBLISHER_ADDRESS="3 rue des Lilas, 69000 Lyon",
        PUBLISHER_CONTACT="contact@coop.example",
        PUBLICATION_DIRECTOR="Camille Martin",
        HOST_NAME="Hébergeur Exemple",
        HOST_ADDRESS="10 avenue du Port, 59000 Lille",
        ACCESSIBILITY_CONTACT="accessibilite@coop.example",
        DPO_CONTACT="dpo@coop.example",
        SMTP_URL="smtp://user:secret@relais.example.net:587?starttls=1",
    )
    client = app.test_client()
    legal = client.get("/mentions-legales").get_data(as_text=True)
    assert "Cabinet &lt;Coop&gt; &amp; associés" in legal and "<Coop>" not in legal
    for value in ("3 rue des Lilas", "contact@coop.example", "Camille Martin", "Hébergeur Exemple"):
        assert value in legal
    processing = client.get("/donnees-personnelles").get_data(as_text=True)
    assert "relais.example.net" in processing and "secret" not in processing
    assert "dpo@coop.example" in processing and "Hébergeur Exemple" in processing
    statement = client.get("/accessibilite").get_data(as_text=True)
    assert "accessibilite@coop.example" in statement
    app.extensions["coopassess.db"].engine.dispose()


def test_the_processing_page_says_what_the_code_does(client) -> None:
    html = _read(client.get("/donnees-personnelles").get_data(as_text=True))
    assert "aucun relais n'est configuré" in html
    assert "3 mois par défaut" in html and "24 mois par défaut" in html
    assert "à partir de 3 répondants" in html
    assert "scrypt" in html and "sha256" in html and "CSRF" in html
    assert "5 échecs par compte et 20 par adresse IP" in html
    assert "30 liens invalides par appareil en 10 minutes" in html
    assert "30 minutes sans activité ou 12 heures" in html
    assert "coopassess_session" in html and "8 heures" in html
    assert "coopassess data export" in html and "CNIL" in html
    assert "Tentatives de connexion (adresse saisie, adresse IP) : supprimées après 180" in html
    assert "vidé 30" in html and "l'application ne les supprime pas" in html


def test_the_statement_describes_the_suite_as_it_is() -> None:
    """The statement's figures are those of the browser suite (tests/fixtures/axe.py)."""
    from coopassess.web.legal import AXE_TAGS, AXE_VERSION, AXE_WIDTHS
    from tests.fixtures.axe import WCAG_21_AA, axe_version
    from tests.fixtures.browser import DESKTOP, PHONE

    assert axe_version().startswith(AXE_VERSION + ".")
    assert list(AXE_TAGS) == WCAG_21_AA and AXE_WIDTHS == (DESKTOP, PHONE)


def test_the_accessibility_statement_names_the_checks_that_run(client) -> None:
    html = _read(client.get("/accessibilite").get_data(as_text=True))
    assert "CoopAssess est non conforme avec le RGAA 4.1" in html
    assert "le site n'a encore pas été audité" in html
    assert "axe-core 4.12" in html and "axe-playwright-python" in html
    for tag in ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"):
        assert f"<code>{tag}</code>" in html
    assert "1280 pixels et 390 pixels" in html and "make test" in html
    for heading in (
        "État de conformité",
        "Contenus non accessibles",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et contact",
        "Voies de recours",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in html
    assert "formulaire.defenseurdesdroits.fr" in html
    assert "le délégué du Défenseur des droits" in html


@pytest.mark.parametrize("path", ["/mentions-legales", "/donnees-personnelles", "/accessibilite"])
def test_legal_pages_load_nothing_from_elsewhere(client, path: str) -> None:
    html = client.get(path).get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//[^"]*"[^>]*rel="stylesheet"', html)
    assert not re.search(r'<(script|img|link)[^>]+(src|href)="(https?:)?//', html)
