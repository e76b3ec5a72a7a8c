"""Chart data from a Results object and the instrument that gives the labels.

One builder per chart of the report (scoring-model §13): COOP radar with the respondents'
min–max band, ACH/TER radars (bars below five axes), VAL observed vs expected, and overlays
for comparisons (organisations, previous campaign, peer « référence »).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from coopassess.charts.data import MAX_SERIES, Band, ChartDataError, RadarData, Series, plain_label
from coopassess.charts.style import REFERENCE_STYLE
from coopassess.instrument.schema import Instrument
from coopassess.scoring.results import QuestionnaireResult, Results
from coopassess.scoring.rounding import format_score

# A radar needs five axes to read as a shape; below that the design allows bars (ACH has 4).
MIN_RADAR_AXES = 5

_TEXTS = {
    "fr": {
        "organisation": "Score de l’organisation",
        "individual": "Auto-évaluation individuelle",
        "band": "Étendue des réponses (min–max)",
        "observed": "Constaté",
        "expected": "Attendu",
        "reference": "Référence",
        "comparison": "Comparaison par dimension (0–100)",
        "respondent": "{n} répondant·e",
        "respondents": "{n} répondant·es",
    },
    "en": {
        "organisation": "Organisation score",
        "individual": "Individual self-assessment",
        "band": "Range of answers (min–max)",
        "observed": "Observed",
        "expected": "Expected",
        "reference": "Benchmark",
        "comparison": "Comparison by dimension (0–100)",
        "respondent": "{n} respondent",
        "respondents": "{n} respondents",
    },
}


def _text(lang: str, key: str) -> str:
    return _TEXTS.get(lang, _TEXTS["fr"])[key]


def _respondents(lang: str, n: int) -> str:
    return _text(lang, "respondent" if n == 1 else "respondents").format(n=n)


def _series_name(results: Results, lang: str) -> str:
    """One respondent's scores are an « auto-évaluation individuelle » (§7.1), not the org's."""
    return _text(lang, "organisation" if results.n_respondents > 1 else "individual")


def _axis_ids(instrument: Instrument, questionnaire: str) -> tuple[str, ...]:
    """Axis order of the instrument's radar spec, else the questionnaire's table order."""
    for spec in instrument.radars:
        if spec.id == f"RADAR_{questionnaire}":
            return spec.axes
    return tuple(d.id for d in instrument.questionnaires[questionnaire].dimensions)


def _title(instrument: Instrument, questionnaire: str, lang: str) -> str:
    for spec in instrument.radars:
        if spec.id == f"RADAR_{questionnaire}":
            return spec.title.get(lang)
    return instrument.questionnaires[questionnaire].title.get(lang)


def _labels(instrument: Instrument, ids: Sequence[str], lang: str) -> tuple[str, ...]:
    return tuple(instrument.dimensions_by_id[i].label.get(lang) for i in ids)


def _scored(results: Results, questionnaire: str) -> QuestionnaireResult:
    scored = results.questionnaires.get(questionnaire)
    if scored is None:
        raise ChartDataError(f"le questionnaire {questionnaire} est absent des résultats")
    return scored


def _kind(axes: int, kind: str | None) -> str:
    return kind or ("radar" if axes >= MIN_RADAR_AXES else "bars")


def _index_line(
    instrument: Instrument, scored: QuestionnaireResult, results: Results, lang: str
) -> str:
    parts = []
    index = scored.index
    if index is not None:
        level = instrument.level_for(index.score)
        value = format_score(index.score)
        parts.append(f"{index.code} : {value}" + (f" — {level.name.get(lang)}" if level else ""))
    parts.append(_respondents(lang, results.n_respondents))
    return " · ".join(parts)


def dimension_radar(
    results: Results,
    instrument: Instrument,
    questionnaire: str,
    lang: str = "fr",
    kind: str | None = None,
) -> RadarData:
    """Organisation scores of COOP, ACH or TER, with the respondents' min–max band."""
    ids = _axis_ids(instrument, questionnaire)
    scored = _scored(results, questionnaire)
    dims = [scored.dimensions.get(i) for i in ids]
    band = None
    if results.n_respondents >= 2 and any(d is not None and d.min is not None for d in dims):
        band = Band(
            _text(lang, "band"),
            tuple(d.min if d else None for d in dims),
            tuple(d.max if d else None for d in dims),
        )
    return RadarData(
        title=_title(instrument, questionnaire, lang),
        axes=_labels(instrument, ids, lang),
        series=(Series(_series_name(results, lang), tuple(d.score if d else None for d in dims)),),
        band=band,
        subtitle=_index_line(instrument, scored, results, lang),
        kind=_kind(len(ids), kind),
    )


def coop_radar(results: Results, instrument: Instrument, lang: str = "fr") -> RadarData:
    """The 8 COOP dimensions, the IMC and the min–max band (report §13.2)."""
    return dimension_radar(results, instrument, "COOP", lang)


def module_radar(
    results: Results, instrument: Instrument, questionnaire: str, lang: str = "fr"
) -> RadarData:
    """ACH (drawn as bars: 4 axes) or TER (radar), with their index."""
    if questionnaire not in ("ACH", "TER"):
        raise ChartDataError(f"module inconnu : {questionnaire!r} (ACH ou TER)")
    return dimension_radar(results, instrument, questionnaire, lang)


def questionnaire_radar(
    results: Results, instrument: Instrument, questionnaire: str, lang: str = "fr"
) -> RadarData:
    """The chart of one questionnaire: VAL's observed vs expected, the others' dimensions."""
    if questionnaire == "VAL":
        return values_radar(results, instrument, lang)
    return dimension_radar(results, instrument, questionnaire, lang)


def values_radar(results: Results, instrument: Instrument, lang: str = "fr") -> RadarData:
    """VAL: observed vs expected per value family (two polygons, scoring-model §6)."""
    ids = _axis_ids(instrument, "VAL")
    families = [_scored(results, "VAL").families.get(i) for i in ids]
    return RadarData(
        title=_title(instrument, "VAL", lang),
        axes=_labels(instrument, ids, lang),
        series=(
            Series(_text(lang, "observed"), tuple(f.observed if f else None for f in families), 0),
            Series(_text(lang, "expected"), tuple(f.expected if f else None for f in families), 1),
        ),
        subtitle=_respondents(lang, results.n_respondents),
    )


def _scores(scored: QuestionnaireResult | None, ids: Sequence[str]) -> tuple[float | None, ...]:
    """Dimension scores, or the observed value of VAL families; None where absent."""
    if scored is None:
        return tuple(None for _ in ids)
    if scored.families:
        return tuple(f.observed if (f := scored.families.get(i)) else None for i in ids)
    return tuple(d.score if (d := scored.dimensions.get(i)) else None for i in ids)


def overlay_radar(
    labelled: Sequence[tuple[str, Results]],
    instrument: Instrument,
    questionnaire: str = "COOP",
    benchmark: Mapping[str, float | None] | None = None,
    lang: str = "fr",
) -> RadarData:
    """Up to six series on one chart; ``benchmark`` maps dimension id → « référence » score.

    Only results of the same instrument version and target type compare (scoring-model §8).
    """
    count = len(labelled) + (benchmark is not None)
    if not 1 <= count <= MAX_SERIES:
        raise ChartDataError(f"une comparaison montre de 1 à {MAX_SERIES} séries, pas {count}")
    versions = {results.instrument_version for _, results in labelled}
    if versions - {instrument.version}:
        raise ChartDataError(
            "seuls des résultats de la même version du questionnaire se comparent "
            f"({', '.join(sorted(versions | {instrument.version}))})"
        )
    if len({results.target for _, results in labelled}) > 1:
        raise ChartDataError(
            "seules des campagnes du même type (territoire, entreprise) se comparent"
        )
    if questionnaire not in instrument.questionnaires:
        raise ChartDataError(f"questionnaire inconnu : {questionnaire!r}")
    ids = _axis_ids(instrument, questionnaire)
    series = [
        Series(plain_label(label), _scores(results.questionnaires.get(questionnaire), ids), index)
        for index, (label, results) in enumerate(labelled)
    ]
    if benchmark is not None:
        values = tuple(benchmark.get(i) for i in ids)
        series.append(Series(_text(lang, "reference"), values, REFERENCE_STYLE))
    return RadarData(
        title=_title(instrument, questionnaire, lang),
        axes=_labels(instrument, ids, lang),
        series=tuple(series),
        subtitle=_text(lang, "comparison"),
        kind=_kind(len(ids), None),
    )
