"""Campaigns and their invitations: private links, participation, closing and reopening.

A link carries a random token (``secrets.token_urlsafe(32)``: 256 bits); only its sha256 is
stored, so the database alone opens nothing and a token is found by an indexed equality on its
hash instead of comparing secrets in Python. Helpers flush; the caller commits once.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from coopassess.campaigns.links import derived_token, new_nonce
from coopassess.common import emails
from coopassess.common.slugs import slug
from coopassess.common.tokens import token_hash
from coopassess.models import (
    Campaign,
    CampaignSummary,
    Invitation,
    Organisation,
    Response,
    utcnow,
)

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters; anything much longer is not ours and is not hashed.
MAX_TOKEN_LENGTH = 64
MAX_LINKS = 10_000
# The campaigns' dates are French calendar days: a link works until the end of closes_on there.
CAMPAIGN_TIMEZONE = ZoneInfo("Europe/Paris")


class CampaignError(ValueError):
    """A request the campaign refuses (message in French, shown as is)."""


class InvalidEmails(CampaignError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} adresse(s) invalide(s)")
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Link:
    """A link just created: the only moment its token exists outside the respondent's hands."""

    invitation_id: int
    token: str
    email: str | None = None


@dataclass(frozen=True, slots=True)
class EmailLinks:
    created: list[Link]
    already_invited: list[str]  # addresses with a live link already (its token is not kept)


@dataclass(frozen=True, slots=True)
class Participation:
    invited: int  # single links not revoked
    started: int  # responses, submitted or not
    submitted: int


def campaign_today() -> date:
    return datetime.now(CAMPAIGN_TIMEZONE).date()


@dataclass(frozen=True, slots=True)
class Origin:
    """Where new links come from: a web form's request key, and the secret that derives their
    tokens so that its result page can show them again (``campaigns.links``)."""

    secret: str
    request_key: str


def _new_invitation(
    session: Session,
    campaign: Campaign,
    kind: str,
    email: str | None = None,
    origin: Origin | None = None,
) -> Link:
    nonce = new_nonce() if origin else None
    token = (
        derived_token(origin.secret, campaign.id, nonce)
        if origin and nonce
        else secrets.token_urlsafe(TOKEN_BYTES)
    )
    invitation = Invitation(
        campaign_id=campaign.id,
        token_hash=token_hash(token),
        kind=kind,
        email=email,
        nonce=nonce,
        request_key=origin.request_key if origin else None,
    )
    session.add(invitation)
    session.flush()
    return Link(invitation.id, token, email)


def _refuse_closed(campaign: Campaign) -> None:
    if campaign.status == "closed":
        raise CampaignError(f"La campagne {campaign.id} est close : rouvrez-la avant d'inviter.")


def anonymous_links(
    session: Session, campaign: Campaign, count: int, origin: Origin | None = None
) -> list[Link]:
    """``count`` single-use links that say nothing about who will answer."""
    _refuse_closed(campaign)
    if not 1 <= count <= MAX_LINKS:
        raise CampaignError(f"Nombre de liens attendu entre 1 et {MAX_LINKS} (reçu : {count}).")
    return [_new_invitation(session, campaign, "single", origin=origin) for _ in range(count)]


def parse_emails(lines: Iterable[str]) -> list[str]:
    """Addresses, one per line (blank lines and ``#`` comments skipped), lower-cased and
    deduplicated in order; every bad line is reported at once so nothing is half-created."""
    found: dict[str, None] = {}
    problems = []
    for number, line in enumerate(lines, start=1):
        address = emails.normalise(line)
        if not address or address.startswith("#"):
            continue
        if emails.problem(address) is not None:
            problems.append(f"ligne {number} : adresse invalide « {line.strip()[:80]} »")
            continue
        found.setdefault(address, None)
    if problems:
        raise InvalidEmails(problems)
    return list(found)


def email_links(
    session: Session, campaign: Campaign, emails: Iterable[str], origin: Origin | None = None
) -> EmailLinks:
    """One single-use link per new address; an address already holding a live link keeps it."""
    _refuse_closed(campaign)
    if campaign.anonymous:
        raise CampaignError(
            f"La campagne {campaign.id} est anonyme : aucune adresse n'y est enregistrée. "
            "Créez des liens anonymes (--count)."
        )
    wanted = parse_emails(emails)
    if not wanted:
        raise CampaignError("Aucune adresse à inviter.")
    known = set(
        session.scalars(
            select(Invitation.email).where(
                Invitation.campaign_id == campaign.id,
                Invitation.revoked_at.is_(None),
                Invitation.email.in_(wanted),
            )
        )
    )
    created = [
        _new_invitation(session, campaign, "single", email, origin)
        for email in wanted
        if email not in known
    ]
    return EmailLinks(created, [email for email in wanted if email in known])


def open_link(session: Session, campaign: Campaign, origin: Origin | None = None) -> Link:
    """The campaign's reusable link; a new one replaces (revokes) the previous one, whose
    token cannot be shown again."""
    _refuse_closed(campaign)
    session.execute(
        update(Invitation)
        .where(
            Invitation.campaign_id == campaign.id,
            Invitation.kind == "open",
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=utcnow())
    )
    return _new_invitation(session, campaign, "open", origin=origin)


def find_by_token(session: Session, token: str) -> Invitation | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))


def revoke(invitation: Invitation) -> bool:
    """Stop a link from working (the response it started, if any, is kept). False if it
    already was revoked."""
    if invitation.revoked_at is not None:
        return False
    invitation.revoked_at = utcnow()
    return True


def usable(invitation: Invitation, campaign: Campaign, today: date) -> bool:
    """Whether a link may open its campaign today (revoked, closed and expired links may not)."""
    if invitation.revoked_at is not None or campaign.status != "open":
        return False
    return campaign.closes_on is None or today <= campaign.closes_on


def usable_link(session: Session, token: str, today: date) -> Invitation | None:
    """The link ``token`` opens today, or None (unknown, revoked, closed or expired): the
    caller answers every refusal the same way. Reading only: opening a link writes nothing."""
    invitation = find_by_token(session, token)
    if invitation is None or not usable(invitation, invitation.campaign, today):
        return None
    return invitation


def begin(
    session: Session,
    invitation: Invitation,
    *,
    held: Response | None,
    new_response: Callable[[Campaign], Response],
) -> Response:
    """The response the person starts or resumes through ``invitation``, when they act (a
    POST): the caller commits.

    A single link opens its one response, from any browser; the first action starts it. The
    open link resumes the response this browser holds (``held``) or starts one.
    """
    campaign = invitation.campaign
    if invitation.kind == "open":
        if held is not None and held.campaign_id == campaign.id:
            return held
        return _start(session, campaign, new_response)
    if invitation.response_id is not None:
        return invitation.response
    response = _start(session, campaign, new_response)
    claimed = session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.response_id.is_(None))
        .values(response_id=response.id, used_at=utcnow(), withdrawn_at=None)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 1:
        session.refresh(invitation)
        return response
    # Two clicks at once (two devices): the other one bound first; both resume its response.
    session.delete(response)
    session.flush()
    session.refresh(invitation)
    return invitation.response


def _start(
    session: Session, campaign: Campaign, new_response: Callable[[Campaign], Response]
) -> Response:
    response = new_response(campaign)
    session.add(response)
    session.flush()
    return response


def participation(
    session: Session, campaign_ids: Iterable[int] | None = None
) -> dict[int, Participation]:
    """Invited, started and submitted counts of every campaign (or of ``campaign_ids``), in one
    query whatever their number."""
    invited = (
        select(func.count(Invitation.id))
        .where(
            Invitation.campaign_id == Campaign.id,
            Invitation.kind == "single",
            Invitation.revoked_at.is_(None),
        )
        .correlate(Campaign)
        .scalar_subquery()
    )
    started = (
        select(func.count(Response.id))
        .where(Response.campaign_id == Campaign.id)
        .correlate(Campaign)
        .scalar_subquery()
    )
    submitted = (
        select(func.count(Response.id))
        .where(Response.campaign_id == Campaign.id, Response.status == "submitted")
        .correlate(Campaign)
        .scalar_subquery()
    )
    # A campaign whose responses were erased (retention) counts those its summary counted.
    kept = (
        select(CampaignSummary.key_submitted)
        .where(CampaignSummary.campaign_id == Campaign.id, Campaign.answers_purged_at.is_not(None))
        .correlate(Campaign)
        .scalar_subquery()
    )
    query = select(
        Campaign.id, invited, func.coalesce(kept, started), func.coalesce(kept, submitted)
    )
    if campaign_ids is not None:
        query = query.where(Campaign.id.in_(list(campaign_ids)))
    return {
        row[0]: Participation(int(row[1]), int(row[2]), int(row[3]))
        for row in session.execute(query)
    }


def close(campaign: Campaign) -> bool:
    """Close a campaign: its links and its open page stop taking responses. False if it was."""
    if campaign.status == "closed":
        return False
    campaign.status = "closed"
    campaign.closed_at = utcnow()  # the retention periods count from here
    return True


def reopen(campaign: Campaign, *, today: date, until: date | None = None) -> bool:
    """Reopen a campaign (optionally until a new closing day). A closing day already past
    would leave every link expired, so it must be moved. False if it was open already. A
    campaign whose addresses or answers were erased (retention) stays closed."""
    if campaign.addresses_purged_at is not None or campaign.answers_purged_at is not None:
        raise CampaignError(
            "Les données de cette campagne ont été supprimées à la fin de leur durée de "
            "conservation : elle ne peut plus être rouverte."
        )
    if until is not None:
        if until < today:
            raise CampaignError(f"Date de clôture déjà passée : {until:%d/%m/%Y}.")
        campaign.closes_on = until
    elif campaign.closes_on is not None and campaign.closes_on < today:
        raise CampaignError(
            f"La campagne s'est terminée le {campaign.closes_on:%d/%m/%Y} : "
            "donnez une nouvelle date de clôture (--until AAAA-MM-JJ)."
        )
    if campaign.status == "open":
        return False
    campaign.status = "open"
    campaign.closed_at = None  # closing again restarts the retention clock
    return True


@dataclass(frozen=True, slots=True)
class CampaignDraft:
    """What a referent or consultant fills in to open a campaign."""

    organisation_id: int
    demarche: str
    target: str
    modules: tuple[str, ...]
    opens_on: date | None = None
    closes_on: date | None = None
    anonymous: bool = False
    results_shared: bool = False


OPTIONAL_MODULES = ("ACH", "TER", "VAL")


def create_campaign(session: Session, draft: CampaignDraft, instrument_version: str) -> Campaign:
    """A new open campaign on ``instrument_version``; COOP is always answered, first."""
    problems = []
    demarche = " ".join(draft.demarche.split())
    if not 3 <= len(demarche) <= 200:
        problems.append("Le nom de la démarche doit compter de 3 à 200 caractères.")
    if draft.target not in ("territoire", "entreprise"):
        problems.append("Le type de campagne est « territoire » ou « entreprise ».")
    unknown = [m for m in draft.modules if m not in ("COOP", *OPTIONAL_MODULES)]
    if unknown:
        problems.append(f"Modules inconnus : {', '.join(unknown)}.")
    if draft.opens_on and draft.closes_on and draft.closes_on < draft.opens_on:
        problems.append("La date de clôture précède la date d'ouverture.")
    organisation = session.get(Organisation, draft.organisation_id)
    if organisation is None:
        problems.append("Organisation inconnue.")
    elif organisation.archived_at is not None:
        problems.append(
            f"L'organisation « {organisation.name} » est archivée : restaurez-la avant "
            "d'ouvrir une campagne."
        )
    if problems:
        raise CampaignError(" ".join(problems))
    modules = ["COOP", *(m for m in OPTIONAL_MODULES if m in draft.modules)]
    campaign = Campaign(
        organisation_id=draft.organisation_id,
        demarche=demarche,
        target=draft.target,
        modules=modules,
        instrument_version=instrument_version,
        status="open",
        opens_on=draft.opens_on,
        closes_on=draft.closes_on,
        anonymous=draft.anonymous,
        results_shared=draft.results_shared,
        slug=_page_slug(demarche),
    )
    session.add(campaign)
    session.flush()
    return campaign


def _page_slug(demarche: str) -> str:
    """Readable and unguessable enough to name a page (it grants nothing: links do)."""
    return f"{slug(demarche, length=28)}-{secrets.token_hex(3)}".lstrip("-")


def make_resume_link(session: Session, response: Response, secret: str) -> None:
    """Give a response started from the open link its own personal link (a derived token, so
    it can be shown again), bound to it like a used single link."""
    nonce = new_nonce()
    session.add(
        Invitation(
            campaign_id=response.campaign_id,
            kind="single",
            nonce=nonce,
            token_hash=token_hash(derived_token(secret, response.campaign_id, nonce)),
            response_id=response.id,
            used_at=utcnow(),
        )
    )
    session.flush()


def resume_token(session: Session, response: Response, secret: str) -> str | None:
    """The token of the live personal link that opens ``response``, when it can be written
    again (derived tokens only)."""
    invitation = session.scalar(
        select(Invitation).where(
            Invitation.response_id == response.id, Invitation.revoked_at.is_(None)
        )
    )
    if invitation is None or invitation.nonce is None:
        return None
    return derived_token(secret, invitation.campaign_id, invitation.nonce)


def links_of_request(
    session: Session, campaign: Campaign, request_key: str, secret: str
) -> list[tuple[str | None, str, str]]:
    """(address, kind, token) of the links a web form made, still live, for its result page."""
    found = session.scalars(
        select(Invitation)
        .where(
            Invitation.campaign_id == campaign.id,
            Invitation.request_key == request_key,
            Invitation.revoked_at.is_(None),
            Invitation.nonce.is_not(None),
        )
        .order_by(Invitation.id)
    )
    return [
        (link.email, link.kind, derived_token(secret, campaign.id, link.nonce)) for link in found
    ]


def request_made_links(session: Session, campaign: Campaign, request_key: str) -> bool:
    return (
        session.scalar(
            select(Invitation.id)
            .where(Invitation.campaign_id == campaign.id, Invitation.request_key == request_key)
            .limit(1)
        )
        is not None
    )
