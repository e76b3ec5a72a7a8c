"""« Ce que disent les répondants » in the organisation's report (pure): the quoted comments,
unsigned, every hostile text drawn as text; no section when nothing is quoted."""

from __future__ import annotations

import io
import random
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from coopassess.common.comments import QuotedComment
from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.instrument.registry import default_registry
from coopassess.reports import ReportContext, organisation_report
from coopassess.reports.organisation import quote_markup
from coopassess.scoring import RespondentAnswers, score_campaign
from coopassess.scoring.results import Results
from tests.fixtures.comments import STORED


def _results(count: int = 5) -> Results:
    instrument = default_registry().current()
    rng = random.Random(3)
    people = [
        RespondentAnswers(f"R{i}", *demo_response(instrument, ORGANISATIONS[0], i, rng))
        for i in range(count)
    ]
    return score_campaign(instrument, people, "territoire")


def _report(quotes: list[QuotedComment]) -> bytes:
    context = ReportContext(organisation="Agglo", demarche="Réemploi", quoted_comments=quotes)
    return organisation_report(_results(), default_registry().current(), context)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    title = "Coopération — risques et fondamentaux"
    quotes = [QuotedComment("COOP", title, text) for text in STORED.values() if text]
    quotes.append(QuotedComment("VAL", "Valeurs produites", "Deux lignes\nseconde ligne"))
    return _report(quotes)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_section_lists_the_quotes_under_their_questionnaire(pdf: bytes) -> None:
    pages = _pages(pdf)
    assert "Ce que disent les répondants" in pages[0]  # in the table of contents
    section = next(page for page in pages[1:] if "Ce que disent les répondants" in page)
    assert "cités sans signature" in section and "Valeurs produites" in section
    assert "R1" not in "".join(pages[pages.index(section) :])


def test_every_payload_is_drawn_as_text(pdf: bytes) -> None:
    text = "".join(_pages(pdf))
    flat = _flat(text)
    for name in ("script", "attribute", "hyperlink", "plus", "at", "minus", "controls"):
        assert _flat(STORED[name]) in flat, name
    assert _flat("Mot" + "x" * 700 + "fin") in flat  # split over lines, never lost
    assert not any(chr(code) in text for code in range(0x00, 0x09))
    assert "\u202e" not in text and "Ceci est inversé puis normal" in text
    assert "merci" in text and "émoji" in text


def test_pdftotext_reads_the_same_text(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "rapport.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "<script>alert('xss')</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "=HYPERLINK(" in text


def test_markup_is_escaped_and_line_breaks_kept() -> None:
    assert quote_markup("<b>a</b> & b\nc") == "&lt;b&gt;a&lt;/b&gt; &amp; b<br/>c"
    assert quote_markup("x\u202ey\u2066z") == "xyz"


def test_no_quote_no_section() -> None:
    assert not any("Ce que disent les répondants" in page for page in _pages(_report([])))
