"""Per-article component scores (BM25 on the question, BM25 on added legal terms, dense cosine).

Chunks are folded into articles (best chunk score per article) *before* fusion, so an article whose
words match in one part and whose meaning matches in another still gets both signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assistant.indexing.embedders import Embedder
from assistant.indexing.reader import IndexReader
from assistant.indexing.vectors import VectorStore
from assistant.retrieval.scope import Scope
from assistant.types import Chunk

ArticleKey = tuple[str, str]  # (doc_id, article or section label)
DENSE_POOL = 150


@dataclass
class Components:
    """Raw scores per article; an article missing from a map scored nothing there."""

    lexical: dict[ArticleKey, float] = field(default_factory=dict)
    expanded: dict[ArticleKey, float] = field(default_factory=dict)
    dense: dict[ArticleKey, float] = field(default_factory=dict)
    chunks: dict[ArticleKey, Chunk] = field(default_factory=dict)

    def keys(self) -> set[ArticleKey]:
        """Every article that any component scored."""
        return set(self.lexical) | set(self.expanded) | set(self.dense)


def article_key(chunk: Chunk) -> ArticleKey:
    """The unit hits are counted in: one 条 or one speech section."""
    return (chunk.doc_id, chunk.article)


class CandidateSource:
    """Computes :class:`Components` for a query inside a :class:`Scope`."""

    def __init__(self, reader: IndexReader, embedder: Embedder | None, store: VectorStore | None) -> None:
        self.reader, self.embedder, self.store = reader, embedder, store
        self.ids = reader.lexical.ids

    def lexical(self, tokens: list[str], scope: Scope) -> tuple[dict[ArticleKey, float], dict[ArticleKey, Chunk]]:
        """Best BM25 score per article (positive scores only)."""
        if not tokens:
            return {}, {}
        scores = self.reader.lexical.scores(tokens)
        best: dict[ArticleKey, float] = {}
        chunks: dict[ArticleKey, Chunk] = {}
        for i in np.flatnonzero(scores > 0):
            chunk_id = self.ids[int(i)]
            if not scope.allows(chunk_id):
                continue
            chunk = self.reader.chunks[chunk_id]
            key, score = article_key(chunk), float(scores[i])
            if score > best.get(key, 0.0):
                best[key], chunks[key] = score, chunk
        return best, chunks

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

    def components(self, tokens: list[str], extra: list[str], vector: np.ndarray | None,
                   scope: Scope) -> Components:
        """All three components for one query."""
        lexical, chunks = self.lexical(tokens, scope)
        expanded, more = self.lexical(extra, scope)
        dense, near = self.dense(vector, scope) if vector is not None else ({}, {})
        return Components(lexical, expanded, dense, {**near, **more, **chunks})
