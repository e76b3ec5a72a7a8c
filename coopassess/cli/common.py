"""What every command shares: refusing bad input (exit 2), finding a campaign."""

from __future__ import annotations

from typing import NoReturn

import click

from coopassess.db import db_session
from coopassess.models import Campaign

INPUT_ERROR = 2


def fail(message: str) -> NoReturn:
    """A message on stderr and exit status 2: bad input, nothing was produced."""
    click.echo(message, err=True)
    raise SystemExit(INPUT_ERROR)


def campaign_or_fail(campaign_id: int) -> Campaign:
    campaign = db_session().get(Campaign, campaign_id)
    if campaign is None:
        fail(f"Campagne introuvable : {campaign_id}")
    return campaign
