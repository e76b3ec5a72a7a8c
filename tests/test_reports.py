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


def test_comparison_report_side_by_side(instrument: Instrument) -> None:
    from coopassess.reports import comparison_report

    first, second = _results(instrument, 6), _results(instrument, 12)
    cache = ChartCache()
    pdf = comparison_report(
        [("T0 <b>mars</b>", first), ("T1 $x$", second)],
        instrument,
        lambda d: cache.get_or_render(d, "svg"),
        title="Évolution de la maturité coopérative",
        subtitle="Agglo & Co",
    )
    text = _flat(_text(pdf))
    assert "T0 <b>mars</b>" in text and "T1 $x$" in text
    assert "Indice IMC" in text and "Énergie et épanouissement" in text
    from coopassess.reports.text import signed
    from coopassess.scoring.compare import compare

    imc_row = compare([first, second]).rows[0]
    assert imc_row.id == "IMC"
    assert f"Δ {signed(imc_row.deltas[1])}" in text
    assert b"/JavaScript" not in pdf


def test_comparison_refuses_other_targets_and_counts(instrument: Instrument) -> None:
    from dataclasses import replace

    from coopassess.reports import comparison_report

    results = _results(instrument, 4)
    with pytest.raises(ReportError, match="types de campagne"):
        comparison_report(
            [("A", results), ("B", replace(results, target="entreprise"))],
            instrument,
            lambda d: b"",
            title="t",
            subtitle="s",
        )
    with pytest.raises(ReportError, match="2 à 6"):
        comparison_report([("A", results)], instrument, lambda d: b"", title="t", subtitle="s")


def test_comparison_command(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    out = tmp_path / "comparaison.pdf"
    result = runner.invoke(args=["comparison", "1", "2", "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = _flat(_text(out.read_bytes()))
    assert "Ville de Saint-Aubin-les-Forges" in text and "Comparaison de campagnes" in text
    refused = runner.invoke(args=["comparison", "1", "3", "--out", str(out)])
    assert refused.exit_code == 2 and "types de campagne" in refused.output


@pytest.mark.parametrize(
    ("value", "shown"), [(62.5, "63"), (68.8, "69"), (0.4, "0"), (99.5, "100"), (None, "n.c.")]
)
def test_scores_display_as_integers_rounded_half_up(value: float | None, shown: str) -> None:
    from coopassess.reports.text import score

    assert score(value) == shown


def test_french_typography_and_escaping() -> None:
    from coopassess.reports.text import NBSP, NNBSP, safe

    assert safe("Priorité : « agir » ; vite ! <b>") == (
        f"Priorité{NBSP}: «{NBSP}agir{NBSP}»{NNBSP}; vite{NNBSP}! &lt;b&gt;"
    )
