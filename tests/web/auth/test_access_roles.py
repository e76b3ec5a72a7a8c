"""Every route of the app (from ``app.url_map``) walked as each kind of person, on organisation
A's objects: anonymous, a respondent of another campaign, the referent of another
organisation, a consultant of another organisation, then A's referent, A's consultant and an
admin. Outsiders never get a 2xx that shows anything of A, and change nothing; insiders get
what their role allows."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from coopassess.actions import service as plan
from coopassess.campaigns.comments import save_comment
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import (
    Action,
    ActionStatusChange,
    ApiToken,
    Assignment,
    Campaign,
    CampaignMessage,
    DismissedSuggestion,
    Invitation,
    Mailing,
    Organisation,
    OutgoingMail,
    Participant,
    PasswordReset,
    Response,
    ResponseComment,
    User,
)
from coopassess.participants.sending import request_mailing
from tests.fixtures.accounts import login, make_user
from tests.fixtures.api import make_token
from tests.fixtures.campaigns import start
from tests.fixtures.participants import add_people
from tests.fixtures.portfolio import organisation_with_campaigns

MARK = "Alpha-Marqueur"
# Open to anyone: nothing in them belongs to a respondent; a campaign's welcome page shows its
# démarche to whoever holds its link (without an invitation it cannot be answered).
PUBLIC = {
    "static",
    "web.home",
    "web.health",
    "help.index",
    "auth.login",
    "auth.forgotten",
    "api.openapi",
    "survey.welcome",
    "notice.page",  # the campaign's information notice, read before starting
    "legal.notice",
    "legal.processing",
    "legal.accessibility",
}
# Respondent pages: reached with an invitation, never with an account (tests/test_access.py).
RESPONDENT = {
    "survey.welcome",
    "survey.page",
    "survey.resume",
    "survey.review",
    "survey.submit",
    "survey.results",
    "survey.radar",
    "collective.page",
    "collective.radar",
    "collective.report",
    "invitations.exchange",
    "invitations.start",
    "invitations.personal_link",
    "invitations.mail_personal_link",
    "withdrawal.confirm",
    "withdrawal.withdraw_response",
    "withdrawal.withdrawn",
    "optout.confirm",
    "optout.unsubscribe",
    "auth.password",
    # The digest's unsubscribe link: its signature is the proof, like a participant's opt-out.
    "followup.confirm",
    "followup.unsubscribe",
}
ADMIN_ONLY = {
    "quality.index",
    "audit_log.index",
    "accounts.index",
    "accounts.new",
    "accounts.detail",
    "accounts.resend",
    "accounts.activation",
    "accounts.attach",
    "accounts.detach",
    "accounts.assign_to_organisation",
    "organisations.archive",
    "organisations.restore",
    "organisations.delete",
    "privacy.index",
    "privacy.download",
    "privacy.confirm_erasure",
    "privacy.erase_address",
}
# Creating and editing organisations: admins and consultants, not referents.
NOT_REFERENT = {"organisations.new", "organisations.edit"}
CONSULTANT_ONLY = {
    "respondents.index",
    "respondents.detail",
    "respondents.exclude",
    "respondents.reinclude",
    "exports.campaign_answers",
    "comments.index",
    "comments.quote",
}
# The organisation's part of its information notice: its referents and admins, not consultants.
NOT_CONSULTANT = {"organisations.privacy_settings"}
# What a signed-in person does to their own account only (walked elsewhere).
OWN_ACCOUNT = {
    ("auth.logout", "POST"),
    ("account.tokens", "POST"),
    ("auth.account", "POST"),
    ("followup.digest_setting", "POST"),
}
# Pages about the signed-in person, or empty forms: a 2xx shows nothing of A.
NEUTRAL = {"account.tokens", "auth.account", "organisations.new"}
# Charts of a peer group: 404 while the group has fewer than 10 organisations (as here).
PEER_GROUP = {"organisation.reference_radar"}
# Pages about several campaigns or the whole portfolio: a 2xx is fine, A must not show.
LISTS = {
    "dashboard.index",
    "campaigns.index",
    "campaigns.new",
    "api.campaigns",
    "portfolio_export.portfolio_results",
    "organisations.index",
    *NEUTRAL,
}


@pytest.fixture
def world(app: Flask) -> dict[str, object]:
    alpha, (a0, a1) = organisation_with_campaigns(app, f"Ville {MARK}", (4, 4))
    beta, (b0,) = organisation_with_campaigns(app, "Ville Beta", (4,))
    with app.app_context():
        session = db_session()
        for campaign_id in (a0, b0):
            campaign = session.get(Campaign, campaign_id)
            campaign.results_shared = True
            campaign.status, campaign.closes_on = "open", None
        session.commit()
        slugs = {cid: session.get(Campaign, cid).slug for cid in (a0, b0)}
    admin = make_user(app, "admin@example.fr", "admin")
    make_user(app, "conseil-a@example.fr", "consultant", assigned=(alpha,))
    make_user(app, "conseil-b@example.fr", "consultant", assigned=(beta,))
    make_user(app, "conseil-seul@example.fr", "consultant")  # assigned to nothing
    referent_a = make_user(app, "ref-a@example.fr", "referent", organisation_id=alpha)
    make_user(app, "ref-b@example.fr", "referent", organisation_id=beta)
    make_token(app, admin)
    (participant_id,) = add_people(app, a0, "personne@alpha.example.fr")
    with app.app_context():
        token_id = db_session().scalar(select(ApiToken.id))
        session = db_session()
        mailing, _ = request_mailing(session, session.get(Campaign, a0), "invitation", "k", None)
        action = plan.create(
            session,
            session.get(Campaign, a0),
            plan.ActionDraft(title=f"Action {MARK}", dimension="COOP.VIT"),
            default_registry().current(),
            None,
        )
        session.commit()
        mailing_id = mailing.id
        first = session.scalars(
            select(Response.id).where(Response.campaign_id == a0).order_by(Response.id)
        ).first()
        save_comment(session, first, "COOP", f"Commentaire {MARK}")
        session.commit()
        comment_id = session.scalar(select(ResponseComment.id))
        mailing_id, action_id = mailing.id, action.id
    return {
        "alpha": alpha,
        "campaigns": (a0, a1),
        "slug_a": slugs[a0],
        "slug_b": slugs[b0],
        "token_id": token_id,
        "participant_id": participant_id,
        "mailing_id": mailing_id,
        "user_id": referent_a,
        "comment_id": comment_id,
        "action_id": action_id,
    }


def _urls(app: Flask, world: dict[str, object]) -> Iterator[tuple[str, str, str]]:
    a0, a1 = world["campaigns"]
    values = {
        "campaign_id": str(a0),
        "organisation_id": str(world["alpha"]),
        "pseudonym": "R1",
        "token_id": str(world["token_id"]),
        "participant_id": str(world["participant_id"]),
        "mailing_id": str(world["mailing_id"]),
        "signature": "s" * 43,
        "key": "k" * 32,
        "slug": world["slug_a"],
        "page_id": "COOP.VIT",
        "questionnaire": "COOP",
        "token": "x" * 43,
        "filename": "css/app.css",
        "user_id": str(world["user_id"]),
        "change": "desactivation",
        "comment_id": str(world["comment_id"]),
        "action_id": str(world["action_id"]),
    }
    for rule in app.url_map.iter_rules():

        def value(match: re.Match[str]) -> str:
            converter, name = match.group(1), match.group(2)
            if name == "fmt":
                return re.search(r"any\(([^,)]+)", converter or "").group(1)
            return values[name]

        url = re.sub(r"<(?:([^:>]+):)?([^>]+)>", value, rule.rule)
        if rule.endpoint.startswith("compare."):
            url += f"?campagne={a0}&campagne={a1}"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, url


def _client(app: Flask, email: str | None) -> FlaskClient:
    client = app.test_client()
    if email:
        assert login(client, email).status_code == 302
    return client


def _shows_alpha(response) -> bool:
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data), read_only=True)
        return any(
            MARK in str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return MARK.encode() in response.data


def _state(app: Flask, world: dict[str, object]) -> tuple:
    a0, _ = world["campaigns"]
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, a0)
        return (
            campaign.status,
            session.scalar(select(func.count(Invitation.id))),
            session.scalar(select(func.count(Response.id))),
            session.scalar(
                select(func.count(Response.id)).where(Response.excluded_at.is_not(None))
            ),
            session.scalar(select(func.count(ApiToken.id)).where(ApiToken.revoked_at.is_(None))),
            session.scalar(select(func.count(Participant.id))),
            session.scalar(
                select(func.count(Participant.id)).where(Participant.opted_out_at.is_not(None))
            ),
            session.scalar(select(func.count(Mailing.id))),
            session.scalar(select(func.count(CampaignMessage.campaign_id))),
            (campaign.demarche, campaign.modules, campaign.closes_on, campaign.archived_at),
            session.scalar(select(func.count(Campaign.id))),
            [
                (o.name, o.kind, o.region, o.archived_at)
                for o in session.scalars(select(Organisation).order_by(Organisation.id))
            ],
            [
                (u.email, u.role, u.active, u.organisation_id, u.password_hash)
                for u in session.scalars(select(User).order_by(User.id))
            ],
            session.scalar(select(func.count(Assignment.id))),
            session.scalar(select(func.count(PasswordReset.id))),
            session.scalar(select(func.count(OutgoingMail.id))),
            session.scalar(
                select(func.count(ResponseComment.id)).where(ResponseComment.quoted_at.is_not(None))
            ),
            [
                (a.campaign_id, a.title, a.status, a.owner, a.notes, a.due_on)
                for a in session.scalars(select(Action).order_by(Action.id))
            ],
            session.scalar(select(func.count(ActionStatusChange.id))),
            session.scalar(select(func.count(DismissedSuggestion.id))),
        )


@pytest.mark.parametrize(
    "who",
    [None, "respondent", "ref-b@example.fr", "conseil-b@example.fr", "conseil-seul@example.fr"],
    ids=str,
)
def test_outsiders_get_nothing_of_the_organisation(
    app: Flask, world: dict[str, object], who: str | None
) -> None:
    if who == "respondent":
        client = app.test_client()
        start(app, client, world["slug_b"])
    else:
        client = _client(app, who)
    before = _state(app, world)
    form = {
        "motif": "Hors périmètre",
        "kind": "anonymous",
        "count": "3",
        "q_COOP-VIT-01": "1",
        # What the organisation, campaign and account forms would take, were they allowed.
        "name": "Organisation piratée",
        "demarche": "Démarche piratée",
        "modules": ["COOP", "ACH"],
        "instrument_version": "1.0.0-pilote",
        "organisation_id": str(world["alpha"]),
        "email": "intrus@example.fr",
        "liste": "intrus@example.fr",
        "cle": "k" * 32,
        "invitation_subject": "Objet",
        "invitation_body": "{lien}",
        "reminder_subject": "Objet",
        "reminder_body": "{lien}",
        "role": "admin",
        "closes_on": "2030-01-01",
        "citer": "1",
        "title": "Action piratée",
        "status": "done",
        "dimension": "",
        "source": "priorite:COOP.VIT",
    }
    for endpoint, method, url in _urls(app, world):
        if endpoint in PUBLIC or (endpoint, method) in OWN_ACCOUNT:
            continue
        response = client.open(url, method=method, data=form)
        if 200 <= response.status_code < 300:
            assert endpoint in LISTS and method == "GET", (who, endpoint, method, url)
            assert not _shows_alpha(response), (who, endpoint, url)
    assert _state(app, world) == before


@pytest.mark.parametrize(
    "who", ["ref-a@example.fr", "conseil-a@example.fr", "admin@example.fr"], ids=str
)
def test_insiders_get_what_their_role_allows(
    app: Flask, world: dict[str, object], who: str
) -> None:
    client = _client(app, who)
    role = who.split("-")[0].split("@")[0]
    for endpoint, method, url in _urls(app, world):
        if method != "GET" or endpoint in PUBLIC | RESPONDENT:
            continue
        status = client.get(url).status_code
        refused = (
            (endpoint in ADMIN_ONLY and role != "admin")
            or (endpoint in CONSULTANT_ONLY | NOT_REFERENT and role == "ref")
            or (endpoint in NOT_CONSULTANT and role == "conseil")
        )
        if refused:
            assert status == 403, (who, endpoint, url, status)
        elif endpoint in PEER_GROUP:
            assert status == 404, (who, endpoint, url, status)
        else:
            assert 200 <= status < 300, (who, endpoint, url, status)
        if endpoint in LISTS and endpoint not in NEUTRAL:
            assert _shows_alpha(client.get(url)), (who, endpoint)
