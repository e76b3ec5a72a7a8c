"""Public pages that belong to no feature: home and health check."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template
from sqlalchemy import text

from coopassess.db import db_session
from coopassess.scoring.rounding import format_score

blueprint = Blueprint("web", __name__)

# Times are stored in UTC and read by people in France.
DISPLAY_TIMEZONE = ZoneInfo("Europe/Paris")


@blueprint.app_template_filter("score")
def score_filter(value: float) -> str:
    """Scores display as integers rounded half-up (scoring-model §3), like the charts and PDF."""
    return format_score(value)


@blueprint.app_template_filter("paris")
def paris_filter(value: datetime | None, pattern: str = "%d/%m/%Y à %H:%M") -> str:
    """A stored UTC time as the French clock showed it (summer and winter time)."""
    if value is None:
        return "—"
    return value.astimezone(DISPLAY_TIMEZONE).strftime(pattern)


@blueprint.get("/")
def home() -> str:
    return render_template("web/home.html")


@blueprint.get("/sante")
def health() -> tuple[dict[str, str], int]:
    """Liveness and database reachability, for the load balancer."""
    db_session().execute(text("SELECT 1"))
    return {"status": "ok"}, 200
