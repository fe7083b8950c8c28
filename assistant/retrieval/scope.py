"""Which chunks a query may see: document/category filters and versions (current unless asked)."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.indexing.reader import IndexReader
from assistant.retrieval.lookup import YEAR


@dataclass(frozen=True)
class Filters:
    """User-chosen scope. Empty tuples mean "everything"."""

    documents: tuple[str, ...] = ()  # short titles or titles
    categories: tuple[str, ...] = ()
    include_old: bool = False


class Scope:
    """Resolves Filters against the index once per query."""

    def __init__(self, reader: IndexReader, filters: Filters, question: str) -> None:
        self.reader, self.filters = reader, filters
        year = YEAR.search(question)
        self.year = year.group(0)[:4] if year else ""
        self.allowed_docs = {d.doc_id for d in reader.documents() if self._doc_ok(d.doc_id)}

    def _doc_ok(self, doc_id: str) -> bool:
        doc = self.reader.docs[doc_id].document
        f = self.filters
        if f.documents and doc.short_title not in f.documents and doc.title not in f.documents:
            return False
        if f.categories and doc.category not in f.categories:
            return False
        if self.reader.is_current(doc_id) or f.include_old:
            return True
        return bool(self.year) and doc.version.startswith(self.year)

    def allows(self, chunk_id: str) -> bool:
        """True when the chunk is live in this generation and inside the scope."""
        chunk = self.reader.chunks.get(chunk_id)
        return chunk is not None and chunk.doc_id in self.allowed_docs

    def default_title(self) -> str:
        """The document a bare 第三十一条 refers to: the single filtered document, if any."""
        docs = {self.reader.docs[d].document.short_title for d in self.allowed_docs}
        return docs.pop() if len(self.filters.documents) == 1 and len(docs) == 1 else ""
