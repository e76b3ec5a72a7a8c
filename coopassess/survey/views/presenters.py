"""What the survey templates display, prepared from the instrument and the form."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from wtforms import Field, Form

from coopassess.common.comments import (
    COMMENT_HINT,
    COMMENT_MAX_LENGTH,
    COMMENT_QUESTION,
    thousands,
)
from coopassess.instrument.schema import Instrument
from coopassess.instrument.variants import intro_text, item_text
from coopassess.survey.forms import COMMENT_FIELD, PROFILE_PAGE, field_name
from coopassess.survey.journey import page_dimensions

# VAL items are noun phrases (« l'image et la visibilité du territoire… »): on their own they
# read as lowercase fragments; with this lead-in each is a full sentence on every page.
VALUE_LEAD_IN = "La démarche contribue à "
_CONTRACTIONS = (("à le ", "au "), ("à les ", "aux "))

RATING_LEGENDS = {
    "constate": "Contribution constatée à ce jour",
    "attendu": "Votre niveau d'attente",
}


@dataclass(frozen=True, slots=True)
class QuestionEntry:
    text: Markup
    help: str | None
    fields: tuple[tuple[Field, str], ...]  # (field, legend of the rating; empty for simple items)
    # What the question's markup depends on besides the answers: the instrument content, the
    # item and its wording as shown (see coopassess.survey.views.rendering).
    key: Hashable
    family: str | None = None  # the value family it belongs to, on a page that shows two

    @property
    def has_errors(self) -> bool:
        return any(field.errors for field, _ in self.fields)


@dataclass(frozen=True, slots=True)
class CommentView:
    """The optional comment of a questionnaire's last page: its field and its one wording."""

    field: Field
    question: str = COMMENT_QUESTION
    hint: str = COMMENT_HINT
    max_length: int = COMMENT_MAX_LENGTH
    limit_text: str = thousands(COMMENT_MAX_LENGTH)


CSRF_EXPIRED = (
    "Votre session a expiré : vos réponses de cette page sont conservées ci-dessous. "
    "Vérifiez-les puis enregistrez à nouveau."
)


def page_view(
    instrument: Instrument,
    page_id: str,
    form: Form,
    *,
    profile: Mapping[str, str] | None,
    target: str,
    demarche: str,
) -> dict[str, Any]:
    """The page's headings, questions (wording for this respondent's profile and the
    campaign's target and démarche) and error summary."""
    errors = _general_errors(form)
    if page_id == PROFILE_PAGE:
        fields = [
            (form[field_name(question.id, profile=True)], question.question.fr)
            for question in instrument.profile
        ]
        errors += [
            (field.name, f"{text} : {message}")
            for field, text in fields
            for message in field.errors
        ]
        return {
            "is_profile": True,
            "section": "Avant de commencer",
            "heading": "Votre profil",
            "intro": "Ces informations adaptent certaines questions et permettent de lire les "
            "résultats par groupe. Les consultants qui accompagnent l'organisation les voient avec "
            "vos réponses, sous un pseudonyme ; l'organisation ne voit que des résultats agrégés.",
            "profile_fields": fields,
            "errors": errors,
        }
    wording = _wording(instrument, page_id, (profile or {}).get("P-STRUCT"), target, demarche)
    entries = []
    for question in wording.questions:
        fields = tuple((form[name], legend) for name, legend in question.fields)
        entries.append(
            QuestionEntry(question.text, question.help, fields, question.key, question.family)
        )
        errors += [
            (field.name, f"{_short(str(question.text))} : {message}")
            for field, _ in fields
            for message in field.errors
        ]
    comment = getattr(form, COMMENT_FIELD, None)
    if comment is not None:
        errors += [(comment.name, message) for message in comment.errors]
    return {
        "is_profile": False,
        "comment": CommentView(comment) if comment is not None else None,
        "section": wording.section,
        "heading": wording.heading,
        "intro": wording.intro,
        "intro_folded": wording.intro_folded,
        "entries": entries,
        "errors": errors,
    }


@dataclass(frozen=True, slots=True)
class _Question:
    text: Markup
    help: str | None
    fields: tuple[tuple[str, str], ...]  # (field name, legend of the rating)
    key: Hashable
    family: str | None = None


@dataclass(frozen=True, slots=True)
class _Wording:
    """What a dimension page says before any answer, for one audience."""

    section: str
    heading: str
    intro: Markup | None
    questions: tuple[_Question, ...]
    intro_folded: bool = False  # after a module's first page: one line, « en savoir plus »


_wordings: dict[tuple[str | None, ...], _Wording] = {}
_MAX_WORDINGS = 2_000


def _wording(
    instrument: Instrument, page_id: str, structure: str | None, target: str, demarche: str
) -> _Wording:
    """Built once per instrument content, page, respondent structure, target and démarche:
    everything the variant rules and the ``{demarche}`` placeholder read."""
    key = (instrument.version, instrument.content_hash, page_id, structure, target, demarche)
    found = _wordings.get(key)
    if found is None:
        found = _build_wording(instrument, page_id, structure, target, demarche)
        if len(_wordings) >= _MAX_WORDINGS:
            _wordings.clear()
        _wordings[key] = found
    return found


def _build_wording(
    instrument: Instrument, page_id: str, structure: str | None, target: str, demarche: str
) -> _Wording:
    shown = page_dimensions(instrument, page_id)
    dimension = shown[0]
    questionnaire = next(q for q in instrument.questionnaires.values() if dimension in q.dimensions)
    questions = []
    families = {item.id: d.label.fr for d in shown for item in d.items} if len(shown) > 1 else {}
    for item in (item for d in shown for item in d.items):
        text = item_text(instrument, item, structure=structure, target=target, demarche=demarche)
        if item.type == "double":
            text = value_sentence(text)
            fields = tuple(
                (field_name(item.id, rating.key), RATING_LEGENDS[rating.key])
                for rating in item.ratings
            )
        else:
            fields = ((field_name(item.id), ""),)
        key = (instrument.version, instrument.content_hash, item.id, str(text))
        help_text = item.help.fr if item.help else None
        questions.append(_Question(text, help_text, fields, key, families.get(item.id)))
    first_page = questionnaire.dimensions[0].id == page_id
    intro = intro_text(questionnaire, demarche=demarche) if first_page else None
    if questionnaire.stem_observed and questionnaire.stem_expected and not first_page:
        intro = Markup("{} — {}").format(
            questionnaire.stem_observed.fr, questionnaire.stem_expected.fr
        )
    return _Wording(
        questionnaire.title.fr,
        " et ".join(d.label.fr for d in shown),
        intro,
        tuple(questions),
        intro_folded=not first_page,
    )


def value_sentence(fragment: Markup) -> Markup:
    """« la réduction des déchets » → « La démarche contribue à la réduction des déchets. »
    (« à le » and « à les » contracted to « au », « aux »)."""
    sentence = Markup.escape(VALUE_LEAD_IN) + fragment
    for loose, contracted in _CONTRACTIONS:
        if str(sentence).startswith(VALUE_LEAD_IN[:-2] + loose):
            sentence = Markup(str(sentence).replace(loose, contracted, 1))
    return sentence if str(sentence).endswith((".", "?")) else sentence + Markup(".")


def _general_errors(form: Form) -> list[tuple[str, str]]:
    errors = [("contenu", message) for message in getattr(form, "form_errors", [])]
    csrf_field = getattr(form, "csrf_token", None)
    if csrf_field is not None and csrf_field.errors:
        errors.append(("contenu", CSRF_EXPIRED))
    return errors


def _short(label: str, limit: int = 70) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
