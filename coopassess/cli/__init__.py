"""The ``coopassess`` console script: Flask's CLI (run, shell, routes) plus our commands."""

from __future__ import annotations

from flask.cli import FlaskGroup

from coopassess import create_app
from coopassess.cli.database import db_group, init_command
from coopassess.cli.demo import demo_command
from coopassess.cli.questionnaires import questionnaires_group
from coopassess.cli.scoring import radar_command, score_command


def _create_app():
    return create_app()


cli = FlaskGroup(
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    help="CoopAssess — auto-diagnostic de maturité coopérative.",
)
for command in (
    init_command,
    db_group,
    demo_command,
    questionnaires_group,
    score_command,
    radar_command,
):
    cli.add_command(command)


def main() -> None:
    cli.main(prog_name="coopassess")
