"""The invitation and reminder messages: French defaults, checks, and rendering (pure).

A body is plain text with placeholders; the text and the HTML parts come from the same body,
the HTML escaping everything typed and every value (names come from imported files).
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from html import escape

from coopassess.common.typography import french, french_html

PLACEHOLDERS = {
    "prenom": "le prénom du participant",
    "nom": "son nom",
    "organisation": "le nom de l'organisation",
    "demarche": "le nom de la démarche",
    "lien": "son lien personnel (obligatoire dans le texte)",
    "date_cloture": "la date de clôture",
}
MAX_SUBJECT = 200
MAX_BODY = 10_000
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

DEFAULTS = {
    "invitation": (
        "{organisation} : votre regard sur la démarche « {demarche} »",
        "Bonjour,\n\n"
        "{organisation} vous invite à répondre à l'auto-diagnostic de maturité coopérative de "
        "la démarche « {demarche} ». Il faut compter une vingtaine de minutes ; vos réponses "
        "sont enregistrées à chaque page et vous pouvez reprendre plus tard, depuis n'importe "
        "quel appareil, avec ce même lien.\n\n"
        "Votre lien personnel :\n{lien}\n\n"
        "Vous pouvez répondre jusqu'au {date_cloture}. {organisation} ne verra que des résultats "
        "agrégés, à partir de 3 répondants ; les consultants qui l'accompagnent liront vos "
        "réponses sous un pseudonyme, avec votre profil, pour contrôler la qualité des "
        "données.\n\n"
        "Merci pour votre participation !",
    ),
    "reminder": (
        "Rappel : votre regard sur la démarche « {demarche} »",
        "Bonjour,\n\n"
        "Nous n'avons pas encore reçu vos réponses à l'auto-diagnostic de la démarche "
        "« {demarche} ». Votre lien personnel vous ramène là où vous vous étiez arrêté·e :\n"
        "{lien}\n\n"
        "Le questionnaire reste ouvert jusqu'au {date_cloture}.\n\n"
        "Merci !\n{organisation}",
    ),
}
KIND_LABELS = {"invitation": "Invitation", "reminder": "Relance"}
NOTICE_LINE = "Qui voit vos réponses, combien de temps elles sont gardées, vos droits :"


class MessageRefused(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Template:
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True, slots=True)
class Values:
    prenom: str
    nom: str
    organisation: str
    demarche: str
    lien: str
    date_cloture: str
    unsubscribe_url: str | None = None
    notice_url: str | None = None  # the campaign's information notice (every message ends on it)


def french_date(day: date | None) -> str:
    if day is None:
        return "jour de clôture de la campagne"
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def _fields(text: str, where: str, problems: list[str]) -> list[tuple[str, str | None]]:
    try:
        parts = [
            (literal, field) for literal, field, _spec, _conv in string.Formatter().parse(text)
        ]
    except ValueError:
        problems.append(
            f"{where} : accolade non refermée. Écrivez les champs ainsi : {{prenom}}, {{lien}}… "
            "(doublez une accolade pour l'écrire telle quelle : {{ ou }})."
        )
        return []
    unknown = sorted(
        {field for _, field in parts if field is not None and field not in PLACEHOLDERS}
    )
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in unknown)
        allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        problems.append(f"{where} : champ(s) inconnu(s) {names}. Champs possibles : {allowed}.")
    return parts


def check(subject: str, body: str) -> Template:
    """The message as typed, once it is valid; otherwise every problem at once, in French."""
    problems: list[str] = []
    subject = " ".join(subject.split())
    body = body.replace("\r\n", "\n").strip()
    if not subject:
        problems.append("L'objet est vide.")
    elif len(subject) > MAX_SUBJECT:
        problems.append(f"L'objet dépasse {MAX_SUBJECT} caractères.")
    if "{lien}" in subject:
        problems.append("L'objet ne peut pas contenir {lien} : mettez le lien dans le texte.")
    _fields(subject, "Objet", problems)
    if len(body) > MAX_BODY:
        problems.append(f"Le texte dépasse {MAX_BODY} caractères.")
    parts = _fields(body, "Texte", problems)
    if parts and not any(field == "lien" for _, field in parts):
        problems.append(
            "Le texte doit contenir {lien} : c'est le lien personnel qui ouvre le questionnaire."
        )
    if problems:
        raise MessageRefused(problems)
    return Template(subject, body)


def render(template: Template, values: Values) -> Rendered:
    """Subject, text and HTML of one message (the template was checked)."""
    mapping = {name: getattr(values, name) for name in PLACEHOLDERS}
    subject = "".join(
        literal + (mapping[field] if field else "")
        for literal, field, _s, _c in string.Formatter().parse(template.subject)
    )
    text_parts: list[str] = []
    html_parts: list[str] = []
    for literal, field, _spec, _conv in string.Formatter().parse(template.body):
        text_parts.append(literal)
        html_parts.append(escape(literal))
        if field == "lien":
            text_parts.append(values.lien)
            html_parts.append(f'<a href="{escape(values.lien)}">{escape(values.lien)}</a>')
        elif field:
            text_parts.append(mapping[field])
            html_parts.append(escape(mapping[field]))
    text = "".join(text_parts)
    html = "".join(html_parts)
    if values.notice_url:
        text += f"\n\n--\n{NOTICE_LINE} {values.notice_url}"
        url = escape(values.notice_url)
        html += f'\n\n--\n{NOTICE_LINE} <a href="{url}">la notice d\'information</a>'
    if values.unsubscribe_url:
        text += (
            "\n\n--\nVous ne souhaitez plus recevoir de relance pour ce questionnaire ? "
            f"{values.unsubscribe_url}"
        )
        url = escape(values.unsubscribe_url)
        html += (
            "\n\n--\nVous ne souhaitez plus recevoir de relance pour ce questionnaire ? "
            f'<a href="{url}">Se désinscrire</a>'
        )
    # French typography, as on the pages: the same rule for the subject, the text and the HTML.
    subject, text, html = french(subject), french(text), french_html(html)
    paragraphs = "".join(
        f"<p>{block.replace(chr(10), '<br>')}</p>" for block in html.split("\n\n") if block
    )
    page = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{paragraphs}</body></html>"
    )
    return Rendered(subject, text, page)
