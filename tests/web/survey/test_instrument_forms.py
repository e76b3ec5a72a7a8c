"""Survey forms built from the instrument: choices, refusals, double items, round trips."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.fields import Field

from coopassess.instrument.registry import default_registry
from coopassess.instrument.schema import Instrument
from coopassess.survey.forms import (
    PROFILE_PAGE,
    UNKNOWN_QUESTION,
    answers_from_form,
    field_name,
    form_class_for,
    form_data_from_answers,
    pages,
)

CHOICES = ["1", "2", "3", "4", "5", "NSP", "NC"]


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return default_registry().current()


def _labels(field: Field) -> dict[str, str]:
    return {choice.value: choice.label for choice in field.choices}


def _submit(instrument: Instrument, page_id: str, data: dict[str, str]) -> Form:
    form = form_class_for(instrument, page_id)(MultiDict(data))
    form.validate()
    return form


def test_pages_profile_then_one_per_dimension(instrument: Instrument) -> None:
    found = pages(instrument, ["COOP", "VAL"])
    assert [page.id for page in found][:3] == [PROFILE_PAGE, "COOP.VIT", "COOP.OUV"]
    # VAL: families of two items share a page two by two (ATT+ECO, CMP+INN), never split.
    assert len(found) == 1 + 8 + 6
    val = [page for page in found if page.questionnaire == "VAL"]
    assert [page.dimensions for page in val] == [
        ("VAL.ATT", "VAL.ECO"),
        ("VAL.CMP", "VAL.INN"),
        ("VAL.EMP",),
        ("VAL.ENV",),
        ("VAL.SOC",),
        ("VAL.REL",),
    ]
    assert val[0].title == "Attractivité du territoire et Économique"
    keys = [key for page in val for key in page.keys]
    assert keys == [
        key for item in instrument.questionnaires["VAL"].items for key in item.answer_keys
    ]
    assert found[-1].id == "VAL.REL" and found[-1].questionnaire == "VAL"
    env = next(page for page in found if page.id == "VAL.ENV")
    assert "VAL-ENV-01.constate" in env.keys and "VAL-ENV-01.attendu" in env.keys


def test_fields_and_choices_of_a_simple_page(instrument: Instrument) -> None:
    form = form_class_for(instrument, "COOP.VIT")()
    names = [field.name for field in form]
    assert names == [f"q_COOP-VIT-0{n}" for n in range(1, 6)]
    field = form["q_COOP-VIT-01"]
    assert [choice.value for choice in field.choices] == CHOICES
    assert _labels(field)["NSP"] == "Je ne sais pas"
    assert _labels(field)["5"] == "Tout à fait d'accord"


def test_help_text_is_the_field_description(instrument: Instrument) -> None:
    form = form_class_for(instrument, "COOP.MET")()
    assert "Je ne sais pas" in form["q_COOP-MET-01"].description
    assert form["q_COOP-MET-02"].description == ""


@pytest.mark.parametrize("value", CHOICES)
def test_every_choice_is_accepted(instrument: Instrument, value: str) -> None:
    form = _submit(instrument, "COOP.VIT", {"q_COOP-VIT-01": value})
    assert not form.errors
    expected = int(value) if value.isdigit() else value
    assert answers_from_form(instrument, "COOP.VIT", form) == {"COOP-VIT-01": expected}


@pytest.mark.parametrize("value", ["0", "6", "-1", "abc", "nsp", "5.0"])
def test_out_of_range_value_is_rejected(instrument: Instrument, value: str) -> None:
    form = form_class_for(instrument, "COOP.VIT")(MultiDict({"q_COOP-VIT-01": value}))
    assert not form.validate()
    assert form["q_COOP-VIT-01"].errors


def test_fields_are_optional(instrument: Instrument) -> None:
    form = form_class_for(instrument, "COOP.VIT")(MultiDict({"q_COOP-VIT-02": "4"}))
    assert form.validate()
    assert answers_from_form(instrument, "COOP.VIT", form) == {"COOP-VIT-02": 4}
    empty = form_class_for(instrument, "COOP.VIT")(MultiDict())
    assert empty.validate()
    assert answers_from_form(instrument, "COOP.VIT", empty) == {}


@pytest.mark.parametrize(
    "forged",
    ["q_COOP-OUV-01", "q_COOP-VIT-99", "q_COOP-VIT-01__constate", "p_P-STRUCT", "q_"],
)
def test_forged_question_makes_the_submission_invalid(instrument: Instrument, forged: str) -> None:
    form = form_class_for(instrument, "COOP.VIT")(MultiDict({"q_COOP-VIT-01": "3", forged: "3"}))
    assert not form.validate()
    assert UNKNOWN_QUESTION in form.form_errors


def test_other_form_keys_are_ignored(instrument: Instrument) -> None:
    form = form_class_for(instrument, "COOP.VIT")(
        MultiDict({"q_COOP-VIT-01": "3", "action": "next", "csrf_token": "x"})
    )
    assert form.validate()


def test_double_items_have_two_rating_groups(instrument: Instrument) -> None:
    form = form_class_for(instrument, "VAL.ENV")()
    names = [field.name for field in form]
    assert names[:2] == ["q_VAL-ENV-01__constate", "q_VAL-ENV-01__attendu"]
    assert len(names) == 2 * len(instrument.dimensions_by_id["VAL.ENV"].items)
    assert _labels(form["q_VAL-ENV-01__constate"])["5"] == "Contribution très forte"
    assert _labels(form["q_VAL-ENV-01__attendu"])["5"] == "Attente très forte"
    submitted = _submit(
        instrument, "VAL.ENV", {"q_VAL-ENV-01__constate": "2", "q_VAL-ENV-01__attendu": "NSP"}
    )
    assert not submitted.errors
    assert answers_from_form(instrument, "VAL.ENV", submitted) == {
        "VAL-ENV-01.constate": 2,
        "VAL-ENV-01.attendu": "NSP",
    }
    assert not form_class_for(instrument, "VAL.ENV")(MultiDict({"q_VAL-ENV-01": "2"})).validate()


def test_profile_accepts_only_its_options(instrument: Instrument) -> None:
    form_class = form_class_for(instrument, PROFILE_PAGE)
    names = [field.name for field in form_class()]
    assert names == [field_name(q.id, profile=True) for q in instrument.profile]
    structure = form_class()["p_P-STRUCT"]
    assert [c.value for c in structure.choices] == [o.value for o in instrument.profile[0].options]
    good = form_class(
        MultiDict({"p_P-STRUCT": "Région", "p_P-ROLE": "Membre du noyau de pilotage"})
    )
    assert good.validate()
    assert answers_from_form(instrument, PROFILE_PAGE, good) == {
        "P-STRUCT": "Région",
        "P-ROLE": "Membre du noyau de pilotage",
    }
    bad = form_class(MultiDict({"p_P-STRUCT": "Royaume"}))
    assert not bad.validate() and bad["p_P-STRUCT"].errors
    forged = form_class(MultiDict({"p_P-AGE": "42"}))
    assert not forged.validate()
    assert not form_class(MultiDict({"q_COOP-VIT-01": "3"})).validate()


@pytest.mark.parametrize("page_id", ["COOP.LEA", "VAL.SOC", "VAL.ATT", "ACH.DEC", PROFILE_PAGE])
def test_answers_round_trip(instrument: Instrument, page_id: str) -> None:
    page = next(p for p in pages(instrument, ["COOP", "ACH", "VAL"]) if p.id == page_id)
    if page_id == PROFILE_PAGE:
        stored = {q.id: q.options[-1].value for q in instrument.profile}
    else:
        codes: list[int | str] = [1, 2, 3, 4, 5, "NSP", "NC"]
        stored = {key: codes[n % len(codes)] for n, key in enumerate(page.keys)}
    stored.pop(page.keys[-1])  # an unanswered question stays unanswered
    data = form_data_from_answers(instrument, page_id, {**stored, "OTHER-01": 3})
    form = form_class_for(instrument, page_id)(MultiDict(data))
    assert form.validate(), form.errors
    assert answers_from_form(instrument, page_id, form) == stored


def test_prefill_with_data_keyword(instrument: Instrument) -> None:
    data = form_data_from_answers(instrument, "COOP.VIT", {"COOP-VIT-03": 4, "COOP-VIT-04": "NC"})
    assert data == {"q_COOP-VIT-03": "4", "q_COOP-VIT-04": "NC"}
    form = form_class_for(instrument, "COOP.VIT")(data=data)
    assert form["q_COOP-VIT-03"].data == "4"
    assert form["q_COOP-VIT-01"].data is None


def test_classes_are_cached_per_page_and_base(instrument: Instrument) -> None:
    plain = form_class_for(instrument, "COOP.VIT")
    assert form_class_for(instrument, "COOP.VIT") is plain
    assert form_class_for(instrument, "COOP.OUV") is not plain
    with_csrf = form_class_for(instrument, "COOP.VIT", base=FlaskForm)
    assert with_csrf is not plain
    assert issubclass(with_csrf, FlaskForm) and not issubclass(plain, FlaskForm)
    assert form_class_for(instrument, "COOP.VIT", base=FlaskForm) is with_csrf


def test_unknown_page_is_a_key_error(instrument: Instrument) -> None:
    with pytest.raises(KeyError):
        form_class_for(instrument, "COOP.NOPE")
