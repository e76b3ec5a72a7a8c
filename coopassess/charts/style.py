"""The look of every chart, in one place: bump STYLE_VERSION whenever a drawing change would
make a cached chart stale (it is part of the cache key)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

STYLE_VERSION = "3"

FONT = "DejaVu Sans"  # ships with matplotlib: accents render on every server


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    colour: str
    line: str | tuple[int, tuple[int, ...]]
    marker: str
    hatch: str  # bars: a second cue besides colour


# Okabe–Ito colours, ordered for contrast on white; each also differs by line, marker and hatch
# so that no reader depends on colour alone. The last one is the grey « référence ».
SERIES_STYLES = (
    SeriesStyle("#0072B2", "-", "o", ""),
    SeriesStyle("#D55E00", (0, (5, 2)), "s", "//"),
    SeriesStyle("#009E73", (0, (1, 1.5)), "^", "\\\\"),
    SeriesStyle("#CC79A7", (0, (6, 2, 1, 2)), "D", "xx"),
    SeriesStyle("#E69F00", (0, (3, 1, 1, 1, 1, 1)), "v", "--"),
    SeriesStyle("#56B4E9", (0, (8, 3)), "P", "++"),
    SeriesStyle("#4D4D4D", (0, (2, 2)), "X", "||"),
)
REFERENCE_STYLE = len(SERIES_STYLES) - 1

BAND_COLOUR = "#0072B2"
GRID_COLOUR = "#A7B0BA"
LEVEL_SHADE = "#EEF1F4"
TEXT_COLOUR = "#1C2430"
MUTED_COLOUR = "#4A5462"

# Applied with matplotlib.rc_context around each drawing, so nothing leaks into other code.
RC_PARAMS = {
    "font.family": FONT,
    "font.size": 10,
    "text.color": TEXT_COLOUR,
    "text.parse_math": False,  # user text such as "$x$" draws literally
    "text.usetex": False,
    "svg.fonttype": "none",  # text stays text: small, searchable, read by screen readers
    "svg.hashsalt": "coopassess",  # deterministic ids: equal charts are equal bytes
    "pdf.fonttype": 42,  # TrueType in PDF: accents and copy-paste work
    "hatch.linewidth": 0.8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}

LEGEND_WRAP = 42


def legend_label(name: str) -> str:
    """Long names (organisations) wrap so that two legend columns fit the width."""
    return textwrap.fill(name, LEGEND_WRAP, break_on_hyphens=False)
