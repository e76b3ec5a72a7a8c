"""What a chart draws, as plain data built from a Results object (no matplotlib here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import Results

MAX_SERIES = 6


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Band:
    """The min–max range of respondents' scores on each axis."""

    name: str
    low: tuple[float | None, ...]
    high: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class RadarData:
    title: str
    axes: tuple[str, ...]
    series: tuple[Series, ...]
    band: Band | None = None

    def __post_init__(self) -> None:
        if not 1 <= len(self.series) <= MAX_SERIES:
            raise ValueError(f"a radar shows 1 to {MAX_SERIES} series, not {len(self.series)}")
        if any(len(series.values) != len(self.axes) for series in self.series):
            raise ValueError("every series needs one value per axis")


def questionnaire_radar(
    results: Results, instrument: Instrument, questionnaire: str = "COOP", lang: str = "fr"
) -> RadarData:
    """Organisation scores of COOP, ACH or TER, with the min–max band when n ≥ 2."""
    spec = instrument.questionnaires[questionnaire]
    scored = results.questionnaires[questionnaire]
    dims = [scored.dimensions.get(d.id) for d in spec.dimensions]
    values = tuple(d.score if d else None for d in dims)
    band = None
    if any(d is not None and d.n >= 2 for d in dims):
        band = Band(
            "Étendue des réponses (min–max)",
            tuple(d.min if d else None for d in dims),
            tuple(d.max if d else None for d in dims),
        )
    name = "Score de l'organisation" if results.n_respondents > 1 else "Votre score"
    return RadarData(
        title=spec.title.get(lang),
        axes=tuple(d.label.get(lang) for d in spec.dimensions),
        series=(Series(name, values),),
        band=band,
    )


def values_radar(results: Results, instrument: Instrument, lang: str = "fr") -> RadarData:
    """VAL: contribution observed vs expected per value family."""
    spec = instrument.questionnaires["VAL"]
    families = [results.questionnaires["VAL"].families.get(d.id) for d in spec.dimensions]
    return RadarData(
        title=spec.title.get(lang),
        axes=tuple(d.label.get(lang) for d in spec.dimensions),
        series=(
            Series("Constaté", tuple(f.observed if f else None for f in families)),
            Series("Attendu", tuple(f.expected if f else None for f in families)),
        ),
    )


def overlay_radar(
    labelled: Sequence[tuple[str, Results]],
    instrument: Instrument,
    questionnaire: str = "COOP",
    benchmark: Series | None = None,
    lang: str = "fr",
) -> RadarData:
    """Several campaigns (organisations, or one over time) on one radar, up to six series."""
    spec = instrument.questionnaires[questionnaire]
    series = []
    for label, results in labelled:
        scored = results.questionnaires.get(questionnaire)
        series.append(
            Series(
                label,
                tuple(
                    (
                        scored.dimensions[d.id].score
                        if scored and d.id in scored.dimensions
                        else None
                    )
                    for d in spec.dimensions
                ),
            )
        )
    if benchmark is not None:
        series.append(benchmark)
    return RadarData(
        title=spec.title.get(lang),
        axes=tuple(d.label.get(lang) for d in spec.dimensions),
        series=tuple(series),
    )


def table_rows(data: RadarData) -> list[tuple[str, list[float | None]]]:
    """The radar as a table (its text alternative): one row per axis, one value per series."""
    return [
        (axis, [series.values[index] for series in data.series])
        for index, axis in enumerate(data.axes)
    ]
