"""Text for reportlab: escaped (a Paragraph parses markup) and with French typography; numbers
are formatted by ``coopassess.scoring.rounding``."""

from __future__ import annotations

from xml.sax.saxutils import escape

from coopassess.common.typography import NBSP, NNBSP, french

__all__ = ["NBSP", "NNBSP", "french", "safe"]


def safe(text: object) -> str:
    """Any text (typed by users or not) as Paragraph-safe markup: escaped, never interpreted."""
    return escape(french(str(text)))
