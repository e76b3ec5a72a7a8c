"""Chart data built from Results: axes, values, nulls, band, overlays, text alternative."""

from __future__ import annotations

import dataclasses

import pytest

from coopassess.charts import (
    MAX_SERIES,
    Band,
    ChartDataError,
    RadarData,
    Series,
    coop_radar,
    format_score,
    module_radar,
    overlay_radar,
    table_rows,
    values_radar,
)
from coopassess.charts.data import canonical_json
from coopassess.charts.style import REFERENCE_STYLE
from tests.fixtures.charts import COOP_SCORES, instrument, results


def test_coop_radar_axes_follow_the_instrument_and_keep_nulls() -> None:
    data = coop_radar(results(), instrument())
    assert data.kind == "radar"
    assert data.title == "Maturité coopérative"
    assert data.axes[0] == "Énergie et épanouissement"
    assert data.axes[5] == "Œuvre commune et vision partagée"
    assert len(data.axes) == 8
    assert data.series[0].values == tuple(COOP_SCORES.values())
    assert data.series[0].values[4] is None  # COOP.RES: a gap, never a fake 0


def test_coop_radar_band_is_min_max_of_respondents() -> None:
    data = coop_radar(results(), instrument())
    assert data.band is not None
    assert data.band.low[0] == pytest.approx(48.75)
    assert data.band.high[0] == pytest.approx(83.75)
    assert data.band.low[4] is None and data.band.high[4] is None


def test_one_respondent_has_no_band() -> None:
    assert coop_radar(results(n_respondents=1), instrument()).band is None


def test_subtitle_gives_index_level_and_respondents() -> None:
    data = coop_radar(results(), instrument())
    assert data.subtitle == "IMC : 62,9 — Coopération · 6 répondant·es"


def test_english_labels_fall_back_to_french() -> None:
    data = coop_radar(results(), instrument(), lang="en")
    assert data.series[0].name == "Organisation score"
    assert data.axes[0] == instrument().dimensions_by_id["COOP.VIT"].label.get("en")


def test_ach_is_drawn_as_bars_with_its_four_axes() -> None:
    data = module_radar(results(), instrument(), "ACH")
    assert data.kind == "bars"
    assert len(data.axes) == 4
    assert data.series[0].values == (30.0, 45.0, None, 90.0)


def test_missing_module_and_unknown_module_are_refused() -> None:
    with pytest.raises(ChartDataError, match="TER"):
        module_radar(results(), instrument(), "TER")
    with pytest.raises(ChartDataError, match="module inconnu"):
        module_radar(results(), instrument(), "COOP")


def test_values_radar_observed_vs_expected() -> None:
    data = values_radar(results(), instrument())
    assert [s.name for s in data.series] == ["Constaté", "Attendu"]
    assert data.series[0].style != data.series[1].style
    observed = dict(zip(data.axes, data.series[0].values, strict=True))
    assert observed["Innovation"] is None
    assert observed["Attractivité du territoire"] == 40.0
    assert data.band is None


def test_overlay_puts_each_campaign_and_the_reference() -> None:
    inst = instrument()
    other = results({**COOP_SCORES, "COOP.VIT": 20.0})
    benchmark = dict.fromkeys(COOP_SCORES, 50.0)
    data = overlay_radar([("A", results()), ("B", other)], inst, benchmark=benchmark)
    assert [s.name for s in data.series] == ["A", "B", "Référence"]
    assert data.series[1].values[0] == 20.0
    assert data.series[2].style == REFERENCE_STYLE
    assert len({s.style for s in data.series}) == 3


def test_overlay_of_values_uses_observed() -> None:
    data = overlay_radar([("A", results())], instrument(), "VAL")
    assert data.series[0].values[0] == 40.0


def test_overlay_refuses_more_than_six_series() -> None:
    labelled = [(f"Org {i}", results()) for i in range(MAX_SERIES)]
    assert len(overlay_radar(labelled, instrument()).series) == MAX_SERIES
    with pytest.raises(ChartDataError, match="de 1 à 6"):
        overlay_radar(labelled, instrument(), benchmark={})
    with pytest.raises(ChartDataError):
        overlay_radar([*labelled, ("Une de trop", results())], instrument())


def test_overlay_refuses_other_versions_and_targets() -> None:
    inst = instrument()
    with pytest.raises(ChartDataError, match="même version"):
        overlay_radar([("A", results()), ("B", results(version="0.9"))], inst)
    with pytest.raises(ChartDataError, match="même type"):
        overlay_radar([("A", results()), ("B", results(target="entreprise"))], inst)


def test_user_labels_stay_literal_on_one_line() -> None:
    name = "$x$ <b>Café</b> \\n & co\nsuite"
    data = overlay_radar([(name, results())], instrument())
    assert data.series[0].name == "$x$ <b>Café</b> \\n & co suite"


def test_radar_data_is_validated() -> None:
    axes = ("a", "b", "c")
    with pytest.raises(ChartDataError, match="une valeur par axe"):
        RadarData("t", axes, (Series("s", (1.0, 2.0)),))
    with pytest.raises(ChartDataError, match="hors de l'échelle"):
        RadarData("t", axes, (Series("s", (1.0, 2.0, 101.0)),))
    with pytest.raises(ChartDataError, match="3 axes"):
        RadarData("t", ("a", "b"), (Series("s", (1.0, 2.0)),))
    with pytest.raises(ChartDataError, match="une valeur par axe"):
        RadarData("t", axes, (Series("s", (1.0, 2.0, 3.0)),), Band("b", (1.0,), (2.0,)))
    with pytest.raises(ChartDataError, match="style"):
        RadarData("t", axes, (Series("s", (1.0, 2.0, 3.0), style=99),))
    assert RadarData("t", ("a",), (Series("s", (1.0,)),), kind="bars").axes == ("a",)


def test_canonical_json_changes_with_any_drawn_value() -> None:
    first = coop_radar(results(), instrument())
    changed = dataclasses.replace(
        first, series=(Series(first.series[0].name, (69.0, *first.series[0].values[1:])),)
    )
    assert canonical_json(first) == canonical_json(coop_radar(results(), instrument()))
    assert canonical_json(first) != canonical_json(changed)


def test_table_rows_are_the_text_alternative() -> None:
    table = table_rows(coop_radar(results(), instrument()))
    assert table.header == ("Dimension", "Score de l’organisation", "Min", "Max")
    assert table.rows[0] == ("Énergie et épanouissement", "68,8", "48,8", "83,8")
    assert table.rows[4][1:] == ("n.c.", "n.c.", "n.c.")
    assert table.caption.startswith("Maturité coopérative — IMC")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(62.5, "62,5"), (62.44, "62,4"), (0.05, "0,1"), (100.0, "100,0"), (None, "n.c.")],
)
def test_charts_show_one_decimal_with_a_comma(value: float | None, shown: str) -> None:
    assert format_score(value) == shown


def test_one_respondent_is_an_individual_self_assessment() -> None:
    single = coop_radar(results(n_respondents=1), instrument())
    assert single.series[0].name == "Auto-évaluation individuelle"
    assert single.band is None
    assert coop_radar(results(), instrument()).series[0].name == "Score de l’organisation"
