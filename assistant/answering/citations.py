"""Citations built from the store (never from a model), and their rendering."""

from __future__ import annotations

from assistant.indexing.reader import IndexReader
from assistant.types import Citation, Hit


def citation_for(reader: IndexReader, hit: Hit) -> Citation:
    """The citation of a hit; ``text`` is the whole article exactly as stored."""
    c = hit.chunk
    provision = reader.provision(c.doc_id, c.article)
    return Citation(c.title, c.short_title, c.version, c.article, c.article_no, c.chapter,
                    provision.text, hit.score, c.doc_id)


def citations_for(reader: IndexReader, hits: list[Hit]) -> tuple[Citation, ...]:
    """Citations for hits, in order."""
    return tuple(citation_for(reader, h) for h in hits)


def version_note(citation: Citation, current: bool) -> str:
    """'（2018-03-20 版，已被修订）' for superseded versions, '' otherwise."""
    if current or not citation.version:
        return ""
    return f"（{citation.version} 版，已被修订，非现行文本）"
