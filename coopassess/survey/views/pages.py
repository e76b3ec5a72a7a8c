"""The respondent's journey on a campaign's open link: welcome, pages, review, submit, results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask import Response as FlaskResponse
from flask_wtf import FlaskForm
from sqlalchemy import bindparam, select, update
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.campaigns.answers import load_answers, merge_profile, save_answers
from coopassess.campaigns.comments import load_comment, save_comment
from coopassess.campaigns.jobs import draw_campaign_charts
from coopassess.campaigns.presenter import results_view
from coopassess.campaigns.results import response_results
from coopassess.campaigns.service import campaign_today
from coopassess.db import db_session, read_connection
from coopassess.instrument.schema import Instrument
from coopassess.jobs import enqueue
from coopassess.models import Campaign, utcnow
from coopassess.models import Response as SurveyResponse
from coopassess.privacy.withdrawal import may_withdraw
from coopassess.registry import instrument as published
from coopassess.registry import registry
from coopassess.security import csrf, csrf_token
from coopassess.survey import forms
from coopassess.survey.journey import Progress, comment_questionnaire, duration_minutes, progress
from coopassess.survey.snapshot import CampaignRow, ResponseRow, page_snapshot
from coopassess.survey.views import presenters
from coopassess.survey.views.notice import notice_of
from coopassess.survey.views.rendering import question, radio_choices
from coopassess.web.responses import radar_download

blueprint = Blueprint("survey", __name__)
blueprint.add_app_template_global(radio_choices, "radio_choices")
blueprint.add_app_template_global(question, "survey_question")

SESSION_KEY = "responses"
# Links this browser opened and may start a response with (campaign slug → invitation id).
PASS_KEY = "links"
# Header of the background saves made by static/js/autosave.js (answered in JSON, not pages).
AUTOSAVE_HEADER = "X-Autosave"


def _campaign(slug: str) -> Campaign:
    campaign = db_session().scalar(select(Campaign).where(Campaign.slug == slug))
    if campaign is None:
        abort(404)
    return campaign


def new_response(campaign: Campaign) -> SurveyResponse:
    """A response pinned to the version (and content) the campaign uses today."""
    instrument = published(campaign.instrument_version)
    return SurveyResponse(
        campaign=campaign,
        instrument_version=instrument.version,
        instrument_hash=instrument.content_hash,
        profile={},
    )


def remember_response(campaign: Campaign, response: SurveyResponse) -> None:
    """This browser answers ``response`` on ``campaign`` (the signed session cookie says so)."""
    responses = dict(session.get(SESSION_KEY, {}))
    responses[campaign.slug] = response.id
    session[SESSION_KEY] = responses
    session.permanent = True


def remember_pass(campaign: Campaign, invitation_id: int) -> None:
    """This browser opened a usable link of ``campaign``: it may start through it (POST)."""
    passes = dict(session.get(PASS_KEY, {}))
    passes[campaign.slug] = invitation_id
    session[PASS_KEY] = passes
    session.permanent = True


def held_pass(campaign: Campaign) -> int | None:
    return session.get(PASS_KEY, {}).get(campaign.slug)


def current_response(campaign: Campaign) -> SurveyResponse | None:
    return _current_response(campaign)


def _current_response(campaign: Campaign) -> SurveyResponse | None:
    response_id = session.get(SESSION_KEY, {}).get(campaign.slug)
    if response_id is None:
        return None
    response = db_session().get(SurveyResponse, response_id)
    if response is None or response.campaign_id != campaign.id:
        return None
    return response


_CAMPAIGN_AND_RESPONSE = (
    select(Campaign, SurveyResponse)
    .join(SurveyResponse, SurveyResponse.campaign_id == Campaign.id)
    .where(Campaign.slug == bindparam("slug"), SurveyResponse.id == bindparam("response_id"))
)


def campaign_and_response(slug: str) -> tuple[Campaign, SurveyResponse]:
    """The campaign and this browser's response on it, in one query on the usual path."""
    response_id = session.get(SESSION_KEY, {}).get(slug)
    if response_id is not None:
        row = (
            db_session()
            .execute(_CAMPAIGN_AND_RESPONSE, {"slug": slug, "response_id": response_id})
            .first()
        )
        if row is not None:
            return row[0], row[1]
    _no_response(slug)


def _no_response(slug: str) -> NoReturn:
    """No response of this browser on the campaign: back to its welcome page (404 if none)."""
    campaign = _campaign(slug)
    flash(
        "Votre session a expiré ou n'a pas commencé : reprenez depuis l'accueil du questionnaire."
    )
    abort(redirect(url_for("survey.welcome", slug=campaign.slug)))


def withdrawable(campaign: Campaign, response: SurveyResponse) -> bool:
    """Whether the pages offer « Retirer ma réponse » (a personal link, the campaign open)."""
    return may_withdraw(db_session(), campaign, response.id, campaign_today())


def _closed(campaign: Campaign) -> WerkzeugResponse:
    flash("Cette campagne est close : vos réponses ne peuvent plus être modifiées ni envoyées.")
    return redirect(url_for("survey.welcome", slug=campaign.slug))


def _instrument(response: SurveyResponse | ResponseRow) -> Instrument:
    return published(response.instrument_version)


def _progress(campaign: Campaign, response: SurveyResponse) -> Progress:
    answers = load_answers(db_session(), response.id)
    return progress(_instrument(response), campaign.modules, response.profile, answers)


@blueprint.get("/<slug>")
def welcome(slug: str) -> str:
    campaign = _campaign(slug)
    instrument = published(campaign.instrument_version)
    response = _current_response(campaign)
    started = response is not None and (
        bool(response.profile) or bool(load_answers(db_session(), response.id))
    )
    return render_template(
        "survey/welcome.html",
        campaign=campaign,
        instrument=instrument,
        response=response,
        started=started,
        may_start=response is None and held_pass(campaign) is not None,
        may_withdraw=response is not None and withdrawable(campaign, response),
        minutes=duration_minutes(instrument, campaign.modules),
        page_count=len(forms.pages(instrument, campaign.modules)),
        notice=notice_of(campaign),
    )


@blueprint.get("/<slug>/reprendre")
def resume(slug: str) -> WerkzeugResponse:
    campaign, response = campaign_and_response(slug)
    if response.submitted:
        return redirect(url_for("survey.results", slug=slug))
    state = _progress(campaign, response)
    first = state.first_incomplete()
    if first is None:
        return redirect(url_for("survey.review", slug=slug))
    return redirect(url_for("survey.page", slug=slug, page_id=first.id))


@blueprint.route("/<slug>/p/<page_id>", methods=["GET", "POST"])
@csrf.exempt  # the page form checks its own CSRF token, so an expired one keeps the answers
def page(slug: str, page_id: str) -> str | WerkzeugResponse | tuple[Any, int]:
    if request.method == "GET":
        return _show_page(slug, page_id)
    campaign, response = campaign_and_response(slug)
    if response.submitted and request.headers.get(AUTOSAVE_HEADER) == "1":
        return _already_sent()
    if campaign.status != "open":
        return _closed(campaign)
    if response.submitted:
        return _sent(slug)
    instrument = _instrument(response)
    page_ids = _page_ids(instrument, campaign.modules, page_id)
    form = _form(instrument, page_id, formdata=request.form)
    autosave = request.headers.get(AUTOSAVE_HEADER) == "1"
    if form.validate():
        _save_page(response, page_id, instrument, form)
        db_session().commit()
        if autosave:
            return {"saved": True}, 200
        return _after_save(campaign, page_ids, page_id, request.form.get("action"))
    if autosave:
        return {"saved": False, "errors": form.errors}, 400
    answers = load_answers(db_session(), response.id)
    body = _render_page(instrument, page_ids, page_id, form, campaign, response.profile, answers)
    return body, 400


def _show_page(slug: str, page_id: str) -> str | WerkzeugResponse | tuple[Any, int]:
    """A page with this respondent's stored answers, read without the ORM (see snapshot)."""
    response_id = session.get(SESSION_KEY, {}).get(slug)
    found = None if response_id is None else page_snapshot(slug, response_id)
    if found is None:
        _no_response(slug)
    campaign, response = found.campaign, found.response
    if response.submitted:
        if request.headers.get(AUTOSAVE_HEADER) == "1":
            return _already_sent()
        return _sent(slug)
    instrument = _instrument(response)
    page_ids = _page_ids(instrument, campaign.modules, page_id, slug=slug)
    stored = response.profile if page_id == forms.PROFILE_PAGE else found.answers
    data = forms.form_data_from_answers(instrument, page_id, stored)
    questionnaire = comment_questionnaire(instrument, page_id)
    if questionnaire is not None:
        with read_connection() as connection:
            data[forms.COMMENT_FIELD] = load_comment(connection, response.id, questionnaire) or ""
    form = _form(instrument, page_id, data=data)
    return _render_page(
        instrument, page_ids, page_id, form, campaign, response.profile, found.answers
    )


def _already_sent() -> tuple[dict[str, Any], int]:
    return {"saved": False, "errors": {"response": ["déjà envoyée"]}}, 409


def _sent(slug: str) -> WerkzeugResponse:
    flash("Vos réponses ont été envoyées : elles ne peuvent plus être modifiées.")
    return redirect(url_for("survey.results", slug=slug))


def _form(instrument: Instrument, page_id: str, **values: Any) -> FlaskForm:
    """The page's form, carrying the CSRF token signed for this session a moment ago if any."""
    csrf_token()
    return forms.form_class_for(instrument, page_id, base=FlaskForm)(**values)


def _page_ids(
    instrument: Instrument, modules: Sequence[str], page_id: str, *, slug: str | None = None
) -> list[str]:
    """The campaign's page ids; 404 when ``page_id`` is not one of them. Given the ``slug`` (a
    GET), the address of a value family that now shares a page (a bookmark, the browser's
    history) leads to that page instead."""
    pages = forms.pages(instrument, modules)
    page_ids = [p.id for p in pages]
    if page_id not in page_ids:
        shared = next((p for p in pages if page_id in p.dimensions), None)
        if slug is not None and shared is not None:
            abort(redirect(url_for("survey.page", slug=slug, page_id=shared.id)))
        abort(404)
    return page_ids


def _render_page(
    instrument: Instrument,
    page_ids: list[str],
    page_id: str,
    form: FlaskForm,
    campaign: Campaign | CampaignRow,
    profile: dict[str, str],
    answers: dict[str, int | str],
) -> str:
    view = presenters.page_view(
        instrument,
        page_id,
        form,
        profile=profile,
        target=campaign.target,
        demarche=campaign.demarche,
    )
    position = page_ids.index(page_id) + 1
    return render_template(
        "survey/page.html",
        campaign=campaign,
        form=form,
        state=progress(instrument, campaign.modules, profile, answers),
        position=position,
        page_count=len(page_ids),
        previous_page=position > 1,
        **view,
    )


def _save_page(
    response: SurveyResponse, page_id: str, instrument: Instrument, form: FlaskForm
) -> None:
    values = forms.answers_from_form(instrument, page_id, form)
    if page_id == forms.PROFILE_PAGE:
        merge_profile(db_session(), response, values)
    else:
        save_answers(db_session(), response.id, values)
    comment = forms.comment_from_form(instrument, page_id, form)
    if comment is not None:
        save_comment(db_session(), response.id, *comment)
    response.updated_at = utcnow()


def _after_save(
    campaign: Campaign, page_ids: list[str], page_id: str, action: str | None
) -> WerkzeugResponse:
    index = page_ids.index(page_id)
    if action == "previous" and index > 0:
        return redirect(url_for("survey.page", slug=campaign.slug, page_id=page_ids[index - 1]))
    if index + 1 < len(page_ids):
        return redirect(url_for("survey.page", slug=campaign.slug, page_id=page_ids[index + 1]))
    return redirect(url_for("survey.review", slug=campaign.slug))


@blueprint.get("/<slug>/recapitulatif")
def review(slug: str) -> str | WerkzeugResponse:
    campaign, response = campaign_and_response(slug)
    if response.submitted:
        return redirect(url_for("survey.results", slug=slug))
    state = _progress(campaign, response)
    return render_template(
        "survey/review.html",
        campaign=campaign,
        state=state,
        missing=state.unanswered(),
        position=len(state.pages),
        page_count=len(state.pages),
        last_page=state.pages[-1].id,
        may_withdraw=withdrawable(campaign, response),
    )


@blueprint.post("/<slug>/envoyer")
def submit(slug: str) -> WerkzeugResponse:
    """Submit once: a double click, a reload or a retry leave one submitted response."""
    campaign, response = campaign_and_response(slug)
    if campaign.status != "open":
        return _closed(campaign)
    db = db_session()
    db.execute(
        update(SurveyResponse)
        .where(SurveyResponse.id == response.id, SurveyResponse.status == "in_progress")
        .values(status="submitted", submitted_at=utcnow())
    )
    db.commit()
    enqueue(draw_campaign_charts, campaign.id)  # the results and restitution find them drawn
    return redirect(url_for("survey.results", slug=slug))


@blueprint.get("/<slug>/resultats")
def results(slug: str) -> str | WerkzeugResponse:
    campaign, response = campaign_and_response(slug)
    if not response.submitted:
        return redirect(url_for("survey.review", slug=slug))
    instrument = _instrument(response)
    scored = response_results(db_session(), registry(), campaign, response)
    return render_template(
        "survey/results.html",
        campaign=campaign,
        may_withdraw=withdrawable(campaign, response),
        **results_view(instrument, scored),
    )


@blueprint.get("/<slug>/resultats/radar-<questionnaire>.<any(svg, png):fmt>")
def radar(slug: str, questionnaire: str, fmt: str) -> FlaskResponse:
    """SVG for the page; PNG (200 dpi) to download."""
    campaign, response = campaign_and_response(slug)
    if not response.submitted:
        abort(404)
    scored = response_results(db_session(), registry(), campaign, response)
    return radar_download(scored, questionnaire, fmt)
