"""Which documents a query may see: document/category filters and versions (current unless asked)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from assistant.indexing.reader import IndexReader
from assistant.retrieval.lookup import VersionIntent
from assistant.types import Document


@dataclass(frozen=True)
class Filters:
    """User-chosen scope. Empty tuples mean "everything"."""

    documents: tuple[str, ...] = ()  # short titles or titles
    categories: tuple[str, ...] = ()
    include_old: bool = False
    versions: tuple[str, ...] = ()  # version dates or years, e.g. ("2018",)


def versions_by_title(reader: IndexReader) -> dict[str, list[Document]]:
    """Short title → its indexed versions, newest first."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in reader.documents():
        groups[doc.short_title].append(doc)
    return {t: sorted(ds, key=lambda d: d.version, reverse=True) for t, ds in groups.items()}


class Scope:
    """Resolves Filters and the question's version intent against the index once per query."""

    def __init__(self, reader: IndexReader, filters: Filters, intent: VersionIntent,
                 versions: dict[str, list[Document]] | None = None) -> None:
        """``versions`` is :func:`versions_by_title` of ``reader``, when the caller keeps it."""
        self.reader, self.filters, self.intent = reader, filters, intent
        self.allowed_docs: set[str] = set()
        for versions_of_title in (versions if versions is not None else versions_by_title(reader)).values():
            wanted = [d for d in versions_of_title if self._doc_ok(d)]
            self.allowed_docs.update(d.doc_id for d in self._versions(versions_of_title, wanted))

    def _doc_ok(self, doc: Document) -> bool:
        f = self.filters
        if f.documents and doc.short_title not in f.documents and doc.title not in f.documents:
            return False
        if f.versions and not any(doc.version.startswith(v) for v in f.versions):
            return False
        return not f.categories or doc.category in f.categories

    def _versions(self, versions: list[Document], wanted: list[Document]) -> list[Document]:
        if self.filters.include_old or self.filters.versions or len(wanted) < 2:
            return wanted
        return [d for d in self.intent.pick(versions) if d in wanted]

    def allows(self, chunk_id: str) -> bool:
        """True when the chunk is live in this generation and inside the scope."""
        chunk = self.reader.chunks.get(chunk_id)
        return chunk is not None and chunk.doc_id in self.allowed_docs

    def default_title(self) -> str:
        """The document a bare 第三十一条 refers to: the single filtered document, if any."""
        if len(self.filters.documents) != 1:
            return ""
        titles = {self.reader.docs[d].document.short_title for d in self.allowed_docs}
        return titles.pop() if len(titles) == 1 else ""

    def version_count(self) -> int:
        """How many versions of one law are in scope at most (2 for a 2018-vs-2024 comparison)."""
        counts: dict[str, int] = defaultdict(int)
        for doc_id in self.allowed_docs:
            counts[self.reader.docs[doc_id].document.short_title] += 1
        return max(counts.values(), default=0)
