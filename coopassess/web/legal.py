"""The legal pages linked from every footer: « Mentions légales », « Données personnelles »
(the processing record in plain words) and « Accessibilité » (the RGAA 4.1 statement).

Their facts come from the configuration (``docs/privacy.md``: publisher, host, contacts) and
from the code itself (retention defaults, cookie lifetime, SMTP relay); nothing unset is
invented: an unset publisher is « l'organisme qui exploite cette instance »."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, render_template
from flask.blueprints import BlueprintSetupState

from coopassess.auth import limits, sessions
from coopassess.mail.settings import MailSettingsError, parse_smtp_url
from coopassess.models import Campaign
from coopassess.participants.messages import french_date
from coopassess.privacy.service import Operator
from coopassess.registry import EXTENSION_KEY as INSTRUMENTS
from coopassess.registry import registry
from coopassess.retention.service import SECURITY_LOG_DAYS, SENT_BODY_DAYS

blueprint = Blueprint("legal", __name__)

OPERATOR = "l'organisme qui exploite cette instance de CoopAssess"
# The day the accessibility statement was written (RGAA: « établie le »).
STATEMENT_DATE = date(2026, 12, 1)
AXE_VERSION = "4.12"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_WIDTHS = (1280, 390)
DEFENSEUR_FORM = "https://formulaire.defenseurdesdroits.fr/"
DEFENSEUR_DELEGUES = "https://www.defenseurdesdroits.fr/carte-des-delegues"
DEFENSEUR_MAIL = "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"


def operator() -> Operator:
    """The configuration's part of every information notice."""
    config = current_app.config
    return Operator(
        dpo_contact=config.get("DPO_CONTACT") or None,
        cookie_hours=int(config["PERMANENT_SESSION_LIFETIME"]) // 3600,
        attempt_minutes=int(config["LINK_FAILURE_WINDOW"]) // 60,
    )


def _configured(name: str) -> str | None:
    value = current_app.config.get(name)
    return " ".join(str(value).split()) if value else None


def _relay() -> str | None:
    """The SMTP relay's host, or None when messages are only written to the outbox folder."""
    url = current_app.config.get("SMTP_URL")
    if not url:
        return None
    try:
        return parse_smtp_url(url).host
    except MailSettingsError:
        return None


def _site() -> dict[str, Any]:
    return {
        "operator": OPERATOR,
        "base_url": current_app.config["BASE_URL"].rstrip("/"),
        "publisher": _configured("PUBLISHER_NAME"),
        "publisher_address": _configured("PUBLISHER_ADDRESS"),
        "publisher_contact": _configured("PUBLISHER_CONTACT"),
        "director": _configured("PUBLICATION_DIRECTOR"),
        "host": _configured("HOST_NAME"),
        "host_address": _configured("HOST_ADDRESS"),
        "host_contact": _configured("HOST_CONTACT"),
        "accessibility_contact": _configured("ACCESSIBILITY_CONTACT"),
        "dpo_contact": _configured("DPO_CONTACT"),
    }


@blueprint.record_once
def _minimum(state: BlueprintSetupState) -> None:
    """The footer's promise names the current instrument's minimum number of respondents."""
    parameters = state.app.extensions[INSTRUMENTS].current().parameters
    state.app.jinja_env.globals["privacy_minimum"] = parameters.min_respondents_aggregate


@blueprint.get("/mentions-legales")
def notice() -> str:
    return render_template("web/legal.html", site=_site())


@blueprint.get("/donnees-personnelles")
def processing() -> str:
    config = current_app.config
    column = Campaign.__table__.c
    return render_template(
        "web/processing.html",
        site=_site(),
        relay=_relay(),
        redis=bool(config.get("REDIS_URL")),
        minimum=registry().current().parameters.min_respondents_aggregate,
        address_months=int(column.address_retention_months.server_default.arg),
        answer_months=int(column.answer_retention_months.server_default.arg),
        sent_body_days=SENT_BODY_DAYS,
        security_log_days=SECURITY_LOG_DAYS,
        operator=operator(),
        session_hours=int(config["PERMANENT_SESSION_LIFETIME"]) // 3600,
        per_account=config.get("AUTH_MAX_FAILURES_PER_ACCOUNT", limits.MAX_PER_ACCOUNT),
        per_address=config.get("AUTH_MAX_FAILURES_PER_ADDRESS", limits.MAX_PER_ADDRESS),
        link_failures=config["LINK_MAX_FAILURES"],
        idle_minutes=int(config.get("AUTH_IDLE_TIMEOUT", sessions.IDLE_TIMEOUT)) // 60,
        absolute_hours=int(config.get("AUTH_ABSOLUTE_TIMEOUT", sessions.ABSOLUTE_TIMEOUT)) // 3600,
    )


@blueprint.get("/accessibilite")
def accessibility() -> str:
    return render_template(
        "web/accessibility.html",
        site=_site(),
        statement_date=french_date(STATEMENT_DATE),
        axe_version=AXE_VERSION,
        axe_tags=AXE_TAGS,
        axe_widths=AXE_WIDTHS,
        defenseur_form=DEFENSEUR_FORM,
        defenseur_delegues=DEFENSEUR_DELEGUES,
        defenseur_mail=DEFENSEUR_MAIL,
    )
