"""The page frame of every report: running header, page numbers, table of contents, metadata."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from coopassess.reports.fonts import FAMILY, register
from coopassess.reports.styles import H1, LINE, MUTED, TOC_1

MARGIN = 18 * mm


class ReportDocument(BaseDocTemplate):
    """A4 with a running header (from the second page) and « page n / N »."""

    def __init__(self, buffer: io.BytesIO, *, title: str, running_header: str, **metadata: str):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 6 * mm,
            bottomMargin=MARGIN,
            title=title,
            lang="fr",
            creator="CoopAssess",
            **metadata,
        )
        self.running_header = running_header
        self.passes = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    @property
    def drafting(self) -> bool:
        """The first pass only finds the pages of the sections; the last one draws everything
        (a report always has a table of contents, so there are at least two passes)."""
        return self.passes == 1

    def build(self, flowables: list[Flowable], *args: object, **kwargs: object) -> None:
        self.passes += 1
        super().build(flowables, *args, **kwargs)

    def afterFlowable(self, flowable: Flowable) -> None:
        """Section titles feed the table of contents and the PDF outline."""
        if isinstance(flowable, Paragraph) and flowable.style.name == H1.name:
            text = flowable.getPlainText()
            key = f"section-{self.seq.nextf('section')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=0)
            self.notify("TOCEntry", (0, text, self.page, key))

    def _decorate(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        width, height = A4
        canvas.setFont(FAMILY, 7.5)
        canvas.setFillColor(MUTED)
        if document.page > 1:
            canvas.drawString(MARGIN, height - MARGIN + 2 * mm, self.running_header)
            canvas.setStrokeColor(LINE)
            canvas.line(MARGIN, height - MARGIN, width - MARGIN, height - MARGIN)
        canvas.drawRightString(width - MARGIN, MARGIN - 8 * mm, f"page {document.page}")
        canvas.drawString(
            MARGIN, MARGIN - 8 * mm, "CoopAssess — auto-diagnostic de maturité coopérative"
        )
        canvas.restoreState()


def table_of_contents() -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [TOC_1]
    toc.dotsMinLevel = 0
    return toc


def build(
    story: Sequence[Flowable], *, title: str, running_header: str, author: str, subject: str
) -> bytes:
    """Lay out ``story`` (twice, for the table of contents) and return the PDF bytes."""
    register()
    buffer = io.BytesIO()
    document = ReportDocument(
        buffer, title=title, running_header=running_header, author=author, subject=subject
    )
    document.multiBuild(list(story))
    return buffer.getvalue()
