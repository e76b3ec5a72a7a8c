"""/comparaison: 2 to 6 campaigns side by side, deltas and « évolution notable », refusals,
permissions on every campaign id, the overlaid radar and the PDF."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.campaigns.results import campaign_results
from coopassess.db import db_session
from coopassess.models import AuditEvent, Campaign, Organisation
from coopassess.registry import registry
from coopassess.scoring.compare import compare
from coopassess.scoring.rounding import format_signed as signed
from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns


def _client(app: Flask, email: str = "admin@example.fr") -> FlaskClient:
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _url(*ids: int, path: str = "/comparaison") -> str:
    return path + "?" + "&".join(f"campagne={i}" for i in ids)


@pytest.fixture
def two(app: Flask) -> tuple[int, int]:
    """A weak and a strong organisation, one campaign each (4 respondents)."""
    _, (weak,) = organisation_with_campaigns(app, "Ville de Brest", (4,), maturity=1.6)
    _, (strong,) = organisation_with_campaigns(app, "Agglo de Quimper", (4,), maturity=4.4)
    make_user(app, "admin@example.fr", "admin")
    return weak, strong


def test_deltas_against_the_first_and_notable_marks(app: Flask, two: tuple[int, int]) -> None:
    weak, strong = two
    with app.app_context():
        session = db_session()
        results = [
            campaign_results(session, registry(), session.get(Campaign, i)) for i in (weak, strong)
        ]
        rows = {row.id: row for row in compare(results).rows}
    imc = rows["IMC"]
    assert imc.notable == (False, True)
    response = _client(app).get(_url(weak, strong))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Ville de Brest — Démarche 0" in html and "Agglo de Quimper — Démarche 0" in html
    assert "(référence des écarts)" in html
    overview = html.split('class="compare-overview first-sticky"')[1].split("</table>")[0]
    imc_row = overview.split('<tr class="index-row">')[1].split("</tr>")[0]
    # Two organisations: a comparison, never an evolution.
    assert f'écart à C1&nbsp;: <span class="delta">{signed(imc.deltas[1])}</span>' in imc_row
    assert signed(imc.deltas[1]).startswith("+")
    assert '<strong class="notable">écart notable</strong>' in imc_row
    assert "évolution notable" not in html

    # A dimension whose change is under 10 points carries no mark (the demo answers may leave
    # a dimension with fewer than 3 valid respondents: no mark whatever the gap).
    def counted(row) -> bool:
        return all(
            result.questionnaires["COOP"].dimensions[row.id].n >= 3
            if row.id in result.questionnaires["COOP"].dimensions
            else result.n_respondents >= 3
            for result in results
        )

    small = [
        row
        for row in rows.values()
        if row.deltas[1] is not None and not row.notable[1] and counted(row)
    ]
    for row in small:
        assert abs(row.deltas[1]) < 10
    # One detail table per dimension and index, a row per campaign.
    assert html.count('<table class="compare-detail first-sticky">') == len(rows)
    assert f'href="/comparaison/rapport.pdf?campagne={weak}&amp;campagne={strong}"' in html
    assert f'src="/comparaison/radar-COOP.svg?campagne={weak}&amp;campagne={strong}"' in html


def test_radar_and_pdf(app: Flask, two: tuple[int, int]) -> None:
    client = _client(app)
    svg = client.get(_url(*two, path="/comparaison/radar-COOP.svg"))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert b"Ville de Brest" in svg.data and b"Agglo de Quimper" in svg.data
    png = client.get(_url(*two, path="/comparaison/radar-COOP.png"))
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert client.get(_url(*two, path="/comparaison/radar-VAL.svg")).status_code == 404
    pdf = client.get(_url(*two, path="/comparaison/rapport.pdf"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("count", [0, 1, 7])
def test_two_to_six_campaigns(app: Flask, count: int) -> None:
    _, ids = organisation_with_campaigns(app, "Ville", (3,) * 7)
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    response = client.get(_url(*ids[:count]))
    html = response.get_data(as_text=True)
    assert "compare-overview" not in html
    if count == 7:
        assert response.status_code == 400 and "Rien n'est comparé" in html and "au plus" in html
    else:
        # Fewer than two campaigns: the page opens on its picker, not on an error.
        assert response.status_code == 200 and "Rien n'est comparé" not in html
        assert "Choisissez de 2 à 6 campagnes" in html and 'name="campagne"' in html
    assert client.get(_url(*ids[:count], path="/comparaison/rapport.pdf")).status_code == 400
    assert client.get(_url(*ids[:6])).status_code == 200
    # The same id twice counts once: one campaign chosen, the picker again.
    twice = client.get(_url(ids[0], ids[0]))
    assert twice.status_code == 200 and "compare-overview" not in twice.get_data(as_text=True)


def test_mixed_targets_or_versions_are_refused(app: Flask) -> None:
    _, (town,) = organisation_with_campaigns(app, "Ville", (3,))
    _, (firm,) = organisation_with_campaigns(app, "Firme", (3,), kind="entreprise")
    _, (other,) = organisation_with_campaigns(app, "Autre ville", (3,))
    with app.app_context():
        db_session().get(Campaign, other).instrument_version = "0.9.0"
        db_session().commit()
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    for ids, message in (
        ((town, firm), "pas sur le même type"),
        ((town, other), "pas la même version du questionnaire"),
    ):
        response = client.get(_url(*ids))
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert message in html and "compare-overview" not in html
        assert client.get(_url(*ids, path="/comparaison/radar-COOP.svg")).status_code == 400


def test_campaign_below_the_minimum_is_refused_without_figures(app: Flask) -> None:
    _, (enough,) = organisation_with_campaigns(app, "Ville", (3,))
    _, (small,) = organisation_with_campaigns(app, "Petite commune", (2,))
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    response = client.get(_url(enough, small))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "moins de 3 réponses pour « Petite commune — Démarche 0 »" in html
    assert "Δ" not in html and "<img" not in html and "level-N" not in html
    assert client.get(_url(enough, small, path="/comparaison/radar-COOP.svg")).status_code == 400
    assert client.get(_url(enough, small, path="/comparaison/rapport.pdf")).status_code == 400


def test_every_campaign_id_is_checked(app: Flask) -> None:
    mine, (a,) = organisation_with_campaigns(app, "Ville suivie", (3,))
    _, (b,) = organisation_with_campaigns(app, "Ville voisine", (3,))
    make_user(app, "conseil@example.fr", "consultant", assigned=(mine,))
    make_user(app, "ref@example.fr", "referent", organisation_id=mine)
    make_user(app, "seul@example.fr", "consultant")
    for email in ("conseil@example.fr", "ref@example.fr", "seul@example.fr"):
        client = _client(app, email)
        for path in ("/comparaison", "/comparaison/radar-COOP.svg", "/comparaison/rapport.pdf"):
            assert client.get(_url(a, b, path=path)).status_code == 403, (email, path)
            assert client.get(_url(b, a, path=path)).status_code == 403, (email, path)
    with app.app_context():
        denied = (
            db_session()
            .scalars(select(AuditEvent.target).where(AuditEvent.action == "permission.denied"))
            .all()
        )
    assert denied.count(f"organisation:{b}") >= 12
    assert app.test_client().get(_url(a, b)).status_code == 302  # anonymous: sign in first
    assert _client(app, "seul@example.fr").get(_url(999999, a)).status_code == 404


def test_selection_lists_only_visible_comparable_campaigns(app: Flask) -> None:
    mine, ids = organisation_with_campaigns(app, "Ville suivie", (3, 3, 3))
    other, _ = organisation_with_campaigns(app, "Commune des Landes", (3,))
    organisation_with_campaigns(app, "Ville cachée", (3,))
    firm, _ = organisation_with_campaigns(app, "Firme suivie", (3,), kind="entreprise")
    make_user(app, "conseil@example.fr", "consultant", assigned=(mine, other, firm))
    client = _client(app, "conseil@example.fr")
    html = client.get(_url(ids[0])).get_data(as_text=True)
    listed = re.findall(r'<label for="campagne-\d+">([^<]+)</label>', html)
    assert sorted(listed) == [
        "Commune des Landes — Démarche 0 (03/2024)",
        "Ville suivie — Démarche 1 (03/2025)",
        "Ville suivie — Démarche 2 (03/2026)",
    ]
    assert f'id="choisie-{ids[0]}" checked' in html
    assert "Ville cachée" not in html and "Firme suivie" not in html
    searched = client.get(_url(ids[0]) + "&q=LANDES").get_data(as_text=True)
    assert re.findall(r'<label for="campagne-\d+">([^<]+)</label>', searched) == [
        "Commune des Landes — Démarche 0 (03/2024)"
    ]
    assert 'value="LANDES"' in searched
    # With nothing chosen yet, every visible campaign is offered, never another's.
    empty = client.get("/comparaison").get_data(as_text=True)
    assert "Firme suivie" in empty and "Ville cachée" not in empty


def test_names_are_escaped(app: Flask) -> None:
    payload = '<script>alert("x")</script>'
    _, (a,) = organisation_with_campaigns(app, "Ville", (3,))
    _, (b,) = organisation_with_campaigns(app, "Autre", (3,))
    with app.app_context():
        session = db_session()
        session.get(Campaign, a).demarche = payload
        session.scalars(
            select(Organisation).where(Organisation.name == "Autre")
        ).one().name = payload
        session.commit()
    make_user(app, "admin@example.fr", "admin")
    html = _client(app).get(_url(a, b)).get_data(as_text=True)
    assert payload not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_modules_compare_and_values_are_compared_without_a_radar(app: Flask) -> None:
    modules = ("COOP", "ACH", "VAL")
    _, (a,) = organisation_with_campaigns(app, "Ville", (3,), modules=modules)
    _, (b,) = organisation_with_campaigns(app, "Autre", (3,), modules=modules, maturity=4.0)
    _, (coop_only,) = organisation_with_campaigns(app, "Sans module", (3,))
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    html = client.get(_url(a, b)).get_data(as_text=True)
    assert 'id="q-ACH"' in html and 'id="q-VAL"' in html  # values produced, constaté/attendu
    values = html.split('id="q-VAL"')[1].split("</section>")[0]
    assert values.count("Constaté&nbsp;:") == 2 * 8 and values.count("Attendu&nbsp;:") == 2 * 8
    pdf = client.get(_url(a, b, path="/comparaison/rapport.pdf"))
    assert pdf.status_code == 200
    assert client.get(_url(a, b, path="/comparaison/radar-ACH.svg")).status_code == 200
    assert client.get(_url(a, b, path="/comparaison/radar-VAL.svg")).status_code == 404
    # ACH only in the first campaign: « non demandé » for the other, no overlaid radar.
    html = client.get(_url(a, coop_only)).get_data(as_text=True)
    assert 'id="q-ACH"' in html and "radar-ACH" not in html and "non demandé" in html
    assert "n.c." not in html.split('id="q-ACH"')[1].split("</section>")[0]
    assert client.get(_url(a, coop_only, path="/comparaison/radar-ACH.svg")).status_code == 404


def test_three_organisations_are_a_comparison_with_a_chosen_reference(app: Flask) -> None:
    ids = [
        organisation_with_campaigns(app, name, (4,), maturity=maturity)[1][0]
        for name, maturity in (("Ville A", 1.6), ("Ville B", 4.4), ("Ville C", 3.0))
    ]
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    html = client.get(_url(*ids) + f"&reference={ids[1]}").get_data(as_text=True)
    assert "c'est une comparaison, pas une évolution" in html
    assert "écart à C1" in html and "Δ depuis" not in html and "évolution notable" not in html
    # The chosen reference is C1: the strong organisation, first in the list.
    assert re.search(r"<dt>C1</dt>\s*<dd>Ville B", html)
    assert f'name="reference" value="{ids[1]}" id="reference-{ids[1]}" checked' in html
    pdf = client.get(_url(*ids, path="/comparaison/rapport.pdf"))
    assert "comparaison-" in pdf.headers["Content-Disposition"]


def test_one_organisations_campaigns_read_as_its_evolution(app: Flask) -> None:
    _, ids = organisation_with_campaigns(app, "Ville", (4, 4, 4), maturity=1.5)
    make_user(app, "admin@example.fr", "admin")
    html = _client(app).get(_url(*reversed(ids))).get_data(as_text=True)
    assert "elles se lisent comme son évolution" in html
    assert re.findall(r"<dt>(T\d)</dt>", html) == ["T0", "T1", "T2"]
    assert "Δ depuis T0" in html and "écart à C1" not in html and "écart à T0" not in html
    assert "réponses " in html  # dated by when the responses were submitted
