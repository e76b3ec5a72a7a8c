"""/api/v1/openapi.json: a valid OpenAPI 3.1 document whose results schema is the contract of
results-json.md (the scoring examples of scoring-model.md §12 validate against it)."""

from __future__ import annotations

import copy

import pytest
from flask import Flask
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import OpenAPIV31SpecValidator

from coopassess.api import schemas
from coopassess.instrument.registry import default_registry
from coopassess.scoring import score_campaign
from tests.fixtures.api import conforms, served_document
from tests.fixtures.scoring import example_3, example_4, example_5, example_6


def _results_validator(document: dict) -> OAS31Validator:
    schema = {"$ref": "#/components/schemas/Results", "components": document["components"]}
    return OAS31Validator(schema)


def test_the_document_is_public_valid_openapi_3_1(app: Flask) -> None:
    client = app.test_client()
    answer = conforms(client, client.get("/api/v1/openapi.json"))
    assert answer.mimetype == "application/json"
    assert answer.headers["Cache-Control"] == "public, max-age=3600"
    document = answer.json
    assert document["openapi"].startswith("3.1")
    assert list(OpenAPIV31SpecValidator(document).iter_errors()) == []
    assert set(document["paths"]) == {
        "/campaigns",
        "/campaigns/{campaign_id}/results",
        "/campaigns/{campaign_id}/actions",
        "/campaigns/{campaign_id}/actions/{action_id}",
        "/openapi.json",
    }
    security = document["components"]["securitySchemes"]
    assert security["bearerToken"]["scheme"] == "bearer"
    assert security["sessionCookie"]["name"] == app.config["SESSION_COOKIE_NAME"]
    results = document["paths"]["/campaigns/{campaign_id}/results"]["get"]
    assert {"200", "304", "401", "403", "404", "409"} <= set(results["responses"])


def test_a_broken_document_would_be_caught(app: Flask) -> None:
    document = served_document(app.test_client())
    document["paths"]["/campaigns"]["get"]["responses"]["200"] = {"content": {}}
    assert list(OpenAPIV31SpecValidator(document).iter_errors()) != []


@pytest.mark.parametrize(
    ("target", "respondents"),
    [
        ("territoire", example_3),
        ("territoire", example_4),
        ("entreprise", example_5),
        ("territoire", example_6),
    ],
)
def test_the_worked_examples_validate_against_the_results_schema(
    app: Flask, target: str, respondents: object
) -> None:
    document = served_document(app.test_client())
    results = score_campaign(default_registry().current(), respondents(), target).to_json()
    _results_validator(document).validate(results)


def test_the_results_schema_is_strict(app: Flask) -> None:
    document = served_document(app.test_client())
    validator = _results_validator(document)
    good = score_campaign(default_registry().current(), example_3(), "territoire").to_json()
    validator.validate(good)
    too_high = copy.deepcopy(good)
    too_high["questionnaires"]["COOP"]["dimensions"]["COOP.LEA"]["score"] = 120.0
    for broken in (
        {**good, "extra": 1},
        {**good, "target": "association"},
        {**good, "flags": ["INCONNU"]},
        {key: value for key, value in good.items() if key != "n_respondents"},
        too_high,
        {**good, "respondents": [{"id": "R1", "dimensions": {}, "flags": ["BIZARRE"]}]},
    ):
        with pytest.raises(ValidationError):
            validator.validate(broken)


def test_the_codes_follow_the_instrument(app: Flask) -> None:
    """Levels and flag codes of the shipped instrument are those the document lists."""
    instrument = default_registry().current()
    assert tuple(level.code for level in instrument.levels) == schemas.LEVELS
    assert set(instrument.respondent_flags) == set(schemas.RESPONDENT_FLAGS)
    assert set(schemas.DIMENSION_FLAGS) | set(schemas.CAMPAIGN_FLAGS) <= set(instrument.flags)
    document = served_document(app.test_client())
    level = document["components"]["schemas"]["Level"]
    assert level["enum"] == [*schemas.LEVELS, None]
