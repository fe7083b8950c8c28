"""PDF fixtures for the loader tests, typeset by hand with reportlab (see make_fixtures.py).

Layout imitates an exported 公文 PDF: A4, 16 pt body, 28 pt line pitch, first-line indent of two
characters, centred title and chapter headings, an info block indented on both sides, the title
as running header from page 2 on and a "— N —" page-number footer. Page 1 holds only a few lines
so that 第四条 is split across pages 1 and 2, and one wrapped line of 第四条 starts with the
cross-reference "第三条规定…" (which must not become a new article).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
SIZE, PITCH, LEFT = 16.0, 28.0, 80.0
PAGE_W, PAGE_H = A4
WIDTH = PAGE_W - 2 * LEFT
LINES_ON_PAGE_1 = 15
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float = SIZE) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, first: float, width: float) -> list[str]:
    """Greedy line filling by measured width; ``first`` is the first-line indent."""
    lines, current, limit = [], "", width - first
    for char in text:
        if current and _width(current + char) > limit:
            lines.append(current)
            current, limit = "", width
        current += char
    return [*lines, current]


def layout(doc: list[tuple[str, str]], indent: float = 2 * SIZE, gap: float = 0.0,
           ) -> list[tuple[float, str, float, float]]:
    """Visual lines as (x, text, size, extra space before); ``gap`` separates paragraphs."""
    out: list[tuple[float, str, float, float]] = []
    for kind, text in doc:
        if kind == "title":
            out.append(((PAGE_W - _width(text, 22)) / 2, text, 22.0, 0.0))
        elif kind == "heading":
            out.append(((PAGE_W - _width(text)) / 2, text, SIZE, 14.0))
        elif kind == "info":
            out += [(LEFT + 2 * SIZE, line, SIZE, 16.0 if i == 0 else 0.0)
                    for i, line in enumerate(wrap(text, 0, WIDTH - 4 * SIZE))]
        else:
            out += [(LEFT + (indent if i == 0 else 0), line, SIZE, gap if i == 0 else 0.0)
                    for i, line in enumerate(wrap(text, indent, WIDTH))]
    return out


def _furniture(pdf: canvas.Canvas, page: int, title: str, block: bool) -> None:
    pdf.setFont(FONT, 10.5)
    if block:  # header on every page, left-aligned; "第 N 页 共 2 页" footer
        pdf.drawString(LEFT, PAGE_H - 56, f"{title}（示例印发稿）")
        pdf.drawCentredString(PAGE_W / 2, 48, f"第 {page} 页 共 2 页")
        return
    if page > 1:
        pdf.drawCentredString(PAGE_W / 2, PAGE_H - 56, title)
    pdf.drawCentredString(PAGE_W / 2, 48, f"— {page} —")


def write_sample(path: Path, doc: list[tuple[str, str]], block: bool = False) -> None:
    """The two-page sample with header, footer and a paragraph broken across the pages.

    ``block``: paragraphs without first-line indent, separated by extra space instead, and a
    running header on every page (also page 1).
    """
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(doc[0][1])
    pdf.setAuthor("测试")
    page, y, on_page = 1, PAGE_H - 110, 0
    _furniture(pdf, page, doc[0][1], block)
    lines = layout(doc, indent=0.0, gap=12.0) if block else layout(doc)
    for x, text, size, before in lines:
        if on_page == LINES_ON_PAGE_1 and page == 1:
            pdf.showPage()
            page, y, on_page = 2, PAGE_H - 110, 0
            _furniture(pdf, page, doc[0][1], block)
        y -= before if on_page else 0
        pdf.setFont(FONT, size)
        pdf.drawString(x, y, text)
        y -= PITCH
        on_page += 1
    pdf.showPage()
    pdf.save()


def write_pdfs(here: Path, bad: Path, doc: list[tuple[str, str]]) -> None:
    """sample.pdf plus truncated, encrypted, image-only and not-a-PDF files."""
    from pypdf import PdfReader, PdfWriter

    sample = here / "sample.pdf"
    write_sample(sample, doc)
    write_sample(here / "sample_block.pdf", doc, block=True)
    data = sample.read_bytes()
    (bad / "truncated.pdf").write_bytes(data[: len(data) * 4 // 10])
    writer = PdfWriter(clone_from=PdfReader(sample))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(bad / "encrypted.pdf")
    scan = canvas.Canvas(str(bad / "no_text.pdf"), pagesize=A4, invariant=1)
    scan.setFillGray(0.6)
    for row in range(20):  # grey bars imitating scanned lines of text, no text layer
        scan.rect(LEFT, PAGE_H - 120 - row * PITCH, WIDTH * (0.5 + (row % 3) / 6), 10, stroke=0, fill=1)
    scan.showPage()
    scan.save()
    (bad / "not_really.pdf").write_text("这是一个改了扩展名的文本文件。\n", encoding="utf-8")
