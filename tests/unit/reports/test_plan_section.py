"""The report's « Plan d'action » section: after the recommendations when the plan has
actions, absent when it is empty; everything typed escaped."""

from __future__ import annotations

import io
import random
from datetime import date

import pytest
from pypdf import PdfReader

from coopassess.demo.responses import ORGANISATIONS, demo_response
from coopassess.instrument.registry import default_registry
from coopassess.reports import ReportContext, organisation_report
from coopassess.reports.plan import PlanLine
from coopassess.scoring import RespondentAnswers, score_campaign


def plan_line(number: int, **changes: object) -> PlanLine:
    fields: dict[str, object] = {
        "id": number,
        "questionnaire": "COOP",
        "dimension": "COOP.VIT",
        "dimension_label": "Énergie et épanouissement",
        "title": f"Action numéro {number}",
        "description": "",
        "owner": "Service développement",
        "due_on": date(2027, 6, 30),
        "status": "planned",
        "status_label": "à lancer",
        "notes": "",
        "overdue": False,
        "created_on": date(2026, 12, 1),
        "updated_on": date(2026, 12, 1),
    }
    fields.update(changes)
    return PlanLine(**fields)


@pytest.fixture(scope="module")
def scored():
    instrument = default_registry().current()
    rng = random.Random(5)
    respondents = [
        RespondentAnswers(f"R{i}", *demo_response(instrument, ORGANISATIONS[0], i, rng))
        for i in range(8)
    ]
    return instrument, score_campaign(instrument, respondents, "territoire")


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def test_section_present_after_the_recommendations(scored) -> None:
    instrument, results = scored
    lines = [
        plan_line(1, title='<script>alert("x")</script> & <b>gras</b>', overdue=True),
        plan_line(
            2,
            dimension=None,
            questionnaire=None,
            dimension_label="La démarche dans son ensemble",
            title="Atelier de restitution",
            description="Première ligne\nSeconde ligne\x0b",
            notes='=HYPERLINK("x")\x01',
            status="done",
            status_label="faite",
            due_on=None,
        ),
    ]
    context = ReportContext(organisation="Agglo", demarche="Réemploi", actions=lines)
    text = _text(organisation_report(results, instrument, context))
    assert "Plan d'action" in text
    plan = text[text.rindex("Plan d'action") :]
    assert text.index("Priorités et recommandations") < text.rindex("Plan d'action")
    assert '<script>alert("x")</script> & <b>gras</b>' in plan  # shown as typed, not markup
    assert "30/06/2027 (en retard)" in plan
    assert "La démarche dans son ensemble" in plan and "faite" in plan
    assert "Première ligne Seconde ligne" in plan
    assert '=HYPERLINK("x")' in plan and "\x01" not in plan
    assert "Note de méthode" in plan  # the method note still closes the report


def test_section_absent_when_the_plan_is_empty(scored) -> None:
    instrument, results = scored
    context = ReportContext(organisation="Agglo", demarche="Réemploi")
    text = _text(organisation_report(results, instrument, context))
    assert "Plan d'action" not in text and "Porteur" not in text


def test_twenty_actions_with_long_texts_lay_out(scored) -> None:
    """Long descriptions run over page breaks (paragraphs, never a table cell)."""
    instrument, results = scored
    lines = [
        plan_line(n, description="Texte long. " * 400, notes="Suivi. " * 300) for n in range(20)
    ]
    context = ReportContext(organisation="Agglo", demarche="Réemploi", actions=lines)
    text = _text(organisation_report(results, instrument, context))
    assert "Action numéro 19" in text and "Détail des actions" in text
