"""Error pages in French, without tracebacks; JSON for the API.

An error page never needs the database: when the database is what failed (locked by a long
writer), reading it again to draw the page would fail too, and the server would answer its
own English page. So a busy database answers 503 with ``Retry-After`` and no signed-in header,
and a page that cannot be drawn falls back to plain French HTML.
"""

from __future__ import annotations

import logging
from html import escape

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
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
    503: (
        "Service momentanément indisponible",
        "Le service est très sollicité en ce moment (une longue opération est en cours). "
        "Rien n'a été enregistré par cette demande : réessayez dans quelques secondes.",
    ),
    500: (
        "Erreur interne",
        "Une erreur inattendue est survenue. Vos réponses déjà enregistrées sont conservées. "
        "Réessayez dans un instant.",
    ),
}


RETRY_AFTER_SECONDS = 5
# Messages of a database busy with another writer: SQLite's, and PostgreSQL's lock_timeout.
BUSY_MESSAGES = ("database is locked", "database table is locked", "lock timeout")
FALLBACK_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>'
    '<body><h1>{title}</h1><p>{message}</p><p><a href="/">Retour à l\'accueil</a></p>'
    "</body></html>"
)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationalError, _database_error)
    app.register_error_handler(Exception, _unexpected_error)


def render_error(code: int, detail: str | None = None) -> tuple[object, int]:
    title, message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    if request.path.startswith("/api/"):
        return {"error": {"code": code, "title": title, "message": detail or message}}, code
    try:
        page = render_template(
            "errors/error.html", code=code, title=title, message=detail or message
        )
    except Exception:
        log.exception("Error page %s could not be rendered on %s", code, _route())
        page = FALLBACK_PAGE.format(title=escape(title), message=escape(detail or message))
    return page, code


def is_busy(error: OperationalError) -> bool:
    """True when the database refused because another writer holds a lock (worth a retry)."""
    text = str(error.orig).lower()
    return any(message in text for message in BUSY_MESSAGES)


def _database_error(error: OperationalError) -> tuple[object, int, list]:
    """A database busy with a long writer: 503 and ``Retry-After``, never a 500."""
    if not is_busy(error):
        return _unexpected_error(error)
    log.warning("Database busy on %s %s: %s", request.method, _route(), error.orig)
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
    g.current_user = None  # the page header must not read the database again
    return (*render_error(503), [("Retry-After", str(RETRY_AFTER_SECONDS))])


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
