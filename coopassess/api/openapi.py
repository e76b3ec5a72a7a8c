"""The OpenAPI 3.1 document of ``/api/v1``, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

from functools import cache
from typing import Any

from coopassess.api.schemas import ACTION_SCHEMAS, API_SCHEMAS, RESULTS_SCHEMAS, Schema, ref

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25


def _json(schema: Schema, description: str, headers: dict[str, Any] | None = None) -> Schema:
    response: Schema = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _error(description: str, headers: dict[str, Any] | None = None) -> Schema:
    return _json(ref("Error"), description, headers)


RESPONSES: dict[str, Schema] = {
    "BadRequest": _error("Paramètre invalide."),
    "Unauthorized": _error(
        "Ni jeton ni session valide. Un jeton refusé (inconnu, expiré, révoqué, compte "
        "désactivé) est consigné au journal d'audit (`api.denied`).",
        {
            "WWW-Authenticate": {
                "schema": {"type": "string"},
                "description": 'Bearer realm="CoopAssess" (error="invalid_token" si refusé).',
            }
        },
    ),
    "TooManyRequests": _error(
        "Trop de jetons refusés depuis cette adresse (20 en 15 minutes) : même un jeton valide "
        "est refusé jusqu'à la fin de la fenêtre.",
        {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "Secondes à attendre avant de réessayer.",
            }
        },
    ),
    "Forbidden": _error("L'organisation de la campagne n'est pas accessible à ce compte."),
    "NotFound": _error("Campagne inconnue."),
}

SECURITY = [{"bearerToken": []}, {"sessionCookie": []}]


def _operation(summary: str, description: str, **fields: Any) -> Schema:
    responses = fields.pop("responses")
    return {
        "summary": summary,
        "description": description,
        "security": SECURITY,
        **fields,
        "responses": {
            **responses,
            "401": {"$ref": "#/components/responses/Unauthorized"},
            "429": {"$ref": "#/components/responses/TooManyRequests"},
        },
    }


def _integer_query(name: str, description: str, **bounds: int) -> Schema:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "integer", **bounds},
    }


CAMPAIGNS = _operation(
    "Campagnes accessibles",
    "Les campagnes des organisations que l'appelant peut voir (administrateur : toutes ; "
    "consultant : ses organisations ; référent : la sienne), par identifiant croissant, avec les "
    "réponses comptées, l'IMC et le niveau des résumés enregistrés.",
    operationId="listCampaigns",
    parameters=[
        _integer_query("page", "Page, à partir de 1.", minimum=1, default=1),
        _integer_query(
            "per_page",
            f"Campagnes par page (au plus {MAX_PER_PAGE}).",
            minimum=1,
            maximum=MAX_PER_PAGE,
            default=DEFAULT_PER_PAGE,
        ),
        _integer_query("organisation_id", "Seulement les campagnes de cette organisation."),
    ],
    responses={
        "200": _json(ref("CampaignPage"), "Une page de campagnes."),
        "400": {"$ref": "#/components/responses/BadRequest"},
    },
)

RESULTS = _operation(
    "Résultats d'une campagne",
    "Exactement le JSON des résultats (`coopassess campaign results`). Le tableau "
    "`respondents` (scores pseudonymisés par répondant) n'est remis qu'aux administrateurs et "
    "aux consultants : jamais à l'organisation. `Cache-Control: private, no-store` ; l'ETag "
    "suit les réponses comptées (`If-None-Match` → 304).",
    operationId="getCampaignResults",
    parameters=[
        {
            "name": "campaign_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer"},
        },
        {
            "name": "If-None-Match",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "L'ETag d'une réponse précédente.",
        },
    ],
    responses={
        "200": _json(
            ref("Results"),
            "Les résultats agrégés.",
            {"ETag": {"schema": {"type": "string"}, "description": "Version des résultats."}},
        ),
        "304": {"description": "Résultats inchangés depuis l'ETag donné."},
        "403": {"$ref": "#/components/responses/Forbidden"},
        "404": {"$ref": "#/components/responses/NotFound"},
        "409": _error(
            "Moins de réponses comptées que le minimum (3) : aucun chiffre n'est montré. "
            "`n_respondents` et `min_respondents` disent où en est la campagne."
        ),
    },
)

_CAMPAIGN_ID = {
    "name": "campaign_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
}
_ACTION_ID = {"name": "action_id", "in": "path", "required": True, "schema": {"type": "integer"}}
WRITE_SECURITY = [{"bearerToken": []}]
_WRITE_REFUSALS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "403": _error(
        "Compte sans droit d'écriture (référent : le plan se modifie sur les pages) ou "
        "organisation non confiée à ce compte."
    ),
    "404": _error("Campagne ou action inconnue."),
}

ACTIONS = _operation(
    "Plan d'action d'une campagne",
    "Les actions du plan, par échéance (sans échéance en dernier), chacune avec l'historique "
    "de son statut. Mêmes droits que les résultats de la campagne.",
    operationId="listCampaignActions",
    parameters=[_CAMPAIGN_ID],
    responses={
        "200": _json(ref("ActionList"), "Le plan d'action."),
        "403": {"$ref": "#/components/responses/Forbidden"},
        "404": {"$ref": "#/components/responses/NotFound"},
    },
)

CREATE_ACTION = _operation(
    "Ajouter une action au plan",
    "Consultants de l'organisation et administrateurs, avec un jeton d'API seulement (la "
    "session du navigateur ne suffit pas : 401). Inscrit au journal d'audit (`action.create`).",
    operationId="createCampaignAction",
    security=WRITE_SECURITY,
    parameters=[_CAMPAIGN_ID],
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": ref("ActionCreate")}},
    },
    responses={
        "201": _json(
            ref("Action"),
            "L'action créée.",
            {"Location": {"schema": {"type": "string"}, "description": "Son adresse."}},
        ),
        **_WRITE_REFUSALS,
    },
)

ACTION = _operation(
    "Une action du plan",
    "L'action et l'historique de son statut.",
    operationId="getCampaignAction",
    parameters=[_CAMPAIGN_ID, _ACTION_ID],
    responses={
        "200": _json(ref("Action"), "L'action."),
        "403": {"$ref": "#/components/responses/Forbidden"},
        "404": _error("Campagne ou action inconnue."),
    },
)

UPDATE_ACTION = _operation(
    "Modifier une action du plan",
    "Les champs donnés remplacent les anciens ; un nouveau statut s'inscrit à l'historique "
    "(qui, quand). Mêmes droits que la création. Journal d'audit : `action.update`.",
    operationId="updateCampaignAction",
    security=WRITE_SECURITY,
    parameters=[_CAMPAIGN_ID, _ACTION_ID],
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": ref("ActionUpdate")}},
    },
    responses={"200": _json(ref("Action"), "L'action modifiée."), **_WRITE_REFUSALS},
)

OPENAPI = {
    "summary": "Ce document",
    "description": "Le document OpenAPI de l'API, public.",
    "operationId": "getOpenApiDocument",
    "security": [],
    "responses": {
        "200": {
            "description": "Document OpenAPI 3.1.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
}


@cache
def document(cookie_name: str) -> dict[str, Any]:
    """The whole document; ``cookie_name`` is the session cookie of this deployment."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "CoopAssess API",
            "version": "1.0.0",
            "description": "API des campagnes, de leurs résultats agrégés (lecture seule) et de "
            "leur plan d'action (lecture ; création et modification par les consultants et "
            "les administrateurs, avec un jeton). Authentification par jeton d'API (créé sur "
            "/compte/jetons ou avec `coopassess user token create`) ou par la session du "
            "navigateur, qui ne permet que la lecture ; chaque appel a les droits du compte. "
            "Une méthode qu'un chemin ne décrit pas reçoit 405 avec le corps `Error`.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/campaigns": {"get": CAMPAIGNS},
            "/campaigns/{campaign_id}/results": {"get": RESULTS},
            "/campaigns/{campaign_id}/actions": {"get": ACTIONS, "post": CREATE_ACTION},
            "/campaigns/{campaign_id}/actions/{action_id}": {
                "get": ACTION,
                "patch": UPDATE_ACTION,
            },
            "/openapi.json": {"get": OPENAPI},
        },
        "components": {
            "schemas": {**RESULTS_SCHEMAS, **API_SCHEMAS, **ACTION_SCHEMAS},
            "responses": RESPONSES,
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Jeton d'API `ca_…`, montré une seule fois à sa création.",
                },
                "sessionCookie": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": cookie_name,
                    "description": "La session d'un compte connecté à /connexion.",
                },
            },
        },
    }
