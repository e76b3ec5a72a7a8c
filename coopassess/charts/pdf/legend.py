"""The legend under every chart, as matplotlib places it: centred at the bottom, two columns
filled one after the other, a handle (line with its marker, or a swatch) before each label."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Rect, Shape

from coopassess.charts.pdf.figure import (
    ASCENT,
    DESCENT,
    INCH,
    LINE_GAP,
    colour,
    hatch,
    marker,
    series_line,
    text,
    text_width,
)
from coopassess.charts.style import SeriesStyle

SIZE = 9.5
# matplotlib's legend settings, in font sizes: handle length and height, gaps.
HANDLE_LENGTH = 3.2 * SIZE
HANDLE_HEIGHT = 0.7 * SIZE
HANDLE_PAD = 0.8 * SIZE
COLUMN_SPACE = 2.4 * SIZE
ROW_SPACE = 0.5 * SIZE
BOTTOM = 0.08 * INCH + 0.5 * SIZE  # the anchor above the figure's bottom, and the border pad

Handle = Callable[[float, float], list[Shape]]  # (left, baseline of the label's last line)


@dataclass(frozen=True)
class Entry:
    label: str
    handle: Handle


def line_handle(style: SeriesStyle) -> Handle:
    def draw(left: float, baseline: float) -> list[Shape]:
        middle = baseline + HANDLE_HEIGHT / 2
        line = series_line(((left, middle), (left + HANDLE_LENGTH, middle)), style)
        return [line, marker(left + HANDLE_LENGTH / 2, middle, style)]

    return draw


def swatch_handle(paint: str, *, opacity: float = 1, pattern: str = "") -> Handle:
    """A filled box; hatched bars keep their white edge and hatching."""

    def draw(left: float, baseline: float) -> list[Shape]:
        box = Rect(
            left,
            baseline,
            HANDLE_LENGTH,
            HANDLE_HEIGHT,
            fillColor=colour(paint),
            fillOpacity=opacity,
            strokeColor=colour("#FFFFFF") if pattern else None,
            strokeWidth=0.6 if pattern else 0,
        )
        if not pattern:
            return [box]
        corners = (left, baseline, left + HANDLE_LENGTH, baseline + HANDLE_HEIGHT)
        return [box, *hatch(*corners, pattern, "#FFFFFF")]

    return draw


def legend(entries: Sequence[Entry], width: float, columns: int = 2) -> list[Shape]:
    if not entries:
        return []
    columns = min(columns, len(entries))
    rows = math.ceil(len(entries) / columns)
    stacks = [entries[i * rows : (i + 1) * rows] for i in range(columns)]
    widths = [
        HANDLE_LENGTH + HANDLE_PAD + max(text_width(entry.label, SIZE) for entry in stack)
        for stack in stacks
    ]
    top = BOTTOM + max(_stack_height(stack) for stack in stacks)
    left = (width - sum(widths) - COLUMN_SPACE * (columns - 1)) / 2
    shapes: list[Shape] = []
    for stack, column_width in zip(stacks, widths, strict=True):
        y = top
        for entry in stack:
            lines = text(left + HANDLE_LENGTH + HANDLE_PAD, y, entry.label, size=SIZE)
            shapes += entry.handle(left, lines[-1].y) + lines
            y -= _entry_height(entry) + ROW_SPACE
        left += column_width + COLUMN_SPACE
    return shapes


def _entry_height(entry: Entry) -> float:
    lines = entry.label.count("\n") + 1
    return (ASCENT + DESCENT + (LINE_GAP if lines > 1 else 0)) * lines * SIZE


def _stack_height(stack: Sequence[Entry]) -> float:
    return sum(_entry_height(entry) for entry in stack) + ROW_SPACE * (len(stack) - 1)
