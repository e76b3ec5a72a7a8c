"""What a phone shows (issue 15), in a real headless Chromium: no page scrolls sideways at
390 px, the answer scale is one row or one column (never ragged), and the keyboard meets the
form buttons in the order the eye does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from coopassess.campaigns import service as core
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Campaign, Organisation
from tests.fixtures.accounts import PASSWORD, make_user
from tests.fixtures.browser import DESKTOP, PHONE, horizontal_overflow, sign_in
from tests.fixtures.portfolio import organisation_with_campaigns

pytestmark = pytest.mark.db

# The top of each answer of every scale on the page, the specials (NSP, NC) flagged.
SCALE_TOPS = """() => [...document.querySelectorAll('.choices')].map(group =>
  [...group.querySelectorAll('.choice')].map(choice => {
    const box = choice.getBoundingClientRect();
    return [Math.round(box.top), Math.round(box.left), choice.classList.contains('special')];
  }))"""

# The visible buttons of the form's .actions in document (keyboard) order, with their boxes.
ACTION_BUTTONS = """() => [...document.querySelectorAll('form .actions button, form .actions a')]
  .filter(element => element.offsetParent !== null)
  .map(element => {
    const box = element.getBoundingClientRect();
    return [element.textContent.trim(), Math.round(box.top), Math.round(box.left)];
  })"""


def _survey_campaign(
    app: Flask, modules: tuple[str, ...] = ("COOP", "ACH", "TER", "VAL"), slug: str = "reemploi-btp"
) -> str:
    """An open campaign (every module unless told) and an invitation link; the link's path."""
    with app.app_context():
        session = db_session()
        campaign = Campaign(
            organisation=Organisation(name="Agglo des Rives", kind="territoire"),
            demarche="Réemploi des matériaux du BTP",
            target="territoire",
            modules=list(modules),
            instrument_version=default_registry().current().version,
            status="open",
            slug=slug,
        )
        session.add(campaign)
        session.flush()
        link = core.open_link(session, campaign)
        session.commit()
        return f"/i/{link.token}"


def _start_survey(page: Any) -> None:
    """From the welcome page: start (a POST: a GET writes nothing), then leave the personal
    link's page for the first page of the questionnaire."""
    with page.expect_navigation():
        page.click('button:has-text("Commencer le questionnaire")')
    with page.expect_navigation():
        page.click('a.button:has-text("Commencer le questionnaire")')


def _assert_fits(page: Any, where: str) -> None:
    overflow = horizontal_overflow(page)
    assert overflow <= 0, f"{where}: the page scrolls {overflow} px sideways"


def _assert_scales_are_ordered(page: Any, where: str) -> None:
    for group in page.evaluate(SCALE_TOPS):
        tops = {top for top, _, _ in group}
        if len(tops) == 1:
            continue  # one row
        # One column: every answer on its own line, top to bottom in order.
        assert len(tops) == len(group), f"{where}: ragged scale {group}"
        assert [top for top, _, _ in group] == sorted(tops), f"{where}: scale out of order"


def _assert_buttons_in_visual_order(page: Any, where: str) -> None:
    buttons = page.evaluate(ACTION_BUTTONS)
    visual = sorted(buttons, key=lambda button: (button[1] // 10, button[2]))
    assert [b[0] for b in buttons] == [b[0] for b in visual], f"{where}: {buttons}"


def _answer_page(page: Any) -> None:
    """Pick « Plutôt d'accord » (or the 4th answer) on every question of the page."""
    page.evaluate(
        """() => { for (const group of document.querySelectorAll('.choices')) {
             const inputs = group.querySelectorAll('input[type=radio]');
             if (inputs.length) inputs[Math.min(3, inputs.length - 1)].checked = true; } }"""
    )


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_survey_and_the_results_fit_and_read_in_order(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    link = _survey_campaign(live_app)
    page = new_page(width)
    page.goto(live_server + link)
    _assert_fits(page, "accueil")
    with page.expect_navigation():
        page.click('button:has-text("Commencer le questionnaire")')  # a POST: GET writes nothing
    assert page.url.endswith("/lien-personnel")  # the open link gives a personal resume link
    _assert_fits(page, "lien personnel")
    with page.expect_navigation():
        page.click('a.button:has-text("Commencer le questionnaire")')
    for select in page.query_selector_all("select"):
        select.select_option(index=1)
    _assert_fits(page, "profil")
    with page.expect_navigation():
        page.click(".actions button[value=next]")
    pages = 0
    while "/p/" in page.url:
        pages += 1
        where = page.url.rsplit("/", 1)[1]
        _assert_fits(page, where)
        _assert_scales_are_ordered(page, where)
        _assert_buttons_in_visual_order(page, where)
        _answer_page(page)
        with page.expect_navigation():
            page.click(".actions button[value=next]")
        assert pages < 60
    assert page.url.endswith("/recapitulatif")
    _assert_fits(page, "récapitulatif")
    _assert_buttons_in_visual_order(page, "récapitulatif")
    assert page.get_by_text("Vous avez répondu à toutes les questions").is_visible()
    with page.expect_navigation():
        page.click(".actions button[type=submit]")
    assert page.url.endswith("/resultats")
    _assert_fits(page, "résultats du répondant")


def workspace_paths(organisation_id: int, ids: list[int], others: list[int]) -> list[str]:
    """The workspace's pages for the data of :func:`_consultant_data`."""
    return [
        "/tableau-de-bord",
        "/campagnes",
        f"/campagnes/{ids[1]}",
        f"/campagnes/{ids[1]}/repondants",
        f"/comparaison?campagne={ids[1]}&campagne={others[0]}",
        f"/comparaison?campagne={ids[0]}&campagne={ids[1]}&campagne={others[0]}",
        f"/organisations/{organisation_id}",
        f"/organisations/{organisation_id}/reference",
        "/organisations",
        "/organisations/nouvelle",
        f"/organisations/{organisation_id}/fiche",
        f"/organisations/{organisation_id}/modifier",
        f"/campagnes/{ids[1]}/participants",
        f"/campagnes/{ids[1]}/messages",
        f"/campagnes/{ids[1]}/envois",
        f"/campagnes/{ids[1]}/modifier",
        "/admin/comptes",
        "/admin/comptes/nouveau",
        "/admin/journal",
        "/admin/qualite",
        "/compte",
        "/compte/jetons",
        "/aide",
    ]


def _consultant_data(app: Flask) -> tuple[int, list[int], list[int]]:
    organisation_id, ids = organisation_with_campaigns(
        app, "Communauté de communes du Val d'Argent", (5, 6), modules=("COOP", "ACH", "VAL")
    )
    _, others = organisation_with_campaigns(app, "Métropole des Rives", (5,), maturity=4.2)
    make_user(app, "admin@example.fr", "admin")
    return organisation_id, ids, others


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_workspace_pages_fit(
    live_app: Flask, live_server: str, new_page: Callable[[int], Any], width: int
) -> None:
    organisation_id, ids, others = _consultant_data(live_app)
    page = new_page(width)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    too_wide: list[str] = []
    for path in workspace_paths(organisation_id, ids, others):
        response = page.goto(live_server + path)
        assert response is not None and response.status == 200, path
        overflow = horizontal_overflow(page)
        if overflow > 0:
            too_wide.append(f"{path}: {overflow} px")
    assert not too_wide, f"pages that scroll sideways at {width} px: {too_wide}"
