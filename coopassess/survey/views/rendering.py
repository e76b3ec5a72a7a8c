"""Questions and radio groups rendered once and reused: a survey page shows the same questions,
with the same few answers checked, to every respondent, and rendering them was most of a page's
time. Entries are keyed by everything their markup depends on; a question showing an error is
never stored (its message belongs to one submission)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from flask import current_app
from markupsafe import Markup
from wtforms import Field

if TYPE_CHECKING:
    from coopassess.survey.views.presenters import QuestionEntry


class _Memo:
    """A bounded map of rendered fragments (emptied when full: entries are cheap to redo)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: dict[Hashable, Markup] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, render: Callable[[], Markup]) -> Markup:
        html = self.entries.get(key)
        if html is None:
            html = render()
            with self._lock:
                if len(self.entries) >= self.limit:
                    self.entries.clear()
                self.entries[key] = html
        return html


_choices = _Memo(20_000)
_questions = _Memo(5_000)


def _macros() -> Any:
    return current_app.jinja_env.get_template("macros/fields.html").module


def _selected(field: Field) -> str | None:
    return None if field.data is None else str(field.data)


def radio_choices(field: Field, disabled: bool = False) -> Markup:
    """The ``choices`` macro of ``macros/fields.html`` for this field, memoised."""
    key = (
        field.name,
        _selected(field),
        disabled,
        tuple((choice.value, choice.label) for choice in field.choices),
    )
    return _choices.get(key, lambda: _macros().choices(field, disabled))


def question(entry: QuestionEntry, disabled: bool = False) -> Markup:
    """The ``question`` macro for this entry, memoised unless it shows an error.

    ``entry.key`` names the instrument content, the item and its displayed wording (variant,
    language and démarche included); the fields' checked answers complete the key.
    """
    if entry.has_errors:
        return _macros().question(entry, disabled)
    key = (entry.key, tuple(_selected(field) for field, _ in entry.fields), disabled)
    return _questions.get(key, lambda: _macros().question(entry, disabled))
