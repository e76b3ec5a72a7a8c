"""Radio groups rendered once per (question, answer) and reused: a survey page repeats the same
few hundred inputs for every respondent, and rendering them was most of a page's time."""

from __future__ import annotations

import threading

from flask import current_app
from markupsafe import Markup
from wtforms import Field

_MAX_ENTRIES = 20_000
_cache: dict[tuple, Markup] = {}
_lock = threading.Lock()


def radio_choices(field: Field, disabled: bool = False) -> Markup:
    """The ``choices`` macro of ``macros/fields.html`` for this field, memoised."""
    selected = None if field.data is None else str(field.data)
    key = (
        field.name,
        selected,
        disabled,
        tuple((choice.value, choice.label) for choice in field.choices),
    )
    html = _cache.get(key)
    if html is None:
        macros = current_app.jinja_env.get_template("macros/fields.html").module
        html = macros.choices(field, disabled)
        with _lock:
            if len(_cache) >= _MAX_ENTRIES:
                _cache.clear()
            _cache[key] = html
    return html
