"""Comments beyond the survey: the consultant's list and its « à citer » mark (who may do
what), the quoted comments on the organisation's pages and report — only when the campaign is
reportable, only once marked, never for an excluded respondent — and every hostile text inert
in every output (page, PDF, CSV, XLSX; the JSON API carries no comment)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from coopassess.common.comments import QUOTED_TITLE
from tests.fixtures.accounts import login, make_user
from tests.fixtures.comments import PAYLOADS, STORED, campaign_with_comments, comment_ids

pytestmark = pytest.mark.db

FORMULAS = ("hyperlink", "plus", "at", "minus")


def _people(app: Flask, organisation_id: int) -> dict[str, FlaskClient]:
    """A signed-in client for each role around the organisation."""
    make_user(app, "conseil@example.fr", "consultant", assigned=(organisation_id,))
    make_user(app, "autre@example.fr", "consultant")
    make_user(app, "referent@example.fr", "referent", organisation_id=organisation_id)
    clients = {}
    for name, email in (
        ("consultant", "conseil@example.fr"),
        ("other", "autre@example.fr"),
        ("referent", "referent@example.fr"),
    ):
        clients[name] = app.test_client()
        assert login(clients[name], email).status_code == 302
    clients["anonymous"] = app.test_client()
    return clients


@pytest.fixture
def hostile(app: Flask) -> tuple[int, dict[str, FlaskClient]]:
    """Eleven respondents, the first ten with one hostile comment each, all quoted."""
    organisation_id, campaign_id = campaign_with_comments(app, PAYLOADS, respondents=11)
    return campaign_id, _people(app, organisation_id)


def test_who_may_read_and_mark_the_comments(
    app: Flask, hostile: tuple[int, dict[str, FlaskClient]]
) -> None:
    campaign_id, people = hostile
    url = f"/campagnes/{campaign_id}/commentaires"
    assert people["consultant"].get(url).status_code == 200
    assert people["other"].get(url).status_code == 403
    assert people["referent"].get(url).status_code == 403
    assert people["anonymous"].get(url).status_code == 302
    comment = comment_ids(app, campaign_id)[STORED["script"]]
    mark = f"{url}/{comment}/citation"
    for who in ("other", "referent"):
        assert people[who].post(mark, data={"citer": "0"}).status_code == 403
    assert people["consultant"].post(mark, data={"citer": "peut-être"}).status_code == 400
    assert (
        people["consultant"].post(f"{url}/999999/citation", data={"citer": "1"}).status_code == 404
    )
    done = people["consultant"].post(mark, data={"citer": "0"})
    assert done.status_code == 302 and done.location.endswith(f"#commentaire-{comment}")
    page = people["consultant"].get(url).get_data(as_text=True)
    assert (
        "Le commentaire de R1 (COOP) n&#39;est plus cité." in page
        and "Marquer «\u00a0à citer\u00a0» le commentaire de R1" in page
    )
    # The campaign page links the list for consultants only.
    assert url in people["consultant"].get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert url not in people["referent"].get(f"/campagnes/{campaign_id}").get_data(as_text=True)


def test_the_consultant_reads_pseudonyms_never_profiles(
    app: Flask, hostile: tuple[int, dict[str, FlaskClient]]
) -> None:
    campaign_id, people = hostile
    page = people["consultant"].get(f"/campagnes/{campaign_id}/commentaires").get_data(as_text=True)
    assert "Un commentaire peut permettre d&#39;identifier son auteur" in page
    assert 'aria-describedby="avertissement-citation"' not in page  # all quoted: no « Marquer »
    assert all(f"<strong>R{index}</strong>" in page for index in range(1, 11))
    assert "<strong>R11</strong>" not in page  # R11 left no comment
    for word in ("Élu", "Agent", "Pilote", "Ancienneté", "Plus de 2 ans"):
        assert word not in page
    _assert_inert_html(page)


def _assert_inert_html(page: str) -> None:
    for name, text in STORED.items():
        assert str(escape(text)) in page, name
    assert "<script>alert" not in page and "<img src=x" not in page
    assert not any(chr(code) in page for code in range(0x00, 0x09))
    assert f'dir="auto">{escape(STORED["rtl"])}' in page or (
        f'dir="auto"><p>{escape(STORED["rtl"])}</p>' in page
    )


def test_quoted_comments_are_inert_on_the_organisation_page_and_report(
    hostile: tuple[int, dict[str, FlaskClient]],
) -> None:
    campaign_id, people = hostile
    page = people["referent"].get(f"/campagnes/{campaign_id}").get_data(as_text=True)
    assert QUOTED_TITLE in page and "cités sans signature" in page
    _assert_inert_html(page)
    assert "R1<" not in page and "R10" not in page  # unsigned
    report = people["referent"].get(f"/campagnes/{campaign_id}/rapport.pdf")
    assert report.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report.data)).pages)
    assert QUOTED_TITLE in text and "<script>alert('xss')</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text and "=HYPERLINK(" in text
    assert not any(chr(code) in text for code in range(0x00, 0x09)) and "\u202e" not in text


def test_the_answers_export_holds_every_comment_as_inert_text(
    hostile: tuple[int, dict[str, FlaskClient]],
) -> None:
    campaign_id, people = hostile
    consultant = people["consultant"]
    assert (
        people["referent"].get(f"/campagnes/{campaign_id}/export/reponses.csv").status_code == 403
    )
    answer = consultant.get(f"/campagnes/{campaign_id}/export/reponses.csv")
    table = list(
        csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    position = next(i for i, h in enumerate(table[0]) if h.startswith("Commentaire — "))
    cells = {line[0]: line[position] for line in table[1:]}
    assert cells["R11"] == ""
    for index, name in enumerate(PAYLOADS, start=1):
        expected = ("'" if name in FORMULAS else "") + STORED[name]
        assert cells[f"R{index}"] == expected, name
    workbook = load_workbook(
        io.BytesIO(consultant.get(f"/campagnes/{campaign_id}/export/reponses.xlsx").data)
    )
    sheet = workbook["Réponses"]
    header = [cell.value for cell in sheet[1]]
    column = next(i for i, h in enumerate(header) if str(h).startswith("Commentaire — "))
    values = {row[0].value: row[column] for row in sheet.iter_rows(min_row=2)}
    for index, name in enumerate(PAYLOADS, start=1):
        cell = values[f"R{index}"]
        assert (
            cell.data_type == "s" and cell.value == ("'" if name in FORMULAS else "") + STORED[name]
        )


def test_the_json_api_carries_no_comment(hostile: tuple[int, dict[str, FlaskClient]]) -> None:
    campaign_id, people = hostile
    answer = people["consultant"].get(f"/api/v1/campaigns/{campaign_id}/results")
    assert answer.status_code == 200
    body = json.dumps(answer.json, ensure_ascii=False)
    assert "respondents" in answer.json  # the consultant's full results, per respondent
    for text in STORED.values():
        assert text[:12] not in body


def test_quoted_comments_wait_for_the_minimum_of_respondents(app: Flask) -> None:
    organisation_id, campaign_id = campaign_with_comments(
        app, {"one": "Dit par l'un des deux"}, respondents=2
    )
    people = _people(app, organisation_id)
    for who in ("referent", "consultant"):
        page = people[who].get(f"/campagnes/{campaign_id}").get_data(as_text=True)
        assert QUOTED_TITLE not in page and "Dit par l" not in page
    listing = (
        people["consultant"].get(f"/campagnes/{campaign_id}/commentaires").get_data(as_text=True)
    )
    assert "Dit par l" in listing and "aucun commentaire cité n'est montré" in listing


def test_the_organisation_reads_a_comment_only_once_marked(app: Flask) -> None:
    organisation_id, campaign_id = campaign_with_comments(
        app, {"one": "Une remarque précise", "two": "Une autre"}, respondents=3, quoted=False
    )
    people = _people(app, organisation_id)
    referent = people["referent"]

    def shown() -> str:
        return referent.get(f"/campagnes/{campaign_id}").get_data(as_text=True)

    assert "Une remarque précise" not in shown() and QUOTED_TITLE not in shown()
    comment = comment_ids(app, campaign_id)["Une remarque précise"]
    mark = f"/campagnes/{campaign_id}/commentaires/{comment}/citation"
    assert people["consultant"].post(mark, data={"citer": "1"}).status_code == 302
    page = shown()
    assert "Une remarque précise" in page and "Une autre" not in page
    pdf = referent.get(f"/campagnes/{campaign_id}/rapport.pdf").data
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Une remarque précise" in text and "Une autre" not in text
    # Excluding its author hides it again (and the campaign falls below the minimum).
    people["consultant"].post(
        f"/campagnes/{campaign_id}/repondants/R1/exclusion", data={"motif": "Hors périmètre"}
    )
    assert "Une remarque précise" not in shown()
    people["consultant"].post(f"/campagnes/{campaign_id}/repondants/R1/reintegration")
    assert "Une remarque précise" in shown()
    assert people["consultant"].post(mark, data={"citer": "0"}).status_code == 302
    assert "Une remarque précise" not in shown()
