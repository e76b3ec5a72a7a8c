"""What changed next to what was done: for each step of an organisation's evolution (T0 → T1,
T1 → T2…), each dimension's score change beside the actions of its plan done during that step.

Pure: plain data in (the comparison's rows, the steps' time windows, the organisation's done
actions), rows out; the page and the PDF show the same rows.

« Actions faites depuis la campagne précédente », precisely: an action whose status is « faite »
and whose ``done_at`` falls in the step's window. The window of the step from the previous
campaign to the current one ends with the current campaign's results (its last submitted
response) and starts with the previous campaign's results — for the first step, with the
previous campaign's opening, so that what was done while it was being answered counts too. The
windows follow each other without overlapping: an action is counted in one step only. Copies of
one action carried from campaign to campaign (``carried_from_id``) form one chain, counted once:
its latest « faite » date is the one kept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from coopassess.scoring.compare import DimensionDelta, step_changes


@dataclass(frozen=True, slots=True)
class DoneAction:
    """An action marked « faite »; ``chain`` is the id of the first action it was copied from
    (its own id when it was not carried)."""

    chain: int
    campaign_id: int
    title: str
    owner: str | None
    questionnaire: str | None  # both None: the démarche as a whole
    dimension: str | None
    about: str  # what it is about, in words: « Achats circulaires — Décloisonnement interne »
    done_at: datetime


@dataclass(frozen=True, slots=True)
class Window:
    """One step of the evolution: ``before`` → ``after`` (the columns' codes, T0 → T1), and the
    time it covers, ``start`` (excluded) to ``end`` (included)."""

    before: str
    after: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class DimensionStep:
    questionnaire: str
    dimension: str
    label: str
    delta: float | None  # the score change of the step, rounded to one decimal
    notable: bool
    actions: tuple[DoneAction, ...]


@dataclass(frozen=True, slots=True)
class StepFollowup:
    window: Window
    rows: tuple[DimensionStep, ...]
    demarche: tuple[DoneAction, ...]  # actions about the démarche as a whole
    # Actions done on a dimension the compared campaigns do not score (a module left out).
    elsewhere: tuple[DoneAction, ...]

    @property
    def groups(self) -> list[tuple[str, list[DimensionStep]]]:
        """The rows questionnaire by questionnaire, in the instrument's order."""
        found: dict[str, list[DimensionStep]] = {}
        for row in self.rows:
            found.setdefault(row.questionnaire, []).append(row)
        return list(found.items())

    @property
    def done(self) -> int:
        return sum(len(row.actions) for row in self.rows) + len(self.demarche) + len(self.elsewhere)


def counted_once(actions: Sequence[DoneAction]) -> list[DoneAction]:
    """One action per chain of carried copies: the one done last."""
    kept: dict[int, DoneAction] = {}
    for action in actions:
        known = kept.get(action.chain)
        if known is None or action.done_at > known.done_at:
            kept[action.chain] = action
    return sorted(kept.values(), key=lambda action: (action.done_at, action.title))


def followup_steps(
    rows: Sequence[DimensionDelta],
    labels: Mapping[str, str],
    windows: Sequence[Window],
    actions: Sequence[DoneAction],
) -> list[StepFollowup]:
    """``rows``: the comparison's rows over the compared campaigns (``compare(results).rows``),
    of which the dimensions named in ``labels`` (dimension id → label) are kept; ``windows``:
    one per step, in order (as many as the campaigns less one)."""
    dimensions = [row for row in rows if row.id in labels]
    changes = {row.id: step_changes(row) for row in dimensions}
    scored = {(row.questionnaire, row.id) for row in dimensions}
    done = counted_once(actions)
    steps = []
    for position, window in enumerate(windows, start=1):
        during = [action for action in done if window.start < action.done_at <= window.end]
        by_dimension: dict[tuple[str | None, str | None], list[DoneAction]] = {}
        for action in during:
            by_dimension.setdefault((action.questionnaire, action.dimension), []).append(action)
        lines = []
        for row in dimensions:
            delta, notable = changes[row.id][position]
            lines.append(
                DimensionStep(
                    row.questionnaire,
                    row.id,
                    labels[row.id],
                    delta,
                    notable,
                    tuple(by_dimension.get((row.questionnaire, row.id), ())),
                )
            )
        steps.append(
            StepFollowup(
                window,
                tuple(lines),
                tuple(action for action in during if action.questionnaire is None),
                tuple(
                    action
                    for action in during
                    if action.questionnaire is not None
                    and (action.questionnaire, action.dimension) not in scored
                ),
            )
        )
    return steps
