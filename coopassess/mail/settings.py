"""Mail settings read from the configuration: the SMTP relay (a URL) or the outbox folder, the
sender address, retries and the rate limit. The password never appears in ``repr`` or text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from coopassess.mail.messages import InvalidMail, checked_address

SCHEMES = {"smtp": 25, "smtps": 465}
NBSP = "\u00a0"
TRUE = {"1", "true", "yes", "oui", "on"}


class MailSettingsError(ValueError):
    """A setting that cannot work, said in French for the person who configures."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    ssl: bool  # smtps://: TLS from the first byte
    starttls: bool  # smtp://…?starttls=1: upgrade after EHLO
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    def describe(self) -> str:
        """The relay as people may read it: no user name, no password."""
        security = " (SSL)" if self.ssl else " (STARTTLS)" if self.starttls else ""
        return f"relais SMTP {self.host}:{self.port}{security}"


def parse_smtp_url(url: str) -> SmtpSettings:
    """``smtp://user:pass@relay:587?starttls=1``, ``smtps://user:pass@relay:465``; the user
    and password are URL-decoded (``%40`` for ``@``); ``timeout=`` in seconds."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise MailSettingsError(
            "COOPASSESS_SMTP_URL doit ressembler à smtp://utilisateur:mot-de-passe@relais:587"
            "?starttls=1 ou smtps://utilisateur:mot-de-passe@relais:465"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    try:
        port = parts.port or SCHEMES[parts.scheme]
        timeout = float(query.get("timeout", 30))
    except ValueError as error:
        raise MailSettingsError(
            f"COOPASSESS_SMTP_URL{NBSP}: port ou délai (timeout) illisible"
        ) from error
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        ssl=parts.scheme == "smtps",
        starttls=parts.scheme == "smtp" and query.get("starttls", "0").lower() in TRUE,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        timeout=timeout,
    )


@dataclass(frozen=True)
class MailSettings:
    mail_from: str
    outbox_dir: Path
    smtp: SmtpSettings | None = None  # None: messages are written to outbox_dir
    rate_per_minute: int = 0  # 0: no limit
    max_attempts: int = 5
    retry_delays: tuple[int, ...] = (60, 300, 900, 3600)
    claim_timeout: int = 600
    redis_url: str | None = None  # the rate counter lives there when set
    counter_prefix: str = "coopassess"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        smtp_url = config.get("SMTP_URL")
        delays = tuple(int(delay) for delay in config.get("MAIL_RETRY_DELAYS") or (60,))
        try:
            mail_from = checked_address(str(config["MAIL_FROM"]), "adresse d'expédition")
        except InvalidMail as error:
            raise MailSettingsError(f"COOPASSESS_MAIL_FROM{NBSP}: {error}") from None
        return cls(
            mail_from=mail_from,
            outbox_dir=Path(config["OUTBOX_DIR"]),
            smtp=parse_smtp_url(smtp_url) if smtp_url else None,
            rate_per_minute=int(config.get("MAIL_RATE") or 0),
            max_attempts=max(1, int(config.get("MAIL_MAX_ATTEMPTS") or 1)),
            retry_delays=delays,
            claim_timeout=int(config.get("MAIL_CLAIM_TIMEOUT") or 600),
            redis_url=config.get("REDIS_URL") or None,
            counter_prefix=str(config.get("JOBS_NAME") or "coopassess"),
        )

    def retry_delay(self, attempts: int) -> int:
        """Seconds before the next attempt after ``attempts`` failed ones (the last delay
        repeats)."""
        return self.retry_delays[min(attempts, len(self.retry_delays)) - 1]

    def destination(self) -> str:
        """Where messages go, in French: the relay, or the outbox folder."""
        if self.smtp is not None:
            return self.smtp.describe()
        return f"dossier {self.outbox_dir} (aucun relais SMTP configuré)"
