"""Tabular exports (pure): answers and results as rows (:mod:`.rows`), formula-safe cells, CSV
as French Excel reads it, and XLSX (:mod:`.writers`)."""

from coopassess.exports.rows import (
    EXCLUSION_COLUMNS,
    PORTFOLIO_COLUMNS,
    RESULT_COLUMNS,
    PortfolioLayout,
    answer_columns,
    answer_rows,
    campaign_result_rows,
    portfolio_rows,
    result_rows,
)
from coopassess.exports.writers import (
    CSV_CHUNK_ROWS,
    FORMULA_STARTS,
    cells,
    csv_cell,
    csv_chunks,
    portfolio_csv_chunks,
    safe_cell,
    to_csv,
    to_xlsx,
    xlsx_cell,
    xlsx_table,
)

__all__ = [
    "CSV_CHUNK_ROWS",
    "EXCLUSION_COLUMNS",
    "FORMULA_STARTS",
    "PORTFOLIO_COLUMNS",
    "RESULT_COLUMNS",
    "PortfolioLayout",
    "answer_columns",
    "answer_rows",
    "campaign_result_rows",
    "cells",
    "csv_cell",
    "csv_chunks",
    "portfolio_csv_chunks",
    "portfolio_rows",
    "result_rows",
    "safe_cell",
    "to_csv",
    "to_xlsx",
    "xlsx_cell",
    "xlsx_table",
]
