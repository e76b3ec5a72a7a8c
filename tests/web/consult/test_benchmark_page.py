"""/organisations/<id>: campaigns over time and their evolution (T0 → Tn);
/organisations/<id>/reference: the organisation against its peer group, from 10 organisations,
never revealing another organisation."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from coopassess.campaigns.results import campaign_results
from coopassess.db import db_session
from coopassess.models import Campaign, Organisation
from coopassess.registry import registry
from coopassess.scoring.compare import compare, step_changes
from coopassess.scoring.rounding import format_signed as signed
from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns

XSS = '<img src=x onerror="alert(1)">'


def _client(app: Flask, email: str = "admin@example.fr") -> FlaskClient:
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _rows(app: Flask, ids: list[int]) -> dict[str, object]:
    with app.app_context():
        session = db_session()
        results = [campaign_results(session, registry(), session.get(Campaign, i)) for i in ids]
        return {row.id: row for row in compare(results).rows}


def test_evolution_t0_t1_t2_deltas(app: Flask) -> None:
    organisation_id, ids = organisation_with_campaigns(app, "Ville", (4, 3, 5), maturity=1.5)
    make_user(app, "admin@example.fr", "admin")
    rows = _rows(app, ids)
    html = _client(app).get(f"/organisations/{organisation_id}").get_data(as_text=True)
    assert re.findall(r'<th scope="row">(T\d)</th>', html) == ["T0", "T1", "T2"]
    assert len(re.findall(r">\s*comparée", html)) == 3
    table = html.split('class="compare-overview first-sticky"')[1].split("</table>")[0]
    for code in ("IMC", "COOP.LEA"):
        row = rows[code]
        steps = step_changes(row)
        line = next(part for part in table.split("<tr")[2:] if _label(code) in part)
        assert f'Δ depuis T0&nbsp;: <span class="delta">{signed(row.deltas[1])}</span>' in line
        assert f'Δ depuis T0&nbsp;: <span class="delta">{signed(row.deltas[2])}</span>' in line
        assert f'Δ depuis T1&nbsp;: <span class="delta">{signed(steps[2][0])}</span>' in line
        marks = line.count("évolution notable")
        # T0 → T1 is shown once (it is both the Δ from T0 and the step).
        assert marks == sum(row.notable) + sum(notable for _, notable in steps[2:])
    assert "sur la même version du questionnaire" in html
    assert "atteint 10 points (un demi-niveau)" in html  # the rule, in one sentence
    client = _client(app)
    pdf = client.get(f"/organisations/{organisation_id}/evolution.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    svg = client.get(f"/organisations/{organisation_id}/evolution-COOP.svg")
    assert svg.status_code == 200 and b"T2" in svg.data


def _label(code: str) -> str:
    return {"IMC": "(IMC)", "COOP.LEA": "Leadership partagé"}[code]


def test_campaign_below_minimum_stays_out_of_the_evolution(app: Flask) -> None:
    organisation_id, _ = organisation_with_campaigns(app, "Ville", (4, 2, 4))
    alone, _ = organisation_with_campaigns(app, "Commune", (4, 2))
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    html = client.get(f"/organisations/{organisation_id}").get_data(as_text=True)
    assert "non comparée (moins de 3 réponses)" in html
    table = html.split('class="compare-overview first-sticky"')[1].split("</thead>")[0]
    assert re.findall(r'<span class="column-code">(T\d)</span>', table) == ["T0", "T2"]
    assert "Δ depuis T0" in html and "Δ depuis T1" not in html
    # One measured campaign: no evolution, no radar, no PDF.
    html = client.get(f"/organisations/{alone}").get_data(as_text=True)
    assert "compare-overview" not in html and "L'évolution apparaît dès que" in html
    assert "comparée" not in html
    assert client.get(f"/organisations/{alone}/evolution.pdf").status_code == 404
    assert client.get(f"/organisations/{alone}/evolution-COOP.svg").status_code == 404


def _peers(app: Flask, count: int, start: int = 0, region: str = "Bretagne") -> list[str]:
    names = [f"Pair secret {number:02d}" for number in range(start, start + count)]
    for name in names:
        organisation_with_campaigns(app, name, (3,), region=region)
    return names


def test_reference_shown_from_ten_other_organisations(app: Flask) -> None:
    own, _ = organisation_with_campaigns(app, "Ville étudiée", (4,))
    names = _peers(app, 9)
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    url = f"/organisations/{own}/reference"
    html = client.get(url).get_data(as_text=True)
    assert "Le groupe de comparaison compte 9 organisations" in html
    assert "il en faut au moins 10" in html
    assert "Médiane" not in html and "<img" not in html
    assert client.get(f"{url}/radar.svg").status_code == 404

    names += _peers(app, 1, start=9, region="Occitanie")
    html = client.get(url).get_data(as_text=True)
    assert "Groupe de comparaison\u00a0: 10 organisations." in html  # French typography
    assert "Médiane" in html and "1er quartile" in html and "3e quartile" in html
    imc_row = html.split('<tr class="index-row">')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num">(?:<strong>)?(\d+(?:,\d)?)', imc_row)
    assert len(cells) == 5 and cells[-1] == "10"  # score, Q1, median, Q3, n
    assert re.search(
        r"dans (le quart inférieur|la moitié centrale|le quart supérieur) des 10 organisations "
        r"comparables",
        imc_row,
    )
    # Neither extremes (one organisation's score) nor the mean (two overlapping groups'
    # means and counts would give away the organisations between them).
    assert "Min" not in html and "Max" not in html and "Moyenne" not in html
    svg = client.get(f"{url}/radar.svg")
    assert svg.status_code == 200 and b"R\xc3\xa9f\xc3\xa9rence" in svg.data
    for page in (html.encode(), svg.data):
        assert not any(name.encode() in page for name in names)

    # A filter that leaves 9 organisations shows nothing again.
    filtered = client.get(f"{url}?region=Bretagne").get_data(as_text=True)
    assert "Le groupe de comparaison compte 9 organisations avec ces critères" in filtered
    assert "Médiane" not in filtered
    assert "<option selected>Bretagne</option>" in filtered
    assert client.get(f"{url}/radar.svg?region=Bretagne").status_code == 404
    # An unknown filter value is ignored, never an error.
    assert "10 organisations" in client.get(f"{url}?region=Atlantide").get_data(as_text=True)


def test_reference_without_a_measured_campaign(app: Flask) -> None:
    own, _ = organisation_with_campaigns(app, "Ville étudiée", (2,))
    make_user(app, "admin@example.fr", "admin")
    html = _client(app).get(f"/organisations/{own}/reference").get_data(as_text=True)
    assert "Aucune campagne de l'organisation ne compte encore 3 réponses" in html


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/reference",
        "/reference/radar.svg",
        "/evolution.pdf",
        "/evolution-COOP.svg",
    ],
)
def test_who_may_open_the_organisation_pages(app: Flask, path: str) -> None:
    own, _ = organisation_with_campaigns(app, "Ville étudiée", (3, 3))
    other, _ = organisation_with_campaigns(app, "Ville voisine", (3,))
    _peers(app, 10)
    make_user(app, "ref@example.fr", "referent", organisation_id=own)
    make_user(app, "voisin@example.fr", "referent", organisation_id=other)
    make_user(app, "conseil@example.fr", "consultant", assigned=(own,))
    make_user(app, "seul@example.fr", "consultant")
    url = f"/organisations/{own}{path}"
    assert _client(app, "ref@example.fr").get(url).status_code == 200
    assert _client(app, "conseil@example.fr").get(url).status_code == 200
    assert _client(app, "voisin@example.fr").get(url).status_code == 403
    assert _client(app, "seul@example.fr").get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302
    assert _client(app, "conseil@example.fr").get(f"/organisations/999999{path}").status_code == 404


def test_names_are_escaped(app: Flask) -> None:
    own, ids = organisation_with_campaigns(app, "Ville", (3, 3))
    _peers(app, 10)
    with app.app_context():
        session = db_session()
        session.get(Organisation, own).name = XSS
        session.get(Campaign, ids[1]).demarche = XSS
        session.scalars(
            select(Organisation).where(Organisation.name == "Pair secret 00")
        ).one().region = XSS
        session.commit()
    make_user(app, "admin@example.fr", "admin")
    client = _client(app)
    for path in ("", "/reference"):
        html = client.get(f"/organisations/{own}{path}").get_data(as_text=True)
        assert XSS not in html
        assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
