"""The page frame of every report: running header, page numbers, table of contents, metadata.

The document is laid out once. The table of contents knows its entries before the layout (the
section titles of the story) but not their pages: each page number is a small PDF form drawn
where it belongs and written once the last page is known. (reportlab's own table of contents
lays the whole document out twice for that.)
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from coopassess.charts.pdf.fonts import FAMILY, register
from coopassess.reports.styles import H1, LINE, MUTED, TOC_1

MARGIN = 18 * mm
TOC_PADDING = 6  # points between two entries, besides the style's leading
TOC_DOT = " . "
TOC_NUMBER = "99"  # room kept for the page numbers


class ReportDocument(BaseDocTemplate):
    """A4 with a running header (from the second page) and « page n »."""

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
        self.section_pages: list[int] = []
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def build_once(self, story: list[Flowable], sections: int) -> None:
        """Lay out and draw, then write the page numbers of the table of contents."""
        self._doSave = 0
        self.build(story)
        if len(self.section_pages) != sections:
            raise RuntimeError("section titles must be top-level paragraphs of the story")
        for number, page in enumerate(self.section_pages, start=1):
            _page_number_form(self.canv, number, page)
        self.canv.save()

    def afterFlowable(self, flowable: Flowable) -> None:
        """Section titles feed the table of contents and the PDF outline."""
        if isinstance(flowable, Paragraph) and flowable.style.name == H1.name:
            self.section_pages.append(self.page)
            key = _section_key(len(self.section_pages))
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)

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


class TableOfContents(Flowable):
    """One line per section title (found in the story by ``build``): title, dots, page number,
    the whole line a link to the section."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, len(self.titles) * (TOC_1.leading + TOC_PADDING)

    def draw(self) -> None:
        canvas = self.canv
        style = TOC_1
        row = style.leading + TOC_PADDING
        number_width = canvas.stringWidth(TOC_NUMBER, style.fontName, style.fontSize)
        dot_width = canvas.stringWidth(TOC_DOT, style.fontName, style.fontSize)
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        for number, title in enumerate(self.titles, start=1):
            top = (len(self.titles) - number + 1) * row - TOC_PADDING / 2
            baseline = top - style.fontSize - (style.leading - style.fontSize) / 2
            canvas.drawString(0, baseline, title)
            used = canvas.stringWidth(title, style.fontName, style.fontSize)
            dots = int((self.width - number_width - used) / dot_width)
            canvas.drawRightString(self.width - number_width, baseline, TOC_DOT * dots)
            canvas.saveState()
            canvas.translate(self.width, baseline)
            canvas.doForm(_form_name(number))
            canvas.restoreState()
            box = (0, top - style.leading, self.width, top)
            canvas.linkRect("", _section_key(number), box, relative=1)


def _section_key(number: int) -> str:
    return f"section-{number}"


def _form_name(number: int) -> str:
    return f"toc-page-{number}"


def _page_number_form(canvas: Canvas, number: int, page: int) -> None:
    """Right-aligned on the point where the table of contents shows it."""
    canvas.beginForm(_form_name(number), lowerx=-50, lowery=-5, upperx=0, uppery=15)
    canvas.setFont(TOC_1.fontName, TOC_1.fontSize)
    canvas.setFillColor(TOC_1.textColor)
    canvas.drawRightString(0, 0, str(page))
    canvas.endForm()


def table_of_contents() -> TableOfContents:
    return TableOfContents()


def build(
    story: Sequence[Flowable], *, title: str, running_header: str, author: str, subject: str
) -> bytes:
    """Lay ``story`` out and return the PDF bytes."""
    register()
    story = list(story)
    titles = [
        f.getPlainText() for f in story if isinstance(f, Paragraph) and f.style.name == H1.name
    ]
    for flowable in story:
        if isinstance(flowable, TableOfContents):
            flowable.titles = titles
    buffer = io.BytesIO()
    document = ReportDocument(
        buffer, title=title, running_header=running_header, author=author, subject=subject
    )
    document.build_once(story, sections=len(titles))
    return buffer.getvalue()
