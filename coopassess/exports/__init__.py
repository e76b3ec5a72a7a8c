"""Tabular exports (pure): answers and results as rows (:mod:`.rows`), formula-safe cells, CSV
as French Excel reads it, and XLSX (:mod:`.writers`)."""

from coopassess.exports.columns import Column, describe
from coopassess.exports.rows import (
    EXCLUSION_COLUMNS,
    LABELLED_RESULT_COLUMNS,
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
    Readme,
    cells,
    csv_cell,
    csv_chunks,
    export_readme,
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
    "LABELLED_RESULT_COLUMNS",
    "PORTFOLIO_COLUMNS",
    "RESULT_COLUMNS",
    "Column",
    "PortfolioLayout",
    "Readme",
    "answer_columns",
    "answer_rows",
    "campaign_result_rows",
    "cells",
    "csv_cell",
    "csv_chunks",
    "describe",
    "export_readme",
    "portfolio_csv_chunks",
    "portfolio_rows",
    "result_rows",
    "safe_cell",
    "to_csv",
    "to_xlsx",
    "xlsx_cell",
    "xlsx_table",
]
