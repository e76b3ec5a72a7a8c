"""An embedded Unicode font for the PDF: DejaVu Sans, which ships inside matplotlib.

The same faces serve the report's text and the charts converted from SVG (which name the
family « DejaVu Sans »), so nothing depends on the fonts installed on the machine.
"""

from __future__ import annotations

import functools
from pathlib import Path

import matplotlib
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "DejaVuSans"
SVG_FAMILY = "DejaVu Sans"
# (reportlab name, file, bold, italic, svg weight, svg style)
FACES = (
    (FAMILY, "DejaVuSans.ttf", 0, 0, "normal", "normal"),
    (f"{FAMILY}-Bold", "DejaVuSans-Bold.ttf", 1, 0, "bold", "normal"),
    (f"{FAMILY}-Oblique", "DejaVuSans-Oblique.ttf", 0, 1, "normal", "italic"),
    (f"{FAMILY}-BoldOblique", "DejaVuSans-BoldOblique.ttf", 1, 1, "bold", "italic"),
)


@functools.cache
def register() -> str:
    """Register the faces once per process, for reportlab and for svglib."""
    from svglib.fonts import register_font

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    for name, filename, bold, italic, weight, style in FACES:
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        addMapping(FAMILY, bold, italic, name)
        register_font(SVG_FAMILY, weight=weight, style=style, rlgFontName=name)
    return FAMILY
