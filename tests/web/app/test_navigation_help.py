"""The header: « Se connecter » for visitors, the user's places once signed in, « Aide et
méthode » everywhere; the help page says the instrument's own rules; the dashboard links the
portfolio export with its filters."""

from __future__ import annotations

from flask import Flask

from coopassess.instrument.registry import default_registry
from tests.fixtures.accounts import login, make_organisation, make_user


def test_visitors_see_sign_in_and_help_on_every_page(client) -> None:
    for url in ("/", "/connexion", "/aide", "/mot-de-passe-oublie"):
        html = client.get(url).get_data(as_text=True)
        assert 'href="/connexion">Se connecter</a>' in html, url
        assert 'href="/aide">Aide et méthode</a>' in html, url


def test_signed_in_places_by_role(app: Flask) -> None:
    organisation = make_organisation(app)
    make_user(app, "admin@example.fr", "admin")
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation)
    admin = app.test_client()
    login(admin, "admin@example.fr")
    html = admin.get("/tableau-de-bord").get_data(as_text=True)
    for place in (
        "/tableau-de-bord",
        "/campagnes",
        "/organisations",
        "/comparaison",
        "/admin/comptes",
        "/compte",
        "/aide",
    ):
        assert f'href="{place}"' in html, place
    assert "Se connecter</a>" not in html
    referent = app.test_client()
    login(referent, "ref@example.fr")
    html = referent.get("/campagnes").get_data(as_text=True)
    assert 'href="/organisations"' in html and 'href="/admin/comptes"' not in html
    assert 'href="/comparaison"' not in html


def test_the_help_page_reads_the_instrument(client) -> None:
    instrument = default_registry().current()
    html = client.get("/aide").get_data(as_text=True)
    coop = instrument.questionnaires["COOP"]
    assert len(coop.dimensions) == 8
    for dimension in coop.dimensions:
        assert dimension.label.fr.replace("'", "&#39;") in html
    for level in instrument.levels:
        assert level.name.fr in html and f"level-{level.code}" in html
    minimum = instrument.parameters.min_respondents_aggregate
    assert f"Au moins {minimum} répondants" in html
    assert "Je ne sais pas" in html and "30\u00a0%" in html
    for flag in instrument.flags.values():
        assert flag.title.fr.replace("'", "&#39;") in html
    assert "docs/spec/scoring-model.md" in html


def test_the_dashboard_links_the_export_with_its_filters(app: Flask) -> None:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    login(client, "admin@example.fr")
    html = client.get("/tableau-de-bord?cible=territoire&region=Bretagne&q=x").get_data(
        as_text=True
    )
    # Every filter of the page, the search included (not its page number or sort).
    query = "cible=territoire&amp;region=Bretagne&amp;q=x"
    assert f'href="/exports/resultats.csv?{query}"' in html
    assert f'href="/exports/resultats.xlsx?{query}"' in html
