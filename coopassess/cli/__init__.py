"""The ``coopassess`` console script: Flask's CLI (run, shell, routes) plus our commands.

The commands live on ``app.cli``, so the console script, ``flask --app coopassess`` and the
tests' CLI runner all see the same set.
"""

from __future__ import annotations

from flask import Flask
from flask.cli import FlaskGroup


def register(app: Flask) -> None:
    from coopassess.cli import participants  # noqa: F401  (its commands join ``campaign``)
    from coopassess.cli.actions import actions_group
    from coopassess.cli.backup import backup_command, restore_command
    from coopassess.cli.campaigns import campaign_group, organisation_group
    from coopassess.cli.charts import radar_command
    from coopassess.cli.data import data_group
    from coopassess.cli.database import db_group, init_command
    from coopassess.cli.demo import demo_command
    from coopassess.cli.exports import export_command
    from coopassess.cli.mail import mail_group
    from coopassess.cli.questionnaires import questionnaires_group
    from coopassess.cli.report import comparison_command, report_command
    from coopassess.cli.scoring import score_command
    from coopassess.cli.tokens import token_group
    from coopassess.cli.users import user_group
    from coopassess.cli.worker import worker_command

    for command in (
        init_command,
        db_group,
        demo_command,
        questionnaires_group,
        score_command,
        radar_command,
        report_command,
        comparison_command,
        export_command,
        campaign_group,
        organisation_group,
        user_group,
        backup_command,
        restore_command,
        worker_command,
        mail_group,
        data_group,
        actions_group,
    ):
        app.cli.add_command(command)
    user_group.add_command(token_group)


def _create_app() -> Flask:
    from coopassess import create_app

    return create_app()


cli = FlaskGroup(
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    help="CoopAssess — auto-diagnostic de maturité coopérative.",
)


def main() -> None:
    cli.main(prog_name="coopassess")
