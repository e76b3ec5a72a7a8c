"""Text for reportlab: escaped (a Paragraph parses markup) and with French typography; numbers
are formatted by ``coopassess.scoring.rounding``."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from coopassess.common.xmltext import xml_safe

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ; ! ? in French

_BEFORE_HIGH_PUNCTUATION = re.compile(r"\s+([;!?])")
_BEFORE_COLON = re.compile(r"(?<=\S)\s+:(?=\s|$)")
_AFTER_OPENING_QUOTE = re.compile(r"«\s*")
_BEFORE_CLOSING_QUOTE = re.compile(r"\s*»")


def french(text: str) -> str:
    """Non-breaking spaces where French typography puts them, so « : » never starts a line."""
    text = _BEFORE_HIGH_PUNCTUATION.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NBSP, text)
    return _BEFORE_CLOSING_QUOTE.sub(NBSP + "»", text)


def safe(text: object) -> str:
    """Any text (typed by users or not) as Paragraph-safe markup: escaped, never interpreted,
    without the characters XML forbids."""
    return escape(french(xml_safe(str(text))))
