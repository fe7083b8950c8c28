"""Choosing what to study: documents by name, chapters, and the articles they contain."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.errors import NotFoundError
from assistant.types import Document, Provision


@dataclass(frozen=True)
class ArticleRef:
    """A provision of a document version, as stored in plans."""

    doc_id: str
    label: str


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def find_document(documents: Sequence[Document], name: str) -> Document:
    """A document by doc_id, title or short title (exact, else contained); newest version wins."""
    flat = _flat(name).strip("《》")
    exact = [d for d in documents if flat in (d.doc_id, _flat(d.title), _flat(d.short_title))]
    hits = exact or [d for d in documents if flat and flat in _flat(d.title)]
    if not hits:
        names = "、".join(sorted({d.short_title for d in documents})) or "（无）"
        raise NotFoundError(f"没有名为“{name}”的文件", hint=f"可选：{names}")
    return max(hits, key=lambda d: d.version)


def chapters(doc: Document) -> list[str]:
    """Distinct top-level chapters (第一章 …) in order; empty for documents without chapters."""
    return list(dict.fromkeys(p.chapter[0] for p in doc.provisions if p.chapter))


def in_chapter(provision: Provision, chapter: str) -> bool:
    """True when any level of the provision's chapter path contains ``chapter`` (spaces ignored)."""
    want = _flat(chapter)
    return any(want in _flat(level) for level in provision.chapter)


def studyable(doc: Document) -> list[Provision]:
    """Provisions worth reading: 条, speech sections and the preamble, when they have text."""
    return [p for p in doc.provisions if p.text.strip()]


def select(documents: Sequence[Document], names: Sequence[str] = (),
           chapter: str = "") -> list[tuple[Document, Provision]]:
    """Provisions of the named documents (all when none named), optionally only one chapter."""
    docs = [find_document(documents, n) for n in names] if names else list(documents)
    picked = [(d, p) for d in docs for p in studyable(d) if not chapter or in_chapter(p, chapter)]
    if chapter and not picked:
        raise NotFoundError(f"所选文件中没有“{chapter}”", hint="章名可写作 第二章 或 章名中的几个字")
    return picked


def resolve(documents: Sequence[Document], refs: Sequence[ArticleRef]) -> list[tuple[Document, Provision]]:
    """Stored references back to provisions (references to documents no longer indexed are skipped)."""
    index = {(d.doc_id, p.label): (d, p) for d in documents for p in d.provisions}
    return [index[(r.doc_id, r.label)] for r in refs if (r.doc_id, r.label) in index]


def ref(doc: Document, provision: Provision) -> ArticleRef:
    """The stored reference of a provision."""
    return ArticleRef(doc.doc_id, provision.label)
