"""With no relay configured, messages become .eml files in the outbox folder."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from flask import Flask

from coopassess.mail.outbox import enqueue_delivery
from tests.fixtures.mail import mails, queue_messages, run_queue


def test_messages_are_written_as_readable_eml_files(app: Flask) -> None:
    assert app.config["SMTP_URL"] is None  # the default
    ids = queue_messages(app, 3)
    run_queue(app)
    folder = Path(app.config["OUTBOX_DIR"])
    assert folder == Path(app.instance_path) / "outbox"
    files = sorted(folder.iterdir())
    assert len(files) == 3
    assert all(file.suffix == ".eml" for file in files)  # no temporary file left
    first = next(file for file in files if f"-{ids[0]:06d}-" in file.name)
    assert first.name.endswith(f"-{ids[0]:06d}-invitation-n-0-diagnostic-cooperatif.eml")
    message = message_from_bytes(first.read_bytes(), policy=policy.default)
    assert message["To"] == "personne0@example.fr"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("html",)) is not None
    assert [mail.status for mail in mails(app)] == ["sent"] * 3


def test_a_delivered_message_is_not_written_twice(app: Flask) -> None:
    ids = queue_messages(app, 1)
    run_queue(app)
    with app.app_context():
        enqueue_delivery(ids)
    run_queue(app)
    assert len(list(Path(app.config["OUTBOX_DIR"]).iterdir())) == 1
