"""Public pages that belong to no feature: home and health check."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template
from sqlalchemy import text

from coopassess.db import db_session
from coopassess.scoring.rounding import format_score

blueprint = Blueprint("web", __name__)
PARIS = ZoneInfo("Europe/Paris")


@blueprint.app_template_filter("score")
def score_filter(value: float) -> str:
    """Scores display as integers rounded half-up (scoring-model §3), like the charts and PDF."""
    return format_score(value)


@blueprint.app_template_filter("datetime_fr")
def datetime_filter(value: datetime) -> str:
    """A moment as read in France: ``01/12/2026 à 10 h 05``."""
    local = value.astimezone(PARIS)
    return f"{local:%d/%m/%Y} à {local.hour} h {local:%M}"


@blueprint.get("/")
def home() -> str:
    return render_template("web/home.html")


@blueprint.get("/sante")
def health() -> tuple[dict[str, str], int]:
    """Liveness and database reachability, for the load balancer."""
    db_session().execute(text("SELECT 1"))
    return {"status": "ok"}, 200
