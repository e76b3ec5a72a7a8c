"""The e-mail itself, built with the standard library: text and HTML alternatives, the
organisation as sender name, Reply-To, one-click unsubscribe (RFC 8058), Message-ID, Date.

No header can carry a line break: addresses and URLs with one are refused, a subject or a
sender name has its line breaks folded into spaces (they come from people's templates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

# Plain ASCII addresses (no SMTPUTF8): what every relay accepts.
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")
_URL = re.compile(r"^https?://[^\s<>\"]+$")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
NBSP = "\u00a0"
MAX_SUBJECT = 300
MAX_SENDER_NAME = 200


class InvalidMail(ValueError):
    """A message that cannot be sent as given; the text is French, for the person."""


def single_line(value: str) -> str:
    """A header text with every line break folded into one space."""
    return _LINE_BREAKS.sub(" ", value).strip()


def checked_address(value: str, what: str = "adresse") -> str:
    address = value.strip()
    if len(address) > 254 or not _ADDRESS.match(address):
        shown = single_line(value)[:80]
        raise InvalidMail(f"{what.capitalize()} invalide{NBSP}: «{NBSP}{shown}{NBSP}»")
    return address


def checked_url(value: str) -> str:
    url = value.strip()
    if len(url) > 500 or not _URL.match(url):
        raise InvalidMail("Lien de désinscription invalide (http:// ou https:// attendu)")
    return url


@dataclass(frozen=True)
class MessageParts:
    to: str
    subject: str
    text: str
    html: str | None
    sender_name: str
    mail_from: str
    reply_to: str | None
    unsubscribe_url: str | None
    message_id: str
    date: datetime


def build_message(parts: MessageParts) -> EmailMessage:
    """The message as it is handed to the relay (or written to a .eml file)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(
        display_name=single_line(parts.sender_name)[:MAX_SENDER_NAME],
        addr_spec=checked_address(parts.mail_from, "adresse d'expédition"),
    )
    message["To"] = Address(addr_spec=checked_address(parts.to))
    if parts.reply_to:
        message["Reply-To"] = Address(
            addr_spec=checked_address(parts.reply_to, "adresse de réponse")
        )
    message["Subject"] = single_line(parts.subject)[:MAX_SUBJECT]
    message["Date"] = format_datetime(parts.date)
    message["Message-ID"] = parts.message_id
    if parts.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{checked_url(parts.unsubscribe_url)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(parts.text)
    if parts.html:
        message.add_alternative(parts.html, subtype="html")
    message["Content-Language"] = "fr"  # after the content: set_content drops Content-*
    return message


def message_id(mail_id: int, key_digest: str, mail_from: str) -> str:
    """The same Message-ID for every attempt at one stored message: a receiver that got it
    twice (a worker that crashed after sending) can tell."""
    domain = mail_from.rpartition("@")[2] or "localhost"
    return f"<coopassess.{mail_id}.{key_digest[:16]}@{domain}>"
