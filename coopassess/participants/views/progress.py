"""Where a round of messages stands, for its page and its JSON."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from coopassess.jobs import enqueue
from coopassess.mail.outbox import batch_progress
from coopassess.models import Mailing
from coopassess.participants.jobs import prepare_mailing


@dataclass(frozen=True, slots=True)
class Progress:
    prepared: bool
    recipients: int
    queued: int
    sent: int
    failed: int

    @property
    def done(self) -> bool:
        return self.prepared and self.queued == 0

    @property
    def summary(self) -> str:
        if not self.prepared:
            return "Messages en préparation…"
        if self.done:
            return f"Terminé : {self.sent} envoyé(s), {self.failed} échec(s) sur {self.recipients}."
        return f"Envoi en cours : {self.sent + self.failed} traité(s) sur {self.recipients}."

    def as_json(self) -> dict[str, object]:
        return {
            "prepared": self.prepared,
            "recipients": self.recipients,
            "queued": self.queued,
            "sent": self.sent,
            "failed": self.failed,
            "done": self.done,
            "summary": self.summary,
        }


def progress_of(session: Session, mailing: Mailing) -> Progress:
    counts = batch_progress(session, mailing.batch_id) if mailing.batch_id else None
    return Progress(
        prepared=mailing.prepared_at is not None,
        recipients=mailing.recipients or 0,
        queued=counts.queued if counts else 0,
        sent=counts.sent if counts else 0,
        failed=counts.failed if counts else 0,
    )


def start_preparation(mailing: Mailing) -> None:
    """Queue the preparation of a new round (after the commit that stored it)."""
    enqueue(prepare_mailing, mailing.id)
