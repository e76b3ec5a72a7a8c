"""Writing a demo respondent's submitted response (the small demo and its story)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from coopassess.campaigns.answers import save_answers
from coopassess.instrument.schema import Instrument
from coopassess.models import Campaign, Response


def add_response(
    session: Session,
    campaign: Campaign,
    instrument: Instrument,
    profile: dict[str, str],
    answers: dict[str, int | str],
    submitted_at: datetime,
) -> Response:
    """A response submitted at ``submitted_at`` with its profile and answers."""
    response = Response(
        campaign=campaign,
        status="submitted",
        instrument_version=instrument.version,
        instrument_hash=instrument.content_hash,
        profile=profile,
        started_at=submitted_at,
        updated_at=submitted_at,
        submitted_at=submitted_at,
    )
    session.add(response)
    session.flush()
    save_answers(session, response.id, answers)
    return response
