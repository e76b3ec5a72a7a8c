"""The ``coopassess`` console script: Flask's CLI (run, shell, routes) plus our commands."""

from __future__ import annotations

from flask.cli import FlaskGroup

from coopassess import create_app
from coopassess.cli.database import db_group, init_command
from coopassess.cli.demo import demo_command


def _create_app():  # noqa: ANN202 - FlaskGroup's factory signature
    return create_app()


cli = FlaskGroup(
    create_app=_create_app,
    add_version_option=False,
    load_dotenv=False,
    help="CoopAssess — auto-diagnostic de maturité coopérative.",
)
for command in (init_command, db_group, demo_command):
    cli.add_command(command)


def main() -> None:
    cli.main(prog_name="coopassess")
