"""The referents' weekly e-mail of their organisation's overdue actions.

One message per active referent who has not opted out (``User.action_digest``) and whose
organisation has at least one open action past its due date (``queries.overdue``). Its
idempotency key names the referent and the ISO week (``action-digest:<user>:2026-W49``): the
job run again the same week queues nothing new. The owners of actions are free text, so they
get nothing: the referent passes it on. The unsubscribe link carries an HMAC of the user id
(nothing stored) and is also the message's ``List-Unsubscribe`` (RFC 8058 one-click POST)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from coopassess.followup.labels import dimension_label
from coopassess.followup.queries import overdue
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.mail.messages import InvalidMail, checked_address
from coopassess.mail.outbox import MailDraft
from coopassess.models import Action, Campaign, Organisation, User

log = logging.getLogger(__name__)
SENDER = "CoopAssess"
NBSP = "\u00a0"
# The campaign page, where the plan of action is reached (see docs/followup.md).
PLAN_PATH = "/campagnes/{campaign_id}/plan-d-action"
ACCOUNT_PATH = "/compte#actions-en-retard"


@dataclass(frozen=True, slots=True)
class Overdue:
    title: str
    about: str
    owner: str | None
    due_on: date
    days_late: int
    campaign_id: int
    campaign: str


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def idempotency_key(user_id: int, day: date) -> str:
    return f"action-digest:{user_id}:{week_of(day)}"


def signature(secret: str, user_id: int) -> str:
    """The proof carried by the unsubscribe link of ``user_id``'s digest."""
    message = f"action-digest-unsubscribe:{user_id}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def valid_signature(secret: str, user_id: int, given: str) -> bool:
    expected = signature(secret, user_id).encode()
    return hmac.compare_digest(expected, given.encode("utf-8", "replace"))


def unsubscribe_url(base_url: str, secret: str, user_id: int) -> str:
    path = f"/compte/actions-en-retard/desinscription/{user_id}/{signature(secret, user_id)}"
    return base_url.rstrip("/") + path


def recipients(session: Session) -> list[User]:
    """Active referents of organisations not archived who keep the digest."""
    return list(
        session.scalars(
            select(User)
            .join(Organisation, Organisation.id == User.organisation_id)
            .options(contains_eager(User.organisation))
            .where(
                User.role == "referent",
                User.active.is_(True),
                User.action_digest.is_(True),
                Organisation.archived_at.is_(None),
            )
            .order_by(User.id)
        )
    )


def overdue_actions(
    session: Session, instruments: InstrumentRegistry, organisation_ids: Sequence[int], today: date
) -> dict[int, list[Overdue]]:
    """The overdue actions of these organisations, by organisation, oldest due date first (one
    query)."""
    if not organisation_ids:
        return {}
    rows = session.execute(
        select(Action, Campaign)
        .join(Campaign, Campaign.id == Action.campaign_id)
        .where(Campaign.organisation_id.in_(list(organisation_ids)), overdue(today))
        .order_by(Action.due_on, Action.id)
    ).all()
    found: dict[int, list[Overdue]] = {}
    for action, campaign in rows:
        assert action.due_on is not None
        found.setdefault(campaign.organisation_id, []).append(
            Overdue(
                action.title,
                dimension_label(instruments, campaign.instrument_version, action),
                action.owner,
                action.due_on,
                (today - action.due_on).days,
                campaign.id,
                campaign.demarche,
            )
        )
    return found


def _days(n: int) -> str:
    return f"{n}{NBSP}jour{'s' if n > 1 else ''} de retard"


def message(
    organisation: str, actions: Sequence[Overdue], today: date, base_url: str, unsubscribe: str
) -> tuple[str, str, str]:
    """Subject, text and HTML (everything typed by people escaped in the HTML)."""
    base = base_url.rstrip("/")
    count = len(actions)
    plural = "s" if count > 1 else ""
    subject = f"CoopAssess{NBSP}: {count} action{plural} en retard — {organisation}"
    campaigns: dict[int, str] = {}
    for action in actions:
        campaigns.setdefault(action.campaign_id, action.campaign)
    lines = [
        "Bonjour,",
        "",
        f"Au {today:%d/%m/%Y}, {count} action{plural} du plan d'action de «{NBSP}{organisation}"
        f"{NBSP}» {'ont' if count > 1 else 'a'} dépassé {'leur' if count > 1 else 'son'} "
        f"échéance{NBSP}:",
        "",
    ]
    for action in actions:
        owner = f" — responsable{NBSP}: {action.owner}" if action.owner else ""
        lines.append(
            f"- {action.title} ({action.about}){owner} — échéance {action.due_on:%d/%m/%Y}, "
            f"{_days(action.days_late)}"
        )
    lines += ["", f"Pour les mettre à jour, ouvrez la campagne concernée{NBSP}:"]
    for campaign_id, name in campaigns.items():
        lines.append(
            f"- «{NBSP}{name}{NBSP}»{NBSP}: {base}{PLAN_PATH.format(campaign_id=campaign_id)}"
        )
    lines += [
        "",
        "Vous recevez ce message chaque lundi tant que des actions de votre organisation sont en "
        f"retard. Pour ne plus le recevoir{NBSP}: {unsubscribe}",
        f"(ou décochez la case sur la page de votre compte{NBSP}: {base}{ACCOUNT_PATH}).",
        "",
        "— CoopAssess, auto-diagnostic de maturité coopérative",
        "",
    ]
    items = "".join(
        f"<li><strong>{escape(action.title)}</strong> ({escape(action.about)})"
        + (f" — responsable{NBSP}: {escape(action.owner)}" if action.owner else "")
        + f" — échéance {action.due_on:%d/%m/%Y}, {_days(action.days_late)}</li>"
        for action in actions
    )
    links = "".join(
        f'<li><a href="{escape(base + PLAN_PATH.format(campaign_id=campaign_id))}">'
        f"«{NBSP}{escape(name)}{NBSP}»</a></li>"
        for campaign_id, name in campaigns.items()
    )
    html = (
        '<!DOCTYPE html><html lang="fr"><body>'
        "<p>Bonjour,</p>"
        f"<p>Au {today:%d/%m/%Y}, {count} action{plural} du plan d'action de "
        f"«{NBSP}{escape(organisation)}{NBSP}» {'ont' if count > 1 else 'a'} dépassé "
        f"{'leur' if count > 1 else 'son'} échéance{NBSP}:</p>"
        f"<ul>{items}</ul>"
        f"<p>Pour les mettre à jour, ouvrez la campagne concernée{NBSP}:</p><ul>{links}</ul>"
        "<p>Vous recevez ce message chaque lundi tant que des actions de votre organisation sont "
        f'en retard. <a href="{escape(unsubscribe)}">Ne plus recevoir ce message</a> '
        f'(ou décochez la case sur <a href="{escape(base + ACCOUNT_PATH)}">la page de votre '
        "compte</a>).</p>"
        "<p>— CoopAssess, auto-diagnostic de maturité coopérative</p>"
        "</body></html>"
    )
    return subject, "\n".join(lines), html


def drafts(
    session: Session, instruments: InstrumentRegistry, today: date, secret: str, base_url: str
) -> list[MailDraft]:
    """This week's digests (two queries, whatever the number of referents)."""
    users = recipients(session)
    found = overdue_actions(
        session, instruments, sorted({u.organisation_id for u in users if u.organisation_id}), today
    )
    out = []
    for user in users:
        actions = found.get(user.organisation_id or 0)
        if not actions or user.organisation is None:
            continue
        try:
            checked_address(user.email)
        except InvalidMail:
            # One address the mail layer refuses must not hold back the others' digests.
            log.warning("action digest: the address of user %s is refused", user.id)
            continue
        unsubscribe = unsubscribe_url(base_url, secret, user.id)
        subject, text, html = message(user.organisation.name, actions, today, base_url, unsubscribe)
        out.append(
            MailDraft(
                to=user.email,
                subject=subject,
                text=text,
                html=html,
                sender_name=SENDER,
                unsubscribe_url=unsubscribe,
                ref=f"user:{user.id}",
                idempotency_key=idempotency_key(user.id, today),
            )
        )
    return out
