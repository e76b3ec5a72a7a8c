"""Rendering: valid SVG/PNG/PDF, text kept as text and literal, deterministic, nothing leaked."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import matplotlib
import pytest

from coopassess.charts import (
    ChartDataError,
    RadarData,
    Series,
    coop_radar,
    describe,
    module_radar,
    overlay_radar,
    render,
    values_radar,
)
from tests.fixtures.charts import instrument, results

SVG = "{http://www.w3.org/2000/svg}"
TRICKY = "$x$ <b>Café</b> \\n 100 % & « Œuvre »"


def svg_texts(content: bytes) -> list[str]:
    root = ET.fromstring(content)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", content[16:24])


def test_svg_is_xml_with_accents_as_text_and_an_accessible_name() -> None:
    content = render(coop_radar(results(), instrument()), "svg")
    root = ET.fromstring(content)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Maturité coopérative"
    assert (
        "Énergie et épanouissement : Score de l’organisation 68,8" in root.find(f"{SVG}desc").text
    )
    texts = " ".join(svg_texts(content))
    assert "Énergie et" in texts and "épanouissement" in texts
    assert "Œuvre commune et" in texts
    assert "(n.c.)" in texts  # COOP.RES is null: marked on its axis
    assert "IMC : 62,9 — Coopération · 6 répondant·es" in texts


def test_user_text_draws_literally() -> None:
    content = render(overlay_radar([(TRICKY, results())], instrument()), "svg")
    texts = svg_texts(content)
    assert any("$x$ <b>Café</b> \\n 100 % & « Œuvre »" in text for text in texts)
    assert b"<b>" not in content  # escaped in the file, never markup


def test_svg_is_deterministic() -> None:
    data = values_radar(results(), instrument())
    assert render(data, "svg") == render(data, "svg")


def test_png_resolution_follows_dpi() -> None:
    data = coop_radar(results(), instrument())
    assert png_size(render(data, "png", size=(4, 3))) == (800, 600)  # 200 dpi by default
    assert png_size(render(data, "png", dpi=300, size=(4, 3))) == (1200, 900)


def test_pdf_is_vector_with_embedded_text() -> None:
    content = render(module_radar(results(), instrument(), "ACH"), "pdf")
    assert content.startswith(b"%PDF-")
    assert b"/FontFile2" in content  # TrueType embedded: accents copy and print


def test_bars_show_values_and_nulls() -> None:
    texts = svg_texts(render(module_radar(results(), instrument(), "ACH"), "svg"))
    assert "90,0" in texts and "n.c." in texts
    assert "N5" in texts
    assert any("Étendue des réponses" in text for text in texts)


def test_series_with_no_value_still_appears_in_the_legend() -> None:
    data = RadarData("Vide", ("a", "b", "c"), (Series("Rien", (None, None, None)),))
    assert "Rien (n.c.)" in svg_texts(render(data, "svg"))


def test_house_style_does_not_leak() -> None:
    before = (matplotlib.rcParams["text.parse_math"], matplotlib.rcParams["svg.fonttype"])
    render(coop_radar(results(), instrument()), "svg")
    after = (matplotlib.rcParams["text.parse_math"], matplotlib.rcParams["svg.fonttype"])
    assert after == before


def test_bad_format_and_resolution_are_refused() -> None:
    data = coop_radar(results(), instrument())
    with pytest.raises(ChartDataError, match="format"):
        render(data, "gif")  # type: ignore[arg-type]
    with pytest.raises(ChartDataError, match="dpi"):
        render(data, "png", dpi=10)


def test_describe_reads_every_axis() -> None:
    text = describe(values_radar(results(), instrument()))
    assert text.startswith("Valeurs produites — 6 répondant·es. ")
    assert "Innovation : Constaté n.c., Attendu 70" in text
