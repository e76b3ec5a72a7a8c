"""Opening a campaign from the web: the form, its checks, the organisations one may choose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopassess.campaigns import service as core
from coopassess.campaigns.access import can_view_organisation, organisation_filter
from coopassess.campaigns.queries import contains
from coopassess.db import db_session
from coopassess.followup.carry import Carriable, carriable
from coopassess.models import Organisation, User
from coopassess.registry import registry

MODULE_LABELS = {
    "ACH": "Achats circulaires",
    "TER": "Dynamique territoriale",
    "VAL": "Valeurs produites (recommandé)",
}


PICKER_LIMIT = 50  # organisations offered at once; a search narrows a larger portfolio


def organisations_for(
    session: Session, user: User, search: str = "", chosen: int | None = None
) -> tuple[list[Organisation], int]:
    """The active organisations the user may open a campaign for, matching ``search``: the
    first PICKER_LIMIT by name (``chosen`` always among them) and how many match."""
    conditions = [organisation_filter(user, Organisation.id), Organisation.archived_at.is_(None)]
    if search:
        conditions.append(contains(Organisation.name, search))
    total = session.scalar(select(func.count(Organisation.id)).where(*conditions)) or 0
    found = list(
        session.scalars(
            select(Organisation)
            .where(*conditions)
            .order_by(func.lower(Organisation.name), Organisation.id)
            .limit(PICKER_LIMIT)
        )
    )
    if chosen is not None and all(organisation.id != chosen for organisation in found):
        extra = session.scalar(
            select(Organisation).where(Organisation.id == chosen, *conditions[:2])
        )
        if extra is not None:
            found.insert(0, extra)
    return found, total


def render_form(
    organisations: list[Organisation],
    values: dict[str, object],
    errors: list[str],
    *,
    total: int = 0,
    search: str = "",
    carry: CarryChoice | None = None,
) -> str:
    return render_template(
        "campaigns/new_campaign.html",
        organisations=organisations,
        total=total,
        limit=PICKER_LIMIT,
        search=search,
        values=values,
        errors=errors,
        module_labels=MODULE_LABELS,
        carry=carry,
    )


@dataclass(frozen=True, slots=True)
class CarryChoice:
    """The organisation's open actions offered to the new campaign, and which are ticked."""

    organisation_id: int
    actions: list[Carriable]
    checked: frozenset[int]
    # True when the organisation was changed after the list was shown: confirm first.
    confirm: bool = False


def carry_choice(organisation_id: int | None, posted: bool = False) -> CarryChoice | None:
    """The open actions of ``organisation_id``; ticked: all of them, or what the form sent
    when it listed this organisation's actions (``carry_for``)."""
    if organisation_id is None:
        return None
    actions = carriable(db_session(), registry(), organisation_id)
    if not actions:
        return None
    offered = {action.id for action in actions}
    if posted and request.form.get("carry_for") == str(organisation_id):
        sent = {int(v) for v in request.form.getlist("carry") if v.isdigit() and len(v) < 12}
        return CarryChoice(organisation_id, actions, frozenset(sent & offered))
    return CarryChoice(organisation_id, actions, frozenset(offered), confirm=posted)


def draft_from_form(user: User) -> tuple[dict[str, object], core.CampaignDraft | None, list[str]]:
    """The typed values (to give back on error), the draft, and what is wrong with it."""
    form = request.form
    values: dict[str, object] = {
        "organisation_id": form.get("organisation_id", ""),
        "demarche": form.get("demarche", ""),
        "target": form.get("target", ""),
        "modules": form.getlist("modules"),
        "closes_on": form.get("closes_on", ""),
        "anonymous": bool(form.get("anonymous")),
        "results_shared": bool(form.get("results_shared")),
    }
    errors = []
    organisation_id = (
        int(values["organisation_id"]) if str(values["organisation_id"]).isdigit() else None
    )
    if organisation_id is None or not can_view_organisation(db_session(), user, organisation_id):
        errors.append("Choisissez l'organisation de la campagne.")
    closes_on = None
    if values["closes_on"]:
        try:
            closes_on = date.fromisoformat(str(values["closes_on"]))
        except ValueError:
            errors.append("La date de clôture est attendue au format AAAA-MM-JJ.")
    if errors:
        return values, None, errors
    draft = core.CampaignDraft(
        organisation_id=organisation_id,
        demarche=str(values["demarche"]),
        target=str(values["target"]),
        modules=tuple(str(m) for m in values["modules"]),
        opens_on=core.campaign_today(),
        closes_on=closes_on,
        anonymous=bool(values["anonymous"]),
        results_shared=bool(values["results_shared"]),
    )
    return values, draft, []
