"""The organisation's PDF report: content, escaping, safety, and the CLI."""

from __future__ import annotations

import io
import random
import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from pypdf import PdfReader

from coopassess.charts import ChartCache
from coopassess.demo import ORGANISATIONS, demo_response
from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.reports import ReportContext, ReportError, organisation_report
from coopassess.scoring import RespondentAnswers, score_campaign
from coopassess.scoring.results import Results

PAYLOAD = 'Réemploi "BTP" <script>alert(1)</script> <b>gras</b> & $x$'


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return default_registry().current()


def _results(instrument: Instrument, count: int) -> Results:
    organisation = ORGANISATIONS[0]
    rng = random.Random(7)
    respondents = []
    for index in range(count):
        profile, answers = demo_response(instrument, organisation, index, rng)
        respondents.append(RespondentAnswers(f"R{index}", profile, answers))
    return score_campaign(instrument, respondents, "territoire")


@pytest.fixture(scope="module")
def pdf(instrument: Instrument) -> bytes:
    context = ReportContext(
        organisation="Agglo <Rives> & Co",
        demarche=PAYLOAD,
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 11, 30),
        respondents_by_structure=[("Commune", 12), ("Entreprise – PME (10–249)", 18)],
        respondents_by_role=[("Pilote ou animateur·rice", 4)],
    )
    cache = ChartCache()
    return organisation_report(
        _results(instrument, 30), instrument, context, lambda d: cache.get_or_render(d, "svg")
    )


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_report_holds_organisation_index_dimensions_and_advice(
    pdf: bytes, instrument: Instrument
) -> None:
    results = _results(instrument, 30)
    text = _flat(_text(pdf))
    assert "Agglo <Rives> & Co" in text
    imc = results.questionnaires["COOP"].index
    assert f"{imc.score:.0f}" in text and "Indice de maturité coopérative" in text
    for dimension in instrument.questionnaires["COOP"].dimensions:
        result = results.questionnaires["COOP"].dimensions[dimension.id]
        assert re.search(rf"{re.escape(dimension.label.fr)} {result.score:.0f}\b", text), (
            dimension.id
        )
        recommendation = dimension.recommendations[result.level].fr
        assert _flat(recommendation)[:60] in text
    for heading in (
        "Sommaire",
        "Priorités et recommandations",
        "Valeurs produites",
        "Note de méthode",
        "Risques de non-coopération signalés",
    ):
        assert heading in text


def test_markup_typed_by_users_comes_out_literally(pdf: bytes) -> None:
    text = _flat(_text(pdf))
    assert "<script>alert(1)</script>" in text
    assert "<b>gras</b>" in text and "$x$" in text


def test_no_active_content_and_french_metadata(pdf: bytes) -> None:
    for marker in (b"/JavaScript", b"/JS", b"/OpenAction", b"/Launch", b"/URI"):
        assert marker not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title.startswith("Auto-diagnostic de maturité coopérative")
    assert reader.metadata.author == "CoopAssess"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("DejaVuSans" in name for name in fonts)
    assert len(reader.pages) >= 6


def test_no_individual_answers(pdf: bytes) -> None:
    text = _text(pdf)
    assert "R1" not in text.split() and "COOP-VIT-01" not in text


def test_below_three_respondents_there_is_no_report(instrument: Instrument) -> None:
    with pytest.raises(ReportError, match="3 répondants"):
        organisation_report(
            _results(instrument, 2), instrument, ReportContext("O", "D"), lambda d: b""
        )


def test_report_command(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    out = tmp_path / "rapport.pdf"
    result = runner.invoke(args=["report", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "Agglomération de Rives-sur-Loire" in _text(out.read_bytes())
    missing = runner.invoke(args=["report", "999", "--out", str(out)])
    assert missing.exit_code == 2 and "introuvable" in missing.output
