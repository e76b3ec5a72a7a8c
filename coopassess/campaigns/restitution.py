"""The restitution mode: a campaign's results as a deck of slides for the workshop, from the one
Results object of the results page (scored once, cached).

A deck is a list of :class:`Slide`; each names the partial that draws it
(``templates/campaigns/restitution/_<kind>.html``) and carries what that partial reads. The
slides come from the builders of :data:`OPENING` (always shown) and :data:`FIGURES` (only when
the results are reportable: below the instrument's minimum of respondents no figure exists).
A new slide is one builder appended to one of these tuples and one partial."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from coopassess.actions import service as plan
from coopassess.actions.suggestions import Suggestion, suggestions
from coopassess.campaigns.comments import quoted_comments
from coopassess.campaigns.results import campaign_results, respondent_profiles
from coopassess.campaigns.service import Participation, participation
from coopassess.charts import describe, questionnaire_radar
from coopassess.charts.data import RadarData
from coopassess.common.comments import QuotedComment
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.instrument.schema import Instrument
from coopassess.models import Campaign
from coopassess.reports.plan import PlanLine
from coopassess.scoring.labels import agreement_label, legends
from coopassess.scoring.results import Results
from coopassess.scoring.texts import Advice, FlagNote, RiskNote

# Content limits, so that every slide fits one screen (and one printed page).
AGREEMENT_SHOWN = 3  # dimensions most and least agreed on
RISKS_SHOWN = 6
PROFILE_ROWS = 5
# Comments « à citer »: about this many characters on one slide (a line break counts as a line
# of text); a longer comment gets a slide of its own, in smaller type.
QUOTES_BUDGET = 1100
LINE_BREAK_WEIGHT = 80
# The plan: rows of lines of text per slide, a row's height being that of its longer cell.
PLAN_LINES_PER_SLIDE = 12
TITLE_CHARS_PER_LINE = 55
OWNER_CHARS_PER_LINE = 22
PATHS_SHOWN = 4  # suggestions shown while the plan is still empty
MODULES = ("ACH", "TER")  # the modules drawn like COOP (an index and its dimensions)

T = TypeVar("T")
Drawer = Callable[[RadarData], str]  # chart data → the URL the slide's <img> shows


@dataclass(frozen=True, slots=True)
class Slide:
    kind: str  # the partial: templates/campaigns/restitution/_<kind>.html
    title: str  # the slide's heading, also announced when the slide is shown
    content: Any = None  # what the partial reads


@dataclass(frozen=True, slots=True)
class Chart:
    src: str  # a data: URL (nothing is fetched once the page is loaded)
    alt: str  # the chart's reading in words (its values, as the SVG's <desc>)


@dataclass(frozen=True, slots=True)
class Level:
    code: str
    name: str
    lower: float
    upper: float
    description: str


@dataclass(frozen=True, slots=True)
class Scored:
    """One dimension as a slide shows it."""

    label: str
    score: float | None
    level: str | None
    level_name: str | None
    agreement: str | None = None
    module: str = ""  # the questionnaire's title, where dimensions of several are mixed


@dataclass(frozen=True, slots=True)
class Cover:
    organisation: str
    demarche: str
    opens_on: date | None
    closes_on: date | None
    respondents: int


@dataclass(frozen=True, slots=True)
class ParticipationContent:
    counts: Participation
    respondents: int  # the responses the results count (excluded ones left out)
    minimum: int
    reportable: bool
    by_structure: tuple[tuple[str, int], ...] = ()
    by_role: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class IndexContent:
    label: str  # « Indice de maturité coopérative »
    code: str  # IMC
    score: float | None
    level: Level | None
    levels: tuple[Level, ...]


@dataclass(frozen=True, slots=True)
class ChartContent:
    chart: Chart
    rows: tuple[Scored, ...]
    index: IndexContent | None = None
    band: bool = False  # the respondents' min–max band is drawn


@dataclass(frozen=True, slots=True)
class AgreementContent:
    total: int  # dimensions with an agreement category
    counts: tuple[tuple[str, int], ...]  # category label → dimensions in it
    most: tuple[Scored, ...]
    least: tuple[Scored, ...]
    legend: tuple[tuple[str, str], ...]
    flags: tuple[FlagNote, ...]


@dataclass(frozen=True, slots=True)
class Priority:
    dimension: Scored
    recommendation: str | None


@dataclass(frozen=True, slots=True)
class RisksContent:
    shown: tuple[RiskNote, ...]
    more: int  # signalled risks left off the slide (all are in the report)


@dataclass(frozen=True, slots=True)
class Family:
    label: str
    observed: float | None
    expected: float | None
    quadrant: str | None


@dataclass(frozen=True, slots=True)
class ValuesContent:
    chart: Chart
    families: tuple[Family, ...]
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class QuotesContent:
    quotes: tuple[QuotedComment, ...]
    long: bool  # one comment too long for the slide's usual type


@dataclass(frozen=True, slots=True)
class PlanContent:
    lines: tuple[PlanLine, ...]
    total: int  # actions in the plan (a long plan spans several slides)
    paths: tuple[Suggestion, ...] = ()  # while the plan is empty: what the results suggest


@dataclass(frozen=True, slots=True)
class Deck:
    """What every builder reads: the campaign, its one Results, its texts and the drawer."""

    session: Session
    instruments: InstrumentRegistry
    instrument: Instrument
    campaign: Campaign
    results: Results
    advice: Advice | None
    draw: Drawer

    def chart(self, questionnaire: str) -> Chart:
        data = questionnaire_radar(self.results, self.instrument, questionnaire)
        return Chart(self.draw(data), describe(data))


Builder = Callable[[Deck], list[Slide]]


def slides(
    session: Session, instruments: InstrumentRegistry, campaign: Campaign, draw: Drawer
) -> list[Slide]:
    """The deck of ``campaign``: the opening slides, then the figures when reportable."""
    instrument = instruments.get(campaign.instrument_version)
    results = campaign_results(session, instruments, campaign)
    advice = Advice.of(results, instrument) if results.reportable else None
    deck = Deck(session, instruments, instrument, campaign, results, advice, draw)
    builders = OPENING + (FIGURES if results.reportable else ())
    return [slide for builder in builders for slide in builder(deck)]


def _levels(instrument: Instrument) -> tuple[Level, ...]:
    return tuple(
        Level(level.code, level.name.fr, level.lower, level.upper, level.description.fr or "")
        for level in instrument.levels
    )


def _level(instrument: Instrument, score: float | None) -> Level | None:
    found = instrument.level_for(score)
    return next(
        (level for level in _levels(instrument) if found and level.code == found.code), None
    )


def _scored(deck: Deck, qid: str, module: str = "") -> list[tuple[Scored, float | None]]:
    """The dimensions of ``qid`` in table order, each with its AD (the agreement's measure)."""
    instrument = deck.instrument
    scored = deck.results.questionnaires[qid]
    rows = []
    for dimension in instrument.questionnaires[qid].dimensions:
        result = scored.dimensions.get(dimension.id)
        if result is None:
            continue
        level = instrument.level_for(result.score)
        row = Scored(
            dimension.label.fr,
            result.score,
            result.level,
            level.name.fr if level else None,
            agreement_label(result.agreement),
            module,
        )
        rows.append((row, result.ad if result.agreement is not None else None))
    return rows


def _short_title(instrument: Instrument, qid: str) -> str:
    """« Maturité coopérative »: the title of the questionnaire's radar, else its own."""
    for spec in instrument.radars:
        if spec.id == f"RADAR_{qid}":
            return spec.title.fr
    return instrument.questionnaires[qid].title.fr


def _cover(deck: Deck) -> list[Slide]:
    campaign = deck.campaign
    return [
        Slide(
            "cover",
            campaign.demarche,
            Cover(
                campaign.organisation.name,
                campaign.demarche,
                campaign.opens_on,
                campaign.closes_on,
                deck.results.n_respondents,
            ),
        )
    ]


def _participation(deck: Deck) -> list[Slide]:
    results = deck.results
    counts = participation(deck.session, [deck.campaign.id])[deck.campaign.id]
    by_structure: tuple[tuple[str, int], ...] = ()
    by_role: tuple[tuple[str, int], ...] = ()
    if results.reportable:  # who answered is shown only with the figures (anonymity)
        structures, roles = respondent_profiles(deck.session, deck.campaign)
        by_structure = tuple(structures[:PROFILE_ROWS])
        by_role = tuple(roles[:PROFILE_ROWS])
    content = ParticipationContent(
        counts,
        results.n_respondents,
        results.min_respondents,
        results.reportable,
        by_structure,
        by_role,
    )
    return [Slide("participation", "Participation", content)]


def _index(deck: Deck) -> list[Slide]:
    scored = deck.results.questionnaires.get("COOP")
    questionnaire = deck.instrument.questionnaires["COOP"]
    if scored is None or scored.index is None or questionnaire.index is None:
        return []
    return [Slide("index", "Niveau de maturité coopérative", _index_content(deck, "COOP"))]


def _index_content(deck: Deck, qid: str) -> IndexContent | None:
    scored = deck.results.questionnaires[qid]
    index = deck.instrument.questionnaires[qid].index
    if scored.index is None or index is None:
        return None
    return IndexContent(
        index.label.fr,
        scored.index.code,
        scored.index.score,
        _level(deck.instrument, scored.index.score),
        _levels(deck.instrument),
    )


def _coop_radar(deck: Deck) -> list[Slide]:
    if "COOP" not in deck.results.questionnaires:
        return []
    chart = deck.chart("COOP")
    rows = tuple(row for row, _ in _scored(deck, "COOP"))
    band = deck.results.n_respondents >= 2
    return [Slide("chart", "Le radar de la coopération", ChartContent(chart, rows, band=band))]


def _agreement(deck: Deck) -> list[Slide]:
    """The dimensions respondents see most alike and least alike (COOP, ACH, TER)."""
    measured: list[tuple[Scored, float]] = []
    for qid in ("COOP", *MODULES):
        if qid in deck.results.questionnaires:
            title = _short_title(deck.instrument, qid)
            measured += [(row, ad) for row, ad in _scored(deck, qid, title) if ad is not None]
    if not measured:
        return []
    ranked = [row for row, _ in sorted(measured, key=lambda pair: pair[1])]  # stable: table order
    shown = min(AGREEMENT_SHOWN, len(ranked) // 2)
    labels = [agreement_label(value) for value in ("Consensus", "Avis partagés", "Désaccord")]
    counts = tuple((label, sum(row.agreement == label for row in ranked)) for label in labels)
    assert deck.advice is not None
    content = AgreementContent(
        len(ranked),
        tuple((label, count) for label, count in counts if label is not None),
        tuple(ranked[:shown]),
        tuple(reversed(ranked[len(ranked) - shown :])),
        legends(deck.instrument)["agreement_legend"],
        deck.advice.campaign_flags,
    )
    return [Slide("agreement", "Où l'on s'accorde, où l'on diverge", content)]


def _priorities(deck: Deck) -> list[Slide]:
    scored = deck.results.questionnaires.get("COOP")
    if scored is None or not scored.priorities or deck.advice is None:
        return []
    advice = {item.id: item for item in deck.advice.dimensions}
    priorities = []
    for dimension_id in scored.priorities:
        item = advice[dimension_id]
        row = Scored(item.label, item.score, item.level, item.level_name)
        priorities.append(Priority(row, item.recommendation))
    title = "Les trois priorités" if len(priorities) == 3 else "Les priorités"
    return [Slide("priorities", title, tuple(priorities))]


def _risks(deck: Deck) -> list[Slide]:
    assert deck.advice is not None
    risks = deck.advice.risks
    content = RisksContent(risks[:RISKS_SHOWN], max(0, len(risks) - RISKS_SHOWN))
    return [Slide("risks", "Risques de non-coopération signalés", content)]


def _modules(deck: Deck) -> list[Slide]:
    """ACH and TER when the campaign asked them: the index, the chart, the dimensions."""
    made = []
    for qid in MODULES:
        if qid not in deck.results.questionnaires:
            continue
        rows = tuple(row for row, _ in _scored(deck, qid))
        content = ChartContent(deck.chart(qid), rows, _index_content(deck, qid))
        made.append(Slide("chart", deck.instrument.questionnaires[qid].title.fr, content))
    return made


def _values(deck: Deck) -> list[Slide]:
    scored = deck.results.questionnaires.get("VAL")
    if scored is None:
        return []
    questionnaire = deck.instrument.questionnaires["VAL"]
    families = tuple(
        Family(dimension.label.fr, family.observed, family.expected, family.quadrant)
        for dimension in questionnaire.dimensions
        if (family := scored.families.get(dimension.id)) is not None
    )
    content = ValuesContent(
        deck.chart("VAL"), families, legends(deck.instrument)["quadrant_legend"]
    )
    return [Slide("values", questionnaire.title.fr, content)]


def _paged(items: Sequence[T], weight: Callable[[T], int], budget: int) -> list[list[T]]:
    """``items`` in order, in as few slides as ``budget`` allows; an item heavier than the
    budget has a slide of its own."""
    pages: list[list[T]] = []
    used = budget
    for item in items:
        heavy = weight(item)
        if used + heavy > budget:
            pages.append([])
            used = 0
        pages[-1].append(item)
        used += heavy
    return pages


def _weight(text: str) -> int:
    return len(text) + LINE_BREAK_WEIGHT * text.count("\n")


def _quote_weight(quote: QuotedComment) -> int:
    return _weight(quote.text)


def _quotes(deck: Deck) -> list[Slide]:
    """The comments marked « à citer », unsigned, as many slides as their length needs."""
    title = "Ce que disent les répondants"
    quotes = quoted_comments(deck.session, deck.instruments, deck.campaign, deck.results)
    pages = _paged(quotes, _quote_weight, QUOTES_BUDGET)
    return [
        Slide("quotes", title, QuotesContent(tuple(page), _weight(page[0].text) > QUOTES_BUDGET))
        for page in pages
    ]


def _row_height(line: PlanLine) -> int:
    """The lines of text a row of the plan's table takes on a slide (title and dimension,
    or the owner when longer)."""
    title = -(-len(line.title) // TITLE_CHARS_PER_LINE) + 1
    owner = -(-len(line.owner) // OWNER_CHARS_PER_LINE)
    return max(title, owner, 2)


def _plan(deck: Deck) -> list[Slide]:
    """The action plan as it stands, a few actions per slide; while it is empty, the first
    suggestions of the results, to start writing it with the group."""
    lines = plan.plan_lines(deck.session, deck.campaign, deck.instrument)
    if not lines:
        taken = plan.taken_sources(deck.session, deck.campaign.id)
        paths = suggestions(deck.results, deck.instrument, taken)[:PATHS_SHOWN]
        return [Slide("plan", "Plan d'action", PlanContent((), 0, tuple(paths)))]
    chunks = _paged(lines, _row_height, PLAN_LINES_PER_SLIDE)
    return [
        Slide(
            "plan",
            "Plan d'action" if len(chunks) == 1 else f"Plan d'action ({n}/{len(chunks)})",
            PlanContent(tuple(chunk), len(lines)),
        )
        for n, chunk in enumerate(chunks, 1)
    ]


# Always shown, below the minimum of respondents too (no figure in them then).
OPENING: tuple[Builder, ...] = (_cover, _participation)
# Shown only when the results are reportable, in this order.
FIGURES: tuple[Builder, ...] = (
    _index,
    _coop_radar,
    _agreement,
    _priorities,
    _risks,
    _modules,
    _values,
    _quotes,
    _plan,
)
