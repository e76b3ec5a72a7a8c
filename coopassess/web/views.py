"""Public pages that belong to no feature: home and health check; the template filters."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, render_template
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup
from sqlalchemy import text

from coopassess.campaigns.frozen import purged_statement
from coopassess.common.typography import french
from coopassess.db import db_session
from coopassess.models import Campaign
from coopassess.registry import EXTENSION_KEY as INSTRUMENTS
from coopassess.registry import registry
from coopassess.scoring.labels import agreement_label, legends
from coopassess.scoring.rounding import format_decimal, format_score, format_signed
from coopassess.survey.journey import duration_range

blueprint = Blueprint("web", __name__)

# Times are stored in UTC and read by people in France.
DISPLAY_TIMEZONE = ZoneInfo("Europe/Paris")


@blueprint.app_template_filter("score")
def score_filter(value: float | None) -> str:
    """One decimal and a decimal comma (« 62,5 »), the value the level is read from, like the
    charts, the PDF and the exports (``scoring.rounding``)."""
    return format_score(value)


@blueprint.app_template_filter("paris")
def paris_filter(value: datetime | None, pattern: str = "%d/%m/%Y à %H:%M") -> str:
    """A stored UTC time as the French clock showed it (summer and winter time)."""
    if value is None:
        return "—"
    return value.astimezone(DISPLAY_TIMEZONE).strftime(pattern)


@blueprint.app_template_filter("datetime_fr")
def datetime_filter(value: datetime) -> str:
    """A moment as read in France: ``01/12/2026 à 10 h 05``."""
    return paris_filter(value, "%d/%m/%Y à %-H h %M")


@blueprint.app_template_global("purged_statement")
def purged_statement_global(campaign: Campaign) -> str:
    """« Réponses individuelles supprimées le … : les résultats agrégés sont conservés »."""
    return purged_statement(campaign)


@blueprint.app_template_filter("signed")
def signed_filter(value: float | None) -> str:
    """A gap signed the same way everywhere: « +17,0 », « −6,3 »."""
    return format_signed(value)


@blueprint.app_template_filter("fr")
def french_filter(value: object) -> object:
    """French typography (``common.typography``) on a text shown: the questionnaire's wording,
    recommendations, flag texts, legends. Markup is left as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return french(value)
    return value


@blueprint.app_template_filter("points")
def points_filter(value: float) -> str:
    """A rule's number of points: « 10 », « 12,5 » (not a score: no forced decimal)."""
    return format_decimal(value, 0 if float(value).is_integer() else 1)


@blueprint.app_template_filter("agreement")
def agreement_filter(value: str | None) -> str | None:
    """The agreement category as people read it (« Avis nuancés »)."""
    return agreement_label(value)


@blueprint.record_once
def _legends(state: BlueprintSetupState) -> None:
    """The legends of the « Accord » column and of the VAL readings, with the thresholds of the
    current instrument: globals, so that the macros drawing those columns (imported without
    the template's context) see them."""
    state.app.jinja_env.globals.update(legends(state.app.extensions[INSTRUMENTS].current()))


@blueprint.get("/")
def home() -> str:
    shortest, longest = duration_range(registry().current())
    return render_template("web/home.html", shortest=shortest, longest=longest)


@blueprint.get("/sante")
def health() -> tuple[dict[str, str], int]:
    """Liveness and database reachability, for the load balancer."""
    db_session().execute(text("SELECT 1"))
    return {"status": "ok"}, 200
