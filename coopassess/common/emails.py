"""E-mail addresses as every form and command types them: normalised first, checked after.

Normalising can lengthen a string (``"İ".lower()`` is two characters), so the length and shape
are checked on the normalised form, the one that is stored, compared and counted: a check on
the typed text let a 205-character address become 405 characters and reach a ``varchar(254)``.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 254
_SHAPE = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"'.]+(\.[^@\s,;<>\"'.]+)+")


def normalise(typed: str) -> str:
    """NFKC, trimmed, case-folded; then lower-cased, as the schema's ``email = lower(email)``
    check wants (case folding leaves a few scripts, such as Cherokee, in capitals)."""
    return unicodedata.normalize("NFKC", typed).strip().casefold().lower()


def problem(address: str) -> str | None:
    """What is wrong with a normalised address, in French (None when it is acceptable)."""
    if len(address) > MAX_LENGTH:
        return f"L'adresse e-mail doit compter au plus {MAX_LENGTH} caractères."
    if not _SHAPE.fullmatch(address):
        return "L'adresse e-mail n'est pas valide (forme attendue : nom@domaine.fr)."
    return None


def masked(address: str) -> str:
    """The address as a log may keep it once the person asked to be forgotten: its first
    character and its domain (``j•••@ville.fr``), which says which request it was without
    naming anyone."""
    local, at, domain = address.rpartition("@")
    if not at:
        return "•••"
    return f"{local[:1]}•••@{domain}"
