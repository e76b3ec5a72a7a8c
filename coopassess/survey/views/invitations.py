"""``/i/<token>``: an invitation link is exchanged for a response held by this browser.

The token leaves the URL at once: the answer is a redirect to the campaign's resume page, and
the browser keeps only the response id in its signed session cookie. Unknown, revoked, expired,
closed and already used links all get the same 404, so the link says nothing about itself.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, session, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.campaigns.service import campaign_today, redeem
from coopassess.db import database
from coopassess.survey.views.pages import SESSION_KEY, new_response, remember_response

blueprint = Blueprint("invitations", __name__)


@blueprint.get("/i/<token>")
def exchange(token: str) -> WerkzeugResponse:
    # Read the session on every path, so refusals and successes vary on the cookie alike.
    held = dict(session.get(SESSION_KEY, {}))
    if request.method == "HEAD":
        # Link checkers probe with HEAD: never spend a single-use link on them.
        abort(404)
    # A GET that writes: take the write lock up front (see coopassess.db), one transaction.
    with database().session(write=True) as db:
        response = redeem(
            db,
            token,
            today=campaign_today(),
            held=lambda campaign: held.get(campaign.slug),
            new_response=new_response,
        )
        if response is None:
            abort(404)
        campaign = response.campaign
        db.commit()
    remember_response(campaign, response)
    answer = redirect(url_for("survey.welcome", slug=campaign.slug))
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["Referrer-Policy"] = "no-referrer"
    return answer
