"""One worker delivering queued messages to a local SMTP server, on SQLite and PostgreSQL
databases, with the SQLite queue and the Redis queue.

    .venv/bin/python bench/mail_delivery.py [--messages 2000] [--threads 1]
                                            [--database-url postgresql://…]

For each combination: a fresh migrated database, ``--messages`` stored with ``queue_mails``
(one transaction) and queued with ``enqueue_delivery`` (one job per 50 messages), then one
worker delivers them all to an aiosmtpd server that discards them, run in its own process so
that it does not share this one's interpreter: with ``--threads 1`` the worker's loop in this
thread (``JobQueue.run_once``), with more the real consumer and its threads. Each message is
claimed (with the others of its job), built, handed over on the one kept SMTP connection and
marked sent in its own transaction. Then ``latest_by_ref`` reads the status of every message
(the follow-up page's query). Prints wall-clock figures and the worker's CPU per message: on a
shared host the first move with everyone else's load, the second much less. Needs Redis on
127.0.0.1:6379; the PostgreSQL half is skipped with the reason when the server is unreachable.

Figures on the 2-core development host, other sessions running their test suites (load
average 3.8–4.8), 2,000 messages (docs/jobs-and-mail.md has the whole table):

    database    queue   1 thread msg/s  2 threads msg/s  worker CPU ms/message
    SQLite      SQLite     171–328           268              2.14–2.49
    SQLite      Redis      210–331           246              2.12–2.55
    PostgreSQL  SQLite     179–212           267              2.47–2.58
    PostgreSQL  Redis      148–185           235              2.58–2.66

At load average 6–9: 77–254 messages/s with one thread, 110–141 with two. Before the headers
were encoded once and the claims batched: 41–87 messages/s, 11.7 ms a message.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import redis
import sqlalchemy as sa
from flask import Flask

from coopassess import create_app, migrate
from coopassess.db import db_session, make_engine
from coopassess.jobs.queue import JobQueue
from coopassess.mail import outbox, transport
from coopassess.mail.outbox import MailDraft
from coopassess.models import OutgoingMail

REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp_sink(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("aiosmtpd did not start")


def pg_schema(base: str) -> tuple[str, str] | None:
    schema = f"coopassess_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL skipped: unreachable at {base} ({error.orig})")
        return None
    finally:
        admin.dispose()
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def consume(app: Flask, job_queue: JobQueue, threads: int, batch_id: int) -> None:
    """The real consumer in this process, with ``threads`` worker threads, until the batch is
    delivered."""
    consumer = job_queue.consumer(workers=threads, periodic=False)
    consumer.start()
    try:
        with app.app_context():
            while not outbox.batch_progress(db_session(), batch_id).done:
                db_session().rollback()
                time.sleep(0.02)
    finally:
        consumer.stop(graceful=True)


def run(
    database_url: str, queue: str, smtp_url: str, messages: int, folder: Path, threads: int
) -> dict:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    engine.dispose()
    name = f"coopassess-bench-{uuid.uuid4().hex[:8]}"
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench",
            "INSTANCE_PATH": str(folder / f"instance-{queue}"),
            "SMTP_URL": smtp_url,
            "MAIL_FROM": "ne-pas-repondre@coop.example.fr",
            "REDIS_URL": REDIS_URL if queue == "redis" else None,
            "JOBS_NAME": name,
        }
    )
    job_queue = app.extensions["coopassess.jobs"]
    with app.app_context():
        session = db_session()
        started = time.perf_counter()
        batch = outbox.create_batch(session, kind="invitation")
        drafts = [
            MailDraft(
                to=f"personne{n}@example.fr",
                subject=f"Invitation au diagnostic coopératif n° {n}",
                text="Bonjour,\n\nvotre lien : https://coop.example.fr/i/abcdef\n" * 8,
                html="<p>Bonjour,</p><p><a href='https://coop.example.fr/i/abcdef'>lien</a></p>"
                * 8,
                sender_name="Communauté d'agglomération du Val-de-Sèvre",
                reply_to="referente@agglo.example.fr",
                unsubscribe_url=f"https://coop.example.fr/desinscription/{n}",
                ref=f"participant:{n}",
                batch_id=batch.id,
                idempotency_key=f"bench:{batch.id}:{n}",
            )
            for n in range(messages)
        ]
        ids = [mail.id for mail in outbox.queue_mails(session, drafts)]
        session.commit()
        stored = time.perf_counter() - started
        started = time.perf_counter()
        outbox.enqueue_delivery(ids)
        enqueued = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    if threads == 1:
        job_queue.run_once()
    else:
        consume(app, job_queue, threads, batch.id)
    delivered, cpu = time.perf_counter() - started, time.process_time() - cpu
    transport.close_all()
    with app.app_context():
        sent = db_session().scalar(sa.select(sa.func.count()).where(OutgoingMail.status == "sent"))
        progress = outbox.batch_progress(db_session(), batch.id)
        started = time.perf_counter()
        latest = outbox.latest_by_ref(db_session(), [f"participant:{n}" for n in range(messages)])
        status_read = time.perf_counter() - started
        assert len(latest) == messages
    if queue == "redis":
        job_queue.huey.flush()
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"huey.*{name}*"):
            client.delete(key)
    app.extensions["coopassess.db"].engine.dispose()
    return {
        "stored": stored,
        "enqueued": enqueued,
        "delivered": delivered,
        "cpu": cpu,
        "status_read": status_read,
        "sent": sent,
        "progress": progress,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="1: the worker's loop in this thread (run_once); more: the consumer with threads",
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("COOPASSESS_TEST_DATABASE_URL", DEFAULT_PG)
    )
    args = parser.parse_args()
    port = free_port()
    sink = start_smtp_sink(port)
    smtp_url = f"smtp://127.0.0.1:{port}"
    print(
        f"{'database':<11} {'queue':<7} {'store (ms)':>11} {'enqueue (ms)':>13} "
        f"{'deliver (s)':>12} {'messages/s':>11}"
    )
    try:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            databases: list[tuple[str, str, str | None]] = []
            for queue in ("sqlite", "redis"):
                databases.append(("sqlite", f"sqlite:///{folder / f'db-{queue}.sqlite'}", None))
            schemas = []
            for _queue in ("sqlite", "redis"):
                made = pg_schema(args.database_url)
                if made is not None:
                    schemas.append(made[1])
                    databases.append(("postgresql", made[0], made[1]))
            order = ["sqlite", "redis", "sqlite", "redis"]
            try:
                for (engine_name, url, _schema), queue in zip(databases, order, strict=False):
                    figures = run(
                        url, queue, smtp_url, args.messages, folder / engine_name, args.threads
                    )
                    assert figures["sent"] == args.messages, figures
                    rate = args.messages / figures["delivered"]
                    print(
                        f"{engine_name:<11} {queue:<7} {figures['stored'] * 1000:>11.0f} "
                        f"{figures['enqueued'] * 1000:>13.0f} {figures['delivered']:>12.2f} "
                        f"{rate:>11.0f} {figures['cpu'] * 1000 / args.messages:>18.2f} "
                        f"{figures['status_read'] * 1000:>19.0f}",
                        flush=True,
                    )
            finally:
                for schema in schemas:
                    drop_schema(args.database_url, schema)
    finally:
        sink.terminate()
        sink.wait()


if __name__ == "__main__":
    main()
