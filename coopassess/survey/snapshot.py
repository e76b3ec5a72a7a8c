"""What a survey page shows, read without the ORM: the page GET is the app's busiest request.

Two Core statements built once (campaign with the response, then its answers) on a short
connection; plain frozen rows instead of mapped objects, so nothing can be written through them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import bindparam, select

from coopassess.campaigns.answers import load_answers
from coopassess.db import read_connection
from coopassess.models import Campaign, Response


@dataclass(frozen=True, slots=True)
class CampaignRow:
    id: int
    slug: str
    status: str
    modules: list[str]
    target: str
    demarche: str


@dataclass(frozen=True, slots=True)
class ResponseRow:
    id: int
    status: str
    instrument_version: str
    profile: dict[str, str]

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"


@dataclass(frozen=True, slots=True)
class PageSnapshot:
    campaign: CampaignRow
    response: ResponseRow
    answers: dict[str, int | str]


_CAMPAIGN_FIELDS = len(fields(CampaignRow))
_CAMPAIGN_AND_RESPONSE = (
    select(
        Campaign.id,
        Campaign.slug,
        Campaign.status,
        Campaign.modules,
        Campaign.target,
        Campaign.demarche,
        Response.id,
        Response.status,
        Response.instrument_version,
        Response.profile,
    )
    .join(Response, Response.campaign_id == Campaign.id)
    .where(Campaign.slug == bindparam("slug"), Response.id == bindparam("response_id"))
)


def page_snapshot(slug: str, response_id: int) -> PageSnapshot | None:
    """The campaign, the response this browser holds on it and its answers; None when the
    response is not on that campaign (or either is gone)."""
    with read_connection() as connection:
        row = connection.execute(
            _CAMPAIGN_AND_RESPONSE, {"slug": slug, "response_id": response_id}
        ).first()
        if row is None:
            return None
        answers = load_answers(connection, response_id)
    return PageSnapshot(
        CampaignRow(*row[:_CAMPAIGN_FIELDS]),
        ResponseRow(*row[_CAMPAIGN_FIELDS:]),
        answers,
    )
