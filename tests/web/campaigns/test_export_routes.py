"""Export routes: a campaign's answers (consultants and admins only) and results, the visible
portfolio's results from the stored summaries; who gets what, the minimum number of
respondents, formula injection in CSV and XLSX, file names and the audit log."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from coopassess.campaigns.results import campaign_results
from coopassess.common.slugs import slug
from coopassess.db import db_session
from coopassess.exports import PORTFOLIO_COLUMNS, describe, result_rows
from coopassess.exports.columns import CATALOGUE
from coopassess.models import AuditEvent, Campaign, Organisation, utcnow
from coopassess.registry import registry
from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns
from tests.fixtures.queries import statements

INJECTED_NAME = '=HYPERLINK("http://x")'
INJECTED_DEMARCHES = ("@SUM(A1)", "+1+1", "-2+3", "\tcmd", "\rcmd")
COOP_ROWS = 9  # IMC and the eight COOP dimensions
ACH_ROWS = 5  # IAC and the four ACH dimensions


def _client(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def _csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:], newline=""), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    """The data sheet, after « Lisez-moi »."""
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames[0] == "Lisez-moi"
    return list(workbook.worksheets[1].iter_rows(values_only=True))


def _columns(header: list[str] | tuple) -> dict[str, int]:
    """Column positions by key (the files' headers are French)."""
    headers = {column.header: column.key for column in CATALOGUE.values()}
    return {headers.get(name, name): position for position, name in enumerate(header)}


def _exports(app: Flask) -> list[tuple[str, dict, int | None]]:
    """(target, detail, actor id) of every ``export`` event, oldest first."""
    with app.app_context():
        found = db_session().scalars(
            select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
        )
        return [(e.target, e.detail, e.actor_id) for e in found]


def _rename(app: Flask, campaign_id: int, organisation: str, demarche: str) -> None:
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        campaign.organisation.name = organisation
        campaign.demarche = demarche
        session.commit()


def test_answers_mark_excluded_respondents_and_are_audited(app: Flask) -> None:
    organisation_id, (campaign_id,) = organisation_with_campaigns(app, "Agglo des Rives", (5,))
    make_user(app, "conseil@example.fr", "consultant", assigned=(organisation_id,))
    client = _client(app, "conseil@example.fr")
    reason = "=1+1 réponses toutes identiques"
    excluded = client.post(
        f"/campagnes/{campaign_id}/repondants/R2/exclusion", data={"motif": reason}
    )
    assert excluded.status_code == 302

    answer = client.get(f"/campagnes/{campaign_id}/export/reponses.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.headers["Cache-Control"] == "private, no-store"
    rows = _csv(answer)
    assert rows[0][:4] == ["Répondant", "Exclu", "Motif d'exclusion", "Type de votre structure"]
    assert "COOP-VIT-01" in rows[0] and len({len(row) for row in rows}) == 1
    assert [row[0] for row in rows[1:]] == ["R1", "R2", "R3", "R4", "R5"]
    assert [row[1] for row in rows[1:]] == ["non", "oui", "non", "non", "non"]
    assert rows[2][2] == "'" + reason and rows[1][2] == ""
    item = rows[0].index("COOP-VIT-01")
    assert {row[item] for row in rows[1:]} <= {"1", "2", "3", "4", "5", "NSP", "NC", ""}

    sheet = _xlsx(client.get(f"/campagnes/{campaign_id}/export/reponses.xlsx"))
    assert list(sheet[0][:3]) == ["Répondant", "Exclu", "Motif d'exclusion"]
    assert [row[:3] for row in sheet[1:3]] == [("R1", "non", None), ("R2", "oui", "'" + reason)]
    assert [["" if value is None else str(value) for value in row] for row in sheet] == rows

    logged = _exports(app)
    assert [(target, detail) for target, detail, _ in logged] == [
        (f"campaign:{campaign_id}", {"format": "csv", "kind": "answers", "rows": 5}),
        (f"campaign:{campaign_id}", {"format": "xlsx", "kind": "answers", "rows": 5}),
    ]
    assert all(actor is not None for _, _, actor in logged)


def test_answers_are_never_given_to_the_organisation(app: Flask) -> None:
    organisation_id, (campaign_id,) = organisation_with_campaigns(app, "Agglo des Rives", (4,))
    other, _ = organisation_with_campaigns(app, "Ville voisine", (4,))
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation_id)
    make_user(app, "autre@example.fr", "consultant", assigned=(other,))
    make_user(app, "admin@example.fr", "admin")
    path = f"/campagnes/{campaign_id}/export/reponses.csv"
    assert _client(app, "ref@example.fr").get(path).status_code == 403
    assert _client(app, "autre@example.fr").get(path).status_code == 403
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and "/connexion" in anonymous.location
    assert _client(app, "admin@example.fr").get(path).status_code == 200
    assert _client(app, "admin@example.fr").get(path[:-3] + "pdf").status_code == 404
    with app.app_context():
        denied = db_session().scalars(
            select(AuditEvent).where(AuditEvent.action == "permission.denied")
        )
        assert len(denied.all()) == 2
    assert len(_exports(app)) == 1  # the admin's only


def test_nothing_is_exported_below_the_minimum(app: Flask) -> None:
    small, (few,) = organisation_with_campaigns(app, "Petite commune", (2,))
    organisation_id, (campaign_id,) = organisation_with_campaigns(app, "Agglo des Rives", (4,))
    make_user(app, "conseil@example.fr", "consultant", assigned=(small, organisation_id))
    make_user(app, "ref@example.fr", "referent", organisation_id=small)
    client = _client(app, "conseil@example.fr")
    for kind in ("reponses", "resultats"):
        for fmt in ("csv", "xlsx"):
            assert client.get(f"/campagnes/{few}/export/{kind}.{fmt}").status_code == 404
    assert (
        _client(app, "ref@example.fr").get(f"/campagnes/{few}/export/resultats.csv").status_code
        == 404
    )
    # Four submitted, two excluded: two counted, under the minimum of three.
    for pseudonym in ("R1", "R2"):
        client.post(
            f"/campagnes/{campaign_id}/repondants/{pseudonym}/exclusion",
            data={"motif": "Réponses incohérentes"},
        )
    assert client.get(f"/campagnes/{campaign_id}/export/reponses.csv").status_code == 404
    assert client.get(f"/campagnes/{campaign_id}/export/resultats.xlsx").status_code == 404
    assert _exports(app) == []


def test_results_for_whoever_reads_the_results_page(app: Flask) -> None:
    organisation_id, (campaign_id,) = organisation_with_campaigns(
        app, "Agglo des Rives", (4,), modules=("COOP", "VAL")
    )
    other, _ = organisation_with_campaigns(app, "Ville voisine", (4,))
    make_user(app, "ref@example.fr", "referent", organisation_id=organisation_id)
    make_user(app, "voisin@example.fr", "referent", organisation_id=other)
    make_user(app, "seul@example.fr", "consultant")
    path = f"/campagnes/{campaign_id}/export/resultats"
    referent = _client(app, "ref@example.fr")
    rows = _csv(referent.get(path + ".csv"))
    with app.app_context():
        session = db_session()
        results = campaign_results(session, registry(), session.get(Campaign, campaign_id))
    assert rows[0][:6] == [
        "N° de campagne",
        "Organisation",
        "Démarche",
        "Date de la campagne",
        "Module",
        "Code",
    ]
    assert len(rows) == 1 + len(result_rows(results))
    column = _columns(rows[0])
    imc = next(row for row in rows if row[column["dimension"]] == "IMC")
    score = results.questionnaires["COOP"].index.score
    assert imc[2] == "Démarche 0" and imc[column["score"]] == f"{score:g}".replace(".", ",")
    assert imc[column["dimension_label"]] == "Indice de maturité coopérative"
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", imc[column["date"]])
    assert any(row[column["dimension"]] == "VAL.ENV" and row[-1] for row in rows)  # quadrant
    sheet = _xlsx(referent.get(path + ".xlsx"))
    assert sheet[0][0] == "N° de campagne" and len(sheet) == len(rows)
    assert next(row for row in sheet if row[column["dimension"]] == "IMC")[7] == score
    assert _client(app, "voisin@example.fr").get(path + ".csv").status_code == 403
    assert _client(app, "seul@example.fr").get(path + ".xlsx").status_code == 403
    assert app.test_client().get(path + ".csv").status_code == 302
    assert [(detail["kind"], detail["format"]) for _, detail, _ in _exports(app)] == [
        ("results", "csv"),
        ("results", "xlsx"),
    ]


def test_file_names_slug_the_demarche_with_an_ascii_fallback(app: Flask) -> None:
    _, (campaign_id,) = organisation_with_campaigns(app, "Agglo", (3,))
    _rename(app, campaign_id, "Agglo", 'Réemploi "BTP" / Côte\r\nSet-Cookie: x')
    make_user(app, "admin@example.fr", "admin")
    client = _client(app, "admin@example.fr")
    disposition = client.get(f"/campagnes/{campaign_id}/export/resultats.xlsx").headers[
        "Content-Disposition"
    ]
    day = f"{utcnow():%Y-%m-%d}"
    expected = f'attachment; filename="resultats-agglo-reemploi-btp-cote-set-cookie-x-{day}.xlsx"'
    assert disposition.startswith(expected + "; filename*=UTF-8''")
    utf8 = unquote(disposition.split("UTF-8''")[1])
    assert utf8 == f"resultats-agglo-réemploi-btp-côte-set-cookie-x-{day}.xlsx"
    assert slug("«  »", ascii_only=False, fallback="campagne") == "campagne"
    assert slug("Œuvre_commune", ascii_only=True) == "oeuvre-commune"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_injected_formulas_come_out_neutralised(app: Flask, fmt: str) -> None:
    campaign_ids = []
    for number, demarche in enumerate(INJECTED_DEMARCHES):
        _, (campaign_id,) = organisation_with_campaigns(app, f"Organisation {number}", (3,))
        _rename(app, campaign_id, INJECTED_NAME, demarche)
        campaign_ids.append(campaign_id)
    make_user(app, "admin@example.fr", "admin")
    client = _client(app, "admin@example.fr")
    read = _csv if fmt == "csv" else _xlsx
    portfolio = read(client.get(f"/exports/resultats.{fmt}"))
    header = _columns(portfolio[0])
    organisation, demarche = header["organisation"], header["demarche"]
    assert {row[organisation] for row in portfolio[1:]} == {"'" + INJECTED_NAME}
    # XLSX holds a carriage return as a line feed (XML); the cell is neutralised all the same.
    expected = {"'" + (d if fmt == "csv" else d.replace("\r", "\n")) for d in INJECTED_DEMARCHES}
    assert {row[demarche] for row in portfolio[1:]} == expected
    results = read(client.get(f"/campagnes/{campaign_ids[0]}/export/resultats.{fmt}"))
    assert {(row[1], row[2]) for row in results[1:]} == {("'" + INJECTED_NAME, "'@SUM(A1)")}
    answers = read(client.get(f"/campagnes/{campaign_ids[0]}/export/reponses.{fmt}"))
    assert len(answers) == 1 + 3
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(client.get(f"/exports/resultats.{fmt}").get_data()))
        cells = [cell for row in workbook.worksheets[1].iter_rows(min_row=2) for cell in row]
        assert cells and all(cell.data_type != "f" for cell in cells)


def test_portfolio_rows_per_campaign_and_dimension(app: Flask) -> None:
    brest, brest_campaigns = organisation_with_campaigns(app, "Ville de Brest", (4, 5))
    organisation_with_campaigns(app, "Petite commune", (2,), structure_type="EPCI")
    organisation_with_campaigns(
        app,
        "Métallerie Durand",
        (3,),
        kind="entreprise",
        region="Occitanie",
        modules=("COOP", "ACH", "VAL"),
    )
    make_user(app, "admin@example.fr", "admin")
    make_user(app, "conseil@example.fr", "consultant", assigned=(brest,))
    admin = _client(app, "admin@example.fr")
    response = admin.get("/exports/resultats.csv")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert re.fullmatch(
        r'attachment; filename="resultats-portefeuille-\d{4}-\d\d-\d\d\.csv"; filename\*=.*',
        response.headers["Content-Disposition"],
    )
    rows = _csv(response)
    assert rows[0] == [column.header for column in describe(PORTFOLIO_COLUMNS)]
    column = _columns(rows[0])
    by_campaign: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_campaign.setdefault(row[column["campaign"]], []).append(row)
    # Sorted by organisation: Métallerie (COOP, ACH), Petite commune, Brest T0 and T1.
    assert [len(found) for found in by_campaign.values()] == [
        COOP_ROWS + ACH_ROWS,
        COOP_ROWS,
        COOP_ROWS,
        COOP_ROWS,
    ]
    small = next(found for found in by_campaign.values() if found[0][0] == "Petite commune")
    assert {(row[column["score"]], row[column["level"]]) for row in small} == {("", "")}
    assert {row[column["n"]] for row in small} == {"2"}
    firm = next(found for found in by_campaign.values() if found[0][0] == "Métallerie Durand")
    assert {row[column["questionnaire"]] for row in firm} == {"COOP", "ACH"}  # VAL: no score
    assert firm[0][column["target"]] == "entreprise" and firm[0][column["region"]] == "Occitanie"
    with app.app_context():
        session = db_session()
        expected = campaign_results(session, registry(), session.get(Campaign, brest_campaigns[1]))
    brest_t1 = by_campaign[str(brest_campaigns[1])]
    imc = next(row for row in brest_t1 if row[column["dimension"]] == "IMC")
    index = expected.questionnaires["COOP"].index
    assert imc[column["score"]] == f"{index.score:g}".replace(".", ",")
    assert imc[column["level"]] == index.level and imc[column["n"]] == "5"
    dimension = expected.questionnaires["COOP"].dimensions["COOP.LEA"]
    lea = next(row for row in brest_t1 if row[column["dimension"]] == "COOP.LEA")
    assert lea[column["level"]] == dimension.level

    consultant = _client(app, "conseil@example.fr")
    mine = _csv(consultant.get("/exports/resultats.csv"))
    assert {row[0] for row in mine[1:]} == {"Ville de Brest"} and len(mine) == 1 + 2 * COOP_ROWS
    assert len(_xlsx(consultant.get("/exports/resultats.xlsx"))) == 1 + 2 * COOP_ROWS
    filtered = {
        query: {row[0] for row in _csv(admin.get("/exports/resultats.csv" + query))[1:]}
        for query in (
            "?cible=entreprise",
            "?structure=EPCI",
            "?region=Occitanie",
            "?cible=x",
            "?q=brest",
            "?niveau=aucun",
            "?q=brest&cible=entreprise",
        )
    }
    # The dashboard's own search and level filters apply too (its link carries them all).
    assert filtered["?q=brest"] == {"Ville de Brest"}
    assert filtered["?niveau=aucun"] == {"Petite commune"}  # below 3 respondents: no level
    assert filtered["?q=brest&cible=entreprise"] == set()
    assert filtered["?cible=entreprise"] == {"Métallerie Durand"}
    assert filtered["?structure=EPCI"] == {"Petite commune"}
    assert filtered["?region=Occitanie"] == {"Métallerie Durand"}
    assert len(filtered["?cible=x"]) == 3  # unknown values are ignored
    nobody = make_user(app, "seul@example.fr", "consultant")
    assert nobody and _csv(_client(app, "seul@example.fr").get("/exports/resultats.csv")) == [
        [column.header for column in describe(PORTFOLIO_COLUMNS)]
    ]
    assert app.test_client().get("/exports/resultats.csv").status_code == 302
    portfolio = [detail for target, detail, _ in _exports(app) if target == "portfolio"]
    assert portfolio[0] == {"format": "csv", "kind": "results", "rows": len(rows) - 1}
    assert portfolio[-1]["rows"] == 0


def test_portfolio_queries_do_not_grow_with_the_campaigns(app: Flask) -> None:
    make_user(app, "admin@example.fr", "admin")
    client = _client(app, "admin@example.fr")

    organisation_with_campaigns(app, "Ville de Brest", (4, 3))
    few = statements(app, client, "/exports/resultats.csv")
    for number in range(8):
        organisation_with_campaigns(app, f"Commune {number}", (3, 4))
    assert statements(app, client, "/exports/resultats.csv") == few
    with app.app_context():
        assert db_session().query(Organisation).count() == 9


def test_campaign_page_partial_offers_what_the_role_may_download(app: Flask) -> None:
    def render(role: str, counted: int) -> str:
        with app.test_request_context():
            return render_template(
                "campaigns/_exports.html",
                campaign=SimpleNamespace(id=7),
                results=SimpleNamespace(n_respondents=counted),
                minimum=3,
                signed_in_user=SimpleNamespace(role=role),
            )

    consultant = render("consultant", 3)
    assert "/campagnes/7/export/resultats.csv" in consultant
    assert "/campagnes/7/export/reponses.xlsx" in consultant
    referent = render("referent", 3)
    assert "/campagnes/7/export/resultats.xlsx" in referent and "reponses" not in referent
    below = render("admin", 2)
    assert "/export/" not in below and "à partir de 3 réponses comptées (2 à ce jour)" in below


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_markup_in_a_name_is_plain_text_in_a_download_never_a_page(app: Flask, fmt: str) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    _, (campaign_id,) = organisation_with_campaigns(app, "Organisation", (3,))
    _rename(app, campaign_id, payload, payload)
    make_user(app, "admin@example.fr", "admin")
    client = _client(app, "admin@example.fr")
    read = _csv if fmt == "csv" else _xlsx
    for url in (f"/exports/resultats.{fmt}", f"/campagnes/{campaign_id}/export/resultats.{fmt}"):
        response = client.get(url)
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype != "text/html"
        rows = read(response)
        column = _columns(rows[0])["organisation"]
        assert {row[column] for row in rows[1:]} == {payload}  # kept as typed, as text
    page = client.get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
