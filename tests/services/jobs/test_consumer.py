"""The real consumer, ``coopassess worker`` in its own process, on the SQLite queue and on the
Redis queue: it delivers what the app queued, then stops cleanly on SIGTERM."""

from __future__ import annotations

import signal

import pytest
from flask import Flask

from coopassess.mail import transport
from tests.fixtures.jobs import QUEUES, app_on_queue, wait_for, worker_process
from tests.fixtures.mail import mails, queue_messages
from tests.fixtures.smtp import smtp_server


@pytest.mark.parametrize("queue", QUEUES)
def test_the_worker_delivers_the_queue_and_stops_on_sigterm(app: Flask, queue: str) -> None:
    with app_on_queue(app, queue) as on_queue, smtp_server() as smtp:
        settings = {"SMTP_URL": smtp.url, "MAIL_FROM": "coop@example.fr"}
        with worker_process(on_queue, "--threads", "2", **settings) as worker:
            queue_messages(on_queue, 60)
            delivered = wait_for(lambda: len(smtp.received) >= 60)
            worker.send_signal(signal.SIGTERM)
            _, errors = worker.communicate(timeout=30)
        assert delivered, errors
        assert worker.returncode == 0, errors
        assert "Worker arrêté." in errors
        assert [mail.status for mail in mails(on_queue)] == ["sent"] * 60
        assert len({received.message["Message-ID"] for received in smtp.received}) == 60
        assert "@example.fr" not in errors  # no address in the worker's log
    transport.close_all()
