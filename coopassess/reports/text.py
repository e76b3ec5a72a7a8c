"""Text for reportlab: escaped (a Paragraph parses markup) and with French typography; numbers
are formatted by ``coopassess.scoring.rounding``."""

from __future__ import annotations

from xml.sax.saxutils import escape

from coopassess.common.typography import NBSP, NNBSP, french
from coopassess.common.xmltext import xml_safe

__all__ = ["NBSP", "NNBSP", "french", "safe"]


def safe(text: object) -> str:
    """Any text (typed by users or not) as Paragraph-safe markup: escaped, never interpreted,
    without the characters XML forbids."""
    return escape(french(xml_safe(str(text))))
