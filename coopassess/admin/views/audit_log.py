"""The admins' audit-log page (``/admin/journal``, ``coopassess.admin.audit_log``): the filters
come from the query string; a bad date is listed at the top and answered 400."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, render_template, request

from coopassess.admin.audit_log import Filters, audit_page
from coopassess.auth.permissions import role_required
from coopassess.db import db_session

blueprint = Blueprint("audit_log", __name__)


@blueprint.get("/journal")
@role_required("admin")
def index() -> tuple[str, int]:
    filters, errors = _filters()
    found = audit_page(db_session(), filters)
    page_html = render_template(
        "admin/audit.html",
        entries=found.entries,
        filters=filters,
        errors=errors,
        actions=found.actions,
        total=found.total,
        page=found.page,
        pages=found.pages,
        query={key: value for key, value in request.args.items() if key != "page"},
    )
    return page_html, 400 if errors else 200


def _filters() -> tuple[Filters, list[tuple[str, str]]]:
    """Query-string filters and the errors to list at the top (field id, message)."""
    args = request.args
    errors: list[tuple[str, str]] = []
    start = _day(args.get("du", ""), "du", "de début", errors)
    end = _day(args.get("au", ""), "au", "de fin", errors)
    if start and end and start > end:
        errors.append(("au", "La date de fin précède la date de début."))
    page = args.get("page", "1")
    return (
        Filters(
            action=args.get("action", "").strip()[:40],
            actor=args.get("acteur", "").strip().lower()[:254],
            target=args.get("cible", "").strip()[:254],
            start=start,
            end=end,
            page=max(1, int(page)) if page.isdigit() and len(page) < 7 else 1,
        ),
        errors,
    )


def _day(text: str, field: str, which: str, errors: list[tuple[str, str]]) -> date | None:
    """A day as the date picker sends it (2025-03-31) or as typed in French (31/03/2025)."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append((field, f"La date {which} n'est pas une date valide (jj/mm/aaaa)."))
    return None
