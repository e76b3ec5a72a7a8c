"""The action plan as plain data (:class:`PlanLine`, what the pages, the PDF and the exports
show) and its section of the organisation's report: a summary table, then the description and
notes of each action that has some (paragraphs, which may run over a page break, where a table
cell could not)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from coopassess.reports.styles import ACCENT, BODY, CELL, CELL_BOLD, H1, H2, H3, SMALL, TABLE
from coopassess.reports.text import safe


@dataclass(frozen=True, slots=True)
class PlanLine:
    id: int
    questionnaire: str | None
    dimension: str | None  # None: the démarche as a whole
    dimension_label: str
    title: str
    description: str
    owner: str
    due_on: date | None
    status: str  # planned | in_progress | done | dropped
    status_label: str  # « à lancer »…
    notes: str
    overdue: bool  # past its due date and still open
    created_on: date
    updated_on: date
    done_on: date | None = None


def due_text(line: PlanLine) -> str:
    if line.due_on is None:
        return "—"
    return f"{line.due_on:%d/%m/%Y}" + (" (en retard)" if line.overdue else "")


def plan_section(lines: Sequence[PlanLine]) -> list[Flowable]:
    """« Plan d'action »; nothing at all for an empty plan."""
    if not lines:
        return []
    story: list[Flowable] = [
        CondPageBreak(80 * mm),
        Paragraph("Plan d'action", H1),
        Paragraph(
            safe(
                f"{len(lines)} action{'s' if len(lines) > 1 else ''} décidée"
                f"{'s' if len(lines) > 1 else ''} par le collectif à la lecture de ces "
                "résultats, chacune rattachée à une dimension ou à la démarche dans son ensemble."
            ),
            BODY,
        ),
    ]
    rows: list[list[object]] = [["Dimension", "Action", "Porteur", "Échéance", "Statut"]]
    overdue_rows = []
    for number, line in enumerate(lines, start=1):
        rows.append(
            [
                Paragraph(safe(line.dimension_label), CELL),
                Paragraph(safe(line.title), CELL_BOLD),
                Paragraph(safe(line.owner or "—"), CELL),
                # Plain strings where nothing wraps: far cheaper than a Paragraph.
                due_text(line).replace(" (", "\n("),
                line.status_label,
            ]
        )
        if line.overdue:
            overdue_rows.append(number)
    table = Table(
        rows, colWidths=[40 * mm, 62 * mm, 30 * mm, 24 * mm, 18 * mm], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(TABLE)
    table.setStyle(TableStyle([("TEXTCOLOR", (3, row), (3, row), ACCENT) for row in overdue_rows]))
    story.append(table)
    detailed = [line for line in lines if line.description or line.notes]
    if detailed:
        story.append(Paragraph("Détail des actions", H2))
    for line in detailed:
        story.append(Paragraph(safe(line.title), H3))
        story.append(
            Paragraph(
                safe(f"{line.dimension_label} · {line.status_label} · échéance {due_text(line)}"),
                SMALL,
            )
        )
        if line.description:
            story += [Paragraph(_lines(line.description), BODY)]
        if line.notes:
            story += [Paragraph("<b>Notes\u00a0:</b> " + _lines(line.notes), BODY)]
    return story


def _lines(text: str) -> str:
    """Escaped text whose line breaks stay line breaks."""
    return "<br/>".join(safe(part) for part in text.split("\n"))
