"""The shipped questionnaires load, and say exactly what the design's instrument.json says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument

DESIGN = Path(__file__).resolve().parents[2] / "shared" / "design" / "instrument.json"


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return default_registry().current()


@pytest.fixture(scope="module")
def design() -> dict:
    if not DESIGN.is_file():
        pytest.skip(f"design file not found at {DESIGN}")
    return json.loads(DESIGN.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("qid", "dimensions", "items", "reverse"),
    [("COOP", 8, 40, 12), ("ACH", 4, 20, 4), ("TER", 5, 23, 4), ("VAL", 8, 21, 0)],
)
def test_counts(
    instrument: Instrument, qid: str, dimensions: int, items: int, reverse: int
) -> None:
    questionnaire = instrument.questionnaires[qid]
    assert len(questionnaire.dimensions) == dimensions
    assert len(questionnaire.items) == items
    assert sum(item.reverse for item in questionnaire.items) == reverse


def test_content_hash_is_stable(instrument: Instrument) -> None:
    from coopassess.instrument.loader import load_instrument
    from coopassess.paths import questionnaires_dir

    again = load_instrument(questionnaires_dir())
    assert again.content_hash == instrument.content_hash
    assert len(instrument.content_hash) == 64


def _design_items(design: dict) -> list[dict]:
    return [
        item
        for questionnaire in design["questionnaires"]
        for dimension in questionnaire["dimensions"]
        for item in dimension["items"]
    ]


def test_every_design_item_is_shipped_identically(instrument: Instrument, design: dict) -> None:
    items = _design_items(design)
    assert len(items) == len(instrument.items_by_id) == 104
    for expected in items:
        item = instrument.items_by_id[expected["id"]]
        assert item.dimension == expected["dimension"]
        assert item.order == expected["ordre"]
        assert item.type == expected["type"]
        assert item.reverse is expected["inverse"]
        assert item.weight == expected["poids"]
        assert item.variant_by == expected["variante_selon"]
        assert {key: text.fr for key, text in item.text.items()} == expected["texte"]
        assert (item.help.fr if item.help else None) == expected.get("aide")
        assert list(item.seed) == expected["seed"]
        if item.type == "double":
            assert [(r.key, r.scale) for r in item.ratings] == [
                (n["cle"], n["echelle"]) for n in expected["notations"]
            ]
        else:
            assert item.scale == expected["echelle"]


def test_dimensions_texts_levels_and_parameters(instrument: Instrument, design: dict) -> None:
    for questionnaire in design["questionnaires"]:
        shipped = instrument.questionnaires[questionnaire["id"]]
        assert shipped.title.fr == questionnaire["titre"]
        assert shipped.intro.fr == questionnaire["intro"]
        for expected in questionnaire["dimensions"]:
            dimension = instrument.dimensions_by_id[expected["id"]]
            assert dimension.label.fr == expected["libelle"]
            assert dimension.description.fr == expected["description"]
            assert dimension.min_valid == expected["min_valid"]
            assert {k: v.fr for k, v in dimension.recommendations.items()} == expected.get(
                "recommandations", {}
            )
            priority = dimension.priority_text.fr if dimension.priority_text else None
            assert priority == expected.get("recommandation_priorite")
    assert [(lvl.code, lvl.name.fr, lvl.lower) for lvl in instrument.levels] == [
        (lvl["code"], lvl["nom"], lvl["borne_inf_incluse"]) for lvl in design["niveaux"]
    ]
    for code, text in design["alertes"].items():
        assert instrument.flags[code].title.fr == text["titre"]
        assert instrument.flags[code].text.fr == text["texte"]
    parameters = design["parametres"]
    assert instrument.parameters.ad_disagreement_raw == parameters["ad_seuil_desaccord_brut"]
    assert instrument.parameters.nsp_alert_rate == parameters["taux_nsp_alerte"]
    assert instrument.parameters.subgroup_gap_points == parameters["ecart_sous_groupes_points"]
    for scale_id, scale in design["echelles"].items():
        assert [o.label.fr for o in instrument.scales[scale_id].options] == [
            o["libelle"] for o in scale["options"]
        ]
    assert [(q.id, [o.value for o in q.options]) for q in instrument.profile] == [
        (q["id"], q["options"]) for q in design["profil"]
    ]
