"""Public pages that belong to no feature: home and health check."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from coopassess.db import db_session
from coopassess.scoring.rounding import format_score

blueprint = Blueprint("web", __name__)


@blueprint.app_template_filter("score")
def score_filter(value: float) -> str:
    """Scores display as integers rounded half-up (scoring-model §3), like the charts and PDF."""
    return format_score(value)


@blueprint.get("/")
def home() -> str:
    return render_template("web/home.html")


@blueprint.get("/sante")
def health() -> tuple[dict[str, str], int]:
    """Liveness and database reachability, for the load balancer."""
    db_session().execute(text("SELECT 1"))
    return {"status": "ok"}, 200
