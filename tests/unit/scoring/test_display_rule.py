"""The display rule of every output (issue 15): one decimal, a French decimal comma, the level
always that of the shown number; gaps signed; « n.c. » and « non demandé » apart."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopassess.scoring.labels import agreement_label, agreement_legend, legends, quadrant_legend
from coopassess.scoring.levels import level_code
from coopassess.scoring.rounding import (
    NOT_ASKED,
    NOT_COMPUTABLE,
    display_value,
    format_score,
    format_signed,
)
from tests.fixtures.charts import instrument


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (62.5, "62,5"),
        (62.85, "62,9"),  # a tie: half-up
        (62.849999999999994, "62,9"),  # the same tie through binary floats
        (39.6, "39,6"),
        (40.4, "40,4"),
        (39.96, "40,0"),
        (0.0, "0,0"),
        (100.0, "100,0"),
        (Fraction(125, 2), "62,5"),
        (None, "n.c."),
    ],
)
def test_scores_show_one_decimal_with_a_decimal_comma(value: object, shown: str) -> None:
    assert format_score(value) == shown


@pytest.mark.parametrize(
    ("gap", "shown"),
    [
        (17.0, "+17,0"),
        (-6.25, "−6,3"),
        (6.25, "+6,3"),
        (0.04, "0,0"),
        (-0.04, "0,0"),
        (None, "n.c."),
    ],
)
def test_gaps_are_signed_with_the_typographic_minus(gap: float | None, shown: str) -> None:
    assert format_signed(gap) == shown


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_the_level_is_always_that_of_the_shown_number(value: float) -> None:
    """Levels are assigned on the one-decimal score; the shown text, read back, is that score,
    so 39.96 can never read « 40 » beside an N2."""
    inst = instrument()
    shown = float(format_score(value).replace(",", "."))
    assert shown == display_value(value)
    assert level_code(inst, shown) == level_code(inst, display_value(value))


def test_not_computable_and_not_asked_read_differently() -> None:
    assert NOT_COMPUTABLE == "n.c." and NOT_ASKED == "non demandé"
    assert NOT_COMPUTABLE != NOT_ASKED


def test_agreement_reads_avis_nuances_and_has_a_legend() -> None:
    assert agreement_label("Avis partagés") == "Avis nuancés"
    assert agreement_label("Consensus") == "Consensus"
    assert agreement_label(None) is None
    found = legends(instrument())
    names = [name for name, _ in found["agreement_legend"]]
    assert names == ["Consensus", "Avis nuancés", "Désaccord"]
    assert "0,83" in found["agreement_legend"][2][1]
    assert [name for name, _ in found["quadrant_legend"]] == [
        "Priorité",
        "Acquis",
        "Valeur inattendue",
        "Secondaire",
    ]
    assert "≥ 60" in found["quadrant_legend"][0][1]


def test_legends_read_the_instrument_s_thresholds() -> None:
    """The words follow the parameters the scoring reads, never a copy of them."""
    assert "au plus 0,4\u00a0point" in agreement_legend(0.4, 0.9)[0][1]
    assert "plus de 0,90\u00a0point" in agreement_legend(0.4, 0.9)[2][1]
    assert "≥ 70" in quadrant_legend(70)[0][1]
