"""Searcher: direct lookup | BM25 + dense → weighted fusion → article-level hits, filters, abstain."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.config import RetrievalSettings
from assistant.indexing.embedders import Embedder
from assistant.indexing.reader import IndexReader
from assistant.indexing.vectors import VectorStore
from assistant.retrieval.fusion import max_normalise, ranked, weighted_sum
from assistant.retrieval.lookup import NameResolver, find_references, pick_version
from assistant.retrieval.scope import Filters, Scope
from assistant.types import Hit

POOL = 60


@dataclass(frozen=True)
class SearchResult:
    """Hits plus what the answerer needs to word the answer honestly."""

    hits: list[Hit]
    found: bool
    mode: str  # lookup | ranked | empty
    rewritten: str = ""
    missing: list[str] = field(default_factory=list)


class Searcher:
    """One searcher per index generation; cheap to call, safe to share between threads."""

    def __init__(self, reader: IndexReader, embedder: Embedder, store: VectorStore,
                 settings: RetrievalSettings) -> None:
        self.reader, self.embedder, self.store, self.settings = reader, embedder, store, settings
        self.resolver = NameResolver(reader)

    def search(self, question: str, k: int | None = None, filters: Filters | None = None) -> SearchResult:
        """Best provisions for ``question``; see :class:`SearchResult`."""
        k = k or self.settings.k
        scope = Scope(self.reader, filters or Filters(), question)
        refs = find_references(question, self.resolver, scope.default_title())
        if refs:
            return self._lookup(refs)
        return self._ranked(question, k, scope)

    def _lookup(self, refs: list) -> SearchResult:  # type: ignore[type-arg]
        hits: list[Hit] = []
        missing: list[str] = []
        for ref in refs:
            doc = pick_version(self.reader.find_documents(ref.short_title), ref.year)
            chunk = self.reader.first_chunk(doc.doc_id, ref.label) if doc else None
            if chunk is None:
                last = doc.article_count if doc else 0
                missing.append(f"《{ref.short_title}》{ref.label}" + (f"（该文件共 {last} 条）" if last else ""))
            else:
                hits.append(Hit(chunk, 1.0, "lookup"))
        return SearchResult(hits, bool(hits) and not missing, "lookup", missing=missing)

    def _ranked(self, question: str, k: int, scope: Scope) -> SearchResult:
        lexical = {i: s for i, s in self.reader.lexical.search(question, POOL * 3) if scope.allows(i)}
        vector = self.embedder.embed([question])[0]
        dense = {i: s for i, s in self.store.query(vector, POOL * 3) if scope.allows(i)}
        lexical = dict(ranked(lexical, POOL))
        dense = dict(ranked(dense, POOL))
        fused = weighted_sum([max_normalise(lexical), dense],
                             [self.settings.bm25_weight, self.settings.dense_weight])
        hits = self._articles(ranked(fused), k)
        if not hits:
            return SearchResult([], False, "empty")
        confidence = self.settings.dense_weight * max(dense.values(), default=0.0) + \
            self.settings.bm25_weight * min(1.0, max(lexical.values(), default=0.0) / 10.0)
        return SearchResult(hits, confidence >= self.settings.min_score, "ranked")

    def _articles(self, items: list[tuple[str, float]], k: int) -> list[Hit]:
        """Best chunk per article, top ``k`` articles."""
        seen: set[tuple[str, str]] = set()
        hits: list[Hit] = []
        for chunk_id, score in items:
            chunk = self.reader.chunks[chunk_id]
            key = (chunk.doc_id, chunk.article)
            if key in seen:
                continue
            seen.add(key)
            hits.append(Hit(chunk, score, "hybrid"))
            if len(hits) == k:
                break
        return hits
