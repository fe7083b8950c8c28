"""Per-article component scores: word BM25 of the question and of the added legal terms, bigram BM25,
and dense cosine.

Chunks are folded into articles (best chunk score per article) *before* fusion, so an article whose
words match in one part and whose meaning matches in another still gets both signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistant.indexing.embedders import Embedder
from assistant.indexing.reader import IndexReader
from assistant.indexing.vectors import VectorStore
from assistant.retrieval.articles import ArticleIndex, ArticleKey, Bm25, article_key, bigrams
from assistant.retrieval.scope import Scope
from assistant.types import Chunk

DENSE_POOL = 150
BROAD_FILTER = 64  # a scope of more documents than this is filtered here, after an unfiltered query
OVERFETCH = 2  # that query asks for OVERFETCH × DENSE_POOL chunks


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


@dataclass(frozen=True)
class ArticleScores:
    """The lexical components over every article of the index (float64, zero outside the scope) and
    the dense component with the rows of its articles, for choosing which articles to keep."""

    lexical: np.ndarray
    expanded: np.ndarray
    bigram: np.ndarray
    dense: dict[ArticleKey, float]
    dense_rows: np.ndarray


Selector = Callable[[ArticleScores], np.ndarray | None]  # rows to keep in Components; None = all


class CandidateSource:
    """Computes :class:`Components` for a query inside a :class:`Scope`."""

    def __init__(self, reader: IndexReader, embedder: Embedder | None, store: VectorStore | None) -> None:
        self.reader, self.embedder, self.store = reader, embedder, store
        self.articles = ArticleIndex(reader)

    def lexical(self, tokens: list[str], scope: Scope) -> dict[ArticleKey, float]:
        """Word BM25 per article (positive scores inside the scope only)."""
        return self.articles.as_dict(self._scores(self.articles.words, tokens, self._mask(scope)))

    def bigram(self, text: str, scope: Scope) -> dict[ArticleKey, float]:
        """Character-bigram BM25 per article."""
        return self.articles.as_dict(self._scores(self.articles.bigrams, bigrams(text), self._mask(scope)))

    def _mask(self, scope: Scope) -> np.ndarray:
        return self.articles.mask(scope.allowed_docs)

    @staticmethod
    def _scores(bm25: Bm25, tokens: list[str], mask: np.ndarray) -> np.ndarray:
        if not tokens:
            return np.zeros(len(mask))
        return np.where(mask, bm25.scores(tokens).astype(np.float64), 0.0)

    def dense(self, vector: np.ndarray, scope: Scope) -> tuple[dict[ArticleKey, float], dict[ArticleKey, Chunk]]:
        """Best cosine per article among the nearest chunks in scope."""
        if self.store is None or not scope.allowed_docs:
            return {}, {}
        best: dict[ArticleKey, float] = {}
        chunks: dict[ArticleKey, Chunk] = {}
        for chunk_id, score in self._nearest(self.store, vector, scope):
            if not scope.allows(chunk_id):
                continue
            chunk = self.reader.chunks[chunk_id]
            key = article_key(chunk)
            if key not in best or score > best[key]:
                best[key], chunks[key] = score, chunk
        return best, chunks

    def _nearest(self, store: VectorStore, vector: np.ndarray, scope: Scope) -> list[tuple[str, float]]:
        """The ``DENSE_POOL`` nearest chunks of the scope (a few more may be out of it or stale).

        A scope of most documents (every current version) is filtered here, after an unfiltered query
        for ``OVERFETCH × DENSE_POOL``: the nearest allowed chunks are among those whenever enough pass,
        and neither Chroma's metadata filter nor its metadata is needed (~35 ms a query on lawlib).
        """
        if len(scope.allowed_docs) >= len(self.reader.docs):
            return store.query(vector, DENSE_POOL, None)
        if len(scope.allowed_docs) > BROAD_FILTER:
            fetch = OVERFETCH * DENSE_POOL
            nearest = store.query(vector, fetch, None)
            kept = [(chunk_id, score) for chunk_id, score in nearest if scope.allows(chunk_id)]
            if len(kept) >= DENSE_POOL or len(nearest) < fetch:
                return kept[:DENSE_POOL]
        return store.query(vector, DENSE_POOL, {"doc_id": {"$in": sorted(scope.allowed_docs)}})

    def embed(self, text: str) -> np.ndarray | None:
        """The query vector, or None without an embedder."""
        return None if self.embedder is None else self.embedder.embed([text])[0]

    def components(self, text: str, tokens: list[str], extra: list[str], vector: np.ndarray | None,
                   scope: Scope, select: Selector | None = None, *, parts: list[str] | None = None,
                   part_weight: float = 1.0) -> Components:
        """All components for one query; with ``select``, only the articles at the rows it picks.

        ``parts`` (sub-words of the tokens) add to the word BM25 with ``part_weight``.
        """
        dense, near = self.dense(vector, scope) if vector is not None else ({}, {})
        mask, words = self._mask(scope), self.articles.words
        lexical = self._scores(words, tokens, mask)
        if parts:
            lexical = lexical + part_weight * self._scores(words, parts, mask)
        scores = ArticleScores(lexical, self._scores(words, extra, mask),
                               self._scores(self.articles.bigrams, bigrams(text), mask), dense,
                               self.articles.rows_of(dense))
        rows = select(scores) if select is not None else None
        as_dict = self.articles.as_dict
        comps = Components(as_dict(scores.lexical, rows), as_dict(scores.expanded, rows),
                           as_dict(scores.bigram, rows), dense)
        lexical_keys = set(comps.lexical) | set(comps.expanded) | set(comps.bigram)
        comps.chunks = {**near, **{k: self.articles.chunks[k] for k in lexical_keys}}
        return comps
