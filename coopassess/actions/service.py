"""A campaign's action plan: its actions (each tied to one dimension of the campaign's
questionnaires, or to the démarche as a whole), created, changed and deleted with the history
of their status changes and the audit log; the plan as plain lines for the pages, the PDF and
the exports. Helpers flush; the caller commits once.

The follow-up (carrying open actions to the next campaign, overdue actions) reads the same
rows through :func:`plan_lines` and :func:`is_overdue`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from coopassess.auth.audit import audit
from coopassess.common.field_errors import FieldErrors
from coopassess.instrument.schema import Instrument
from coopassess.models import (
    ACTION_STATUSES,
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatusChange,
    Campaign,
    DismissedSuggestion,
    User,
    utcnow,
)
from coopassess.reports.plan import PlanLine

STATUS_LABELS = {
    "planned": "à lancer",
    "in_progress": "en cours",
    "done": "faite",
    "dropped": "abandonnée",
}
WHOLE = ""  # the dimension choice of an action about the démarche as a whole
WHOLE_LABEL = "La démarche dans son ensemble"
TITLE_MAX = 200
OWNER_MAX = 200
TEXT_MAX = 5000
SOURCE_MAX = 60
PARIS = ZoneInfo("Europe/Paris")


class ActionNotFound(LookupError):
    """No such action in this campaign."""


@dataclass(frozen=True, slots=True)
class ActionDraft:
    """What a person typed, already parsed (``dimension`` is a dimension id or ``WHOLE``)."""

    title: str
    dimension: str = WHOLE
    description: str = ""
    owner: str = ""
    due_on: date | None = None
    status: str = "planned"
    notes: str = ""
    source: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryLine:
    from_label: str | None  # None: the action's creation
    to_label: str
    by: str  # the author's address; « la ligne de commande » for a change made without account
    at: datetime
    note: str | None = None  # e.g. « Reprise de la campagne … » on a carried action's first line


def paris_day(moment: datetime) -> date:
    """The day of the French calendar of a stored (UTC) moment."""
    return moment.astimezone(PARIS).date()


def today() -> date:
    return paris_day(utcnow())


def dimension_choices(instrument: Instrument, modules: Sequence[str]) -> list[tuple[str, str]]:
    """(value, label) of what an action may concern: the démarche as a whole, then each
    dimension of the campaign's questionnaires, named with its questionnaire."""
    choices = [(WHOLE, WHOLE_LABEL)]
    for qid in modules:
        questionnaire = instrument.questionnaires.get(qid)
        if questionnaire is None:
            continue
        choices += [
            (d.id, f"{d.label.fr} ({questionnaire.title.fr})") for d in questionnaire.dimensions
        ]
    return choices


def dimension_label(instrument: Instrument, dimension: str | None) -> str:
    if not dimension:
        return WHOLE_LABEL
    found = instrument.dimensions_by_id.get(dimension)
    return found.label.fr if found else dimension


def is_overdue(action: Action | PlanLine, day: date, carried: bool = False) -> bool:
    """Past its due date and still open (« à lancer » or « en cours »); an action ``carried``
    into a later campaign is followed there, never late here."""
    due = action.due_on
    return not carried and due is not None and due < day and action.status in OPEN_ACTION_STATUSES


def carried_ids(session: Session, ids: Sequence[int]) -> set[int]:
    """Which of the actions ``ids`` have a copy in a later campaign (one query)."""
    if not ids:
        return set()
    return set(
        session.scalars(select(Action.carried_from_id).where(Action.carried_from_id.in_(ids)))
    )


CARRIED_LABEL = "reprise dans une campagne suivante"


def actions_of(session: Session, campaign_id: int) -> list[Action]:
    """The plan in the order people read it: due date first (none last), then creation."""
    return list(
        session.scalars(
            select(Action)
            .where(Action.campaign_id == campaign_id)
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
        )
    )


def action_of(session: Session, campaign_id: int, action_id: int) -> Action:
    action = session.get(Action, action_id)
    if action is None or action.campaign_id != campaign_id:
        raise ActionNotFound(action_id)
    return action


def plan_lines(
    session: Session, campaign: Campaign, instrument: Instrument, day: date | None = None
) -> list[PlanLine]:
    """The plan as plain lines (two queries): what the pages' table, the PDF and the exports
    show. An action carried into a later campaign says so and is never late here."""
    day = day or today()
    actions = actions_of(session, campaign.id)
    carried = carried_ids(session, [action.id for action in actions])
    lines = []
    for action in actions:
        status_label = STATUS_LABELS[action.status]
        if action.id in carried:
            status_label = f"{status_label}, {CARRIED_LABEL}"
        lines.append(
            PlanLine(
                id=action.id,
                questionnaire=action.questionnaire,
                dimension=action.dimension,
                dimension_label=dimension_label(instrument, action.dimension),
                title=action.title,
                description=action.description,
                owner=action.owner or "",
                due_on=action.due_on,
                status=action.status,
                status_label=status_label,
                notes=action.notes,
                overdue=is_overdue(action, day, action.id in carried),
                created_on=paris_day(action.created_at),
                updated_on=paris_day(action.updated_at),
                done_on=paris_day(action.done_at) if action.done_at else None,
            )
        )
    return lines


def histories(session: Session, ids: Sequence[int]) -> dict[int, list[HistoryLine]]:
    """The status changes of each action of ``ids``, oldest first (one query for all, authors
    included)."""
    found: dict[int, list[HistoryLine]] = {action_id: [] for action_id in ids}
    if not ids:
        return found
    rows = session.execute(
        select(ActionStatusChange, User.email)
        .outerjoin(User, User.id == ActionStatusChange.changed_by_id)
        .where(ActionStatusChange.action_id.in_(ids))
        .order_by(ActionStatusChange.changed_at, ActionStatusChange.id)
    ).all()
    for change, email in rows:
        found[change.action_id].append(
            HistoryLine(
                STATUS_LABELS.get(change.from_status) if change.from_status else None,
                STATUS_LABELS.get(change.to_status, change.to_status),
                email or "la ligne de commande",
                change.changed_at,
                change.note,
            )
        )
    return found


def _clean_line(text: str) -> str:
    return " ".join(text.split())


def _clean_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def check(draft: ActionDraft, choices: Sequence[tuple[str, str]]) -> tuple[ActionDraft, str | None]:
    """The draft with its text tidied, and the questionnaire of its dimension; FieldErrors
    with every problem at once."""
    title = _clean_line(draft.title)
    owner = _clean_line(draft.owner)
    description = _clean_text(draft.description)
    notes = _clean_text(draft.notes)
    problems: list[tuple[str, str]] = []
    if not title:
        problems.append(("title", "Donnez un intitulé à l'action."))
    elif len(title) > TITLE_MAX:
        problems.append(("title", f"L'intitulé tient en {TITLE_MAX} caractères au plus."))
    if len(owner) > OWNER_MAX:
        problems.append(("owner", f"Le porteur tient en {OWNER_MAX} caractères au plus."))
    if len(description) > TEXT_MAX:
        problems.append(("description", f"La description tient en {TEXT_MAX} caractères au plus."))
    if len(notes) > TEXT_MAX:
        problems.append(("notes", f"Les notes tiennent en {TEXT_MAX} caractères au plus."))
    if draft.dimension not in {value for value, _ in choices}:
        problems.append(("dimension", "Choisissez une dimension des questionnaires."))
    if draft.status not in ACTION_STATUSES:
        problems.append(("status", "Choisissez un statut : à lancer, en cours, faite, abandonnée."))
    if draft.source is not None and len(draft.source) > SOURCE_MAX:
        problems.append(("source", "Origine de la suggestion inconnue."))
    if problems:
        raise FieldErrors(problems)
    questionnaire = draft.dimension.split(".", 1)[0] if draft.dimension else None
    tidy = ActionDraft(
        title=title,
        dimension=draft.dimension,
        description=description,
        owner=owner,
        due_on=draft.due_on,
        status=draft.status,
        notes=notes,
        source=draft.source or None,
    )
    return tidy, questionnaire


def _status_change(action: Action, status: str, author: User | None) -> None:
    """Record the change and keep ``done_at`` (when it last became « faite »)."""
    previous = action.status if action.id is not None else None
    action.status = status
    action.changes.append(
        ActionStatusChange(
            from_status=previous, to_status=status, changed_by_id=author.id if author else None
        )
    )
    action.done_at = utcnow() if status == "done" else None


def create(
    session: Session,
    campaign: Campaign,
    draft: ActionDraft,
    instrument: Instrument,
    author: User | None,
) -> Action:
    """A new action of the plan, its first history line (« à lancer » or the chosen status)."""
    tidy, questionnaire = check(draft, dimension_choices(instrument, campaign.modules))
    action = Action(
        campaign_id=campaign.id,
        questionnaire=questionnaire,
        dimension=tidy.dimension or None,
        title=tidy.title,
        description=tidy.description,
        owner=tidy.owner or None,
        due_on=tidy.due_on,
        notes=tidy.notes,
        source=tidy.source,
        created_by_id=author.id if author else None,
    )
    _status_change(action, tidy.status, author)
    session.add(action)
    session.flush()
    audit(
        session,
        "action.create",
        actor_id=author.id if author else None,
        target=f"campaign:{campaign.id}",
        detail={"action": action.id, **({"source": tidy.source} if tidy.source else {})},
    )
    return action


def update(
    session: Session,
    campaign: Campaign,
    action: Action,
    draft: ActionDraft,
    instrument: Instrument,
    author: User | None,
) -> list[str]:
    """Apply ``draft`` (its ``source`` is kept as it was); the names of the changed fields,
    logged. A new status adds a history line."""
    tidy, questionnaire = check(draft, dimension_choices(instrument, campaign.modules))
    wanted: dict[str, object] = {
        "title": tidy.title,
        "questionnaire": questionnaire,
        "dimension": tidy.dimension or None,
        "description": tidy.description,
        "owner": tidy.owner or None,
        "due_on": tidy.due_on,
        "notes": tidy.notes,
    }
    changed = [name for name, value in wanted.items() if getattr(action, name) != value]
    for name in changed:
        setattr(action, name, wanted[name])
    if tidy.status != action.status:
        _status_change(action, tidy.status, author)
        changed.append("status")
    if changed:
        action.updated_at = utcnow()
        audit(
            session,
            "action.update",
            actor_id=author.id if author else None,
            target=f"campaign:{campaign.id}",
            detail={"action": action.id, "fields": changed},
        )
        session.flush()
    return changed


def delete(session: Session, campaign: Campaign, action: Action, author: User | None) -> None:
    audit(
        session,
        "action.delete",
        actor_id=author.id if author else None,
        target=f"campaign:{campaign.id}",
        detail={"action": action.id},
    )
    session.delete(action)
    session.flush()


def dismissed_sources(session: Session, campaign_id: int) -> set[str]:
    return set(
        session.scalars(
            select(DismissedSuggestion.source).where(DismissedSuggestion.campaign_id == campaign_id)
        )
    )


def taken_sources(session: Session, campaign_id: int) -> set[str]:
    """The suggestions already on the plan or set aside: not offered again."""
    on_plan = session.scalars(
        select(Action.source).where(Action.campaign_id == campaign_id, Action.source.is_not(None))
    )
    return {source for source in on_plan if source} | dismissed_sources(session, campaign_id)


def dismiss(session: Session, campaign: Campaign, source: str, author: User | None) -> bool:
    """Set a suggestion aside for this campaign; False when it already was."""
    if source in dismissed_sources(session, campaign.id):
        return False
    session.add(
        DismissedSuggestion(
            campaign_id=campaign.id,
            source=source[:SOURCE_MAX],
            dismissed_by_id=author.id if author else None,
        )
    )
    session.flush()
    return True


def restore_dismissed(session: Session, campaign: Campaign) -> int:
    """Offer again every suggestion set aside; how many were."""
    rows = session.scalars(
        select(DismissedSuggestion).where(DismissedSuggestion.campaign_id == campaign.id)
    ).all()
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)
