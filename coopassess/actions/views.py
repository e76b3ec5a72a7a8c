"""The action plan page of a campaign (``…/plan-d-action``): its actions with their history,
the add, edit and delete forms, the suggestions from the results, the CSV/XLSX file. Whoever
may open the campaign may write its plan (admins, the consultants of the organisation, its
referent): ``campaign_or_404`` on every route."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.actions import forms
from coopassess.actions import service as plan
from coopassess.actions.service import ActionDraft
from coopassess.actions.suggestions import Suggestion, suggestions
from coopassess.auth.permissions import campaign_or_404, current_user
from coopassess.campaigns.results import campaign_results
from coopassess.common.field_errors import FieldErrors
from coopassess.db import db_session
from coopassess.exports import action_rows, export_readme
from coopassess.exports.columns import plan_columns
from coopassess.exports.rows import ACTION_COLUMNS
from coopassess.exports.writers import PLAN_READING
from coopassess.instrument.schema import Instrument
from coopassess.models import Action, Campaign, utcnow
from coopassess.registry import registry
from coopassess.web.downloads import FMT, audit_export, mapping_table, table_download

blueprint = Blueprint("actions", __name__)


def _offered(campaign: Campaign) -> list[Suggestion]:
    session = db_session()
    instruments = registry()
    return suggestions(
        campaign_results(session, instruments, campaign),
        instruments.get(campaign.instrument_version),
        plan.taken_sources(session, campaign.id),
    )


def _page(
    campaign: Campaign,
    values: dict[str, str] | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> str:
    session = db_session()
    instrument = registry().get(campaign.instrument_version)
    offered = _offered(campaign)
    if values is None:
        wanted = request.args.get("suggestion", "")
        chosen = next((s for s in offered if s.source == wanted), None)
        values = forms.from_suggestion(chosen) if chosen else forms.blank()
    lines = plan.plan_lines(session, campaign, instrument)
    return render_template(
        "actions/plan.html",
        campaign=campaign,
        plan_lines=lines,
        plan_campaign_id=campaign.id,
        plan_editable=True,
        histories=plan.histories(session, [line.id for line in lines]),
        suggestions=offered,
        dismissed=len(plan.dismissed_sources(session, campaign.id)),
        values=values,
        **_form_context(instrument, campaign, problems or []),
    )


def _form_context(
    instrument: Instrument, campaign: Campaign, problems: list[tuple[str, str]]
) -> dict[str, object]:
    by_field: dict[str, list[str]] = {}
    for field, message in problems:
        by_field.setdefault(field, []).append(message)
    return {
        "dimensions": plan.dimension_choices(instrument, campaign.modules),
        "statuses": list(plan.STATUS_LABELS.items()),
        "errors": problems,
        "field_errors": by_field,
        "text_max": plan.TEXT_MAX,
        "title_max": plan.TITLE_MAX,
    }


def _saved(
    campaign: Campaign, values: dict[str, str], save: Callable[[ActionDraft, Instrument], object]
) -> tuple[bool, list[tuple[str, str]]]:
    """Run ``save(draft)`` when everything typed is valid; every problem at once otherwise."""
    draft, problems = forms.draft(values)
    instrument = registry().get(campaign.instrument_version)
    try:
        if problems:
            plan.check(draft, plan.dimension_choices(instrument, campaign.modules))
        else:
            save(draft, instrument)
            return True, []
    except FieldErrors as error:
        problems = problems + error.problems
    return False, problems


@blueprint.get("")
def page(campaign_id: int) -> str:
    return _page(campaign_or_404(campaign_id))


@blueprint.post("")
def add(campaign_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    values = forms.typed(request.form)
    if values["source"] and values["source"] not in {s.source for s in _offered(campaign)}:
        values["source"] = ""  # already on the plan, set aside, or not a suggestion
    done, problems = _saved(
        campaign,
        values,
        lambda draft, instrument: plan.create(session, campaign, draft, instrument, current_user()),
    )
    if not done:
        return _page(campaign, values, problems), 400
    session.commit()
    flash("Action ajoutée au plan.")
    return redirect(url_for("actions.page", campaign_id=campaign.id))


def _action_or_404(campaign: Campaign, action_id: int) -> Action:
    try:
        return plan.action_of(db_session(), campaign.id, action_id)
    except plan.ActionNotFound:
        abort(404)


def _edit_page(
    campaign: Campaign, action: Action, values: dict[str, str], problems: list[tuple[str, str]]
) -> str:
    instrument = registry().get(campaign.instrument_version)
    return render_template(
        "actions/edit.html",
        campaign=campaign,
        action=action,
        history=plan.histories(db_session(), [action.id])[action.id],
        values=values,
        **_form_context(instrument, campaign, problems),
    )


@blueprint.route("/<int:action_id>", methods=["GET", "POST"])
def edit(campaign_id: int, action_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    action = _action_or_404(campaign, action_id)
    session = db_session()
    if request.method == "GET":
        instrument = registry().get(campaign.instrument_version)
        line = next(
            line for line in plan.plan_lines(session, campaign, instrument) if line.id == action.id
        )
        return _edit_page(campaign, action, forms.from_line(line), [])
    values = forms.typed(request.form)
    done, problems = _saved(
        campaign,
        values,
        lambda draft, instrument: plan.update(
            session, campaign, action, draft, instrument, current_user()
        ),
    )
    if not done:
        return _edit_page(campaign, action, values, problems), 400
    session.commit()
    flash("Action enregistrée.")
    return redirect(url_for("actions.page", campaign_id=campaign.id) + f"#action-{action.id}")


@blueprint.route("/<int:action_id>/suppression", methods=["GET", "POST"])
def delete(campaign_id: int, action_id: int) -> str | WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    action = _action_or_404(campaign, action_id)
    if request.method == "GET":
        return render_template("actions/confirm_delete.html", campaign=campaign, action=action)
    plan.delete(db_session(), campaign, action, current_user())
    db_session().commit()
    flash("Action supprimée du plan.")
    return redirect(url_for("actions.page", campaign_id=campaign.id))


@blueprint.post("/suggestions/ecarter")
def dismiss(campaign_id: int) -> WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    source = request.form.get("source", "")
    if source not in {s.source for s in _offered(campaign)}:
        abort(400)
    plan.dismiss(db_session(), campaign, source, current_user())
    db_session().commit()
    flash("Suggestion écartée : elle ne sera plus proposée pour cette campagne.")
    return redirect(url_for("actions.page", campaign_id=campaign.id) + "#suggestions")


@blueprint.post("/suggestions/retablir")
def restore(campaign_id: int) -> WerkzeugResponse:
    campaign = campaign_or_404(campaign_id)
    if plan.restore_dismissed(db_session(), campaign):
        db_session().commit()
        flash("Les suggestions écartées sont de nouveau proposées.")
    return redirect(url_for("actions.page", campaign_id=campaign.id) + "#suggestions")


@blueprint.get(f"/export.{FMT}")
def export(campaign_id: int, fmt: str) -> Response:
    """The plan as CSV or XLSX (French headers, formula-safe cells), audited."""
    campaign = campaign_or_404(campaign_id)
    instrument = registry().get(campaign.instrument_version)
    rows = action_rows(plan.plan_lines(db_session(), campaign, instrument))
    audit_export(f"campaign:{campaign.id}", fmt, "actions", len(rows))
    title = f"{campaign.organisation.name} — {campaign.demarche} (n° {campaign.id})"
    return table_download(
        mapping_table(rows, ACTION_COLUMNS),
        plan_columns(ACTION_COLUMNS),
        fmt,
        "Plan d'action",
        f"plan-d-action-{{}}-{utcnow():%Y-%m-%d}.{fmt}",
        f"{campaign.organisation.name} {campaign.demarche}",
        export_readme("Plan d'action de la campagne", title, None, utcnow().date(), PLAN_READING),
    )
