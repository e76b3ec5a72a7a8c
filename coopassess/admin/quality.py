"""The reliability report of an instrument version on the pooled counted responses of all its
campaigns (scoring-model §9), computed once per state of the data.

One query reads every counted response (submitted, not excluded, answered on the version of
its campaign) with its wording context and all its answers; never one query per response.
The report is cached by (version, number of submitted responses, their latest change): a
submission, an exclusion or a reinclusion changes that key, a reload costs one query."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coopassess.instrument.schema import Instrument
from coopassess.models import Answer, Campaign, Response
from coopassess.scoring.reliability import Pool, ReliabilityReport, pool, reliability

_lock = threading.Lock()
# version → (key, report): one entry per version, replaced when its data changes.
_cache: dict[str, tuple[tuple[int, datetime | None, int], ReliabilityReport]] = {}


def report(session: Session, instrument: Instrument) -> tuple[ReliabilityReport, int]:
    """The reliability report of ``instrument``'s version (cached), and how many campaigns of
    that version had their individual answers erased (retention): they no longer enter the
    pooled data, and the page says so."""
    version = instrument.version
    key = data_key(session, version)
    with _lock:
        cached = _cache.get(version)
    if cached is not None and cached[0] == key:
        return cached[1], key[2]
    computed = reliability(instrument, load_pool(session, instrument))
    with _lock:
        _cache[version] = (key, computed)
    return computed, key[2]


def data_key(session: Session, version: str) -> tuple[int, datetime | None, int]:
    """Number of submitted responses on ``version`` and their latest change (excluding or
    reincluding a response touches its ``updated_at``), and the number of campaigns of the
    version whose answers were erased: one statement."""
    purged = (
        select(func.count(Campaign.id))
        .where(Campaign.instrument_version == version, Campaign.answers_purged_at.is_not(None))
        .scalar_subquery()
    )
    count, changed, erased = session.execute(
        select(func.count(Response.id), func.max(Response.updated_at), purged).where(
            Response.status == "submitted", Response.instrument_version == version
        )
    ).one()
    return int(count), changed, int(erased or 0)


def load_pool(session: Session, instrument: Instrument) -> Pool:
    """Every counted response on ``instrument``'s version with all its answers, in one query:
    one row per response, its answers folded into one ``KEY=VALUE,…`` text by the database
    (a tenth of the rows to fetch, and read as a stream: memory stays flat)."""
    version = instrument.version
    answers = func.aggregate_strings(Answer.item_key + "=" + Answer.value, ",")
    rows = session.connection().execute(
        select(Response.profile["P-STRUCT"].as_string(), Campaign.target, answers)
        .join(Campaign, Campaign.id == Response.campaign_id)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(
            Response.status == "submitted",
            Response.excluded_at.is_(None),
            Response.instrument_version == version,
            Campaign.instrument_version == version,
        )
        .group_by(Response.id, Campaign.target)
    )
    return pool(instrument, ((structure, target, _pairs(text)) for structure, target, text in rows))


def _pairs(text: str | None) -> Iterator[list[str]]:
    """``KEY=VALUE`` pairs (item keys and answer codes hold neither ``=`` nor ``,``)."""
    return (pair.split("=") for pair in text.split(",")) if text else iter(())
