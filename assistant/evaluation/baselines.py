"""Retrievers under evaluation: the full system and the baselines it has to beat.

Every retriever maps a question to an article-level ranking plus found/not-found. Baselines search
all chunks of every version, never abstain, and have no lookup or vocabulary expansion.
"""

from __future__ import annotations

from typing import Protocol

from assistant.evaluation.retrieval import Unit
from assistant.indexing.tokenize import tokenize
from assistant.retrieval.candidates import ArticleKey, Components
from assistant.retrieval.fusion import ranked, rrf
from assistant.retrieval.lookup import VersionIntent, normalise
from assistant.retrieval.scope import Filters, Scope
from assistant.retrieval.search import Searcher
from assistant.types import Chunk

DEPTH = 10


class Retriever(Protocol):
    """Question → (ranking, found)."""

    def retrieve(self, question: str) -> tuple[list[Unit], bool]:
        """Top ``DEPTH`` units and whether the retriever claims an answer."""
        ...


def unit(chunk: Chunk) -> Unit:
    """The evaluation unit of a chunk."""
    return Unit(chunk.short_title, chunk.article_no, chunk.article, chunk.version)


class SystemRetriever:
    """The shipped Searcher: lookup, scope, expansion, tuned fusion, abstain."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher

    def retrieve(self, question: str) -> tuple[list[Unit], bool]:
        result = self.searcher.search(question, k=DEPTH)
        return [unit(h.chunk) for h in result.hits], result.found


class PlainRetriever:
    """BM25-only, dense-only, or equal-weight RRF over everything (the naive hybrid)."""

    def __init__(self, searcher: Searcher, mode: str) -> None:
        self.searcher, self.mode = searcher, mode
        self.scope = Scope(searcher.reader, Filters(include_old=True), VersionIntent())

    def retrieve(self, question: str) -> tuple[list[Unit], bool]:
        text = normalise(question)
        source = self.searcher.source
        comps = Components()
        if self.mode in ("bm25", "rrf"):
            comps.lexical = source.lexical(tokenize(text), self.scope)
            comps.chunks.update({k: source.articles.chunks[k] for k in comps.lexical})
        if self.mode in ("dense", "rrf"):
            vector = source.embed(text)
            if vector is not None:
                comps.dense, near = source.dense(vector, self.scope)
                comps.chunks.update(near)
        order = self._order(comps)
        return [unit(comps.chunks[k]) for k in order[:DEPTH]], True

    def _order(self, comps: Components) -> list[ArticleKey]:
        if self.mode == "bm25":
            return [k for k, _ in ranked(comps.lexical)]
        if self.mode == "dense":
            return [k for k, _ in ranked(comps.dense)]
        runs = [[k for k, _ in ranked(comps.lexical)], [k for k, _ in ranked(comps.dense)]]
        return [k for k, _ in ranked(rrf(runs, 60))]
