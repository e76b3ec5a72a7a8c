"""``coopassess worker``: the consumer of the job queue, or one pass over it (``--once``)."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from coopassess.jobs.app import current_queue
from coopassess.mail import transport

NBSP = "\u00a0"


@click.command("worker")
@click.option(
    "--once",
    is_flag=True,
    help="Exécute les tâches en file (et les nouveaux essais déjà dus), puis s'arrête.",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 32),
    default=None,
    help="Tâches menées en parallèle (par défaut COOPASSESS_WORKER_THREADS, 1).",
)
@click.option(
    "--no-periodic",
    is_flag=True,
    help="Ne lance pas les tâches périodiques (pour tous les workers sauf un).",
)
@with_appcontext
def worker_command(once: bool, threads: int | None, no_periodic: bool) -> None:
    """Exécute les tâches de fond (envois de courriels, relances) ; arrêt propre par SIGTERM."""
    queue = current_queue()
    where = "Redis" if queue.settings.redis_url else f"SQLite, {queue.settings.sqlite_path}"
    if once:
        ran = queue.run_once()
        transport.close_all()
        click.echo(
            f"{ran} tâche(s) exécutée(s){NBSP}; {queue.scheduled()} prévue(s) plus tard "
            f"(file {where})."
        )
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    workers = threads or int(current_app.config["WORKER_THREADS"])
    consumer = queue.consumer(workers=workers, periodic=not no_periodic)
    queue.huey.on_shutdown("close-mail-connections")(transport.close_all)
    click.echo(
        f"Worker CoopAssess{NBSP}: file {where}, {workers} fil(s) d'exécution{NBSP}; "
        "arrêt propre par SIGTERM.",
        err=True,
    )
    consumer.run()
    click.echo("Worker arrêté.", err=True)
