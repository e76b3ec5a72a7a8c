"""The action form: what was typed (kept as typed, to show it again) and the draft parsed
from it, with a French message per refused field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from coopassess.actions.service import WHOLE, ActionDraft, PlanLine
from coopassess.actions.suggestions import Suggestion

FIELDS = ("title", "dimension", "description", "owner", "due_on", "status", "notes", "source")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")  # the date input's, and what a person types without one
# Far more than any field holds: a longer value is refused by the service, not kept whole.
TYPED_MAX = 20_000


def typed(form: Mapping[str, str]) -> dict[str, str]:
    return {name: str(form.get(name, ""))[:TYPED_MAX] for name in FIELDS}


def blank() -> dict[str, str]:
    return {**dict.fromkeys(FIELDS, ""), "status": "planned", "dimension": WHOLE}


def from_suggestion(suggestion: Suggestion) -> dict[str, str]:
    """The form filled from a suggestion, for the person to edit before adding it."""
    return {
        **blank(),
        "title": suggestion.title,
        "dimension": suggestion.dimension,
        "description": suggestion.description,
        "source": suggestion.source,
    }


def from_line(line: PlanLine) -> dict[str, str]:
    return {
        "title": line.title,
        "dimension": line.dimension or WHOLE,
        "description": line.description,
        "owner": line.owner,
        "due_on": line.due_on.isoformat() if line.due_on else "",
        "status": line.status,
        "notes": line.notes,
        "source": "",
    }


def parse_day(text: str) -> date | None:
    """A day from the date input (AAAA-MM-JJ) or typed as JJ/MM/AAAA; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def draft(values: Mapping[str, str]) -> tuple[ActionDraft, list[tuple[str, str]]]:
    """The draft of ``values`` and the problems the form alone sees (an unreadable date: the
    draft then has none, so that the service can still name every other problem)."""
    problems = []
    try:
        due_on = parse_day(values["due_on"])
    except ValueError:
        due_on = None
        problems.append(("due_on", "L'échéance est une date (JJ/MM/AAAA), par exemple 30/06/2027."))
    return (
        ActionDraft(
            title=values["title"],
            dimension=values["dimension"],
            description=values["description"],
            owner=values["owner"],
            due_on=due_on,
            status=values["status"],
            notes=values["notes"],
            source=values["source"].strip() or None,
        ),
        problems,
    )
