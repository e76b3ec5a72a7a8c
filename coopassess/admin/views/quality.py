"""The admins' quality page: reliability of the instrument's dimensions on pooled data (§9).

Only aggregates over every counted response of a version are shown: no organisation, no
campaign, no individual answer."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from coopassess.admin import quality
from coopassess.auth.permissions import role_required
from coopassess.db import db_session
from coopassess.registry import registry
from coopassess.scoring import reliability

blueprint = Blueprint("quality", __name__)


@blueprint.get("/qualite")
@role_required("admin")
def index() -> str:
    versions = registry().versions()
    version = request.args.get("version", "")
    if version not in versions:  # unknown values are ignored, never an error
        version = registry().current().version
    instrument = registry().get(version)
    report, purged = quality.report(db_session(), instrument)
    return render_template(
        "admin/quality.html",
        instrument=instrument,
        versions=versions,
        report=report,
        purged=purged,
        verdicts=reliability.VERDICTS,
        notes=reliability.NOTES,
        ratings=reliability.RATING_LABELS,
        variants=reliability.VARIANT_LABELS,
        thresholds={
            "min_cases": reliability.MIN_CASES,
            "indicative_cases": reliability.INDICATIVE_CASES,
            "item_total": reliability.ITEM_TOTAL_REVIEW,
        },
    )
