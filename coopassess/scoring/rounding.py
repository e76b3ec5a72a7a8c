"""Rounding as the scoring model says (§3): half-up, from unrounded values, on decimal digits;
and the display of a rounded value (scores, signed gaps, decimals), so that every output —
page, chart, PDF — shows the same number.

Scores are rationals (multiples of 25 averaged) computed in binary floats, so a true tie such as
62.85 may arrive as 62.849999999999994. Values within ``TIE_TOLERANCE`` (in units of the last kept
digit) of a tie are treated as the tie; no genuine score of a campaign lies that close to one.
Exact ``Fraction`` inputs (AD, rates) are rounded exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction

TIE_TOLERANCE = 1e-9
# Float noise allowed when comparing a computed value with a threshold (gaps of 20 points…).
COMPARE_TOLERANCE = 1e-9
_HALF = 0.5 - TIE_TOLERANCE
_SCALES = (1, 10, 100, 1000)


def round_half_up(value: float | Fraction | None, digits: int = 1) -> float | None:
    """68.75 → 68.8, 0.05 → 0.1, −0.05 → −0.1 (ties away from zero, like Decimal ROUND_HALF_UP)."""
    if value.__class__ is float and value >= 0.0:  # the hot path: scores
        scale = _SCALES[digits]
        scaled = value * scale
        whole = int(scaled)
        if scaled - whole >= _HALF:
            whole += 1
        return whole / scale
    if value is None:
        return None
    if value < 0:
        return -round_half_up(-value, digits)
    scale = 10**digits
    return math.floor(Fraction(value) * scale + Fraction(1, 2)) / scale


def at_least(value: float, bound: float) -> bool:
    """``value >= bound`` for computed floats: a gap of exactly 20 points is not 19.999999."""
    return value >= bound - COMPARE_TOLERANCE


def exact(parameter: float) -> Fraction:
    """The simple fraction a float parameter stands for (0.8333333333333334 → 5/6, 0.3 → 3/10)."""
    return Fraction(parameter).limit_denominator(1000)


# What a cell shows when there is no number (the owner's decisions, issue 15): « n.c. » when the
# score could not be computed (too many « Je ne sais pas », too few answers), « non demandé » when
# the module was not in the campaign. The two must never read alike.
NOT_COMPUTABLE = "n.c."
NOT_ASKED = "non demandé"
MINUS = "\u2212"  # the typographic minus of « −6,3 »


def display_value(value: float | Fraction | None) -> float | None:
    """The number every output shows and every level is read from: half-up to one decimal
    (scoring-model §3). A page, a chart, the PDF and a spreadsheet all show this value, so the
    level beside it (assigned on the same rounded score) never contradicts it."""
    return round_half_up(value, 1)


def format_score(value: float | Fraction | None) -> str:
    """62,5 — one decimal with the French decimal comma, the value the level is read from;
    « n.c. » when null. 39.96 shows « 40,0 » (N3, as its level), never « 40 » beside an N2."""
    shown = display_value(value)
    if shown is None:
        return NOT_COMPUTABLE
    text = f"{abs(shown):.1f}".replace(".", ",")
    return MINUS + text if shown < 0 and text != "0,0" else text


def format_signed(delta: float | Fraction | None) -> str:
    """+17,0, −6,3, 0,0: a gap rounded half-up to one decimal, always signed unless null or
    zero (on the pages as in the PDF and the exports); « n.c. » when null."""
    shown = display_value(delta)
    if shown is None:
        return NOT_COMPUTABLE
    magnitude = f"{abs(shown):.1f}".replace(".", ",")
    if magnitude == "0,0":
        return magnitude
    return ("+" if shown > 0 else MINUS) + magnitude


def format_decimal(value: float | None, digits: int = 1) -> str:
    """62,5 with the French decimal comma and the typographic minus; « — » when null."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".replace(".", ",")
    return text.replace("-", MINUS)
