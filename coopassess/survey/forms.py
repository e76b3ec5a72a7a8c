"""WTForms classes built at runtime from the instrument: one class per page, cached.

One field-name scheme is used by the form, the template, saving and prefilling:
``q_<item id>`` for a simple item, ``q_<item id>__constate`` / ``q_<item id>__attendu`` for the two
ratings of a VAL item, ``p_<profile id>`` for a profile question; ``commentaire`` for the
optional comment on the last page of each questionnaire (never an answer). Every field is
optional (a respondent may come back to a question), but a value must be one of that field's
choices, and a submission that names a question not on the page is refused whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wtforms import Form, RadioField, SelectChoice, SelectField, TextAreaField, ValidationError
from wtforms.fields import Field

from coopassess.common.comments import COMMENT_QUESTION, CommentTooLong, clean_comment
from coopassess.instrument.schema import Instrument, Item, answer_key
from coopassess.survey.journey import (
    PROFILE_PAGE,
    Page,
    comment_questionnaire,
    page_dimensions,
    pages,
)

__all__ = [
    "COMMENT_FIELD",
    "PROFILE_PAGE",
    "Page",
    "answers_from_form",
    "comment_from_form",
    "field_name",
    "form_class_for",
    "form_data_from_answers",
    "pages",
]

SPECIAL_CODES = ("NSP", "NC")
FIELD_PREFIXES = ("q_", "p_")
COMMENT_FIELD = "commentaire"
INVALID_CHOICE = "Choisissez l'une des réponses proposées."
UNKNOWN_QUESTION = "Le formulaire contient une question inconnue : rien n'a été enregistré."
REPEATED_QUESTION = (
    "Une question a reçu plusieurs réponses dans le même envoi : rien n'a été enregistré. "
    "Choisissez une seule réponse par question."
)


def field_name(question_id: str, rating: str | None = None, *, profile: bool = False) -> str:
    if profile:
        return f"p_{question_id}"
    return f"q_{question_id}__{rating}" if rating else f"q_{question_id}"


def _answer_key(name: str) -> str:
    """``q_VAL-ENV-01__constate`` → ``VAL-ENV-01.constate``; ``p_P-ROLE`` → ``P-ROLE``."""
    return name[2:].replace("__", ".")


def _named(key: str) -> bool:
    """A submitted key that names a question of some page (or the comment)."""
    return key.startswith(FIELD_PREFIXES) or key == COMMENT_FIELD


def _comment_length(form: Form, field: Field) -> None:
    try:
        clean_comment(field.data)
    except CommentTooLong as error:
        raise ValidationError(str(error)) from None


def _one_of(values: frozenset[str]) -> Any:
    def check(form: Form, field: Field) -> None:
        if field.data not in (None, "") and field.data not in values:
            raise ValidationError(INVALID_CHOICE)

    return check


class PageForm(Form):
    """Mixin: refuse a submission naming a question that is not a field of this page."""

    form_errors: list[str]

    def __init__(self, formdata: Any = None, **kwargs: Any) -> None:
        super().__init__(formdata=formdata, **kwargs)
        self._submitted = list(formdata.keys()) if formdata is not None else []
        # A question given two values: WTForms would silently keep the first one.
        self._repeated = [
            key for key in self._submitted if _named(key) and len(formdata.getlist(key)) > 1
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        unknown = [key for key in self._submitted if _named(key) and key not in self]
        if unknown:
            self.form_errors.append(UNKNOWN_QUESTION)
            return False
        if self._repeated:
            self.form_errors.append(REPEATED_QUESTION)
            return False
        return valid


def scale_choices(instrument: Instrument, scale_id: str) -> list[SelectChoice]:
    """The answers a scale offers, 1–5 then its special codes, with their French labels."""
    scale = instrument.scales[scale_id]
    choices = [SelectChoice(str(option.value), option.label.fr) for option in scale.options]
    choices += [
        SelectChoice(code, instrument.special_codes[code].label.fr) for code in scale.special_codes
    ]
    return choices


def _radio(instrument: Instrument, item: Item, scale_id: str) -> RadioField:
    choices = scale_choices(instrument, scale_id)
    return RadioField(
        item.id,
        description=item.help.fr if item.help else "",
        choices=choices,
        validate_choice=False,
        validators=[_one_of(frozenset(choice.value for choice in choices))],
    )


_form_classes: dict[tuple[str, str, str, type], type[Form]] = {}


def _build_form_class(instrument: Instrument, page_id: str, base: type) -> type[Form]:
    fields: dict[str, Field] = {}
    if page_id == PROFILE_PAGE:
        for question in instrument.profile:
            values = frozenset(option.value for option in question.options)
            fields[field_name(question.id, profile=True)] = SelectField(
                question.question.fr,
                choices=[SelectChoice(o.value, o.label.fr) for o in question.options],
                validate_choice=False,
                validators=[_one_of(values)],
            )
    else:
        for item in _page_items(instrument, page_id):
            if item.type == "double":
                for rating in item.ratings:
                    fields[field_name(item.id, rating.key)] = _radio(instrument, item, rating.scale)
            else:
                assert item.scale is not None
                fields[field_name(item.id)] = _radio(instrument, item, item.scale)
        if comment_questionnaire(instrument, page_id) is not None:
            fields[COMMENT_FIELD] = TextAreaField(COMMENT_QUESTION, validators=[_comment_length])
    bases = (PageForm, base) if base is not Form else (PageForm,)
    return type(f"Page_{page_id.replace('.', '_')}", bases, fields)


def form_class_for(instrument: Instrument, page_id: str, base: type = Form) -> type[Form]:
    """The form class of one page (``profile`` or a dimension id), built once per version."""
    if page_id != PROFILE_PAGE:
        page_dimensions(instrument, page_id)  # KeyError for an id that names no page
    key = (instrument.version, instrument.content_hash, page_id, base)
    form_class = _form_classes.get(key)
    if form_class is None:
        form_class = _form_classes.setdefault(key, _build_form_class(instrument, page_id, base))
    return form_class


def answers_from_form(instrument: Instrument, page_id: str, form: Form) -> dict[str, Any]:
    """Answers given on the page: item key → 1..5 | 'NSP' | 'NC' (profile: id → option)."""
    answers: dict[str, Any] = {}
    for field in form:
        if not field.name.startswith(FIELD_PREFIXES) or field.data in (None, ""):
            continue
        value = field.data
        if page_id != PROFILE_PAGE and value.isdigit():
            value = int(value)
        answers[_answer_key(field.name)] = value
    return answers


def comment_from_form(
    instrument: Instrument, page_id: str, form: Form
) -> tuple[str, str | None] | None:
    """(questionnaire, cleaned comment or None to delete it) when the page asks the comment and
    the submission carried it; None otherwise (a post without the field changes nothing)."""
    questionnaire = comment_questionnaire(instrument, page_id)
    if questionnaire is None or COMMENT_FIELD not in getattr(form, "_submitted", ()):
        return None
    return questionnaire, clean_comment(form[COMMENT_FIELD].data)


def form_data_from_answers(
    instrument: Instrument, page_id: str, stored: Mapping[str, Any]
) -> dict[str, str]:
    """Field values that prefill the page from stored answers (or the stored profile)."""
    if page_id == PROFILE_PAGE:
        return {
            field_name(q.id, profile=True): stored[q.id]
            for q in instrument.profile
            if q.id in stored
        }
    data = {}
    for item in _page_items(instrument, page_id):
        ratings = [r.key for r in item.ratings] if item.type == "double" else [None]
        for rating in ratings:
            key = answer_key(item.id, rating)
            if key in stored:
                data[field_name(item.id, rating)] = str(stored[key])
    return data


def _page_items(instrument: Instrument, page_id: str) -> list[Item]:
    """The items of a page, family after family (a page may show two small value families)."""
    return [item for dimension in page_dimensions(instrument, page_id) for item in dimension.items]
