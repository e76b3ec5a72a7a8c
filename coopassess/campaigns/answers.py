"""Reading and writing answers: a page is saved by one upsert, keyed by (response, item)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from coopassess.models import Answer, Response, utcnow

# Statements built once (and so compiled once): pages read and save answers all the time.
_ANSWERS = select(Answer.item_key, Answer.value).where(
    Answer.response_id == bindparam("response_id")
)


def _upsert(insert: Callable[[Table], Any]) -> Any:
    statement = insert(Answer.__table__)
    return statement.on_conflict_do_update(
        index_elements=["response_id", "item_key"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
    )


_UPSERTS = {"postgresql": _upsert(pg_insert), "sqlite": _upsert(sqlite_insert)}


def save_answers(
    session: Session,
    response_id: int,
    answers: Mapping[str, int | str],
    cleared: Iterable[str] = (),
) -> None:
    """Upsert ``answers`` (item key → 1..5 | 'NSP' | 'NC') and delete the ``cleared`` keys.

    Idempotent: saving the same page twice, or from two tabs, leaves one row per item, holding
    the last value written.
    """
    now = utcnow()
    if answers:
        rows = [
            {"response_id": response_id, "item_key": key, "value": str(value), "updated_at": now}
            for key, value in answers.items()
        ]
        # One statement, executed for each row (a multi-row VALUES would be compiled each time).
        session.execute(_UPSERTS[session.get_bind().dialect.name], rows)
    cleared = [key for key in cleared if key not in answers]
    if cleared:
        session.execute(
            delete(Answer).where(Answer.response_id == response_id, Answer.item_key.in_(cleared))
        )


def merge_profile(session: Session, response: Response, values: Mapping[str, str]) -> None:
    """Add ``values`` to the stored profile without losing a concurrent save's keys.

    The profile is read again under a row lock (``FOR UPDATE`` on PostgreSQL; SQLite writers
    already hold the database's write lock): merging into the copy read at the start of the
    request lost the other request's keys when both committed.
    """
    stored = session.execute(
        select(Response.profile).where(Response.id == response.id).with_for_update()
    ).scalar_one()
    response.profile = {**(stored or {}), **values}


def load_answers(session: Session | Connection, response_id: int) -> dict[str, int | str]:
    """The stored answers of one response, values as scoring expects them (int or code)."""
    rows = session.execute(_ANSWERS, {"response_id": response_id})
    return {key: decode(value) for key, value in rows}


def load_campaign_answers(
    session: Session, response_ids: Iterable[int]
) -> dict[int, dict[str, int | str]]:
    """Answers of many responses in one query (never one query per response)."""
    ids = list(response_ids)
    result: dict[int, dict[str, int | str]] = {response_id: {} for response_id in ids}
    if not ids:
        return result
    rows = session.execute(
        select(Answer.response_id, Answer.item_key, Answer.value).where(Answer.response_id.in_(ids))
    )
    for response_id, key, value in rows:
        result[response_id][key] = decode(value)
    return result


def decode(value: str) -> int | str:
    return int(value) if value.isdigit() else value
