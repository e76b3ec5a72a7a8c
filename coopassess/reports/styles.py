"""Paragraph and table styles of the reports."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from coopassess.charts.pdf.fonts import FAMILY

INK = colors.HexColor("#1c2430")
MUTED = colors.HexColor("#4a5566")
BRAND = colors.HexColor("#083f4a")
ACCENT = colors.HexColor("#b3541e")
LINE = colors.HexColor("#cfd6de")
HEADER_BG = colors.HexColor("#eef2f5")
LEVEL_COLOURS = {
    "N1": colors.HexColor("#8a1c1c"),
    "N2": colors.HexColor("#8a4b0f"),
    "N3": colors.HexColor("#5c5a0b"),
    "N4": colors.HexColor("#1f5f3a"),
    "N5": colors.HexColor("#0b4a6b"),
}


def _style(name: str, **kwargs: object) -> ParagraphStyle:
    base = {"fontName": FAMILY, "fontSize": 9.5, "leading": 13, "textColor": INK}
    return ParagraphStyle(name, **{**base, **kwargs})


BODY = _style("body", spaceAfter=5)
SMALL = _style("small", fontSize=8, leading=10.5, textColor=MUTED)
CELL = _style("cell", fontSize=8.5, leading=11)
CELL_BOLD = _style("cell-bold", fontSize=8.5, leading=11, fontName=f"{FAMILY}-Bold")
TITLE = _style(
    "title", fontSize=24, leading=29, fontName=f"{FAMILY}-Bold", textColor=BRAND, spaceAfter=10
)
SUBTITLE = _style("subtitle", fontSize=13, leading=17, textColor=MUTED, spaceAfter=18)
H1 = _style(
    "h1",
    fontSize=16,
    leading=20,
    fontName=f"{FAMILY}-Bold",
    textColor=BRAND,
    spaceBefore=4,
    spaceAfter=10,
    keepWithNext=1,  # a heading never stands alone at the bottom of a page
)
H2 = _style(
    "h2",
    fontSize=12,
    leading=15,
    fontName=f"{FAMILY}-Bold",
    textColor=INK,
    spaceBefore=10,
    spaceAfter=6,
    keepWithNext=1,
)
H3 = _style(
    "h3",
    fontSize=10,
    leading=13,
    fontName=f"{FAMILY}-Bold",
    spaceBefore=6,
    spaceAfter=2,
    keepWithNext=1,
)
FLAG = _style(
    "flag", leftIndent=10, borderPadding=(2, 0, 2, 6), textColor=ACCENT, fontSize=9, leading=12
)
# A respondent's quoted comment: indented, a rule on its left, long words split.
QUOTE = _style(
    "quote",
    leftIndent=12,
    borderPadding=(2, 0, 2, 8),
    borderColor=LINE,
    borderWidth=0,
    spaceBefore=4,
    spaceAfter=8,
    splitLongWords=1,
)
INDEX_VALUE = _style(
    "index-value",
    fontSize=30,
    leading=34,
    fontName=f"{FAMILY}-Bold",
    textColor=colors.white,
    alignment=TA_CENTER,
)
INDEX_LABEL = _style(
    "index-label", fontSize=8.5, leading=11, textColor=colors.white, alignment=TA_CENTER
)
TOC_1 = _style("toc1", fontSize=10, leading=16)

# Cells are plain strings where nothing can wrap or needs markup (figures, codes, headers):
# much cheaper than a Paragraph, in the same font, size, leading and colour as CELL / CELL_BOLD.
TABLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), FAMILY),
        ("FONTNAME", (0, 0), (-1, 0), f"{FAMILY}-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("ALIGN", (1, 1), (-1, -1), "LEFT"),
    ]
)
