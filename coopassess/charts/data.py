"""What a chart draws, as plain immutable data: the only input of drawing and of the cache key.

Builders (``builders.py``) make it from a Results object; tests and other callers may build it
by hand. Nothing here imports matplotlib.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Literal

from coopassess.charts.style import SERIES_STYLES
from coopassess.common.xmltext import xml_safe

MAX_SERIES = 6
ChartKind = Literal["radar", "bars"]
KINDS = ("radar", "bars")


class ChartDataError(ValueError):
    """The data cannot be drawn as asked (message in French, shown to the user)."""


@dataclass(frozen=True, slots=True)
class Series:
    """One polygon (or one set of bars): a value per axis, ``None`` where not computable."""

    name: str
    values: tuple[float | None, ...]
    style: int = 0  # index in style.SERIES_STYLES

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", xml_safe(self.name))


@dataclass(frozen=True, slots=True)
class Band:
    """The min–max range of respondents' scores on each axis."""

    name: str
    low: tuple[float | None, ...]
    high: tuple[float | None, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", xml_safe(self.name))


@dataclass(frozen=True, slots=True)
class RadarData:
    title: str
    axes: tuple[str, ...]
    series: tuple[Series, ...]
    band: Band | None = None
    scale_max: float = 100
    subtitle: str = ""
    kind: ChartKind = "radar"

    def __post_init__(self) -> None:
        # Every text drawn goes into an SVG (or a PDF): XML-forbidden characters dropped here.
        object.__setattr__(self, "title", xml_safe(self.title))
        object.__setattr__(self, "subtitle", xml_safe(self.subtitle))
        object.__setattr__(self, "axes", tuple(xml_safe(axis) for axis in self.axes))
        if self.kind not in KINDS:
            raise ChartDataError(f"type de graphique inconnu : {self.kind!r}")
        if self.kind == "radar" and len(self.axes) < 3:
            raise ChartDataError("un radar a besoin d'au moins 3 axes")
        if not self.axes:
            raise ChartDataError("un graphique a besoin d'au moins un axe")
        if not 1 <= len(self.series) <= MAX_SERIES:
            raise ChartDataError(
                f"un graphique montre de 1 à {MAX_SERIES} séries, pas {len(self.series)}"
            )
        if not (math.isfinite(self.scale_max) and self.scale_max > 0):
            raise ChartDataError("l'échelle doit être un nombre positif")
        rows = [series.values for series in self.series]
        if self.band is not None:
            rows += [self.band.low, self.band.high]
        for values in rows:
            if len(values) != len(self.axes):
                raise ChartDataError("chaque série doit avoir une valeur par axe")
            for value in values:
                if value is not None and not 0 <= value <= self.scale_max:
                    raise ChartDataError(f"valeur hors de l'échelle 0–{self.scale_max:g} : {value}")
        for series in self.series:
            if not 0 <= series.style < len(SERIES_STYLES):
                raise ChartDataError(f"style de série inconnu : {series.style}")


def canonical_json(data: RadarData) -> str:
    """One text per drawn content: the basis of the cache key."""
    return json.dumps(
        dataclasses.asdict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def plain_label(text: str) -> str:
    """A user-typed label on one line: real line breaks would break the layout of a legend."""
    return " ".join(text.split())
