"""Secure defaults: CSRF on every POST, security headers on every response, proxy trust, and a
session cookie that is re-signed only when it changed or is getting old."""

from __future__ import annotations

import time
import unicodedata
from itertools import chain
from urllib.parse import urlsplit

from flask import Flask, Request, Response, abort, current_app, g, make_response, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from flask_wtf.csrf import CSRFProtect, generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

from coopassess.errors import render_error

csrf = CSRFProtect()
FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
_DEFAULT_HEADERS = tuple((name.lower(), name, value) for name, value in HEADERS.items())


class SignedSession(SecureCookieSession):
    """The session, with the time its cookie was signed (None for a new session)."""

    signed_at: float | None = None


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus a signature and a ``Set-Cookie`` on most requests.

    Flask re-signs a permanent session on every response so that its expiry slides with
    activity. Here an unchanged session is re-signed only once its cookie is older than
    ``SESSION_REFRESH_AFTER`` seconds: the expiry still slides (to within that delay), and a page
    read costs no signing. A changed session is always sent at once.
    """

    session_class = SignedSession

    def __init__(self) -> None:
        self._serializer: tuple[tuple[object, ...], URLSafeTimedSerializer | None] = ((), None)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Built once per secret key (Flask builds one per request)."""
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if self._serializer[0] != keys:
            self._serializer = (keys, super().get_signing_serializer(app))
        return self._serializer[1]

    def open_session(self, app: Flask, incoming: Request) -> SignedSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = incoming.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        session = self.session_class(data)
        session.signed_at = signed_at.timestamp()
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or time.time() - signed_at >= app.config["SESSION_REFRESH_AFTER"]


_recent_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_RECENT_TOKENS_LIMIT = 10_000  # emptied when full


def csrf_token() -> str | None:
    """``generate_csrf()``, or the token it signed for this session's secret less than
    ``CSRF_TOKEN_REUSE`` seconds ago (None when CSRF protection is off).

    A reused token is still bound to its session's secret and checked as usual; it expires that
    much sooner, never later.
    """
    config = current_app.config
    if not config.get("WTF_CSRF_ENABLED", True):
        return None
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if field in g:
        return g.get(field)
    signing_key = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    now = time.time()
    found = _recent_tokens.get((signing_key, session.get(field)))
    if found is not None and now - found[1] < config["CSRF_TOKEN_REUSE"]:
        setattr(g, field, found[0])  # where generate_csrf() keeps the token of a request
        return found[0]
    token = generate_csrf()
    if len(_recent_tokens) >= _RECENT_TOKENS_LIMIT:
        _recent_tokens.clear()
    _recent_tokens[(signing_key, session[field])] = (token, now)
    return token


def safe_redirect_path(target: str | None, default: str) -> str:
    """``target`` when it is a path of this site, else ``default``.

    Checked on the form the redirect will use: ``urlsplit`` (which Werkzeug applies to the
    ``Location`` header) silently drops tabs and newlines, so ``/\t/evil.example`` would become
    ``//evil.example``. A target holding any control character or backslash is refused whole,
    and it never reaches a header (a newline there is an error 500).
    """
    if not target or any(c == "\\" or unicodedata.category(c) == "Cc" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return default
    if parts.path.startswith("//"):
        return default
    return target


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    csrf.init_app(app)
    if app.config["TRUST_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    app.before_request(_limit_body)
    app.before_request(_refuse_nul)
    app.after_request(_add_headers)


def _limit_body() -> None:
    """Refuse an oversized body before any view reads it (streamed bodies are cut by Werkzeug)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit and request.content_length and request.content_length > limit:
        abort(413)


NUL_REFUSED = (
    "La demande contient un caractère invisible non autorisé (octet nul). "
    "Retirez-le, par exemple en retapant le texte collé, puis réessayez."
)


def _refuse_nul() -> None:
    """Refuse a NUL character anywhere in the path, the query or the form, once for every
    view: no text of this application may hold one, and PostgreSQL refuses it in any text
    parameter (a search or a filter would otherwise end in an error 500)."""
    values = [request.path, *chain.from_iterable(request.args.listvalues())]
    if request.method == "POST" and request.mimetype in FORM_MIMETYPES:
        # Every value of a repeated key: ``values()`` gives only the first of each.
        values += chain.from_iterable(request.form.listvalues())
    if any("\x00" in value for value in values):
        abort(make_response(render_error(400, NUL_REFUSED)))


def _add_headers(response: Response) -> Response:
    """Each default header unless the view set its own (one pass over the response's headers:
    ``setdefault`` would scan them once per default)."""
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    for lower, name, value in _DEFAULT_HEADERS:
        if lower not in present:
            headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", HSTS)
    _no_store(response)
    return response


def _no_store(response: Response) -> None:
    """``no-store`` on every answer but static files and what a view declares ``public``.

    Pages, charts, exports, PDFs and API answers hold answers or results (personal or
    confidential): no cache may keep them, not even the browser's (a ``private, max-age`` let
    a shared computer show them again after logout).
    """
    cache = response.headers.get("Cache-Control", "")
    if request.endpoint == "static" or "public" in cache or "no-store" in cache:
        return
    response.headers["Cache-Control"] = "private, no-store" if cache else "no-store"
