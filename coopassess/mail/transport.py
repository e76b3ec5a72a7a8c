"""Handing a built message over: to the SMTP relay (one connection per worker thread, reused
from message to message, opened again when the server closed it) or, with no relay configured,
to a ``.eml`` file in the outbox folder. Failures come back classified and said in French:
temporary (4xx, unreachable, timeout: tried again later) or permanent (5xx: given up).

No address and no password is ever logged: log lines name the stored message's id.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import tempfile
import threading
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from coopassess.common.slugs import slug
from coopassess.mail.settings import MailSettings, SmtpSettings

logger = logging.getLogger(__name__)
NBSP = "\u00a0"
MAX_SERVER_TEXT = 200


class DeliveryFailure(Exception):
    """A message not handed over; ``reason`` is French, for the people who follow a batch."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TemporaryFailure(DeliveryFailure):
    """Worth trying again later. ``unreachable``: the relay itself failed (down, refused, timed
    out, rejected our login), so the other messages of the job would fail the same way."""

    def __init__(self, reason: str, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.unreachable = unreachable


class PermanentFailure(DeliveryFailure):
    """Refused for good (5xx): trying again would be refused again."""


class Transport:
    def send(self, message: EmailMessage, *, mail_id: int, mail_from: str, to: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of any connection (the worker stops)."""


class FolderTransport(Transport):
    """``.eml`` files in the outbox folder, named by date, id and subject; written to a
    temporary file first and renamed, so a reader never sees half a message."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage, *, mail_id: int, mail_from: str, to: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now():%Y%m%d-%H%M%S}-{mail_id:06d}-{_subject_slug(message)}.eml"
        data = message.as_bytes()
        descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            os.replace(temporary, self.folder / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        logger.info("mail %s written to the outbox folder", mail_id)


def _subject_slug(message: EmailMessage) -> str:
    return slug(str(message["Subject"] or ""), length=40, fallback="message")


class SmtpTransport(Transport):
    """One SMTP connection per thread, kept open between messages."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._local = threading.local()

    def send(self, message: EmailMessage, *, mail_id: int, mail_from: str, to: str) -> None:
        try:
            try:
                self._connection().send_message(message, from_addr=mail_from, to_addrs=[to])
            except smtplib.SMTPServerDisconnected:
                # The relay closed an idle connection: one new connection, one new try.
                self._drop()
                self._connection().send_message(message, from_addr=mail_from, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            raise _refusal(code, text, "L'adresse du destinataire") from None
        except smtplib.SMTPAuthenticationError as error:
            self._drop()
            raise TemporaryFailure(
                f"Le relais SMTP a refusé l'identifiant ou le mot de passe ({error.smtp_code})"
                f"{NBSP}: vérifiez COOPASSESS_SMTP_URL.",
                unreachable=True,
            ) from None
        except smtplib.SMTPConnectError as error:
            self._drop()
            raise TemporaryFailure(
                f"Le {self.settings.describe()} refuse la connexion ({error.smtp_code}).",
                unreachable=True,
            ) from None
        except smtplib.SMTPResponseException as error:
            raise _refusal(error.smtp_code, error.smtp_error, "Le message") from None
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise TemporaryFailure(
                f"Le {self.settings.describe()} ne répond pas ({_network_reason(error)}).",
                unreachable=True,
            ) from None
        logger.info("mail %s handed to the SMTP relay", mail_id)

    def _connection(self) -> smtplib.SMTP:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
        return connection

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.ssl:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.port, timeout=s.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        try:
            if s.starttls:
                connection.starttls(context=context)
            if s.username:
                connection.login(s.username, s.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def _drop(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()

    def close(self) -> None:
        self._drop()


def _refusal(code: int, text: bytes | str, what: str) -> DeliveryFailure:
    server_text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    server_text = " ".join(server_text.split())[:MAX_SERVER_TEXT]
    if 400 <= code < 500:
        return TemporaryFailure(
            f"Refus temporaire du serveur de messagerie ({code} {server_text})."
        )
    return PermanentFailure(
        f"{what} a été refusé par le serveur de messagerie ({code} {server_text})."
    )


def _network_reason(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connexion refusée"
    if isinstance(error, TimeoutError):
        return "délai d'attente dépassé"
    if isinstance(error, ssl.SSLError):
        return "échec de la connexion chiffrée"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "STARTTLS non proposé par le serveur"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "connexion interrompue"
    return "erreur réseau"


_transports: dict[tuple[str, object], Transport] = {}
_transports_lock = threading.Lock()


def transport_for(settings: MailSettings) -> Transport:
    """The process's transport for these settings: its connections outlive a single job."""
    key = ("smtp", settings.smtp) if settings.smtp else ("folder", settings.outbox_dir)
    with _transports_lock:
        transport = _transports.get(key)
        if transport is None:
            transport = (
                SmtpTransport(settings.smtp)
                if settings.smtp
                else FolderTransport(settings.outbox_dir)
            )
            _transports[key] = transport
        return transport


def close_all() -> None:
    """Close every kept connection of this thread (a worker thread stops, a test ends)."""
    with _transports_lock:
        for transport in _transports.values():
            transport.close()
