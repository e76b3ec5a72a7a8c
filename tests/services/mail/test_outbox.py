"""Queueing mail: one row per idempotency key, checked fields, progress and latest status."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from coopassess.db import db_session
from coopassess.mail import outbox
from coopassess.mail.outbox import InvalidMail, MailDraft
from coopassess.models import OutgoingMail

FIELDS = {
    "to": "ana@example.fr",
    "subject": "Invitation",
    "text": "Bonjour",
    "sender_name": "Mairie d'Arles",
}


def _count() -> int:
    return db_session().scalar(select(func.count()).select_from(OutgoingMail)) or 0


def test_the_same_idempotency_key_returns_the_stored_row(app: Flask) -> None:
    with app.app_context():
        session = db_session()
        first = outbox.queue_mail(session, idempotency_key="invitation:1:1", **FIELDS)
        session.commit()
        again = outbox.queue_mail(
            session, idempotency_key="invitation:1:1", **{**FIELDS, "subject": "Autre"}
        )
        assert again.id == first.id and again.subject == "Invitation"
        assert first.status == "queued" and first.attempts == 0
        assert _count() == 1


def test_a_key_queued_meanwhile_by_another_transaction_is_not_doubled(app: Flask) -> None:
    with app.app_context():
        other = app.extensions["coopassess.db"].session()
        outbox.queue_mail(other, idempotency_key="k", **FIELDS)
        other.commit()
        other.close()
        session = db_session()
        # The row exists although this session has not looked yet: the insert is refused by
        # the unique key, and the stored row comes back.
        mail = outbox.queue_mail(session, idempotency_key="k", **FIELDS)
        session.commit()
        assert mail.id is not None and _count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("to", "ana@example.fr\nBcc: x@y.fr", "Adresse invalide"),
        ("reply_to", "pas-une-adresse", "Adresse de réponse invalide"),
        ("unsubscribe_url", "ftp://x", "Lien de désinscription invalide"),
        ("subject", " \r\n ", "Objet du message manquant"),
        ("sender_name", "", "Nom d'expéditeur manquant"),
    ],
)
def test_bad_fields_are_refused_before_anything_is_stored(
    app: Flask, field: str, value: str, message: str
) -> None:
    with app.app_context():
        with pytest.raises(InvalidMail) as error:
            outbox.queue_mail(db_session(), idempotency_key="k", **{**FIELDS, field: value})
        assert message in str(error.value)
        assert _count() == 0


def test_queue_mails_in_bulk_keeps_order_and_existing_rows(app: Flask) -> None:
    with app.app_context():
        session = db_session()
        existing = outbox.queue_mail(session, idempotency_key="k1", **FIELDS)
        drafts = [
            MailDraft(idempotency_key=f"k{n}", **{**FIELDS, "to": f"p{n}@example.fr"})
            for n in range(3)
        ]
        rows = outbox.queue_mails(session, [*drafts, drafts[0]])
        session.commit()
        assert [row.idempotency_key for row in rows] == ["k0", "k1", "k2", "k0"]
        assert rows[1].id == existing.id and rows[1].to_address == "ana@example.fr"
        assert _count() == 3


def test_batch_progress_counts_sending_as_queued(app: Flask) -> None:
    with app.app_context():
        session = db_session()
        batch = outbox.create_batch(session, kind="invitation")
        statuses = ["queued", "sending", "sent", "sent", "failed"]
        for n, status in enumerate(statuses):
            mail = outbox.queue_mail(session, idempotency_key=f"b{n}", batch_id=batch.id, **FIELDS)
            mail.status = status
        session.commit()
        progress = outbox.batch_progress(session, batch.id)
        assert (progress.queued, progress.sent, progress.failed) == (2, 2, 1)
        assert progress.total == 5 and not progress.done
        assert outbox.batch_progress(session, batch.id + 1).total == 0


def test_latest_by_ref_in_one_query(app: Flask) -> None:
    with app.app_context():
        session = db_session()
        for n in range(3):
            outbox.queue_mail(session, idempotency_key=f"a{n}", ref="participant:1", **FIELDS)
        last = outbox.queue_mail(session, idempotency_key="b", ref="participant:2", **FIELDS)
        session.commit()
        session.expunge_all()
        statements: list[str] = []
        engine = app.extensions["coopassess.db"].engine

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(engine, "before_cursor_execute", count)
        try:
            found = outbox.latest_by_ref(session, ["participant:1", "participant:2", "x:9"])
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert set(found) == {"participant:1", "participant:2"}
        assert found["participant:1"].idempotency_key == "a2"
        assert found["participant:2"].id == last.id
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
