"""Every page type passes axe-core's WCAG 2.1 A and AA rules (``tests.fixtures.axe``) in a real
headless Chromium, at desktop and phone width: the respondent's whole walk, the pages of an
anonymous visitor, the workspace of a consultant and an admin, and the error pages. The
accessibility statement (``/accessibilite``) names these checks; a manual audit is still to
be made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.browser.test_layout import (
    _answer_page,
    _consultant_data,
    _start_survey,
    _survey_campaign,
    workspace_paths,
)
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.axe import axe_violations, describe
from tests.fixtures.browser import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.db

VISITOR_PAGES = (
    "/",
    "/connexion",
    "/mot-de-passe-oublie",
    "/aide",
    "/mentions-legales",
    "/donnees-personnelles",
    "/accessibilite",
    "/page-inexistante",
)


def _check(page: Any, where: str, found: dict[str, str]) -> None:
    violations = axe_violations(page)
    if violations:
        found[where] = describe(violations)


def _report(found: dict[str, str], width: int) -> str:
    return f"axe-core violations at {width} px:\n" + "\n".join(
        f"— {where}\n{text}" for where, text in found.items()
    )


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_respondent_walk_is_accessible(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    page = new_page(width)
    found: dict[str, str] = {}
    page.goto(live_server + _survey_campaign(live_app))
    _check(page, "accueil du questionnaire", found)
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{live_server}/r/{slug}/confidentialite")
    _check(page, "notice d'information", found)
    page.go_back()
    with page.expect_navigation():
        page.click('button:has-text("Commencer le questionnaire")')
    _check(page, "lien personnel", found)
    with page.expect_navigation():
        page.click('a.button:has-text("Commencer le questionnaire")')
    _check(page, "profil", found)
    for select in page.query_selector_all("select"):
        select.select_option(index=1)
    with page.expect_navigation():
        page.click(".actions button[value=next]")
    seen_questionnaires: set[str] = set()
    while "/p/" in page.url:
        where = page.url.rsplit("/", 1)[1]
        questionnaire = where.split("-", 1)[0]
        if questionnaire not in seen_questionnaires:  # one page of each questionnaire's layout
            seen_questionnaires.add(questionnaire)
            _check(page, f"page {where}", found)
        _answer_page(page)
        with page.expect_navigation():
            page.click(".actions button[value=next]")
    _check(page, "récapitulatif", found)
    with page.expect_navigation():
        page.click(".actions button[type=submit]")
    _check(page, "résultats du répondant", found)
    with page.expect_navigation():
        page.click('a:has-text("Retirer ma réponse")')
    _check(page, "retrait de la réponse", found)
    with page.expect_navigation():
        page.click('form button[type=submit]:has-text("Supprimer définitivement")')
    _check(page, "réponse retirée", found)
    page.goto(live_server + "/i/lien-inconnu")
    _check(page, "lien invalide", found)
    assert not found, _report(found, width)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_visitor_pages_are_accessible(
    live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    page = new_page(width)
    found: dict[str, str] = {}
    for path in VISITOR_PAGES:
        page.goto(live_server + path)
        _check(page, path, found)
    assert not found, _report(found, width)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_workspace_pages_are_accessible(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    organisation_id, ids, others = _consultant_data(live_app)
    page = new_page(width)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    found: dict[str, str] = {}
    paths = [
        *workspace_paths(organisation_id, ids, others),
        "/campagnes/nouvelle",
        f"/campagnes/{ids[1]}/cloture",
        f"/campagnes/{ids[1]}/commentaires",
        f"/campagnes/{ids[1]}/plan-d-action",
        f"/organisations/{organisation_id}/donnees-personnelles",
        "/admin/donnees-personnelles",
        f"/campagnes/{ids[1]}/archivage",
        f"/campagnes/{ids[1]}/envois/invitations",
        f"/campagnes/{ids[1]}/messages/apercu",
        f"/organisations/{organisation_id}/archivage",
        f"/admin/organisations/{organisation_id}/consultants",
    ]
    for path in paths:
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        _check(page, path, found)
    page.goto(f"{live_server}/campagnes/{ids[1]}/repondants")
    first = page.query_selector("table a[href*='/repondants/']")
    assert first is not None
    with page.expect_navigation():
        first.click()
    _check(page, "réponses d'un répondant", found)
    page.goto(f"{live_server}/admin/comptes")
    with page.expect_navigation():
        page.click("table a[href*='/admin/comptes/']")
    _check(page, "fiche d'un compte", found)
    assert not found, _report(found, width)


def test_the_check_finds_what_it_looks_for(
    live_server: str, new_page: Callable[[int], Any]
) -> None:
    """On a page with a field without a label and grey on grey text, axe reports both rules:
    the suite's zero is a real zero."""
    page = new_page(DESKTOP)
    page.goto(live_server + "/aide")
    page.evaluate(
        """() => { const main = document.querySelector('main');
             main.append(document.createElement('input'));
             const pale = document.createElement('p');
             pale.textContent = 'Texte pâle';
             pale.style.color = '#aaa';  // the CSSOM, which the pages' CSP allows
             pale.style.background = '#bbb';
             main.append(pale); }"""
    )
    rules = {violation["id"] for violation in axe_violations(page)}
    assert {"label", "color-contrast"} <= rules


def test_the_tab_key_meets_the_survey_buttons_in_visual_order(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any]
) -> None:
    """Real key presses on a second page: after the last answer, Tab reaches « Page précédente »
    (on the left) before « Enregistrer et continuer », never the hidden default button."""
    page = new_page(DESKTOP)
    page.goto(live_server + _survey_campaign(live_app))
    _start_survey(page)
    for select in page.query_selector_all("select"):
        select.select_option(index=1)
    for _ in range(2):  # the profile, then the first page of questions
        _answer_page(page)
        with page.expect_navigation():
            page.click(".actions button[value=next]")
    _answer_page(page)
    page.locator(".choices input[type=radio]:checked").last.focus()
    reached = []
    for _ in range(4):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("() => document.activeElement.textContent.trim()"))
    assert reached[:2] == ["Page précédente", "Enregistrer et continuer"], reached
