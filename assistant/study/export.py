"""Printable DOCX: a quiz sheet (题目 + 答案与出处) and a chapter handout (学习讲义) for offline sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from assistant.errors import AssistantError
from assistant.study.corpus import Corpus
from assistant.study.facts import key_terms
from assistant.study.items import Item
from assistant.study.render import explanation, item_text
from assistant.study.selection import in_chapter, studyable
from assistant.types import Document

BODY_FONT, TITLE_FONT = "仿宋", "宋体"


def _run(paragraph: Paragraph, text: str, *, bold: bool = False, size: float = 12,
         font: str = BODY_FONT) -> None:
    """Add a run with the Chinese font set on w:eastAsia (Word ignores ``font.name`` for CJK text)."""
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _new_document() -> DocxDocument:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return document


def _title(document: DocxDocument, text: str, subtitle: str = "") -> None:
    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, text, bold=True, size=18, font=TITLE_FONT)
    if subtitle:
        q = document.add_paragraph()
        q.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(q, subtitle, size=10.5)


def _heading(document: DocxDocument, text: str) -> None:
    _run(document.add_paragraph(), text, bold=True, size=14, font=TITLE_FONT)


def _lines(document: DocxDocument, text: str, size: float = 12, bold_first: bool = False) -> None:
    for i, line in enumerate(text.split("\n")):
        _run(document.add_paragraph(), line, bold=bold_first and i == 0, size=size)


def _save(document: DocxDocument, path: Path) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        document.save(str(path))
    except OSError as exc:
        raise AssistantError(f"无法保存文件：{exc.strerror or exc}", hint="检查输出路径是否可写",
                             path=str(path)) from exc
    return path


def quiz_docx(items: Sequence[Item], path: Path, corpus: Corpus, title: str = "自测题") -> Path:
    """题目 (with answer lines) on the first pages, then 答案与出处 with each source article."""
    document = _new_document()
    _title(document, title, f"{date.today().isoformat()}　共 {len(items)} 题")
    _heading(document, "一、题目")
    for n, item in enumerate(items, 1):
        _lines(document, item_text(item, n))
        _run(document.add_paragraph(), "答：____________________", size=12)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, "二、答案与出处")
    for n, item in enumerate(items, 1):
        _lines(document, f"{n}. " + explanation(item, corpus), size=10.5, bold_first=True)
    return _save(document, path)


def handout_docx(doc: Document, chapter: str, path: Path, items: Sequence[Item] = ()) -> Path:
    """学习讲义: every provision of the chapter with its key terms, then an optional 自测 with answers."""
    provisions = [p for p in studyable(doc) if not chapter or in_chapter(p, chapter)]
    document = _new_document()
    where = f"　{chapter}" if chapter else ""
    _title(document, f"《{doc.short_title}》{where}学习讲义", f"{doc.title}　{doc.version or '版本日期不详'}")
    current: tuple[str, ...] = ()
    for p in provisions:
        if p.chapter != current:
            current = p.chapter
            _heading(document, " / ".join(current))
        para = document.add_paragraph()
        body = p.text.removeprefix(p.label)
        _run(para, p.label, bold=True)
        _run(para, body)
        terms = key_terms(p)
        if terms:
            _run(document.add_paragraph(), "关键词：" + "、".join(terms), size=10.5, font=TITLE_FONT)
    if items:
        _heading(document, "自测")
        for n, item in enumerate(items, 1):
            _lines(document, item_text(item, n))
        _heading(document, "自测答案")
        for n, item in enumerate(items, 1):
            _run(document.add_paragraph(), f"{n}. {item.answer_text}（{item.source.cite}）", size=10.5)
    return _save(document, path)
