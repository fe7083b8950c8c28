"""Per-article component scores: word BM25 of the question and of the added legal terms, bigram BM25,
and dense cosine.

Chunks are folded into articles (best chunk score per article) *before* fusion, so an article whose
words match in one part and whose meaning matches in another still gets both signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assistant.indexing.embedders import Embedder
from assistant.indexing.reader import IndexReader
from assistant.indexing.vectors import VectorStore
from assistant.retrieval.articles import ArticleIndex, ArticleKey, article_key, bigrams
from assistant.retrieval.scope import Scope
from assistant.types import Chunk

DENSE_POOL = 150


@dataclass
class Components:
    """Raw scores per article; an article missing from a map scored nothing there."""

    lexical: dict[ArticleKey, float] = field(default_factory=dict)
    expanded: dict[ArticleKey, float] = field(default_factory=dict)
    bigram: dict[ArticleKey, float] = field(default_factory=dict)
    dense: dict[ArticleKey, float] = field(default_factory=dict)
    chunks: dict[ArticleKey, Chunk] = field(default_factory=dict)

    def keys(self) -> set[ArticleKey]:
        """Every article that any component scored."""
        return set(self.lexical) | set(self.expanded) | set(self.bigram) | set(self.dense)


class CandidateSource:
    """Computes :class:`Components` for a query inside a :class:`Scope`."""

    def __init__(self, reader: IndexReader, embedder: Embedder | None, store: VectorStore | None) -> None:
        self.reader, self.embedder, self.store = reader, embedder, store
        self.articles = ArticleIndex(reader)

    def lexical(self, tokens: list[str], scope: Scope) -> dict[ArticleKey, float]:
        """Word BM25 per article (positive scores inside the scope only)."""
        if not tokens:
            return {}
        return self.articles.as_dict(self.articles.words.scores(tokens), self._mask(scope))

    def bigram(self, text: str, scope: Scope) -> dict[ArticleKey, float]:
        """Character-bigram BM25 per article."""
        return self.articles.as_dict(self.articles.bigrams.scores(bigrams(text)), self._mask(scope))

    def _mask(self, scope: Scope) -> np.ndarray:
        return self.articles.mask(scope.allowed_docs)

    def dense(self, vector: np.ndarray, scope: Scope) -> tuple[dict[ArticleKey, float], dict[ArticleKey, Chunk]]:
        """Best cosine per article among the nearest chunks in scope."""
        if self.store is None:
            return {}, {}
        where = None
        if len(scope.allowed_docs) < len(self.reader.docs):
            where = {"doc_id": {"$in": sorted(scope.allowed_docs)}} if scope.allowed_docs else None
            if not scope.allowed_docs:
                return {}, {}
        best: dict[ArticleKey, float] = {}
        chunks: dict[ArticleKey, Chunk] = {}
        for chunk_id, score in self.store.query(vector, DENSE_POOL, where):
            if not scope.allows(chunk_id):
                continue
            chunk = self.reader.chunks[chunk_id]
            key = article_key(chunk)
            if key not in best or score > best[key]:
                best[key], chunks[key] = score, chunk
        return best, chunks

    def embed(self, text: str) -> np.ndarray | None:
        """The query vector, or None without an embedder."""
        return None if self.embedder is None else self.embedder.embed([text])[0]

    def components(self, text: str, tokens: list[str], extra: list[str], vector: np.ndarray | None,
                   scope: Scope) -> Components:
        """All components for one query."""
        dense, near = self.dense(vector, scope) if vector is not None else ({}, {})
        comps = Components(self.lexical(tokens, scope), self.lexical(extra, scope), self.bigram(text, scope), dense)
        lexical_keys = set(comps.lexical) | set(comps.expanded) | set(comps.bigram)
        comps.chunks = {**near, **{k: self.articles.chunks[k] for k in lexical_keys}}
        return comps
