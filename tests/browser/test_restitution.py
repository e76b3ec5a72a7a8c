"""The restitution mode in a real Chromium: one slide at a time with the keyboard and the
buttons, a counter and its announcement, Échap, nothing fetched once loaded (offline), no slide
overflowing a projector (1920×1080) or a laptop (1366×768), and one printed A4 landscape page
per slide. Without JavaScript every slide shows."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from coopassess.actions import service as plan
from coopassess.campaigns.comments import save_comment
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Campaign, Response, ResponseComment, utcnow
from tests.fixtures.accounts import PASSWORD, make_user
from tests.fixtures.axe import assert_accessible
from tests.fixtures.browser import horizontal_overflow, sign_in
from tests.fixtures.portfolio import organisation_with_campaigns

pytestmark = pytest.mark.db

SCREENS = ((1920, 1080), (1366, 768))
# cover, participation, IMC, radar, agreement, priorities, risks, ACH, TER, VAL, the comments
# « à citer » (a long one alone, then two short ones), the plan of 7 long actions on 3 slides
SLIDES = 15
LONG_COMMENT = ("Un exemple très concret de coopération entre services. " * 40)[:2000]

# The shown slide: its id and whether its content overflows it, in height or in width.
SHOWN = """() => {
  const shown = [...document.querySelectorAll('.slide')].filter(slide => !slide.hidden);
  return shown.map(slide => [slide.id, slide.scrollHeight - slide.clientHeight,
                             slide.scrollWidth - slide.clientWidth]);
}"""
IMAGES_DRAWN = """() => [...document.querySelectorAll('.slide img')]
  .every(image => image.complete && image.naturalWidth > 0)"""


@pytest.fixture
def deck_path(live_app: Flask) -> str:
    """A campaign of 30 respondents with every module, three comments « à citer » (one of
    2,000 characters) and a plan of 7 actions with long titles; an admin signs in."""
    _, (campaign_id,) = organisation_with_campaigns(
        live_app, "Agglo des Rives", (30,), modules=("COOP", "ACH", "TER", "VAL")
    )
    with live_app.app_context():
        session = db_session()
        first = session.scalars(
            select(Response.id).where(Response.campaign_id == campaign_id).order_by(Response.id)
        ).all()
        texts = (LONG_COMMENT, "Les réunions de chantier ont changé notre regard.", "Enfin !")
        for response_id, text in zip(first, texts, strict=False):
            save_comment(session, response_id, "COOP", text)
            session.flush()
        for comment in session.scalars(select(ResponseComment)):
            comment.quoted_at = utcnow()
        campaign = session.get(Campaign, campaign_id)
        instrument = default_registry().get(campaign.instrument_version)
        for n in range(7):
            plan.create(
                session,
                campaign,
                plan.ActionDraft(
                    title=f"Action {n + 1} : " + "organiser un atelier inter-services " * 4,
                    dimension="COOP.VIT",
                    owner="Direction de l'environnement et de la transition écologique",
                    due_on=date(2027, 3, 31),
                ),
                instrument,
                None,
            )
        session.commit()
    make_user(live_app, "admin@example.fr", "admin")
    return f"/campagnes/{campaign_id}"


@pytest.fixture
def screens(browser: Any) -> Iterator[Any]:
    """``screens(width, height, javascript=True)``: a page in a fresh context of that size."""
    contexts: list[Any] = []

    def make(width: int, height: int, javascript: bool = True) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="fr-FR",
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _counter(page: Any) -> str:
    return page.locator("[data-counter]").inner_text()


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_run_the_workshop_offline(
    live_server: str, deck_path: str, screens: Any, width: int, height: int
) -> None:
    page = screens(width, height)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    page.goto(f"{live_server}{deck_path}")
    page.get_by_role("link", name="Mode restitution").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"{deck_path}/restitution")
    assert page.evaluate(IMAGES_DRAWN)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.context.set_offline(True)

    assert _counter(page) == f"1 / {SLIDES}"
    assert page.get_by_role("button", name="Précédent").is_disabled()
    seen = []
    for number in range(1, SLIDES + 1):
        [(slide_id, too_high, too_wide)] = page.evaluate(SHOWN)
        where = f"{width}×{height}, slide {number}"
        assert slide_id == f"diapo-{number}", where
        assert too_high <= 0 and too_wide <= 0, f"{where} overflows: {too_high} px, {too_wide} px"
        assert horizontal_overflow(page) <= 0, where
        assert _counter(page) == f"{number} / {SLIDES}", where
        seen.append(page.locator(f"#{slide_id} h2").inner_text())
        assert_accessible(page, where)
        page.keyboard.press("ArrowRight")
    assert _counter(page) == f"{SLIDES} / {SLIDES}"  # the last slide stays
    assert seen[:4] == [
        "Démarche 0",
        "Participation",
        "Niveau de maturité coopérative",
        ("Le radar de la coopération"),
    ]
    assert page.locator("[data-announce]").inner_text() == (
        f"Diapositive {SLIDES} sur {SLIDES} : Plan d'action (3/3)"
    )

    page.keyboard.press("Home")
    assert _counter(page) == f"1 / {SLIDES}"
    page.keyboard.press("PageDown")
    page.get_by_role("button", name="Suivant").click()
    assert _counter(page) == f"3 / {SLIDES}"
    page.keyboard.press("ArrowLeft")
    assert _counter(page) == f"2 / {SLIDES}"
    page.keyboard.press("End")
    assert _counter(page) == f"{SLIDES} / {SLIDES}"
    page.get_by_role("button", name="Précédent").click()
    assert _counter(page) == f"{SLIDES - 1} / {SLIDES}"
    assert page.url.endswith(f"#diapo-{SLIDES - 1}")

    # Printed (or saved as PDF) from the same layout: one A4 landscape page per slide.
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=True, prefer_css_page_size=True)))
    assert len(pdf.pages) == SLIDES
    box = pdf.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    assert "Niveau de maturité coopérative" in pdf.pages[2].extract_text()
    assert page.evaluate(IMAGES_DRAWN)
    assert fetched == [], fetched  # nothing was fetched after the page loaded

    page.context.set_offline(False)
    page.keyboard.press("Escape")
    page.wait_for_url(f"{live_server}{deck_path}")


def test_full_screen_then_escape(live_server: str, deck_path: str, screens: Any) -> None:
    page = screens(1366, 768)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    page.goto(f"{live_server}{deck_path}/restitution#diapo-4")
    assert _counter(page) == f"4 / {SLIDES}"  # the address names the slide
    page.get_by_role("button", name="Plein écran").click()
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.get_by_role("button", name="Quitter le plein écran").is_visible()
    page.keyboard.press("Tab")  # the keyboard's place is visible
    focused = page.evaluate(
        "() => [document.activeElement.textContent, getComputedStyle(document.activeElement)"
        ".outlineStyle]"
    )
    assert focused[1] != "none", focused
    page.keyboard.press("Escape")
    page.wait_for_function("document.fullscreenElement === null")
    assert page.url.endswith("/restitution#diapo-4")  # the first Échap only leaves full screen
    page.keyboard.press("Escape")
    page.wait_for_url(f"{live_server}{deck_path}")


def test_without_javascript_every_slide_shows(
    live_server: str, deck_path: str, screens: Any
) -> None:
    page = screens(1366, 768, javascript=False)
    sign_in(page, live_server, "admin@example.fr", PASSWORD)
    page.goto(f"{live_server}{deck_path}/restitution")
    slides = page.locator(".slide")
    assert slides.count() == SLIDES
    assert all(slides.nth(index).is_visible() for index in range(SLIDES))
    assert not page.get_by_role("button", name="Suivant").is_visible()
    assert horizontal_overflow(page) <= 0
    # (axe-core needs scripts to run: every slide is checked one by one in the tests above.)
