"""File downloads: CSV (streamed) and XLSX tables, attachments with a safe name, and the audit
of every export before its file leaves."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from urllib.parse import quote

from flask import Response

from coopassess.auth.audit import audit
from coopassess.auth.permissions import current_user
from coopassess.common.slugs import slug
from coopassess.db import database
from coopassess.exports import (
    Column,
    Readme,
    cells,
    csv_cell,
    csv_chunks,
    export_readme,
    xlsx_cell,
    xlsx_table,
)
from coopassess.models import utcnow

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FMT = "<any(csv, xlsx):fmt>"  # the route converter of a table download's format

Cell = Callable[[object], object]
# A table to write: given the cell converter of the format, its rows of cells.
Table = Callable[[Cell], Iterable[Sequence[object]]]


def mapping_table(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> Table:
    return lambda cell: cells(rows, columns, cell)


def table_download(
    table: Table,
    columns: Sequence[Column],
    fmt: str,
    sheet: str,
    name: str,
    label: str = "",
    readme: Readme | None = None,
) -> Response:
    """The file, with ``{}`` in ``name`` replaced by a slug of ``label``; French headers; the
    XLSX opens on ``readme`` (« Lisez-moi »). CSV is streamed."""
    if fmt == "csv":
        headers = [column.header for column in columns]
        return csv_download(csv_chunks(table(csv_cell), headers), name, label)
    readme = readme or export_readme(sheet, None, None, utcnow().date())
    workbook = xlsx_table(table(xlsx_cell), columns, sheet, readme)
    return attachment(Response(workbook, mimetype=XLSX_MIMETYPE), name, label)


def csv_download(chunks: Iterable[str], name: str, label: str = "") -> Response:
    response = Response((chunk.encode("utf-8") for chunk in chunks), mimetype="text/csv")
    return attachment(response, name, label)


def audit_export(target: str, fmt: str, kind: str, rows: int) -> None:
    """Committed on a session of its own, before the file leaves: the request's session only
    reads (on SQLite a read transaction that later writes may be refused under load)."""
    user = current_user()
    with database().session() as session:
        audit(
            session,
            "export",
            actor_id=user.id if user is not None else None,
            target=target,
            detail={"format": fmt, "kind": kind, "rows": rows},
        )
        session.commit()


def attachment(response: Response, name: str, label: str = "") -> Response:
    """``response`` as a download never kept by a shared cache (files hold results)."""
    response.headers["Content-Disposition"] = disposition(name, label)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def disposition(name: str, label: str = "") -> str:
    """An attachment named ``name``, ``{}`` in it replaced by a slug of ``label``: the ASCII
    name for every client, and the UTF-8 one for those that read ``filename*``."""
    ascii_name = name.format(slug(label, fallback="campagne"))
    utf8_name = name.format(slug(label, ascii_only=False, fallback="campagne"))
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(utf8_name)}"
