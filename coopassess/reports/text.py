"""Text for reportlab: escaped (a Paragraph parses markup) and with French typography."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from coopassess.charts import format_score
from coopassess.xmltext import xml_safe

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


def score(value: float | None) -> str:
    """An integer, rounded half-up as everywhere else (62.5 → 63), « n.c. » when null."""
    return format_score(value)


def signed(delta: float) -> str:
    """+12, −3, 0: a delta rounded half-up on its magnitude."""
    magnitude = format_score(abs(delta))
    if magnitude == "0":
        return "0"
    return ("+" if delta > 0 else "−") + magnitude


def decimal(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}".replace(".", ",")
