"""Where a respondent is in the questionnaire: pages, progress, what is left to answer (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coopassess.instrument.schema import Instrument

PROFILE_PAGE = "profile"


@dataclass(frozen=True, slots=True)
class PageStatus:
    id: str
    title: str
    keys: tuple[str, ...]  # answer keys of the page (profile question ids for the profile page)
    answered: int

    @property
    def complete(self) -> bool:
        return self.answered == len(self.keys)


@dataclass(frozen=True, slots=True)
class Progress:
    pages: tuple[PageStatus, ...]

    @property
    def total(self) -> int:
        return sum(len(page.keys) for page in self.pages)

    @property
    def answered(self) -> int:
        return sum(page.answered for page in self.pages)

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    def index_of(self, page_id: str) -> int:
        return next(i for i, page in enumerate(self.pages) if page.id == page_id)

    def first_incomplete(self) -> PageStatus | None:
        return next((page for page in self.pages if not page.complete), None)

    def unanswered(self) -> tuple[PageStatus, ...]:
        return tuple(page for page in self.pages if not page.complete)


def page_keys(instrument: Instrument, modules: Sequence[str]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(page id, title, answer keys) for the profile page then one page per dimension."""
    pages = [
        (PROFILE_PAGE, "Votre profil", tuple(question.id for question in instrument.profile))
    ]
    for qid in modules:
        for dimension in instrument.questionnaires[qid].dimensions:
            keys = tuple(key for item in dimension.items for key in item.answer_keys)
            pages.append((dimension.id, dimension.label.fr, keys))
    return pages


def progress(
    instrument: Instrument,
    modules: Sequence[str],
    profile: Mapping[str, str],
    answers: Mapping[str, object],
) -> Progress:
    statuses = []
    for page_id, title, keys in page_keys(instrument, modules):
        given = profile if page_id == PROFILE_PAGE else answers
        statuses.append(PageStatus(page_id, title, keys, sum(1 for key in keys if key in given)))
    return Progress(tuple(statuses))
