"""Which wording a respondent reads, and the démarche name safely injected into it."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument, Item, LocalizedText
from coopassess.instrument.variants import fill, intro_text, item_text, variant_key_for


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return default_registry().current()


def _key(instrument: Instrument, item_id: str, structure: str | None, target: str) -> str:
    return variant_key_for(
        instrument.items_by_id[item_id],
        structure=structure,
        target=target,
        public_structures=instrument.public_structures,
    )


@pytest.mark.parametrize("target", ["territoire", "entreprise"])
@pytest.mark.parametrize("structure", ["Commune", "Entreprise – PME (10–249)", None])
def test_common_items_have_one_wording(
    instrument: Instrument, structure: str | None, target: str
) -> None:
    assert _key(instrument, "COOP-VIT-01", structure, target) == "commun"


@pytest.mark.parametrize(
    ("structure", "expected"),
    [
        ("Commune", "collectivite"),
        ("Intercommunalité (EPCI)", "collectivite"),
        ("Département", "collectivite"),
        ("Région", "collectivite"),
        ("Syndicat / établissement public", "collectivite"),
        ("Entreprise – TPE (< 10 salariés)", "entreprise"),
        ("Association / structure de l'ESS", "entreprise"),
        ("Laboratoire / établissement de recherche", "entreprise"),
        ("Autre", "entreprise"),
        ("Structure inventée", "entreprise"),
        (None, "entreprise"),
    ],
)
def test_respondent_items_follow_the_structure(
    instrument: Instrument, structure: str | None, expected: str
) -> None:
    for target in ("territoire", "entreprise"):
        assert _key(instrument, "ACH-DEC-01", structure, target) == expected


@pytest.mark.parametrize(
    ("target", "expected"), [("territoire", "collectivite"), ("entreprise", "entreprise")]
)
def test_campaign_items_follow_the_campaign_target(
    instrument: Instrument, target: str, expected: str
) -> None:
    for structure in ("Commune", "Entreprise – PME (10–249)", None):
        assert _key(instrument, "VAL-ATT-01", structure, target) == expected


def test_item_text_selects_the_variant(instrument: Instrument) -> None:
    item = instrument.items_by_id["ACH-DEC-01"]
    public = item_text(instrument, item, structure="Région", target="entreprise", demarche="X")
    private = item_text(instrument, item, structure="Autre", target="territoire", demarche="X")
    assert public.startswith("Dans notre collectivité")
    assert private.startswith("Dans notre entreprise")
    assert isinstance(public, Markup)


def test_wording_is_escaped_and_the_demarche_injected() -> None:
    item = Item(
        id="T-01",
        dimension="T.A",
        order=1,
        scale="LIK5",
        text={"commun": LocalizedText(fr="Les <b>acteurs</b> de « {demarche} » & co.")},
    )
    instrument = default_registry().current()
    html = item_text(instrument, item, structure=None, target="territoire", demarche="<i>Éco</i>")
    assert str(html) == ("Les &lt;b&gt;acteurs&lt;/b&gt; de « &lt;i&gt;Éco&lt;/i&gt; » &amp; co.")


def test_english_falls_back_to_french() -> None:
    text = LocalizedText(fr="Démarche {demarche}", en="Initiative {demarche}")
    assert str(fill(text, demarche="A&B", lang="en")) == "Initiative A&amp;B"
    assert str(fill(LocalizedText(fr="Seul {demarche}"), demarche="Z", lang="en")) == "Seul Z"


def test_intro_text_injects_the_demarche(instrument: Instrument) -> None:
    intro = intro_text(instrument.questionnaires["COOP"], demarche="Boucle <locale>")
    assert "« Boucle &lt;locale&gt; »" in str(intro)
    assert "{demarche}" not in str(intro)
    assert "{demarche}" not in str(intro_text(instrument.questionnaires["VAL"], demarche="B"))
