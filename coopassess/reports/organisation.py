"""The organisation's report (scoring-model §13): what a collectivité brings to its elected
officials. Pure: Results + instrument + context in, PDF bytes out. No individual answers; the
comments a consultant chose to quote, unsigned, in « Ce que disent les répondants »."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from coopassess.charts import dimension_radar, values_radar
from coopassess.charts.pdf.fonts import drawable_characters, register
from coopassess.common.comments import QUOTED_INTRO, QUOTED_TITLE, QuotedComment
from coopassess.instrument.schema import Instrument
from coopassess.reports import method
from coopassess.reports.document import build, table_of_contents
from coopassess.reports.drawing import chart_flowable
from coopassess.reports.plan import PlanLine, plan_section
from coopassess.reports.styles import (
    BODY,
    BRAND,
    CELL,
    CELL_BOLD,
    FLAG,
    H1,
    H2,
    H3,
    INDEX_LABEL,
    INDEX_VALUE,
    LEVEL_COLOURS,
    QUOTE,
    SMALL,
    SUBTITLE,
    TABLE,
    TITLE,
)
from coopassess.reports.text import safe
from coopassess.scoring.labels import agreement_label, agreement_legend, quadrant_legend
from coopassess.scoring.results import QuestionnaireResult, Results
from coopassess.scoring.rounding import format_score as score
from coopassess.scoring.rounding import format_signed as signed
from coopassess.scoring.texts import Advice, DimensionAdvice

TARGET_LABELS = {"territoire": "territoire", "entreprise": "entreprise"}


class ReportError(ValueError):
    """The report cannot be produced (message in French)."""


@dataclass(frozen=True)
class ReportContext:
    organisation: str
    demarche: str
    opens_on: date | None = None
    closes_on: date | None = None
    respondents_by_structure: Sequence[tuple[str, int]] = ()
    respondents_by_role: Sequence[tuple[str, int]] = ()
    indicators: Sequence[tuple[str, str]] = ()  # (label, value with unit)
    # Comments marked « à citer » (coopassess.campaigns.comments.quoted_comments): no author.
    quoted_comments: Sequence[QuotedComment] = ()
    actions: Sequence[PlanLine] = ()  # the campaign's action plan, its own section when any
    generated_on: date = field(default_factory=date.today)


def organisation_report(results: Results, instrument: Instrument, context: ReportContext) -> bytes:
    register()  # paragraphs resolve their font as soon as they are made
    minimum = instrument.parameters.min_respondents_aggregate
    if results.n_respondents < minimum:
        raise ReportError(
            f"Le rapport n'est produit qu'à partir de {minimum} répondants "
            f"({results.n_respondents} à ce jour)."
        )
    texts = Advice.of(results, instrument)
    # The cover ends with the table of contents. A long cover pushes the contents onto page 2:
    # the first section then follows on that page rather than leaving it almost empty.
    story: list[Flowable] = [*_cover(results, instrument, context), CondPageBreak(150 * mm)]
    for qid in results.questionnaires:
        if qid == "VAL":
            story += _values_section(results, instrument, texts, context)
        else:
            story += _dimensions_section(results, instrument, texts, qid)
            if qid == "COOP":
                story += _priorities_section(results, texts)
    story += _quoted_section(context.quoted_comments)
    story += plan_section(context.actions)
    story += method.section(instrument)
    return build(
        story,
        title=f"Auto-diagnostic de maturité coopérative — {context.demarche}",
        running_header=f"{context.organisation} — {context.demarche}",
        author="CoopAssess",
        subject=f"Résultats de la démarche « {context.demarche} »",
    )


def _cover(results: Results, instrument: Instrument, context: ReportContext) -> list[Flowable]:
    period = " – ".join(d.strftime("%d/%m/%Y") for d in (context.opens_on, context.closes_on) if d)
    modules = ", ".join(
        f"{instrument.questionnaires[q].title.fr} ({q})" for q in results.questionnaires
    )
    facts = [
        ("Organisation", context.organisation),
        ("Démarche", context.demarche),
        *([("Période de la campagne", period)] if period else []),
        ("Type de campagne", TARGET_LABELS.get(results.target, results.target)),
        ("Répondants", str(results.n_respondents)),
        ("Questionnaires", modules),
        ("Version de l'instrument", instrument.version),
        ("Rapport établi le", context.generated_on.strftime("%d/%m/%Y")),
    ]
    story: list[Flowable] = [
        Spacer(1, 25 * mm),
        Paragraph("Auto-diagnostic de maturité coopérative", TITLE),
        Paragraph(safe(f"« {context.demarche} » — {context.organisation}"), SUBTITLE),
        _key_values(facts),
        Spacer(1, 6 * mm),
    ]
    for title, counts in (
        ("Répondants par type de structure", context.respondents_by_structure),
        ("Répondants par rôle dans la démarche", context.respondents_by_role),
    ):
        if counts:
            story.append(Paragraph(title, H3))
            story.append(_key_values([(label, str(n)) for label, n in counts], widths=(120, 30)))
    story += [Spacer(1, 8 * mm), Paragraph("Sommaire", H2), table_of_contents()]
    return story


def _key_values(rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (45, 125)) -> Table:
    table = Table(
        [[Paragraph(safe(k), CELL_BOLD), Paragraph(safe(v), CELL)] for k, v in rows],
        colWidths=[w * mm for w in widths],
        hAlign="LEFT",
    )
    table.setStyle(TABLE)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), None)]))
    return table


def _index_badge(scored: QuestionnaireResult, instrument: Instrument) -> Table:
    index = scored.index
    level = instrument.level_for(index.score) if index and index.score is not None else None
    label = instrument.questionnaires[scored.id].index
    caption = f"{label.label.fr} ({index.code}) sur 100" if label and index else ""
    level_text = f"{level.code} · {level.name.fr}" if level else "non calculable"
    badge = Table(
        [
            [Paragraph(score(index.score if index else None), INDEX_VALUE)],
            [Paragraph(safe(caption), INDEX_LABEL)],
            [Paragraph(safe(level_text), INDEX_LABEL)],
        ],
        colWidths=[70 * mm],
        hAlign="LEFT",
    )
    badge.setStyle(
        TableStyle([("BACKGROUND", (0, 0), (-1, -1), BRAND), ("TOPPADDING", (0, 0), (-1, -1), 4)])
    )
    return badge


def _level_cell(code: str | None, name: str | None) -> Paragraph:
    if not code:
        return Paragraph("non calculable", CELL)
    colour = LEVEL_COLOURS[code].hexval()[2:]
    return Paragraph(f'<font color="#{colour}"><b>{code}</b> · {safe(name)}</font>', CELL)


def _dimension_table(scored: QuestionnaireResult, instrument: Instrument, qid: str) -> Table:
    header = ["Dimension", "Score", "Niveau", "Accord", "n"]
    rows: list[list[object]] = [header]
    for dimension in instrument.questionnaires[qid].dimensions:
        result = scored.dimensions.get(dimension.id)
        if result is None:
            continue
        level = instrument.level_for(result.score)
        rows.append(
            [
                Paragraph(safe(dimension.label.fr), CELL),
                score(result.score),
                _level_cell(result.level, level.name.fr if level else None),
                agreement_label(result.agreement) or "—",
                str(result.n),
            ]
        )
    table = Table(rows, colWidths=[62 * mm, 16 * mm, 48 * mm, 34 * mm, 12 * mm], repeatRows=1)
    table.setStyle(TABLE)
    return table


def _legend(entries: Sequence[tuple[str, str]]) -> Paragraph:
    """The rule of each category in plain words, under the table that shows them."""
    return Paragraph(
        " ".join(f"<b>{safe(name)}</b>\u00a0: {safe(rule)}" for name, rule in entries), SMALL
    )


def _dimensions_section(
    results: Results,
    instrument: Instrument,
    texts: Advice,
    qid: str,
) -> list[Flowable]:
    questionnaire = instrument.questionnaires[qid]
    scored = results.questionnaires[qid]
    story: list[Flowable] = [CondPageBreak(120 * mm), Paragraph(safe(questionnaire.title.fr), H1)]
    if qid == "COOP":
        for note in texts.campaign_flags:
            story.append(Paragraph(f"<b>{safe(note.title)}.</b> {safe(note.text)}", FLAG))
    if scored.index is not None:
        story += [_index_badge(scored, instrument), Spacer(1, 4 * mm)]
        level = instrument.level_for(scored.index.score)
        if level and qid == "COOP":
            story.append(Paragraph(safe(level.description.fr), BODY))
        elif level and questionnaire.index is not None:
            # The level descriptions speak of cooperation in general (COOP); a module's index
            # gets its own sentence rather than COOP's text.
            story.append(
                Paragraph(
                    safe(
                        f"{questionnaire.index.label.fr} : niveau {level.code} « {level.name.fr} »"
                        f" sur l'échelle commune de cinq niveaux ; le détail par dimension et "
                        "les recommandations suivent."
                    ),
                    BODY,
                )
            )
    chart = dimension_radar(results, instrument, qid)
    story += [chart_flowable(chart, width=150 * mm), Spacer(1, 3 * mm)]
    parameters = instrument.parameters
    legend = _legend(agreement_legend(parameters.ad_consensus_raw, parameters.ad_disagreement_raw))
    story.append(KeepTogether([_dimension_table(scored, instrument, qid), legend]))
    if qid != "COOP":
        story.append(Paragraph("Recommandations", H2))
        story += [_advice_block(item) for item in texts.for_questionnaire(qid)]
    return story


def _advice_block(item: DimensionAdvice, *, priority: bool = False) -> KeepTogether:
    heading = f"{item.label} — {score(item.score)}/100"
    if item.level:
        heading += f" · {item.level} {item.level_name}"
    parts: list[Flowable] = [Paragraph(("Priorité : " if priority else "") + safe(heading), H3)]
    if item.recommendation:
        parts.append(Paragraph(safe(item.recommendation), BODY))
    else:
        parts.append(
            Paragraph(
                "Score non calculable : trop de réponses « Je ne sais pas » ou « Non concerné ».",
                SMALL,
            )
        )
    parts += [Paragraph(f"<b>{safe(f.title)}.</b> {safe(f.text)}", FLAG) for f in item.flags]
    return KeepTogether(parts)


def _priorities_section(results: Results, texts: Advice) -> list[Flowable]:
    coop = results.questionnaires["COOP"]
    story: list[Flowable] = [CondPageBreak(90 * mm), Paragraph("Priorités et recommandations", H1)]
    story.append(
        Paragraph(
            "Les dimensions sont présentées de la plus faible à la plus forte ; les trois "
            "premières sont les priorités. Chaque niveau appelle une recommandation ; les alertes "
            "signalent un désaccord, une méconnaissance ou un écart entre groupes.",
            BODY,
        )
    )
    for item in texts.for_questionnaire("COOP"):
        story.append(_advice_block(item, priority=item.id in coop.priorities))
    risks = [risk for risk in texts.risks if risk.questionnaire == "COOP"] + [
        risk for risk in texts.risks if risk.questionnaire != "COOP"
    ]
    story.append(Paragraph("Risques de non-coopération signalés", H2))
    if risks:
        story.append(
            Paragraph(
                "Au moins la moitié des répondants reconnaissent ces risques (réponses « Plutôt "
                "d'accord » ou « Tout à fait d'accord ») : traitez-les en priorité.",
                BODY,
            )
        )
        rows: list[list[object]] = [["Affirmation", "Questionnaire"]]
        rows += [[Paragraph(safe(r.text), CELL), r.questionnaire] for r in risks]
        table = Table(rows, colWidths=[140 * mm, 32 * mm], repeatRows=1)
        table.setStyle(TABLE)
        story.append(table)
    else:
        story.append(Paragraph("Aucun risque n'est reconnu par la moitié des répondants.", BODY))
    return story


# Bidirectional formatting characters: reportlab lays text out left to right and would draw
# them as missing glyphs; the page isolates them (dir="auto"), the PDF leaves them out.
_BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def quote_markup(text: str) -> str:
    """A comment as Paragraph markup: escaped (never interpreted), its line breaks kept, and
    without what the report's font cannot draw (an emoji would be an empty box)."""
    drawable = drawable_characters()
    shown = "".join(c for c in text.translate(_BIDI_CONTROLS) if c == "\n" or ord(c) in drawable)
    return safe(shown).replace("\n", "<br/>")


def _quoted_section(quotes: Sequence[QuotedComment]) -> list[Flowable]:
    """« Ce que disent les répondants »: only when a comment is quoted, never signed."""
    if not quotes:
        return []
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        Paragraph(safe(QUOTED_TITLE), H1),
        Paragraph(safe(QUOTED_INTRO), BODY),
    ]
    several = len({quote.questionnaire for quote in quotes}) > 1
    shown = None
    for quote in quotes:
        if several and quote.questionnaire != shown:
            story.append(Paragraph(safe(quote.questionnaire_title), H3))
            shown = quote.questionnaire
        story.append(Paragraph(f"«\u00a0{quote_markup(quote.text)}\u00a0»", QUOTE))
    return story


def _values_section(
    results: Results,
    instrument: Instrument,
    texts: Advice,
    context: ReportContext,
) -> list[Flowable]:
    questionnaire = instrument.questionnaires["VAL"]
    families = results.questionnaires["VAL"].families
    story: list[Flowable] = [CondPageBreak(170 * mm), Paragraph(safe(questionnaire.title.fr), H1)]
    story.append(
        Paragraph(
            "Pour chaque famille de valeurs : la contribution constatée de la démarche et le "
            "niveau d'attente des répondants, sur 100. Ce module n'entre pas dans l'indice "
            "de maturité.",
            BODY,
        )
    )
    story.append(chart_flowable(values_radar(results, instrument), width=135 * mm))
    header = ["Famille", "Constaté", "Attendu", "Écart", "Lecture"]
    rows: list[list[object]] = [header]
    for dimension in questionnaire.dimensions:
        family = families.get(dimension.id)
        if family is None:
            continue
        rows.append(
            [
                Paragraph(safe(dimension.label.fr), CELL),
                score(family.observed),
                score(family.expected),
                signed(family.gap) if family.gap is not None else "—",
                family.quadrant or "—",
            ]
        )
    table = Table(rows, colWidths=[62 * mm, 22 * mm, 22 * mm, 20 * mm, 46 * mm], repeatRows=1)
    table.setStyle(TABLE)
    # Never one family left alone on a page; the legend of « Lecture » under the table.
    story += [
        KeepTogether([table, _legend(quadrant_legend(instrument.quadrants.threshold))]),
        Spacer(1, 3 * mm),
    ]
    for item in texts.families:
        story.append(
            Paragraph(f"<b>{safe(item.label)} — {safe(item.quadrant)}.</b> {safe(item.text)}", BODY)
        )
    if context.indicators:  # the section appears only when there is something to show
        story.append(Paragraph("Indicateurs déclarés", H2))
        story.append(_key_values(list(context.indicators), widths=(110, 60)))
    return story
