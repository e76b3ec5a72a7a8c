"""Where a respondent is in the questionnaire: pages, progress, what is left to answer (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coopassess.instrument.schema import Dimension, Instrument, Questionnaire

PROFILE_PAGE = "profile"
# Value families (VAL) of at most this many items share a page two by two, so that the module
# is not eight pages of two items; a family is never split, scoring and radar are unchanged.
SHARED_PAGE_MAX_ITEMS = 2


@dataclass(frozen=True, slots=True)
class Page:
    id: str  # "profile", or its first dimension / value family id ("COOP.VIT", "VAL.ATT")
    title: str
    questionnaire: str | None  # None for the profile page
    keys: tuple[str, ...]  # answer keys (profile question ids on the profile page)
    dimensions: tuple[str, ...] = ()  # the dimensions or families shown, in order


def page_groups(questionnaire: Questionnaire) -> list[tuple[Dimension, ...]]:
    """The questionnaire's dimensions as pages: one each, except value families (double items)
    of at most SHARED_PAGE_MAX_ITEMS items, which consecutive pairs share."""
    groups: list[tuple[Dimension, ...]] = []
    for dimension in questionnaire.dimensions:
        small = _small_family(dimension)
        previous = groups[-1] if groups else ()
        if small and len(previous) == 1 and _small_family(previous[0]):
            groups[-1] = (*previous, dimension)
        else:
            groups.append((dimension,))
    return groups


def _small_family(dimension: Dimension) -> bool:
    return len(dimension.items) <= SHARED_PAGE_MAX_ITEMS and all(
        item.type == "double" for item in dimension.items
    )


def page_dimensions(instrument: Instrument, page_id: str) -> tuple[Dimension, ...]:
    """The dimensions shown on page ``page_id``; KeyError for an id that names no page."""
    groups = _groups.get((instrument.version, instrument.content_hash))
    if groups is None:
        groups = {
            group[0].id: group
            for questionnaire in instrument.questionnaires.values()
            for group in page_groups(questionnaire)
        }
        _groups[(instrument.version, instrument.content_hash)] = groups
    return groups[page_id]


_groups: dict[tuple[str, str], dict[str, tuple[Dimension, ...]]] = {}


def comment_questionnaire(instrument: Instrument, page_id: str) -> str | None:
    """The questionnaire that ``page_id`` ends, if it does: its last page asks the optional
    comment (``coopassess.common.comments``); None for any other page."""
    key = (instrument.version, instrument.content_hash)
    last = _last_pages.get(key)
    if last is None:
        last = _last_pages[key] = {
            page_groups(questionnaire)[-1][0].id: questionnaire.id
            for questionnaire in instrument.questionnaires.values()
            if questionnaire.dimensions
        }
    return last.get(page_id)


_last_pages: dict[tuple[str, str], dict[str, str]] = {}


_pages: dict[tuple[str, str, tuple[str, ...]], tuple[Page, ...]] = {}


def pages(instrument: Instrument, modules: Sequence[str]) -> tuple[Page, ...]:
    """The profile page, then the pages of each module (:func:`page_groups`), in the design's
    order (built once per instrument version and set of modules)."""
    key = (instrument.version, instrument.content_hash, tuple(modules))
    found = _pages.get(key)
    if found is None:
        found = _pages.setdefault(key, _build_pages(instrument, modules))
    return found


def _build_pages(instrument: Instrument, modules: Sequence[str]) -> tuple[Page, ...]:
    found = [
        Page(
            PROFILE_PAGE,
            "Votre profil",
            None,
            tuple(question.id for question in instrument.profile),
        )
    ]
    for qid in modules:
        for group in page_groups(instrument.questionnaires[qid]):
            keys = tuple(key for d in group for item in d.items for key in item.answer_keys)
            title = " et ".join(dimension.label.fr for dimension in group)
            found.append(Page(group[0].id, title, qid, keys, tuple(d.id for d in group)))
    return tuple(found)


def duration_minutes(instrument: Instrument, modules: Sequence[str]) -> int:
    """The one announced duration of a questionnaire: the sum of its modules' durations."""
    return sum(instrument.questionnaires[qid].duration_min for qid in modules)


def duration_range(instrument: Instrument) -> tuple[int, int]:
    """From the required modules alone to every module: what the home page announces."""
    required = [q.id for q in instrument.questionnaires.values() if q.status == "obligatoire"]
    return duration_minutes(instrument, required), duration_minutes(
        instrument, list(instrument.questionnaires)
    )


@dataclass(frozen=True, slots=True)
class PageStatus:
    page: Page
    answered: int

    @property
    def id(self) -> str:
        return self.page.id

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def missing(self) -> int:
        return len(self.page.keys) - self.answered

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True, slots=True)
class Progress:
    pages: tuple[PageStatus, ...]

    @property
    def total(self) -> int:
        return sum(len(status.page.keys) for status in self.pages)

    @property
    def answered(self) -> int:
        return sum(status.answered for status in self.pages)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    def first_incomplete(self) -> PageStatus | None:
        return next((status for status in self.pages if not status.complete), None)

    def unanswered(self) -> tuple[PageStatus, ...]:
        return tuple(status for status in self.pages if not status.complete)


def progress(
    instrument: Instrument,
    modules: Sequence[str],
    profile: Mapping[str, str],
    answers: Mapping[str, object],
) -> Progress:
    statuses = []
    for page in pages(instrument, modules):
        given = profile if page.id == PROFILE_PAGE else answers
        statuses.append(PageStatus(page, sum(1 for key in page.keys if key in given)))
    return Progress(tuple(statuses))
