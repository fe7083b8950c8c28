"""Calibrated "is this answered by the corpus?" score for ranked retrieval.

Two signals, both in [0, 1]:

* coverage — the IDF-weighted share of the query's words (question tokens plus added legal terms)
  that occur in the best article; words the corpus never uses count with the largest IDF, so a
  question about 起征点 or 世界杯 has low coverage whatever BM25 ranks first;
* dense — the cosine of the best article to the question.

``score = COVERAGE_WEIGHT·coverage + (1 − COVERAGE_WEIGHT)·dense``; the searcher answers when the
score reaches ``retrieval.min_score``. Weight and threshold were chosen on the dev set (evals/tune.py).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from assistant.indexing.reader import IndexReader
from assistant.retrieval.candidates import ArticleKey, Components, article_key

COVERAGE_WEIGHT = 0.6
TOP_ARTICLES = 3


@dataclass(frozen=True)
class Confidence:
    """Document frequencies and per-article token sets of one index generation."""

    idf: dict[str, float]
    max_idf: float
    article_tokens: dict[ArticleKey, frozenset[str]]

    @classmethod
    def from_reader(cls, reader: IndexReader) -> Confidence:
        """Count document frequencies over articles."""
        tokens: dict[ArticleKey, set[str]] = {}
        for stored in reader.docs.values():
            for chunk, toks in zip(stored.chunks, stored.tokens, strict=True):
                tokens.setdefault(article_key(chunk), set()).update(toks)
        df: Counter[str] = Counter(t for toks in tokens.values() for t in toks)
        n = max(len(tokens), 1)
        idf = {t: math.log(1 + n / c) for t, c in df.items()}
        return cls(idf, math.log(1 + n), {k: frozenset(v) for k, v in tokens.items()})

    def coverage(self, words: list[str], key: ArticleKey) -> float:
        """IDF-weighted share of ``words`` found in the article ``key``."""
        words = list(dict.fromkeys(words))
        if not words:
            return 0.0
        present = self.article_tokens.get(key, frozenset())
        total = sum(self.idf.get(w, self.max_idf) for w in words)
        return sum(self.idf.get(w, self.max_idf) for w in words if w in present) / total

    def features(self, words: list[str], comps: Components, order: list[ArticleKey]) -> tuple[float, float]:
        """(best coverage among the top articles, best dense cosine)."""
        top = order[:TOP_ARTICLES]
        coverage = max((self.coverage(words, k) for k in top), default=0.0)
        dense = max(comps.dense.values(), default=0.0)
        return coverage, dense

    def score(self, words: list[str], comps: Components, order: list[ArticleKey]) -> float:
        """The calibrated confidence in [0, 1]."""
        coverage, dense = self.features(words, comps, order)
        return COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * dense
