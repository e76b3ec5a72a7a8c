"""The right of access: everything held about an e-mail address, as one JSON document in
French (keys and labels), for the person who asked. Never a password hash, never a token."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coopassess.admin.accounts import ROLE_LABELS
from coopassess.admin.audit_log import label as action_label
from coopassess.auth.audit import SECRET_KEYS, audit
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.instrument.schema import Instrument
from coopassess.models import (
    Answer,
    ApiToken,
    Assignment,
    AuditEvent,
    Campaign,
    Invitation,
    LoginAttempt,
    MailBatch,
    Organisation,
    OutgoingMail,
    Response,
    ResponseComment,
    User,
    UserSession,
)
from coopassess.privacy.holdings import Holdings

CAMPAIGN_STATUS = {"draft": "brouillon", "open": "ouverte", "closed": "close"}
RESPONSE_STATUS = {"in_progress": "commencée, pas encore envoyée", "submitted": "envoyée"}
MAIL_STATUS = {
    "queued": "en attente d'envoi",
    "sending": "en cours d'envoi",
    "sent": "envoyé",
    "failed": "refusé",
}
MAIL_KIND = {
    "invitation": "invitation",
    "reminder": "relance",
    "account": "compte",
    "test": "essai",
}
NOTE = (
    "Données détenues sur cette adresse par la collectivité responsable du traitement, à la "
    "date indiquée. Les liens personnels envoyés à la demande depuis la page « Votre lien "
    "personnel » ne laissent pas d'adresse : elle ne sert qu'à l'envoi et n'est jamais "
    "enregistrée. Une réponse ne contient aucune adresse : elle est rattachée à une personne "
    "par le lien personnel qui l'a commencée."
)


def _when(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def export(
    session: Session, instruments: InstrumentRegistry, found: Holdings, now: datetime
) -> dict[str, Any]:
    """The document (plain JSON values)."""
    refs = {f"participant:{p.id}": p for p in found.participants}
    mails = _mails(session, found.mail_ids)
    links = {link.id: link for link in found.invitations}
    responses = _responses(session, instruments, found.response_ids)
    campaigns = _campaigns(
        session,
        {p.campaign_id for p in found.participants} | {i.campaign_id for i in found.invitations},
    )
    participations = []
    for participant in found.participants:
        link = links.get(participant.invitation_id)
        own = [m for m in mails if m["ref"] == f"participant:{participant.id}"]
        participations.append(
            {
                "campagne": campaigns[participant.campaign_id],
                "prenom": participant.first_name,
                "nom": participant.last_name,
                "structure": participant.structure,
                "fonction": participant.role,
                "ajoute_le": _when(participant.created_at),
                "invite_le": _when(participant.invited_at),
                "desinscrit_le": _when(participant.opted_out_at),
                "lien_personnel": _link(link),
                "messages": [_public(m) for m in own],
                "reponse": responses.get(link.response_id) if link and link.response_id else None,
            }
        )
    listed = {p.invitation_id for p in found.participants}
    other_links = [
        {
            "campagne": campaigns[link.campaign_id],
            "lien_personnel": _link(link),
            "reponse": responses.get(link.response_id) if link.response_id else None,
        }
        for link in found.invitations
        if link.id not in listed
    ]
    return {
        "adresse": found.address.value,
        "produit_le": _when(now),
        "note": NOTE,
        "participations": participations,
        "autres_liens_personnels": other_links,
        "desinscriptions": [
            {"campagne": campaigns[p.campaign_id], "le": _when(p.opted_out_at)}
            for p in found.participants
            if p.opted_out_at is not None
        ],
        "autres_messages": [_public(m) for m in mails if m["ref"] not in refs],
        "messages_a_d_autres_qui_la_citent": len(found.quoting_mail_ids),
        "liens_de_reprise_envoyes": (
            "Aucune trace : l'adresse tapée pour recevoir un lien de reprise n'est jamais "
            "enregistrée."
        ),
        "contact_de": [
            {"organisation": o.name, "nom_du_contact": o.contact_name} for o in found.organisations
        ]
        + [{"campagne": c.demarche, "organisation": c.organisation.name} for c in found.campaigns],
        "compte": _account(session, found.account),
        "tentatives_de_connexion": _attempts(session, found),
        "journal": _audit(session, found),
    }


def log_export(session: Session, found: Holdings, actor_id: int | None, source: str) -> None:
    """The export in the audit log: the masked address and numbers (the caller commits)."""
    audit(
        session,
        "privacy.export",
        actor_id=actor_id,
        detail={
            "email": found.address.masked,
            "participants": len(found.participants),
            "messages": len(found.mail_ids),
            "origine": source,
        },
    )


def _campaigns(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    rows = session.execute(
        select(Campaign, Organisation.name)
        .join(Organisation, Organisation.id == Campaign.organisation_id)
        .where(Campaign.id.in_(ids))
    ).all()
    return {
        campaign.id: {
            "numero": campaign.id,
            "demarche": campaign.demarche,
            "organisation": name,
            "statut": CAMPAIGN_STATUS.get(campaign.status, campaign.status),
            "cloture_le": _when(campaign.closes_on),
        }
        for campaign, name in rows
    }


def _link(link: Invitation | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {
        "cree_le": _when(link.created_at),
        "premiere_utilisation_le": _when(link.used_at),
        "revoque_le": _when(link.revoked_at),
        "reponse_retiree_le": _when(link.withdrawn_at),
    }


def _mails(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    rows = session.execute(
        select(OutgoingMail, MailBatch.kind)
        .outerjoin(MailBatch, MailBatch.id == OutgoingMail.batch_id)
        .where(OutgoingMail.id.in_(ids))
        .order_by(OutgoingMail.id)
    ).all()
    return [
        {
            "ref": mail.ref,
            "type": MAIL_KIND.get(kind or "", kind),
            "destinataire": mail.to_address,
            "objet": mail.subject,
            "texte": mail.text_body,
            "statut": MAIL_STATUS.get(mail.status, mail.status),
            "cree_le": _when(mail.created_at),
            "envoye_le": _when(mail.sent_at),
            "tentatives": mail.attempts,
            "erreur": mail.last_error,
        }
        for mail, kind in rows
    ]


def _public(mail: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in mail.items() if key != "ref"}


def _responses(
    session: Session, instruments: InstrumentRegistry, ids: list[int]
) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    answers: dict[int, list[tuple[str, str]]] = {}
    for response_id, key, value in session.execute(
        select(Answer.response_id, Answer.item_key, Answer.value)
        .where(Answer.response_id.in_(ids))
        .order_by(Answer.response_id, Answer.item_key)
    ):
        answers.setdefault(response_id, []).append((key, value))
    comments: dict[int, list[dict[str, Any]]] = {}
    for comment in session.scalars(
        select(ResponseComment)
        .where(ResponseComment.response_id.in_(ids))
        .order_by(ResponseComment.response_id, ResponseComment.questionnaire)
    ):
        comments.setdefault(comment.response_id, []).append(
            {
                "questionnaire": comment.questionnaire,
                "commentaire": comment.text,
                "modifie_le": _when(comment.updated_at),
                "marque_a_citer_le": _when(comment.quoted_at),
            }
        )
    found = {}
    for response in session.scalars(select(Response).where(Response.id.in_(ids))):
        instrument = _instrument(instruments, response.instrument_version)
        found[response.id] = {
            "numero": response.id,
            "statut": RESPONSE_STATUS.get(response.status, response.status),
            "version_du_questionnaire": response.instrument_version,
            "commencee_le": _when(response.started_at),
            "modifiee_le": _when(response.updated_at),
            "envoyee_le": _when(response.submitted_at),
            "exclue_de_l_agregat_le": _when(response.excluded_at),
            "motif_d_exclusion": response.excluded_reason,
            "profil": _profile(instrument, response.profile or {}),
            "reponses": [
                _answer(instrument, key, value) for key, value in answers.get(response.id, [])
            ],
            "commentaires": comments.get(response.id, []),
        }
    return found


def _instrument(instruments: InstrumentRegistry, version: str) -> Instrument | None:
    try:
        return instruments.get(version)
    except KeyError:
        return None


def _profile(instrument: Instrument | None, profile: dict[str, str]) -> list[dict[str, str]]:
    questions = {q.id: q for q in instrument.profile} if instrument else {}
    shown = []
    for key, value in profile.items():
        question = questions.get(key)
        options = {o.value: o.label.fr for o in question.options} if question else {}
        shown.append(
            {
                "question": question.question.fr if question else key,
                "reponse": options.get(value, value),
            }
        )
    return shown


def _answer(instrument: Instrument | None, key: str, value: str) -> dict[str, str]:
    item_id, _, rating = key.partition(".")
    item = instrument.items_by_id.get(item_id) if instrument else None
    text = None
    meaning = value
    if item is not None and instrument is not None:
        wording = item.text.get("commun") or next(iter(item.text.values()), None)
        text = wording.fr if wording else None
        if value in instrument.special_codes:
            meaning = instrument.special_codes[value].label.fr
        else:
            scale_id = next((r.scale for r in item.ratings if r.key == rating), item.scale)
            scale = instrument.scales.get(scale_id or "")
            options = {str(o.value): o.label.fr for o in scale.options} if scale else {}
            meaning = options.get(value, value)
    return {"question": key, "intitule": text or key, "reponse": value, "signification": meaning}


def _account(session: Session, user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    last_login = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.email == user.email, LoginAttempt.success.is_(True)
        )
    )
    last_seen = session.scalar(
        select(func.max(UserSession.last_seen_at)).where(UserSession.user_id == user.id)
    )
    assigned = session.scalars(
        select(Organisation.name)
        .join(Assignment, Assignment.organisation_id == Organisation.id)
        .where(Assignment.user_id == user.id)
        .order_by(Organisation.name)
    ).all()
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
    ).all()
    return {
        "role": ROLE_LABELS.get(user.role, user.role),
        "organisation": user.organisation.name if user.organisation else None,
        "actif": user.active,
        "cree_le": _when(user.created_at),
        "mot_de_passe_change_le": _when(user.password_changed_at),
        "derniere_connexion_le": _when(last_login),
        "derniere_activite_le": _when(last_seen),
        "organisations_confiees": list(assigned),
        "jetons_d_api": [
            {
                "nom": token.name,
                "cree_le": _when(token.created_at),
                "expire_le": _when(token.expires_at),
                "dernier_usage_le": _when(token.last_used_at),
                "revoque_le": _when(token.revoked_at),
            }
            for token in tokens
        ],
    }


def _attempts(session: Session, found: Holdings) -> list[dict[str, Any]]:
    rows = session.execute(
        select(LoginAttempt.at, LoginAttempt.success, LoginAttempt.address)
        .where(LoginAttempt.email.in_(found.address.forms))
        .order_by(LoginAttempt.at)
    )
    return [
        {"le": _when(at), "reussie": success, "adresse_reseau": address}
        for at, success, address in rows
    ]


def _audit(session: Session, found: Holdings) -> list[dict[str, Any]]:
    """Events that name the address, with their detail; those its account made, as date and
    action only (their targets and details name other people)."""
    actor = found.account.id if found.account else None
    naming = set(found.audit_event_ids)
    events = session.scalars(
        select(AuditEvent)
        .where(
            or_(
                AuditEvent.id.in_(naming),
                AuditEvent.actor_id == actor if actor is not None else AuditEvent.id.is_(None),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    shown = []
    for event in events:
        entry: dict[str, Any] = {
            "le": _when(event.at),
            "action": action_label(event.action),
            "par_cette_personne": actor is not None and event.actor_id == actor,
        }
        if event.id in naming:
            entry["cible"] = event.target
            entry["detail"] = {
                key: value for key, value in (event.detail or {}).items() if key not in SECRET_KEYS
            }
        shown.append(entry)
    return shown
