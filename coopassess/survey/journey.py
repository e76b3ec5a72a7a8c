"""Where a respondent is in the questionnaire: pages, progress, what is left to answer (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coopassess.instrument.schema import Instrument

PROFILE_PAGE = "profile"


@dataclass(frozen=True, slots=True)
class Page:
    id: str  # "profile", or a dimension / value family id ("COOP.VIT", "VAL.ENV")
    title: str
    questionnaire: str | None  # None for the profile page
    keys: tuple[str, ...]  # answer keys (profile question ids on the profile page)


_pages: dict[tuple[str, str, tuple[str, ...]], tuple[Page, ...]] = {}


def pages(instrument: Instrument, modules: Sequence[str]) -> tuple[Page, ...]:
    """The profile page, then one page per dimension of each module, in the design's order
    (built once per instrument version and set of modules)."""
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
        for dimension in instrument.questionnaires[qid].dimensions:
            keys = tuple(key for item in dimension.items for key in item.answer_keys)
            found.append(Page(dimension.id, dimension.label.fr, qid, keys))
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
