"""The consultant's list of a campaign's comments (``coopassess.campaigns.comments``): read
under the respondents' pseudonyms, never beside their profile, and marked « à citer » one by
one. Referents are refused: the organisation reads only the quoted comments, unsigned, on the
results page and in the report."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from coopassess.auth.permissions import campaign_or_404, current_user, role_required
from coopassess.campaigns import comments as core
from coopassess.campaigns.results import campaign_results
from coopassess.common import comments as wording
from coopassess.common.comments import QUOTE_WARNING, QUOTED_TITLE
from coopassess.db import db_session
from coopassess.registry import registry

blueprint = Blueprint("comments", __name__)
# The one wording of comments, for every template (the quoted comments' partial included).
blueprint.add_app_template_global(wording, "comment_wording")
CONSULTANT_ROLES = ("admin", "consultant")


@blueprint.get("/commentaires")
@role_required(*CONSULTANT_ROLES)
def index(campaign_id: int) -> str:
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    found = core.campaign_comments(session, registry(), campaign)
    sections: dict[str, list[core.CampaignComment]] = {}
    for comment in found:
        sections.setdefault(comment.questionnaire_title, []).append(comment)
    return render_template(
        "campaigns/comments.html",
        campaign=campaign,
        sections=sections,
        count=len(found),
        quoted=sum(1 for comment in found if comment.quoted and not comment.excluded),
        results=campaign_results(session, registry(), campaign),
        warning=QUOTE_WARNING,
        quoted_title=QUOTED_TITLE,
    )


@blueprint.post("/commentaires/<int:comment_id>/citation")
@role_required(*CONSULTANT_ROLES)
def quote(campaign_id: int, comment_id: int) -> WerkzeugResponse:
    """``citer=1`` marks the comment « à citer », ``citer=0`` takes the mark off."""
    campaign = campaign_or_404(campaign_id)
    session = db_session()
    comment = core.find_comment(session, registry(), campaign, comment_id)
    wanted = request.form.get("citer")
    if comment is None:
        abort(404)
    if wanted not in ("0", "1"):
        abort(400)
    user = current_user()
    assert user is not None
    if core.set_quoted(session, campaign, comment, user, wanted == "1"):
        session.commit()
        which = f"Le commentaire de {comment.pseudonym} ({comment.questionnaire})"
        flash(
            f"{which} est marqué «\u00a0à citer\u00a0»."
            if wanted == "1"
            else f"{which} n'est plus cité."
        )
    anchor = f"#commentaire-{comment.id}"
    return redirect(url_for("comments.index", campaign_id=campaign.id) + anchor)
