"""PDF reports (pure): Results → PDF bytes with reportlab, charts drawn from the chart data."""

from coopassess.reports.comparison import comparison_report
from coopassess.reports.organisation import (
    ReportContext,
    ReportError,
    organisation_report,
)

__all__ = [
    "ReportContext",
    "ReportError",
    "comparison_report",
    "organisation_report",
]
