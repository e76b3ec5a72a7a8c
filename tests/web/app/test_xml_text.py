"""Characters XML 1.0 forbids (typed in an organisation's name, a campaign's démarche…) are
dropped from every text that reaches an SVG, a PDF or an XLSX: the files stay readable."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update

from coopassess.charts.data import RadarData, Series
from coopassess.charts.mpl.output import render
from coopassess.common.xmltext import xml_safe
from coopassess.db import db_session
from coopassess.models import Campaign
from tests.fixtures.accounts import login, make_user
from tests.fixtures.portfolio import organisation_with_campaigns

HOSTILE = "Ville \x01\x02\x1b[31m\x0b\x0c\ufffe rouge"


def _admin(app: Flask) -> FlaskClient:
    make_user(app, "admin@example.fr", "admin")
    client = app.test_client()
    assert login(client, "admin@example.fr").status_code == 302
    return client


@pytest.fixture
def hostile(app: Flask) -> tuple[int, int, int]:
    own, (first, second) = organisation_with_campaigns(app, HOSTILE, (4, 4))
    for number in range(10):
        organisation_with_campaigns(app, f"Pair {number:02d}", (3,))
    with app.app_context():
        db_session().execute(update(Campaign).values(demarche="Réemploi \x08\x1f BTP"))
        db_session().commit()
    return own, first, second


def test_svg_charts_stay_well_formed(app: Flask, hostile: tuple[int, int, int]) -> None:
    own, first, second = hostile
    client = _admin(app)
    for url in (
        f"/campagnes/{first}/radar-COOP.svg",
        f"/comparaison/radar-COOP.svg?campagne={first}&campagne={second}",
        f"/organisations/{own}/reference/radar.svg",
        f"/organisations/{own}/evolution-COOP.svg",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
        ET.fromstring(answer.data)  # raises on a character XML forbids


def test_pdfs_and_xlsx_stay_readable(app: Flask, hostile: tuple[int, int, int]) -> None:
    own, first, second = hostile
    client = _admin(app)
    for url in (
        f"/campagnes/{first}/rapport.pdf",
        f"/comparaison/rapport.pdf?campagne={first}&campagne={second}",
        f"/organisations/{own}/evolution.pdf",
    ):
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.data)).pages)
        assert "\x01" not in text and "\x1b" not in text, url
    for url in (f"/campagnes/{first}/export/resultats.xlsx", "/exports/resultats.xlsx"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        sheet = load_workbook(io.BytesIO(answer.data)).active
        cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
        assert not any("\x01" in cell or "\x1b" in cell for cell in cells), url


def test_a_chart_drawn_by_hand_is_well_formed() -> None:
    data = RadarData(
        title=HOSTILE,
        subtitle="\x00sous-titre",
        axes=("a\x01", "b\x02", "c"),
        series=(Series(HOSTILE, (10.0, 20.0, 30.0)),),
    )
    assert data.title == "Ville [31m rouge"
    ET.fromstring(render(data, "svg"))


def test_xml_safe_keeps_tab_newline_and_french() -> None:
    assert xml_safe("É\tà\nç\r«\u202f»\x00\x7f\ud800") == "É\tà\nç\r«\u202f»\x7f"
