"""The consultant's dashboard: who sees which organisations, filters, sort, search, pages,
and a constant number of queries whatever the number of organisations."""

from __future__ import annotations

import re

from flask import Flask

from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns
from tests.fixtures.queries import statements


def _names(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/organisations/\d+">([^<]+)</a>', html)


def _signed_in(app: Flask, email: str) -> object:
    client = app.test_client()
    login(client, email)
    return client


def test_each_role_sees_exactly_its_organisations(app: Flask) -> None:
    a, _ = organisation_with_campaigns(app, "Ville de Brest", (4,))
    b, _ = organisation_with_campaigns(app, "Agglo de Quimper", (4,))
    make_user(app, "conseil@example.fr", "consultant", assigned=(a,))
    make_user(app, "ref@example.fr", "referent", organisation_id=b)
    make_user(app, "admin@example.fr", "admin")
    make_user(app, "seul@example.fr", "consultant")
    seen = {
        email: _names(_signed_in(app, email).get("/tableau-de-bord").get_data(as_text=True))
        for email in ("conseil@example.fr", "ref@example.fr", "admin@example.fr", "seul@example.fr")
    }
    assert seen["conseil@example.fr"] == ["Ville de Brest"]
    assert seen["ref@example.fr"] == ["Agglo de Quimper"]
    assert seen["admin@example.fr"] == ["Agglo de Quimper", "Ville de Brest"]
    assert seen["seul@example.fr"] == []
    assert app.test_client().get("/tableau-de-bord").status_code == 302


def test_latest_campaign_imc_level_participation_and_small_groups(app: Flask) -> None:
    organisation_with_campaigns(app, "Ville de Brest", (4, 6))
    organisation_with_campaigns(app, "Petite commune", (2,))
    make_user(app, "admin@example.fr", "admin")
    page = _signed_in(app, "admin@example.fr").get("/tableau-de-bord").get_data(as_text=True)
    brest, small = re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:][::-1]
    assert "Ville de Brest" in brest and "Petite commune" in small
    assert "Démarche 1" in brest and "Démarche 0" not in brest  # the latest campaign
    assert "2 campagnes" in brest and re.search(r'class="level level-N\d"', brest)
    assert re.search(r'<td class="num">6</td>', brest)
    assert "moins de 3 réponses" in small and "level-" not in small


def test_filters_sort_search_and_pages(app: Flask) -> None:
    organisation_with_campaigns(app, "Ville de Brest", (4,), maturity=2.0)
    organisation_with_campaigns(app, "Ville de Rennes", (4,), maturity=4.2)
    organisation_with_campaigns(
        app, "Métallerie 100% Durand", (4,), kind="entreprise", region="Occitanie"
    )
    for number in range(27):
        organisation_with_campaigns(app, f"Commune {number:02d}", (3,), structure_type="EPCI")
    make_user(app, "admin@example.fr", "admin")
    client = _signed_in(app, "admin@example.fr")

    def names(query: str) -> list[str]:
        response = client.get("/tableau-de-bord" + query)
        assert response.status_code == 200
        return _names(response.get_data(as_text=True))

    assert names("?cible=entreprise") == ["Métallerie 100% Durand"]
    assert names("?region=Occitanie") == ["Métallerie 100% Durand"]
    assert names("?q=100%25") == ["Métallerie 100% Durand"]  # % is not a wildcard
    assert names("?q=ville") == ["Ville de Brest", "Ville de Rennes"]
    assert len(names("?structure=EPCI")) == 25
    assert names("?structure=EPCI&page=2") == ["Commune 25", "Commune 26"]
    ranked = names("?q=ville&tri=imc-desc")
    assert ranked == ["Ville de Rennes", "Ville de Brest"]
    assert names("?q=ville&tri=imc-asc") == ["Ville de Brest", "Ville de Rennes"]
    rennes_level = re.search(
        r"Ville de Rennes.*?level-(N\d)",
        client.get("/tableau-de-bord?q=rennes").get_data(as_text=True),
        re.S,
    ).group(1)
    assert "Ville de Rennes" in names(f"?niveau={rennes_level}")
    assert names("?niveau=aucun") == []
    # Unknown or hostile values are ignored, never an error.
    assert len(names("?tri=DROP&niveau=N9&cible=x&page=abc")) == 25
    assert names("?structure=EPCI&page=99") == ["Commune 25", "Commune 26"]


def test_names_are_escaped(app: Flask) -> None:
    organisation_with_campaigns(app, '<img src=x onerror="alert(1)">', (4,))
    make_user(app, "admin@example.fr", "admin")
    page = _signed_in(app, "admin@example.fr").get("/tableau-de-bord").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_query_count_does_not_grow_with_the_portfolio(app: Flask) -> None:
    make_user(app, "admin@example.fr", "admin")
    client = _signed_in(app, "admin@example.fr")

    organisation_with_campaigns(app, "Ville de Brest", (4, 3))
    few = statements(app, client, "/tableau-de-bord")
    for number in range(12):
        organisation_with_campaigns(app, f"Commune {number}", (3, 4))
    assert statements(app, client, "/tableau-de-bord") == few
