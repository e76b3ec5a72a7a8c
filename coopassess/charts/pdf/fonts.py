"""An embedded Unicode font for the PDF: DejaVu Sans, which ships inside matplotlib.

The same faces serve the report's text and its charts (the pages' charts use the same family),
so nothing depends on the fonts installed on the machine.
"""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "DejaVuSans"
# (reportlab name, file, bold, italic)
FACES = (
    (FAMILY, "DejaVuSans.ttf", 0, 0),
    (f"{FAMILY}-Bold", "DejaVuSans-Bold.ttf", 1, 0),
    (f"{FAMILY}-Oblique", "DejaVuSans-Oblique.ttf", 0, 1),
    (f"{FAMILY}-BoldOblique", "DejaVuSans-BoldOblique.ttf", 1, 1),
)


@functools.cache
def register() -> str:
    """Register the faces once per process."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, filename, bold, italic in FACES:
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        addMapping(FAMILY, bold, italic, name)
    return FAMILY


@functools.cache
def drawable_characters() -> frozenset[int]:
    """The code points the regular face draws (a character outside them is an empty box)."""
    register()
    return frozenset(pdfmetrics.getFont(FAMILY).face.charToGlyph)
