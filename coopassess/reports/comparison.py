"""The consultant's comparison report: 2 to 6 campaigns side by side, or one organisation over
time (T0, T1…). Pure: labelled Results in, PDF bytes out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from coopassess.charts import MAX_SERIES, overlay_radar
from coopassess.charts.pdf.fonts import register
from coopassess.instrument.schema import Instrument
from coopassess.reports import method
from coopassess.reports.document import build, table_of_contents
from coopassess.reports.drawing import chart_flowable
from coopassess.reports.followup import section as followup_section
from coopassess.reports.organisation import ReportError
from coopassess.reports.styles import BODY, CELL, CELL_BOLD, H1, SMALL, SUBTITLE, TABLE, TITLE
from coopassess.reports.text import safe
from coopassess.scoring.compare import ComparisonError, DimensionDelta, compare
from coopassess.scoring.followup import StepFollowup
from coopassess.scoring.results import Results
from coopassess.scoring.rounding import NOT_COMPUTABLE
from coopassess.scoring.rounding import format_score as score
from coopassess.scoring.rounding import format_signed as signed

NOTABLE_MARK = "●"
TABLE_WIDTH = 174 * mm
SHORT_LABEL = 16  # characters a column header holds on a line or two


def comparison_report(
    labelled: Sequence[tuple[str, Results]],
    instrument: Instrument,
    *,
    title: str,
    subtitle: str,
    generated_on: date | None = None,
    evolution: bool = True,
    followup: Sequence[StepFollowup] = (),
) -> bytes:
    """Side-by-side report; the first campaign is the reference of every Δ. Campaigns of
    several organisations (``evolution=False``) are a comparison: their gaps read « écart à
    C1 » and a large one is an « écart notable », never an « évolution ». ``followup``: the
    evolution's steps beside the actions done (``coopassess.reports.followup``)."""
    register()
    if not 2 <= len(labelled) <= MAX_SERIES:
        raise ReportError(f"Une comparaison porte sur 2 à {MAX_SERIES} campagnes.")
    try:
        comparison = compare([results for _, results in labelled])
    except ComparisonError as error:
        raise ReportError(str(error)) from None
    labels = column_labels([label for label, _ in labelled])
    story: list[Flowable] = _cover(
        labelled, labels, instrument, title, subtitle, generated_on, evolution
    )
    for qid in labelled[0][1].questionnaires:
        if qid == "VAL":
            continue
        rows = [row for row in comparison.rows if row.questionnaire == qid]
        story += _questionnaire(labelled, instrument, qid, rows, labels, evolution)
    story += _values(labelled, instrument, labels)
    titles = {qid: q.title.fr for qid, q in instrument.questionnaires.items()}
    story += followup_section(followup, titles)
    story += method.section(instrument)
    return build(
        story,
        title=title,
        running_header=f"{title} — {subtitle}",
        author="CoopAssess",
        subject=subtitle,
    )


def column_labels(labels: Sequence[str]) -> list[str]:
    """The labels as table columns: themselves when short (T0 — 03/2024), otherwise C1, C2…
    (an organisation and its démarche would wrap into an unreadable narrow column); the cover
    table gives the key."""
    if all(len(label) <= SHORT_LABEL for label in labels):
        return list(labels)
    return [f"C{position}" for position in range(1, len(labels) + 1)]


def _cover(
    labelled: Sequence[tuple[str, Results]],
    columns: Sequence[str],
    instrument: Instrument,
    title: str,
    subtitle: str,
    generated_on: date | None,
    evolution: bool,
) -> list[Flowable]:
    rows: list[list[object]] = [["Campagne", "Répondants", "IMC", "Niveau"]]
    for (label, results), column in zip(labelled, columns, strict=True):
        if column != label:
            label = f"{column} — {label}"
        coop = results.questionnaires.get("COOP")
        index = coop.index if coop else None
        level = instrument.level_for(index.score) if index else None
        rows.append(
            [
                Paragraph(safe(label), CELL),
                str(results.n_respondents),
                score(index.score if index else None),
                Paragraph(safe(f"{level.code} · {level.name.fr}" if level else "—"), CELL),
            ]
        )
    table = Table(rows, colWidths=[90 * mm, 25 * mm, 20 * mm, 39 * mm], repeatRows=1)
    table.setStyle(TABLE)
    day = (generated_on or date.today()).strftime("%d/%m/%Y")
    first = labelled[0][1]
    return [
        Spacer(1, 20 * mm),
        Paragraph(safe(title), TITLE),
        Paragraph(safe(subtitle), SUBTITLE),
        table,
        Spacer(1, 4 * mm),
        Paragraph(
            safe(
                f"Instrument {first.instrument_version}, campagnes de type {first.target}. "
                f"Les écarts (Δ) sont calculés par rapport à « {labelled[0][0]} » ; "
                f"{NOTABLE_MARK} marque {'une évolution' if evolution else 'un écart'} notable "
                "(au moins 10 points, et au moins 3 répondants de part et d'autre). "
                f"Rapport établi le {day}."
            ),
            BODY,
        ),
        Spacer(1, 6 * mm),
        table_of_contents(),
        PageBreak(),
    ]


def _questionnaire(
    labelled: Sequence[tuple[str, Results]],
    instrument: Instrument,
    qid: str,
    rows: Sequence[DimensionDelta],
    labels: Sequence[str],
    evolution: bool,
) -> list[Flowable]:
    questionnaire = instrument.questionnaires[qid]
    # The legend names each series as the table's columns do (C1 — …) when they are coded.
    series = [
        (label if column == label else f"{column} — {label}", results)
        for (label, results), column in zip(labelled, labels, strict=True)
    ]
    chart = overlay_radar(series, instrument, qid)
    return [
        CondPageBreak(140 * mm),
        Paragraph(safe(questionnaire.title.fr), H1),
        chart_flowable(chart, width=135 * mm),
        Spacer(1, 3 * mm),
        # Above the table, so that it never stands alone on the next page.
        Paragraph(
            safe(
                "Score sur 100 et niveau ; sous le score, "
                + ("l'évolution depuis " if evolution else "l'écart à ")
                + f"{labels[0]}."
            ),
            SMALL,
        ),
        _delta_table(
            instrument, rows, labels, evolution, [qid in r.questionnaires for _, r in labelled]
        ),
    ]


def _values(
    labelled: Sequence[tuple[str, Results]], instrument: Instrument, labels: Sequence[str]
) -> list[Flowable]:
    """Values produced (VAL): constaté and attendu of each family per campaign."""
    questionnaire = instrument.questionnaires.get("VAL")
    if questionnaire is None or not any("VAL" in r.questionnaires for _, r in labelled):
        return []
    header = [Paragraph("Famille de valeurs", CELL_BOLD)] + [
        Paragraph(safe(label), CELL_BOLD) for label in labels
    ]
    body: list[list[object]] = [header]
    for family in questionnaire.dimensions:
        cells: list[object] = [Paragraph(safe(family.label.fr), CELL)]
        for _, results in labelled:
            scored = results.questionnaires.get("VAL")
            found = scored.families.get(family.id) if scored else None
            if scored is None:
                text = "<i>non demandé</i>"
            elif found is None:
                text = NOT_COMPUTABLE
            else:
                text = f"C {score(found.observed)}<br/>A {score(found.expected)}"
                if found.quadrant:
                    text += f"<br/>{safe(found.quadrant)}"
            cells.append(Paragraph(text, CELL))
        body.append(cells)
    first = 58 * mm
    other = (TABLE_WIDTH - first) / len(labels)
    table = Table(body, colWidths=[first] + [other] * len(labels), repeatRows=1)
    table.setStyle(TABLE)
    return [
        CondPageBreak(60 * mm),
        Paragraph(safe(questionnaire.title.fr), H1),
        Paragraph(
            "C : contribution constatée ; A : contribution attendue, sur 100. Priorité : "
            "attendue mais pas encore constatée ; Acquis : attendue et constatée ; Valeur "
            "inattendue : constatée sans être attendue ; Secondaire : ni l'une ni l'autre.",
            SMALL,
        ),
        table,
    ]


def _delta_table(
    instrument: Instrument,
    rows: Sequence[DimensionDelta],
    labels: Sequence[str],
    evolution: bool,
    asked: Sequence[bool],
) -> Table:
    header = [Paragraph("Dimension", CELL_BOLD)] + [
        Paragraph(safe(label), CELL_BOLD) for label in labels
    ]
    body: list[list[object]] = [header]
    for row in rows:
        dimension = instrument.dimensions_by_id.get(row.id)
        name = dimension.label.fr if dimension else f"Indice {row.id}"
        cells: list[object] = [Paragraph(safe(name), CELL_BOLD if not dimension else CELL)]
        for position, value in enumerate(row.scores):
            if not asked[position]:
                cells.append(Paragraph("<i>non demandé</i>", CELL))
                continue
            level = instrument.level_for(value)
            text = score(value) + (f" · {level.code}" if level else "")
            delta = row.deltas[position]
            if position and delta is not None:
                mark = f" {NOTABLE_MARK}" if row.notable[position] else ""
                text += f"<br/>{'Δ' if evolution else 'écart'} {signed(delta)}{mark}"
            cells.append(Paragraph(text, CELL))
        body.append(cells)
    first = 58 * mm
    other = (TABLE_WIDTH - first) / len(labels)
    table = Table(body, colWidths=[first] + [other] * len(labels), repeatRows=1)
    table.setStyle(TABLE)
    return table
