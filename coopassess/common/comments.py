"""Respondents' comments (pure): the one wording of the free-text question asked at the end of
each questionnaire, its limit, how a typed text is cleaned, and what the organisation reads of a
comment the consultant chose to quote (no pseudonym, no profile).

A comment is a survey feature, not an item of the instrument: it has no answer key, is stored
apart from the answers (``response_comment``) and is never scored.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopassess.common.typography import french
from coopassess.common.xmltext import xml_safe

COMMENT_QUESTION = "Un exemple, une remarque sur la coopération dans la démarche ?"
COMMENT_HINT = (
    "Facultatif. Ce texte n'est pas noté. Le consultant le lit sous pseudonyme ; il peut en citer "
    "un extrait, sans votre nom, à votre organisation : n'y mettez rien qui vous désigne."
)
COMMENT_MAX_LENGTH = 2000
# What the consultant reads before quoting a comment.
QUOTE_WARNING = (
    "Un commentaire peut permettre d'identifier son auteur (un fait, un rôle, une tournure) : "
    "relisez-le avant de le marquer « à citer ». Un commentaire cité est montré à l'organisation, "
    "sans signature, sur la page des résultats et dans le rapport PDF, et seulement quand la "
    "campagne compte assez de réponses pour que ses résultats soient affichés."
)
QUOTED_TITLE = "Ce que disent les répondants"
QUOTED_INTRO = (
    "Extraits de commentaires libres choisis par le consultant, cités sans signature. "
    "Ils ne sont pas notés et n'entrent dans aucun score."
)


class CommentTooLong(ValueError):
    """A comment over :data:`COMMENT_MAX_LENGTH` characters (message in French)."""

    def __init__(self, length: int) -> None:
        super().__init__(too_long_message(length))
        self.length = length


def thousands(number: int) -> str:
    """``2000`` → ``2 000`` (a narrow no-break space, as French writes it)."""
    return f"{number:,}".replace(",", "\u202f")


def too_long_message(length: int) -> str:
    return french(
        f"Votre commentaire compte {thousands(length)} caractères : "
        f"{thousands(COMMENT_MAX_LENGTH)} au plus. Raccourcissez-le ; votre texte est conservé "
        "ci-dessous, rien n'a été enregistré sur cette page."
    )


def clean_comment(text: str | None) -> str | None:
    """The comment as stored: line breaks as ``\\n``, without the characters XML forbids
    (controls that no reader sees and that PDF, XLSX and PostgreSQL refuse), without the spaces
    around it; None when nothing is left (a comment of spaces is no comment).
    :class:`CommentTooLong` beyond the limit."""
    if text is None:
        return None
    cleaned = xml_safe(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not cleaned:
        return None
    if len(cleaned) > COMMENT_MAX_LENGTH:
        raise CommentTooLong(len(cleaned))
    return cleaned


@dataclass(frozen=True, slots=True)
class QuotedComment:
    """A comment the organisation reads: its questionnaire and its text, nothing of its author."""

    questionnaire: str  # "COOP", "VAL"…
    questionnaire_title: str
    text: str
