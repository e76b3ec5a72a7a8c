"""PDF reports (pure): Results → PDF bytes with reportlab, charts from the pages' chart code."""

from coopassess.reports.comparison import comparison_report
from coopassess.reports.organisation import (
    ChartSource,
    ReportContext,
    ReportError,
    organisation_report,
)

__all__ = [
    "ChartSource",
    "ReportContext",
    "ReportError",
    "comparison_report",
    "organisation_report",
]
