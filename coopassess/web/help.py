"""« Aide et méthode » (``/aide``): what the results mean, for an élu who is no statistician.

Every figure and rule on the page is read from the published instrument (dimensions, levels,
thresholds, flag texts), the same one the scoring and the PDF's method note use: the page
cannot drift from the rules it explains."""

from __future__ import annotations

from flask import Blueprint, render_template

from coopassess.registry import registry
from coopassess.scoring.rounding import format_decimal

blueprint = Blueprint("help", __name__)


@blueprint.get("/aide")
def index() -> str:
    instrument = registry().current()
    params = instrument.parameters
    return render_template(
        "web/help.html",
        instrument=instrument,
        coop=instrument.questionnaires["COOP"],
        modules=[q for key, q in instrument.questionnaires.items() if key != "COOP"],
        params=params,
        nsp_rate=f"{params.nsp_alert_rate * 100:.0f}\u00a0%",
        risk_share=f"{params.risk_signalled_share * 100:.0f}\u00a0%",
        consensus=format_decimal(params.ad_consensus_raw, 2),
        disagreement=format_decimal(params.ad_disagreement_raw, 2),
    )
