"""Error pages in French, without tracebacks; JSON for the API."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        "Requête invalide",
        "La demande n'a pas pu être comprise. Vérifiez le formulaire et réessayez.",
    ),
    403: ("Accès refusé", "Vous n'avez pas accès à cette page."),
    404: ("Page introuvable", "Cette page n'existe pas ou n'est plus disponible."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible sur cette page."),
    410: ("Lien expiré", "Ce lien n'est plus valable."),
    413: ("Envoi trop volumineux", "Les données envoyées dépassent la taille autorisée."),
    429: ("Trop de tentatives", "Trop de tentatives en peu de temps. Patientez quelques minutes."),
    500: (
        "Erreur interne",
        "Une erreur inattendue est survenue. Vos réponses déjà enregistrées sont conservées. "
        "Réessayez dans un instant.",
    ),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(Exception, _unexpected_error)


def render_error(code: int, detail: str | None = None) -> tuple[object, int]:
    title, message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    if request.path.startswith("/api/"):
        return {"error": {"code": code, "title": title, "message": detail or message}}, code
    return render_template(
        "errors/error.html", code=code, title=title, message=detail or message
    ), code


def _route() -> str:
    """The route pattern, never the path: paths carry invitation and reset tokens."""
    return request.url_rule.rule if request.url_rule is not None else "(no route)"


def _http_error(error: HTTPException) -> tuple[object, int] | tuple[object, int, list]:
    code = error.code or 500
    if code >= 500:
        log.error("HTTP %s on %s %s", code, request.method, _route())
    # Keep what the exception says beyond the body, e.g. ``Allow`` on a 405.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return (*render_error(code), headers) if headers else render_error(code)


def _csrf_error(error: CSRFError) -> tuple[object, int]:
    return render_error(
        400,
        "Votre session a expiré ou le formulaire n'est plus valable. "
        "Rechargez la page et réessayez.",
    )


def _unexpected_error(error: Exception) -> tuple[object, int]:
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("Unhandled error on %s %s", request.method, _route())
    return render_error(InternalServerError.code)
