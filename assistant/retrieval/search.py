"""Searcher: direct lookup | BM25 + legal-term expansion + dense → tuned fusion → articles; abstain.

Order of decisions for one question:

1. an article reference (法援法第31条) → that article, in the version(s) asked for; a number past the
   last article → not found, with the missing reference and the nearest provisions;
2. a law that is not loaded is named and no loaded document is → not found, nearest provisions shown;
3. otherwise ranked retrieval; ``found`` comes from the calibrated confidence in ``confidence.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from assistant.config import RetrievalSettings
from assistant.indexing.embedders import Embedder
from assistant.indexing.reader import IndexReader
from assistant.indexing.tokenize import tokenize
from assistant.indexing.vectors import VectorStore
from assistant.retrieval.candidates import ArticleKey, CandidateSource, Components
from assistant.retrieval.confidence import TOP_ARTICLES, Confidence
from assistant.retrieval.expand import Expansion, MinedTerms, expand
from assistant.retrieval.lookup import Reference, VersionIntent, find_references, normalise, strip_references
from assistant.retrieval.names import NameResolver
from assistant.retrieval.ranking import (
    FusionParams,
    diversified,
    fuse_components,
    pool_rows,
    with_bonuses,
    with_phrases,
)
from assistant.retrieval.rerank import Reranker, load_reranker
from assistant.retrieval.scope import Filters, Scope, versions_by_title
from assistant.types import Hit

SCOPES_KEPT = 256  # distinct (filters, version intent) pairs whose Scope a Searcher keeps
RERANK_DEPTH = 20  # fused articles a configured cross-encoder reorders
TOPIC_CEILING = 0.6  # a topic of an unloaded law (遗嘱 → 民法典) is trusted unless retrieval is fairly sure


@dataclass(frozen=True)
class SearchResult:
    """Hits plus what the answerer needs to word the answer honestly."""

    hits: list[Hit]
    found: bool
    mode: str  # lookup | ranked | empty | unknown-law
    rewritten: str = ""
    missing: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    confidence: float = 0.0


@dataclass(frozen=True)
class Query:
    """A question prepared once: normalised text, names, version intent, scope, tokens, expansion."""

    text: str
    scope: Scope
    named: list[str]  # short titles of loaded documents named in the question
    unknown: list[str]  # laws named in the question that are not loaded
    implied: list[str]  # laws not loaded that govern a topic of the question (遗嘱 → 民法典)
    subjects: list[str]  # other loaded laws whose subject the question names (法官 → 法官法)
    tokens: list[str]
    expansion: Expansion


def split_subwords(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Search-mode jieba gives 刑事案件 and also 刑事, 案件, 刑事案: (whole words, the parts inside them).

    Counting every part at full weight lets a common phrase (被告人, 刑事案件) outvote the one word that
    says what is asked (回避); the parts keep a smaller weight (``FusionParams.subword``).
    """
    whole = [t for t in tokens if not any(t != o and t in o for o in tokens)]
    return whole, [t for t in tokens if t not in whole]


def default_params(settings: RetrievalSettings) -> FusionParams:
    """Fusion parameters: the tuned defaults with the configured BM25/dense weights."""
    return FusionParams(bm25=settings.bm25_weight, dense=settings.dense_weight)


class Searcher:
    """One searcher per index generation; cheap to call, safe to share between threads."""

    def __init__(self, reader: IndexReader, embedder: Embedder | None, store: VectorStore | None,
                 settings: RetrievalSettings, params: FusionParams | None = None,
                 use_expansion: bool = True) -> None:
        self.reader, self.embedder, self.store, self.settings = reader, embedder, store, settings
        self.params = params or default_params(settings)
        self.resolver = NameResolver(reader.documents())
        self.versions = versions_by_title(reader)
        self._scopes: dict[tuple[Filters, VersionIntent], Scope] = {}
        self.source = CandidateSource(reader, embedder, store)
        self.confidence = Confidence.from_articles(self.source.articles)
        self.mined = MinedTerms.from_corpus((t for s in reader.docs.values() for t in s.tokens),
                                            (c.text for c in reader.chunks.values())) if use_expansion else None
        self.use_expansion = use_expansion
        self.reranker: Reranker | None = load_reranker(settings.reranker)

    def prepare(self, question: str, filters: Filters | None = None) -> Query:
        """Normalise, resolve names and versions, tokenize and expand ``question``."""
        text = normalise(question)
        mentions = self.resolver.mentions(text)
        scope = self._scope(filters or Filters(), VersionIntent.of(text))
        named = list(dict.fromkeys(m.title for m in mentions if m.known))
        unknown = list(dict.fromkeys(m.name for m in mentions if not m.known))
        tokens = tokenize(text)
        expansion = expand(text, tokens, self.mined) if self.use_expansion else Expansion((), "")
        implied = [] if named else self.resolver.implied(text)
        subjects = [t for t in self.resolver.subjects_in(text) if t not in named]
        return Query(text, scope, named, unknown, implied, subjects, tokens, expansion)

    def _scope(self, filters: Filters, intent: VersionIntent) -> Scope:
        """The Scope of ``filters`` and ``intent``; kept, as it only depends on them (~6 ms on lawlib)."""
        scope = self._scopes.get((filters, intent))
        if scope is None:
            scope = Scope(self.reader, filters, intent, self.versions)
            if len(self._scopes) < SCOPES_KEPT:
                self._scopes[(filters, intent)] = scope
        return scope

    def search(self, question: str, k: int | None = None, filters: Filters | None = None,
               context: str = "") -> SearchResult:
        """Best provisions for ``question``; ``context`` is earlier conversation text (for 第三十一条)."""
        k = k or self.settings.k
        query = self.prepare(question, filters)
        default = query.scope.default_title() or self._context_title(context)
        refs = find_references(query.text, self.resolver, default)
        if refs:
            return self._lookup(refs, query, k)
        if query.unknown and not query.named:
            return self._unknown_law(query, k)
        return self.ranked(query, k)

    def _context_title(self, context: str) -> str:
        titles = self.resolver.mentioned(context) if context else []
        return titles[-1] if titles else ""

    def components(self, query: Query, depth: int | None = None) -> Components:
        """Component scores for a prepared query (the evaluation and tuning reuse this).

        Every article that scored, or with ``depth`` only those that can reach the first ``depth``
        places of :meth:`order` (:func:`~assistant.retrieval.ranking.pool_rows`): on a large library
        tens of thousands of articles share a common word, and fusing them all costs ~0.5 s.
        """
        vector = self.source.embed(query.text) if self.params.dense > 0 else None  # no dense weight → no embedding
        extra = tokenize(" ".join(query.expansion.terms)) if query.expansion.terms else []
        extra = [t for t in extra if t not in query.tokens]
        select = None
        if depth is not None:
            keep = self._doc_ids(query, query.named) | self._doc_ids(query, query.subjects)
            select = partial(pool_rows, self.params, self.source.articles.mask(keep), depth)
        whole, parts = split_subwords(query.tokens)
        return self.source.components(query.text, whole, extra, vector, query.scope, select,
                                      parts=parts, part_weight=self.params.subword)

    def ranked(self, query: Query, k: int) -> SearchResult:
        """Fused ranking inside the query's scope, with the abstain decision."""
        depth = max(k, RERANK_DEPTH) if self.reranker is not None else k
        comps = self.components(query, max(depth, TOP_ARTICLES))
        order, scores = self._ranking(query, comps)
        hits = [Hit(comps.chunks[key], round(scores.get(key, 0.0), 4), "hybrid") for key in order[:depth]]
        if self.reranker is not None and hits:  # reorders a deeper list, so an article ranked 12th can come first
            hits = self.reranker.rerank(query.text, hits, self.reader)[:k]
        if not hits:
            return SearchResult([], False, "empty", query.expansion.rewritten, notices=self._notices(query))
        features = self.confidence.features(query.text, query.tokens, query.expansion.terms,
                                            bool(query.named), order)
        confidence = self.confidence.probability(features)
        if query.implied and confidence < TOPIC_CEILING:
            return SearchResult(hits[:3], False, "unknown-law", query.expansion.rewritten,
                                notices=self._notices(query), confidence=confidence)
        found = confidence >= self.settings.min_score
        return SearchResult(hits, found, "ranked", query.expansion.rewritten,
                            notices=self._notices(query), confidence=confidence)

    def order(self, query: Query, comps: Components) -> list[ArticleKey]:
        """Article keys by fused score; comparisons take turns between the compared documents."""
        return self._ranking(query, comps)[0]

    def _ranking(self, query: Query, comps: Components) -> tuple[list[ArticleKey], dict[ArticleKey, float]]:
        """:meth:`order` and the fused scores without bonuses (the scores hits show)."""
        plain = fuse_components(comps, self.params)
        if self.params.phrase > 0:
            plain = with_phrases(plain, query.text, self.source.articles.texts, self.params.phrase)
        scores = with_bonuses(plain, self.params, self._doc_ids(query, query.named),
                              self._doc_ids(query, query.subjects))
        return diversified(scores, self._groups(query)), plain

    def _doc_ids(self, query: Query, titles: list[str]) -> set[str]:
        return {v.doc_id for t in titles for v in self.versions.get(t, []) if v.doc_id in query.scope.allowed_docs}

    def _groups(self, query: Query) -> list[set[str]]:
        allowed = query.scope.allowed_docs
        titles = query.named or (query.subjects if self.params.subject_groups else [])
        groups = [{v.doc_id for v in self.versions.get(t, []) if v.doc_id in allowed} for t in titles]
        groups = [g for g in groups if g]
        if len(groups) == 1 and len(groups[0]) > 1:  # one law, two versions compared
            return [{d} for d in sorted(groups[0])]
        return groups if len(groups) > 1 else []

    def _notices(self, query: Query) -> list[str]:
        notices = [f"《{name}》未载入，无法引用其条文" for name in query.unknown]
        return notices + [f"这个问题通常由《{name}》调整，该法未载入" for name in query.implied]

    def _unknown_law(self, query: Query, k: int) -> SearchResult:
        nearest = self.ranked(query, min(k, 3))
        return SearchResult(nearest.hits, False, "unknown-law", nearest.rewritten,
                            notices=self._notices(query), confidence=0.0)

    def _lookup(self, refs: list[Reference], query: Query, k: int) -> SearchResult:
        hits: list[Hit] = []
        missing: list[str] = []
        for ref in refs:
            found, absent = self._resolve(ref, query)
            hits.extend(found)
            missing.extend(absent)
        unknown = [r.name for r in refs if not r.title]
        if hits and not missing and not unknown:
            return SearchResult(hits, True, "lookup", notices=self._notices(query), confidence=1.0)
        nearest = self._nearest(query, refs, k)
        return SearchResult(hits or nearest, False, "lookup", missing=missing,
                            notices=self._notices(query), confidence=0.0)

    def _resolve(self, ref: Reference, query: Query) -> tuple[list[Hit], list[str]]:
        if not ref.title:
            return [], []
        docs = query.scope.intent.pick(self.versions.get(ref.title, []))
        hits, missing = [], []
        for doc in docs:
            chunk = self.reader.first_chunk(doc.doc_id, ref.label)
            if chunk is None:
                version = f"（{doc.version}版）" if len(self.versions[ref.title]) > 1 else ""
                missing.append(f"《{ref.title}》{version}{ref.label}（该文件共 {doc.article_count} 条）")
            else:
                hits.append(Hit(chunk, 1.0, "lookup"))
        return hits, missing

    def _nearest(self, query: Query, refs: list[Reference], k: int) -> list[Hit]:
        """Closest provisions for a reference that does not exist: ranked on the rest of the question."""
        titles = tuple(r.title for r in refs if r.title)
        rest = strip_references(query.text)
        sub = self.prepare(rest or query.text, Filters(documents=titles) if titles else None)
        return self.ranked(sub, min(k, 3)).hits
