"""The organisation's PDF report: content, escaping, safety, and the CLI."""

from __future__ import annotations

import io
import math
import random
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from pypdf import PdfReader
from reportlab.graphics import shapes

from coopassess.charts import Band, RadarData, Series, coop_radar
from coopassess.charts.pdf.figure import colour
from coopassess.charts.pdf.legend import HANDLE_LENGTH
from coopassess.charts.style import BAND_COLOUR, GRID_COLOUR, SERIES_STYLES
from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.reports import ReportContext, ReportError, organisation_report
from coopassess.reports.drawing import chart_drawing
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
    return organisation_report(_results(instrument, 30), instrument, context)


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
    from coopassess.scoring.rounding import format_score

    assert format_score(imc.score) in text and "Indice de maturité coopérative" in text
    for dimension in instrument.questionnaires["COOP"].dimensions:
        result = results.questionnaires["COOP"].dimensions[dimension.id]
        assert re.search(
            rf"{re.escape(dimension.label.fr)} {re.escape(format_score(result.score))}\b", text
        ), dimension.id
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
        organisation_report(_results(instrument, 2), instrument, ReportContext("O", "D"))


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
    pdf = comparison_report(
        [("T0 <b>mars</b>", first), ("T1 $x$", second)],
        instrument,
        title="Évolution de la maturité coopérative",
        subtitle="Agglo & Co",
    )
    text = _flat(_text(pdf))
    assert "T0 <b>mars</b>" in text and "T1 $x$" in text
    assert "Indice IMC" in text and "Énergie et épanouissement" in text
    from coopassess.scoring.compare import compare
    from coopassess.scoring.rounding import format_signed as signed

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
            title="t",
            subtitle="s",
        )
    with pytest.raises(ReportError, match="2 à 6"):
        comparison_report([("A", results)], instrument, title="t", subtitle="s")


def test_comparison_command(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert runner.invoke(args=["demo"]).exit_code == 0
    out = tmp_path / "comparaison.pdf"
    # Demo campaigns: 1 Rives (territoire), 2 its first campaign, 3 Saint-Aubin (territoire),
    # 4 Métallerie Durand (entreprise), 5 Vallée Verte (territoire).
    result = runner.invoke(args=["comparison", "1", "3", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = _flat(_text(out.read_bytes()))
    assert "Ville de Saint-Aubin-les-Forges" in text and "Comparaison de campagnes" in text
    refused = runner.invoke(args=["comparison", "1", "4", "--out", str(out)])
    assert refused.exit_code == 2 and "types de campagne" in refused.output


@pytest.mark.parametrize(
    ("value", "shown"),
    [(62.5, "62,5"), (68.75, "68,8"), (0.4, "0,4"), (99.96, "100,0"), (None, "n.c.")],
)
def test_report_scores_show_one_decimal_with_a_comma(value: float | None, shown: str) -> None:
    from coopassess.scoring.rounding import format_score as score

    assert score(value) == shown


def test_french_typography_and_escaping() -> None:
    from coopassess.reports.text import NBSP, NNBSP, safe

    assert safe("Priorité : « agir » ; vite ! <b>") == (
        f"Priorité{NBSP}: «{NBSP}agir{NBSP}»{NNBSP}; vite{NNBSP}! &lt;b&gt;"
    )


def test_table_of_contents_gives_each_section_its_page(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    contents = _flat(reader.pages[0].extract_text())
    titles = [item.title for item in reader.outline]
    assert titles[0] == "Coopération — risques et fondamentaux" and titles[-1] == "Note de méthode"
    for item in reader.outline:
        page = reader.get_destination_page_number(item) + 1
        assert page > 1 and item.title in _flat(reader.pages[page - 1].extract_text())
        assert re.search(rf"{re.escape(item.title)}[ .]*{page}\b", contents), item.title


def _drawn(data: RadarData) -> list:
    return chart_drawing(data, 425).contents[0].contents


def _of(data: RadarData, kind: type, **paint: object) -> list:
    """The shapes of a kind drawn for ``data``, with the given colours (hex) or attributes."""
    return [
        shape
        for shape in _drawn(data)
        if isinstance(shape, kind)
        and all(
            getattr(shape, key) == (colour(value) if key.endswith("Color") else value)
            for key, value in paint.items()
        )
    ]


def _texts(data: RadarData) -> list[str]:
    return [shape.text for shape in _of(data, shapes.String)]


def test_pdf_radar_reads_like_the_pages_radar(instrument: Instrument) -> None:
    """Same texts, axes clockwise from the top in the instrument's order, values on the 0–100
    rings, the min–max band, the page's colours."""
    data = coop_radar(_results(instrument, 30), instrument)
    texts = _texts(data)
    for label in data.axes:
        assert set(textwrap.fill(label, 20, break_on_hyphens=False).split("\n")) <= set(texts)
    expected = {data.title, data.subtitle, "Score de l’organisation", data.band.name}
    assert expected | {"20", "40", "60", "80", "100", "N1", "N5"} <= set(texts)
    rings = _of(data, shapes.PolyLine, strokeColor=GRID_COLOUR)
    outer = max(rings, key=lambda ring: abs(ring.points[1]))
    xs, ys = outer.points[0:-2:2], outer.points[1:-2:2]
    centre = (sum(xs) / len(xs), sum(ys) / len(ys))
    radius = math.dist(centre, outer.points[:2])
    line = _of(data, shapes.PolyLine, strokeColor=SERIES_STYLES[0].colour)[0]
    vertices = list(zip(line.points[0::2], line.points[1::2], strict=True))
    assert len(vertices) == len(data.axes) + 1 and vertices[0] == vertices[-1]
    for index, (vertex, value) in enumerate(zip(vertices, data.series[0].values, strict=False)):
        dx, dy = vertex[0] - centre[0], vertex[1] - centre[1]
        assert math.hypot(dx, dy) / radius == pytest.approx(value / 100, abs=1e-6)
        angle = math.atan2(dx, dy) % (2 * math.pi)
        assert angle == pytest.approx(2 * math.pi * index / len(data.axes), abs=1e-6)
    (band,) = _of(data, shapes.Path, fillColor=BAND_COLOUR)
    assert band.fillOpacity == 0.2 and band.fillMode == shapes.FILL_EVEN_ODD
    points = list(zip(band.points[0::2], band.points[1::2], strict=True))
    for point, high in zip(points, data.band.high, strict=False):
        assert math.dist(centre, point) / radius == pytest.approx(high / 100, abs=1e-6)


def test_pdf_bars_keep_scores_gaps_and_hatching() -> None:
    data = RadarData(
        "Barres",
        ("Court", "Long"),
        (Series("S", (50.0, None)), Series("T", (5.0, 70.0), 1)),
        Band("Étendue", (40.0, None), (60.0, None)),
        kind="bars",
    )
    texts = _texts(data)
    assert {"Barres", "Court", "Long", "50,0", "5,0", "70,0", "S", "T", "Étendue"} <= set(texts)
    assert texts.count("n.c.") == 1
    plain, hatched = (
        [bar.width for bar in _of(data, shapes.Rect, fillColor=style.colour)]
        for style in SERIES_STYLES[:2]
    )
    (fifty,) = [width for width in plain if width != HANDLE_LENGTH]  # not the legend's swatch
    five, seventy = sorted(width for width in hatched if width != HANDLE_LENGTH)
    assert five / seventy == pytest.approx(5 / 70) and fifty / seventy == pytest.approx(50 / 70)
    hatching = _of(data, shapes.Path, strokeColor="#FFFFFF", strokeWidth=0.8)
    assert len(hatching) == 3  # the two bars of T and its legend swatch


def test_pdf_charts_are_kept_by_content() -> None:
    def data(score: float) -> RadarData:
        return RadarData("R", ("A", "B", "C"), (Series("S", (score, 20.0, 30.0)),))

    assert chart_drawing(data(10.0), 425) is chart_drawing(data(10.0), 425)
    assert chart_drawing(data(10.0), 425) is not chart_drawing(data(11.0), 425)


def test_comparison_columns_are_coded_when_labels_are_long() -> None:
    from coopassess.reports.comparison import column_labels

    assert column_labels(["T0 — 03/2024", "T1 — 03/2025"]) == ["T0 — 03/2024", "T1 — 03/2025"]
    long = ["Ville de Brest — Réemploi BTP", "T1"]
    assert column_labels(long) == ["C1", "C2"]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Oui ; si possible", "Oui\u202f; si possible"),
        ("Pourquoi ?", "Pourquoi\u202f?"),
        ("Note : voir", "Note\u00a0: voir"),
        ("« Je ne sais pas »", "«\u00a0Je ne sais pas\u00a0»"),
        ("30 % des réponses", "30\u00a0% des réponses"),
        ("10 points, 25 minutes", "10\u00a0points, 25\u00a0minutes"),
        ("https://x.fr/?a=1:2", "https://x.fr/?a=1:2"),  # nothing to do without a space
        ("Heure: 10:30", "Heure: 10:30"),  # a colon glued to its word is left alone
    ],
)
def test_one_typography_rule_for_every_text(text: str, shown: str) -> None:
    from coopassess.common.typography import french

    assert french(text) == shown
    assert french(shown) == shown  # idempotent


def test_the_method_note_says_who_sees_individual_answers(pdf: bytes) -> None:
    text = _flat(_text(pdf)).replace("\u00a0", " ")
    assert "ne contiennent aucune réponse individuelle" in text
    assert (
        "Les consultants qui accompagnent l'organisation lisent les réponses individuelles sous "
        "un pseudonyme, avec le profil du répondant, pour contrôler la qualité des données"
    ) in text
    assert "aucune page ni aucun export ne montre le lien entre une adresse e-mail" in text
