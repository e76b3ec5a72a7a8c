"""What an organisation's form offers and how its identifiers are checked (no database)."""

from __future__ import annotations

import re

REGIONS = (
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
)
KIND_LABELS = {"territoire": "Territoire", "entreprise": "Entreprise"}
# Population bands of a territoire, workforce bands of an entreprise (INSEE's usual cuts).
SIZE_BANDS = {
    "territoire": (
        "Moins de 2 000 habitants",
        "2 000 à 10 000 habitants",
        "10 000 à 50 000 habitants",
        "50 000 à 200 000 habitants",
        "Plus de 200 000 habitants",
    ),
    "entreprise": (
        "Moins de 10 salariés",
        "10 à 49 salariés",
        "50 à 249 salariés",
        "250 à 4 999 salariés",
        "5 000 salariés ou plus",
    ),
}
_INSEE = re.compile(r"(?:\d{5}|2[AB]\d{3})")


def compact(typed: str) -> str:
    """An identifier as people type it (``123 456 789``), without spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", typed).upper()


def siren_problem(siren: str) -> str | None:
    """9 digits whose Luhn key is right (a typo in one digit is caught)."""
    if not re.fullmatch(r"\d{9}", siren):
        return "Le numéro SIREN compte 9 chiffres (par exemple 213 105 554)."
    total = 0
    for position, digit in enumerate(reversed(siren)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    if total % 10:
        return "Ce numéro SIREN n'existe pas\u00a0: vérifiez ses chiffres (clé de contrôle fausse)."
    return None


def insee_problem(code: str) -> str | None:
    """A commune's code: 5 digits, or 2A/2B and 3 digits in Corsica."""
    if not _INSEE.fullmatch(code):
        return "Le code INSEE d'une commune compte 5 caractères (par exemple 31555 ou 2A004)."
    return None
