"""SourceText → Document: title/info, chapter paths, 条 with their 款, preamble, speech sections.

Public entry point: :func:`parse_document`. Line recognisers live in ``lines``, heading path,
TOC and wrapped headings in ``outline``, header and metadata inference in ``metadata``,
documents without 条 in ``sections``.

No text is lost: every non-whitespace character of the body (the lines after title, info
and table of contents, markdown ``#`` markers and ``<!-- … -->`` comments aside) appears,
in order, in the provisions' chapter paths and texts (article labels are normalised, which
only removes whitespace for labels written in Chinese numerals).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from assistant.errors import StructureError
from assistant.ingest import metadata
from assistant.ingest.lines import (
    ArticleStart,
    is_comment,
    is_item,
    match_article,
    match_heading,
    split_lines,
)
from assistant.ingest.outline import HeadingPath, merge_wrapped_headings, skip_toc
from assistant.ingest.sections import paragraph_groups, parse_sections
from assistant.types import Document, DocumentKind, Provision, SourceText

_CJK = re.compile(r"[\u3400-\u9fff]")
_FILE_DATE = re.compile(r"[(（]\d{4}-\d{1,2}-\d{1,2}[)）]")
MIN_CJK = 30


@dataclass
class _Articles:
    """Mutable state while collecting articles, their 款 and stray text."""

    path: HeadingPath = field(default_factory=HeadingPath)
    out: list[Provision] = field(default_factory=list)
    start: ArticleStart | None = None
    chapter: tuple[str, ...] = ()
    paragraphs: list[str] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)
    last: int = 0  # number of the last article (0 before the first)

    def flush(self) -> None:
        """Emit the open article or the stray lines collected so far."""
        if self.start is not None:
            body = "\n".join(self.paragraphs)
            text = f"{self.start.label}　{body}" if body else self.start.label
            self.out.append(Provision(kind="article", label=self.start.label, number=self.start.number,
                                      chapter=self.chapter, text=text, paragraphs=tuple(self.paragraphs)))
            self.path.mark_used()
        elif self.stray:
            self._flush_stray()
        self.start, self.paragraphs, self.stray = None, [], []

    def _flush_stray(self) -> None:
        """Text outside articles: the 序言 before the first article, else a section of its chapter."""
        text, chapter = "\n".join(self.stray), self.path.texts()
        if self.last == 0 and (not chapter or chapter[-1] == "序言"):
            self.out.append(Provision(kind="preamble", label="序言", number=None, chapter=chapter, text=text))
        else:
            label = chapter[-1] if chapter else "正文"
            self.out.append(Provision(kind="section", label=label, number=None, chapter=chapter, text=text))
        self.path.mark_used()

    def add(self, line: str) -> None:
        """A non-heading, non-article line: a new 款, an item of the current 款, or stray text."""
        if self.start is None:
            self.stray.append(line)
        elif self.paragraphs and is_item(line):
            self.paragraphs[-1] += "\n" + line
        else:
            self.paragraphs.append(line)


def _article_step(state: _Articles, line: str) -> None:
    """Feed one body line to the article parser."""
    heading = match_heading(line)
    if heading is not None:
        state.flush()
        state.out.extend(state.path.push(heading))
        return
    start = match_article(line, state.last)
    if start is None:
        state.add(line)
        return
    state.flush()
    state.start, state.chapter, state.last = start, state.path.texts(), start.number
    if start.rest:
        state.paragraphs.append(start.rest)


def parse_articles(lines: list[str]) -> list[Provision]:
    """Split body lines into articles (with 款), chapter paths, preamble and stray sections."""
    state = _Articles()
    for line in merge_wrapped_headings(lines):
        if not is_comment(line):
            _article_step(state, line)
    state.flush()
    state.out.extend(state.path.close())
    return state.out


def _has_articles(lines: list[str]) -> bool:
    return any(match_article(line, 0) is not None for line in lines)


def _provisions(body: list[str], source: SourceText) -> list[Provision]:
    """Articles when there are any, else sections, else paragraph groups (or an error)."""
    if _has_articles(body):
        return parse_articles(body)
    provisions, found = parse_sections(body)
    if found:
        return provisions
    if len(_CJK.findall("".join(line for line in body if not is_comment(line)))) < MIN_CJK:
        raise StructureError("未识别到任何条文或段落", path=source.path,
                             hint="请确认文件是法律法规或学习材料的正文，而不是目录、封面或扫描件")
    return paragraph_groups(body)


def parse_document(source: SourceText, *, sha256: str, sidecar: Mapping[str, str] | None = None) -> Document:
    """Parse a loader's text into a :class:`Document` (metadata + provisions in order).

    ``sidecar`` (e.g. from a MANIFEST) overrides ``title``, ``short_title``, ``category``,
    ``date`` and ``version_note``; loader metadata (``source.meta``) fills a missing title.
    """
    side = dict(sidecar or {})
    header = metadata.split_header(split_lines(source.text))
    body = skip_toc(header.body)
    provisions = _provisions(body, source)
    stem = _FILE_DATE.sub("", PurePath(source.path).stem).strip()
    title = side.get("title") or header.title or source.get("title") or stem
    version = metadata.version_date(source.path, header.info, side)
    short = side.get("short_title") or metadata.short_title(title)
    issuer = " ".join((*header.info, side.get("issuing_body", ""), source.get("issuing_body")))
    category = side.get("category") or metadata.infer_category(title, issuer, source.path)
    has_articles = any(p.kind == "article" for p in provisions)
    kind: DocumentKind = "speech" if not has_articles and category == "学习材料" else "law"
    return Document(
        doc_id=metadata.make_doc_id(title, version, sha256), path=source.path, title=title,
        short_title=short, category=category, version=version, kind=kind, sha256=sha256,
        info=header.info, version_note=side.get("version_note", ""), provisions=tuple(provisions),
    )
