"""PDF reports (pure): Results → PDF bytes with reportlab, charts from the pages' chart code."""

from coopassess.reports.organisation import (
    ChartSource,
    ReportContext,
    ReportError,
    organisation_report,
)

__all__ = ["ChartSource", "ReportContext", "ReportError", "organisation_report"]
