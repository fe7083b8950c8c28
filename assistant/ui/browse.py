"""Read-only navigation over the index for the tabs: documents, chapters, articles, neighbours.

Everything here only reads ``IndexReader``; an article is addressed by a ``"doc_id|label"`` key so that
it fits into Gradio dropdowns, radios and states.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answering.service import Assistant
from assistant.errors import AssistantError, NotFoundError
from assistant.indexing.reader import IndexReader
from assistant.types import Document, Provision

ALL = "（全部）"  # the "everything" value of category/chapter pickers ("" means the same)


@dataclass(frozen=True)
class Located:
    """One provision with its document and its neighbours in reading order."""

    doc: Document
    provision: Provision
    index: int
    previous: Provision | None
    next: Provision | None

    @property
    def key(self) -> str:
        """The ``doc_id|label`` key of this provision."""
        return make_key(self.doc.doc_id, self.provision.label)


def make_key(doc_id: str, label: str) -> str:
    """``doc_id|label`` key used by the UI components."""
    return f"{doc_id}|{label}"


def split_key(key: str) -> tuple[str, str]:
    """Inverse of :func:`make_key`."""
    doc_id, _, label = key.partition("|")
    return doc_id, label


def reader_or_none(assistant: Assistant) -> IndexReader | None:
    """The active index, or None when nothing has been ingested yet (or it is unusable)."""
    try:
        return assistant.searcher().reader
    except AssistantError:
        return None


def documents(assistant: Assistant, category: str | None = ALL) -> list[Document]:
    """Documents (optionally of one category), current versions first, then by title."""
    reader = reader_or_none(assistant)
    if reader is None:
        return []
    docs = [d for d in reader.documents() if not category or category == ALL or d.category == category]
    return sorted(docs, key=lambda d: (not reader.is_current(d.doc_id), d.category, d.title, d.version))


def doc_label(assistant: Assistant, doc: Document) -> str:
    """Dropdown label: 《短标题》2021-08-20 (旧版本)."""
    reader = reader_or_none(assistant)
    old = "（旧版本）" if reader is not None and not reader.is_current(doc.doc_id) else ""
    return f"《{doc.short_title}》{doc.version or '无日期'}{old}"


def categories(assistant: Assistant) -> list[str]:
    """Distinct categories of the indexed documents."""
    return sorted({d.category for d in documents(assistant)})


def document(assistant: Assistant, doc_id: str) -> Document:
    """One document by id; NotFoundError when it is not (or no longer) indexed."""
    for doc in documents(assistant):
        if doc.doc_id == doc_id:
            return doc
    raise NotFoundError("该文件不在当前索引中", hint="刷新页面或在“文件管理”中重新载入")


def chapter_path(provision: Provision) -> str:
    """``第二章 … / 第一节 …`` or ``""`` for provisions outside any chapter."""
    return " / ".join(provision.chapter)


def chapters(doc: Document) -> list[tuple[str, str]]:
    """(indented heading, chapter path) for every 编/章/节 level in document order."""
    seen: dict[str, str] = {}
    for p in doc.provisions:
        for depth in range(1, len(p.chapter) + 1):
            path = " / ".join(p.chapter[:depth])
            seen.setdefault(path, "　" * (depth - 1) + p.chapter[depth - 1])
    return [(label, path) for path, label in seen.items()]


def provisions(doc: Document, chapter: str | None = ALL) -> list[Provision]:
    """Provisions of ``doc`` inside ``chapter`` (a path or a prefix of one), or all of them."""
    if not chapter or chapter == ALL:
        return list(doc.provisions)
    inside = chapter + " / "
    return [p for p in doc.provisions if (path := chapter_path(p)) == chapter or path.startswith(inside)]


def locate(assistant: Assistant, key: str) -> Located:
    """The provision behind ``key`` with its previous/next provision in the document."""
    doc_id, label = split_key(key)
    doc = document(assistant, doc_id)
    for i, p in enumerate(doc.provisions):
        if p.label == label:
            before = doc.provisions[i - 1] if i > 0 else None
            after = doc.provisions[i + 1] if i + 1 < len(doc.provisions) else None
            return Located(doc, p, i, before, after)
    raise NotFoundError(f"《{doc.short_title}》中没有 {label}", hint="该条可能已在新版本中删除")


def step(assistant: Assistant, key: str, delta: int) -> str:
    """Key of the provision ``delta`` places away (clamped to the document)."""
    here = locate(assistant, key)
    index = min(max(here.index + delta, 0), len(here.doc.provisions) - 1)
    return make_key(here.doc.doc_id, here.doc.provisions[index].label)


def search_in(doc: Document, keyword: str, limit: int = 50) -> list[Provision]:
    """Provisions of ``doc`` whose text contains every space-separated word of ``keyword``."""
    words = keyword.split()
    if not words:
        return []
    return [p for p in doc.provisions if all(w in p.text for w in words)][:limit]
