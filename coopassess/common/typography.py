"""French typography, the one rule for every text shown (pages, PDF, e-mails): non-breaking spaces
before « ; : ! ? », inside « », and between a number and its unit, so that no line starts
with « ; si », « » » or « % »."""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? in French

_BEFORE_HIGH_PUNCTUATION = re.compile(r"[ \t\u00a0]+([;!?])")
_BEFORE_COLON = re.compile(r"(?<=\S)[ \t\u00a0]+:(?=\s|$)")
_AFTER_OPENING_QUOTE = re.compile(r"«[ \t\u00a0]*")
_BEFORE_CLOSING_QUOTE = re.compile(r"[ \t\u00a0]*»")
_BEFORE_UNIT = re.compile(r"(?<=\d)[ \t]+(%|€|points?\b|min\b|minutes\b|ans\b|h\b|km\b)")


def french(text: str) -> str:
    """``text`` with French non-breaking spaces; idempotent (applying it twice changes
    nothing) and blind to markup (use it on text, then escape)."""
    text = _BEFORE_HIGH_PUNCTUATION.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NBSP, text)
    text = _BEFORE_CLOSING_QUOTE.sub(NBSP + "»", text)
    return _BEFORE_UNIT.sub(NBSP + r"\1", text)


_TAG = re.compile(r"(<[^>]*>)")


def french_html(html: str) -> str:
    """:func:`french` on the text of escaped HTML, tags left as they are."""
    return "".join(
        part if part.startswith("<") else french(part) for part in _TAG.split(html) if part
    )
