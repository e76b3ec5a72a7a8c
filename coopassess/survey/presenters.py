"""What the survey templates display, prepared from the instrument and the form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from wtforms import Field, Form

from coopassess.instrument.schema import Instrument
from coopassess.instrument.variants import intro_text, item_text
from coopassess.models import Campaign, Response
from coopassess.survey.forms import PROFILE_PAGE, field_name

RATING_LEGENDS = {
    "constate": "Contribution constatée à ce jour",
    "attendu": "Votre niveau d'attente",
}


@dataclass(frozen=True, slots=True)
class QuestionEntry:
    text: Markup
    help: str | None
    fields: tuple[tuple[Field, str], ...]  # (field, legend of the rating; empty for simple items)

    @property
    def has_errors(self) -> bool:
        return any(field.errors for field, _ in self.fields)


CSRF_EXPIRED = (
    "Votre session a expiré : vos réponses de cette page sont conservées ci-dessous. "
    "Vérifiez-les puis enregistrez à nouveau."
)


def page_view(
    instrument: Instrument, campaign: Campaign, response: Response, page_id: str, form: Form
) -> dict[str, Any]:
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
            "intro": "Ces informations servent à adapter certaines questions et à lire "
            "les résultats par groupe (jamais individuellement).",
            "profile_fields": fields,
            "errors": errors,
        }
    dimension = instrument.dimensions_by_id[page_id]
    questionnaire = next(q for q in instrument.questionnaires.values() if dimension in q.dimensions)
    structure = (response.profile or {}).get("P-STRUCT")
    entries = []
    for item in dimension.items:
        text = item_text(
            instrument,
            item,
            structure=structure,
            target=campaign.target,
            demarche=campaign.demarche,
        )
        if item.type == "double":
            fields = tuple(
                (form[field_name(item.id, rating.key)], RATING_LEGENDS[rating.key])
                for rating in item.ratings
            )
        else:
            fields = ((form[field_name(item.id)], ""),)
        entry = QuestionEntry(text, item.help.fr if item.help else None, fields)
        entries.append(entry)
        errors += [
            (field.name, f"{_short(str(text))} : {message}")
            for field, _ in fields
            for message in field.errors
        ]
    first_page = questionnaire.dimensions[0].id == page_id
    intro = intro_text(questionnaire, demarche=campaign.demarche) if first_page else None
    if questionnaire.stem_observed and questionnaire.stem_expected and not first_page:
        intro = Markup("{} — {}").format(
            questionnaire.stem_observed.fr, questionnaire.stem_expected.fr
        )
    return {
        "is_profile": False,
        "section": questionnaire.title.fr,
        "heading": dimension.label.fr,
        "intro": intro,
        "entries": entries,
        "errors": errors,
    }


def _general_errors(form: Form) -> list[tuple[str, str]]:
    errors = [("contenu", message) for message in getattr(form, "form_errors", [])]
    csrf_field = getattr(form, "csrf_token", None)
    if csrf_field is not None and csrf_field.errors:
        errors.append(("contenu", CSRF_EXPIRED))
    return errors


def _short(label: str, limit: int = 70) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
