"""The opt-out link of every message: ``/desinscription/<participant>/<signature>``.

GET shows a French confirmation page and changes nothing (mail scanners follow every link);
only a POST opts out: the page's form, or the RFC 8058 one-click POST a mail client sends
(body ``List-Unsubscribe=One-Click``). The signature (an HMAC of the participant id with the
secret key) is the proof, so the POST needs no CSRF token: a forged request would need it.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.campaigns.links import valid_unsubscribe
from coopassess.db import db_session
from coopassess.models import Participant
from coopassess.participants.service import opt_out
from coopassess.security import csrf

blueprint = Blueprint("optout", __name__)


def _participant(participant_id: int, signature: str) -> Participant | None:
    if len(signature) > 64 or not valid_unsubscribe(
        current_app.config["SECRET_KEY"], participant_id, signature
    ):
        return None
    return db_session().get(Participant, participant_id)


def _unknown() -> tuple[str, int]:
    return render_template("participants/optout.html", participant=None), 404


@blueprint.get("/desinscription/<int:participant_id>/<signature>")
def confirm(participant_id: int, signature: str) -> tuple[str, int]:
    participant = _participant(participant_id, signature)
    if participant is None:
        return _unknown()
    page = render_template("participants/optout.html", participant=participant, signature=signature)
    return page, 200


@blueprint.post("/desinscription/<int:participant_id>/<signature>")
@csrf.exempt  # the signature in the link is the proof (see the module's docstring)
def unsubscribe(participant_id: int, signature: str) -> WerkzeugResponse | tuple[str, int]:
    participant = _participant(participant_id, signature)
    if participant is None:
        return _unknown()
    if opt_out(participant):
        db_session().commit()
    if request.form.get("List-Unsubscribe") == "One-Click":
        return "Désinscription enregistrée.", 200
    return redirect(url_for("optout.confirm", participant_id=participant_id, signature=signature))
