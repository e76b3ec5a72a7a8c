"""``coopassess actions export CAMPAIGN_ID --out FILE.csv|.xlsx``: a campaign's action plan,
with the same French headers as the plan page's download."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from coopassess.actions.service import plan_lines
from coopassess.cli.common import campaign_or_fail, fail
from coopassess.cli.options import out_option
from coopassess.db import db_session
from coopassess.exports import ACTION_COLUMNS, action_rows, export_readme, to_csv, to_xlsx
from coopassess.exports.columns import plan_columns
from coopassess.exports.writers import PLAN_READING
from coopassess.models import utcnow
from coopassess.registry import registry


@click.group("actions")
def actions_group() -> None:
    """Plans d'action des campagnes."""


@actions_group.command("export")
@click.argument("campaign_id", type=int)
@out_option("fichier .csv ou .xlsx")
@with_appcontext
def export_command(campaign_id: int, out: Path) -> None:
    """Exporte le plan d'action d'une campagne (CSV pour Excel, ou XLSX)."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        fail(f"{out} : extension attendue .csv ou .xlsx")
    campaign = campaign_or_fail(campaign_id)
    instrument = registry().get(campaign.instrument_version)
    rows = action_rows(plan_lines(db_session(), campaign, instrument))
    columns = plan_columns(ACTION_COLUMNS)
    if fmt == "csv":
        out.write_text(to_csv(rows, columns), encoding="utf-8")
    else:
        title = f"{campaign.organisation.name} — {campaign.demarche} (n° {campaign.id})"
        readme = export_readme(
            "Plan d'action de la campagne", title, None, utcnow().date(), PLAN_READING
        )
        out.write_bytes(to_xlsx(rows, columns, "Plan d'action", readme))
    click.echo(f"{out} — {len(rows)} action(s)")
