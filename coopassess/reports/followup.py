"""The evolution report's section « Ce qui a changé, à côté de ce qui a été fait »: the same rows
as the page (``coopassess.scoring.followup``), one table per step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from coopassess.reports.styles import BODY, CELL, CELL_BOLD, H1, H2, HEADER_BG, SMALL, TABLE
from coopassess.reports.text import safe
from coopassess.scoring.followup import DoneAction, StepFollowup
from coopassess.scoring.rounding import format_signed as signed

PARIS = ZoneInfo("Europe/Paris")
NOTABLE_MARK = "●"
TITLE = "Ce qui a changé, à côté de ce qui a été fait"


def _day(action: DoneAction) -> str:
    return f"{action.done_at.astimezone(PARIS):%d/%m/%Y}"


def _actions(actions: Sequence[DoneAction], about: bool = False) -> str:
    if not actions:
        return "—"
    return "<br/>".join(
        "• "
        + safe(action.title)
        + (f" ({safe(action.about)})" if about else "")
        + (f" — {safe(action.owner)}" if action.owner else "")
        + f", faite le {_day(action)}"
        for action in actions
    )


def section(steps: Sequence[StepFollowup], titles: Mapping[str, str]) -> list[Flowable]:
    """Nothing when there is no step (fewer than two compared campaigns)."""
    if not steps:
        return []
    story: list[Flowable] = [
        CondPageBreak(80 * mm),
        Paragraph(safe(TITLE), H1),
        Paragraph(
            safe(
                "Pour chaque période, l'évolution de chaque dimension (Δ, en points) à côté des "
                "actions du plan d'action marquées « faite » pendant cette période : entre les "
                "résultats de la campagne précédente (son ouverture, pour la première période) "
                "et la dernière réponse de la suivante. Une action reprise d'une campagne à "
                f"l'autre n'est comptée qu'une fois. {NOTABLE_MARK} marque une évolution notable. "
                "Les actions ne prouvent pas l'évolution : elles se lisent à côté."
            ),
            BODY,
        ),
    ]
    for step in steps:
        window = step.window
        start, end = window.start.astimezone(PARIS), window.end.astimezone(PARIS)
        body: list[list[object]] = [
            [
                Paragraph("Dimension", CELL_BOLD),
                Paragraph(safe(f"Δ {window.before} → {window.after}"), CELL_BOLD),
                Paragraph("Actions faites", CELL_BOLD),
            ]
        ]
        spans = []
        for questionnaire, rows in step.groups:
            spans.append(len(body))
            title = Paragraph(safe(titles.get(questionnaire, questionnaire)), CELL_BOLD)
            body.append([title, "", ""])
            for row in rows:
                mark = f" {NOTABLE_MARK}" if row.notable else ""
                body.append(
                    [
                        Paragraph(safe(row.label), CELL),
                        Paragraph(signed(row.delta) + mark, CELL),
                        Paragraph(_actions(row.actions), CELL),
                    ]
                )
        table = Table(body, colWidths=[58 * mm, 26 * mm, 90 * mm], repeatRows=1)
        table.setStyle(TABLE)
        table.setStyle(
            TableStyle(
                [("SPAN", (0, row), (-1, row)) for row in spans]
                + [("BACKGROUND", (0, row), (-1, row), HEADER_BG) for row in spans]
            )
        )
        story += [
            Paragraph(safe(f"De {window.before} à {window.after}"), H2),
            Paragraph(
                safe(f"Actions faites du {start:%d/%m/%Y} au {end:%d/%m/%Y} : {step.done}."),
                SMALL,
            ),
            table,
        ]
        if step.demarche:
            story += [
                Paragraph(safe("Actions faites sur la démarche dans son ensemble"), CELL_BOLD),
                Paragraph(_actions(step.demarche), CELL),
            ]
        if step.elsewhere:
            story += [
                Paragraph(safe("Actions faites sur des thèmes sans score comparé ici"), CELL_BOLD),
                Paragraph(_actions(step.elsewhere, about=True), CELL),
            ]
    return story
