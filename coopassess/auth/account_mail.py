"""The e-mails of accounts: the invitation to set a first password, and the reset link asked
for from the login page. Both go through the mail queue (``coopassess.mail.outbox``); the
caller commits, then calls ``enqueue_delivery`` with the returned ids."""

from __future__ import annotations

from sqlalchemy.orm import Session

from coopassess.common.tokens import token_hash
from coopassess.mail.outbox import queue_mail
from coopassess.models import User

SENDER = "CoopAssess"
ROLE_LABELS = {"admin": "administrateur", "consultant": "consultant", "referent": "référent"}


def _link(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/mot-de-passe/{token}"


def queue_invitation(
    session: Session, user: User, token: str, base_url: str, inviter: User | None
) -> int:
    """« Votre compte CoopAssess » with the link that sets the first password (24 hours)."""
    link = _link(base_url, token)
    who = f" par {inviter.email}" if inviter is not None else ""
    where = f" pour « {user.organisation.name} »" if user.organisation is not None else ""
    text = (
        "Bonjour,\n\n"
        f"Un compte CoopAssess de {ROLE_LABELS[user.role]}{where} vient d'être créé pour vous"
        f"{who}.\n\n"
        "Pour choisir votre mot de passe, ouvrez ce lien "
        "(valable 24 heures, une seule fois)\u00a0:\n"
        f"{link}\n\n"
        f"Vous vous connecterez ensuite avec l'adresse {user.email}.\n\n"
        "Si vous n'attendiez pas ce message, ignorez-le\u00a0: sans mot de passe choisi, le compte "
        "reste inutilisable.\n\n— CoopAssess, auto-diagnostic de maturité coopérative\n"
    )
    mail = queue_mail(
        session,
        to=user.email,
        subject="Votre compte CoopAssess\u00a0: choisissez votre mot de passe",
        text=text,
        sender_name=SENDER,
        ref=f"user:{user.id}",
        idempotency_key=f"account-invitation:{token_hash(token)}",
    )
    return mail.id


def queue_reset(session: Session, user: User, token: str, base_url: str) -> int:
    """The reset link asked for from « Mot de passe oublié\u00a0? » (1 hour, once)."""
    text = (
        "Bonjour,\n\n"
        "Vous avez demandé à changer le mot de passe de votre compte CoopAssess "
        f"({user.email}).\n\n"
        "Ouvrez ce lien pour en choisir un nouveau (valable 1 heure, une seule fois)\u00a0:\n"
        f"{_link(base_url, token)}\n\n"
        "Si vous n'avez rien demandé, ignorez ce message\u00a0: votre mot de passe actuel reste "
        "valable.\n\n— CoopAssess, auto-diagnostic de maturité coopérative\n"
    )
    mail = queue_mail(
        session,
        to=user.email,
        subject="CoopAssess\u00a0: changer votre mot de passe",
        text=text,
        sender_name=SENDER,
        ref=f"user:{user.id}",
        idempotency_key=f"password-reset:{token_hash(token)}",
    )
    return mail.id
