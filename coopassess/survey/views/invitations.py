"""``/i/<token>``: an invitation link, opened and then used.

Opening a link (GET) writes nothing: a mail scanner or a link preview spends nothing. The
browser only receives, in its signed session cookie, the right to start (the link's id) or the
response the link already opened, and the token leaves the address bar at once. The response
is started when the person acts: the POST of the welcome page (``survey.views.start``).
Unknown, revoked, expired and closed links all get one same French page, status 404; refused
lookups are counted per client and answered 429 after a burst.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask import Response as FlaskResponse
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.campaigns.service import (
    begin,
    campaign_today,
    make_resume_link,
    resume_token,
    usable,
    usable_link,
)
from coopassess.db import database, db_session
from coopassess.jobs import enqueue
from coopassess.models import Campaign, Invitation
from coopassess.models import Response as SurveyResponse
from coopassess.participants.importing import normalise_email
from coopassess.privacy.service import record as record_notice
from coopassess.survey import guessing
from coopassess.survey.resume_mail import send_resume_link
from coopassess.survey.views.notice import notice_of
from coopassess.survey.views.pages import (
    SESSION_KEY,
    campaign_and_response,
    current_response,
    held_pass,
    new_response,
    remember_pass,
    remember_response,
    withdrawable,
)

blueprint = Blueprint("invitations", __name__)
MAILED_KEY = "resume_mails"
MAX_RESUME_MAILS = 3


def invalid_link() -> tuple[str, int]:
    """The one answer to every link that does not open anything."""
    return render_template("survey/invalid_link.html"), 404


def too_many() -> tuple[str, int]:
    return render_template("survey/too_many.html"), 429


@blueprint.get("/i/<token>")
def exchange(token: str) -> WerkzeugResponse | tuple[str, int]:
    # Read the session on every path, so refusals and successes vary on the cookie alike.
    held = dict(session.get(SESSION_KEY, {}))
    if request.method == "HEAD":
        # Link checkers probe with HEAD: answered without looking at the token.
        abort(404)
    if guessing.blocked():
        return too_many()
    with database().session(write=False) as db:
        invitation = usable_link(db, token, campaign_today())
        if invitation is None:
            db.close()
            guessing.record_failure()
            return invalid_link()
        campaign = invitation.campaign
        if invitation.kind == "single" and invitation.response is not None:
            remember_response(campaign, invitation.response)
            target = url_for("survey.resume", slug=campaign.slug)
        else:
            if invitation.kind == "single":
                held.pop(campaign.slug, None)
                session[SESSION_KEY] = held
            remember_pass(campaign, invitation.id)
            page = "withdrawal.withdrawn" if invitation.withdrawn_at else "survey.welcome"
            target = url_for(page, slug=campaign.slug)
    answer = redirect(target)
    answer.headers["Cache-Control"] = "no-store"
    answer.headers["Referrer-Policy"] = "no-referrer"
    return answer


@blueprint.post("/r/<slug>/commencer")
def start(slug: str) -> WerkzeugResponse | tuple[str, int]:
    """The person acts on the welcome page: the link's response is started or resumed."""
    db = db_session()
    campaign = db.scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        abort(404)
    invitation_id = held_pass(campaign)
    invitation = None if invitation_id is None else db.get(Invitation, invitation_id)
    if (
        invitation is None
        or invitation.campaign_id != campaign.id
        or not usable(invitation, campaign, campaign_today())
    ):
        return invalid_link()
    notice = notice_of(campaign)
    shown = request.form.get("notice")
    if shown is not None and shown != notice.text_hash:
        flash(
            "La notice d'information a changé depuis l'affichage de cette page : "
            "prenez-en connaissance ci-dessous avant de commencer."
        )
        return redirect(url_for("survey.welcome", slug=slug))
    notice_id = record_notice(db, campaign.organisation_id, notice).id

    def noticed_response(target: Campaign) -> SurveyResponse:
        """A new response names the notice its respondent was shown on the welcome page."""
        started = new_response(target)
        started.notice_id = notice_id
        return started

    held = current_response(campaign)
    response = begin(db, invitation, held=held, new_response=noticed_response)
    fresh_open = invitation.kind == "open" and (held is None or held.id != response.id)
    if fresh_open:
        make_resume_link(db, response, current_app.config["SECRET_KEY"])
    db.commit()
    remember_response(campaign, response)
    if fresh_open:
        return redirect(url_for("invitations.personal_link", slug=slug))
    return redirect(url_for("survey.resume", slug=slug))


@blueprint.get("/r/<slug>/lien-personnel")
def personal_link(slug: str) -> FlaskResponse:
    """The personal link of a response started from the open link: to come back from any
    device (the page is not cached and sends no referrer)."""
    return _personal_link_page(slug, "", [], 200)


def _personal_link_page(slug: str, typed: str, errors: list[str], status: int) -> FlaskResponse:
    campaign, response = campaign_and_response(slug)
    token = resume_token(db_session(), response, current_app.config["SECRET_KEY"])
    if token is None:
        abort(404)
    base = current_app.config["BASE_URL"].rstrip("/")
    page = make_response(
        render_template(
            "survey/personal_link.html",
            campaign=campaign,
            link=f"{base}/i/{token}",
            typed=typed,
            errors=errors,
            may_send=session.get(MAILED_KEY, 0) < MAX_RESUME_MAILS,
            may_withdraw=withdrawable(campaign, response),
        ),
        status,
    )
    page.headers["Cache-Control"] = "no-store"
    page.headers["Referrer-Policy"] = "no-referrer"
    return page


@blueprint.post("/r/<slug>/lien-personnel")
def mail_personal_link(slug: str) -> WerkzeugResponse | FlaskResponse:
    """E-mail the personal link to the address typed, which is not stored (see resume_mail);
    a few times per browser session at most."""
    campaign, response = campaign_and_response(slug)
    typed = request.form.get("email", "")
    address = normalise_email(typed)
    if session.get(MAILED_KEY, 0) >= MAX_RESUME_MAILS:
        return _personal_link_page(slug, typed, ["Le lien a déjà été envoyé plusieurs fois."], 429)
    if address is None:
        return _personal_link_page(slug, typed, ["Adresse e-mail invalide."], 400)
    enqueue(send_resume_link, response.id, address)
    session[MAILED_KEY] = session.get(MAILED_KEY, 0) + 1
    flash("Le lien part vers l'adresse indiquée, qui n'est pas conservée.")
    return redirect(url_for("invitations.personal_link", slug=campaign.slug))
