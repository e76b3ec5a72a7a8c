"""The one slug function: campaign page names, file names of reports and exports."""

from __future__ import annotations

import re
import unicodedata

# NFKD leaves these whole, so an ASCII slug would drop them.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
SLUG_LENGTH = 60


def slug(
    text: str, *, ascii_only: bool = True, length: int = SLUG_LENGTH, fallback: str = ""
) -> str:
    """Lower-case words joined by hyphens, nothing a file name, a URL or a header could misread;
    ``fallback`` when no word is left. ASCII by default (accents dropped, ligatures spelt out);
    with ``ascii_only=False`` letters keep their accents (for a UTF-8 ``filename*``)."""
    text = unicodedata.normalize("NFKD" if ascii_only else "NFC", text.lower())
    if ascii_only:
        text = text.translate(LIGATURES).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[^\W_]+", text)
    return "-".join(words)[:length].strip("-") or fallback
