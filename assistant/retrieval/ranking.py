"""Fusion of the component scores into one article ranking, with the parameters chosen on the dev set.

How the defaults were chosen: ``evals/tune.py`` caches the components of every dev question once and
grid-searches these parameters for MRR (ties → hit@5), see evals/reports/tuning.md.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from assistant.retrieval.articles import chinese
from assistant.retrieval.candidates import ArticleKey, ArticleScores, Components
from assistant.retrieval.fusion import interleave, max_normalise, minmax_normalise, ranked, rrf, weighted_sum

DenseNorm = Literal["raw", "max", "minmax"]
POOL = 200  # articles kept for fusion besides those that always are (see pool_rows)
PHRASE_TOP = 100  # articles whose wording is compared with the question's


@dataclass(frozen=True)
class FusionParams:
    """Weights of the fused score; ``mode='rrf'`` ignores the normalisation and uses ranks only."""

    bm25: float = 0.7
    dense: float = 0.2
    bigram: float = 0.3
    expansion: float = 1.0  # BM25 of the added legal terms, relative to BM25 of the question itself
    mention: float = 0.3  # bonus for articles of a document the question names
    subject: float = 0.1  # bonus for articles of a law whose subject the question names (法官 → 法官法)
    subject_groups: bool = False  # take turns between two laws whose subjects are named (法官和检察官)
    dense_norm: DenseNorm = "raw"
    mode: Literal["weighted", "rrf"] = "weighted"
    rrf_k: int = 60
    subword: float = 0.3  # weight of sub-words (刑事 inside 刑事案件) in the question's BM25
    phrase: float = 0.3  # bonus × share of the question's character 4-grams found verbatim in the article


def lexical_scores(c: Components, params: FusionParams) -> dict[ArticleKey, float]:
    """BM25 of the question plus the weighted BM25 of the expansion terms, max-normalised."""
    return max_normalise(weighted_sum([c.lexical, c.expanded], [1.0, params.expansion]))


def dense_scores(c: Components, params: FusionParams) -> dict[ArticleKey, float]:
    """Cosines as they are, or normalised within the candidate pool."""
    if params.dense_norm == "max":
        return max_normalise(c.dense)
    if params.dense_norm == "minmax":
        return minmax_normalise(c.dense)
    return dict(c.dense)


def fuse(c: Components, params: FusionParams, named_docs: Collection[str] = (),
         subject_docs: Collection[str] = ()) -> dict[ArticleKey, float]:
    """One score per article; articles of documents the question names get ``params.mention``."""
    return with_bonuses(fuse_components(c, params), params, named_docs, subject_docs)


def fuse_components(c: Components, params: FusionParams) -> dict[ArticleKey, float]:
    """The fused score of the components alone, before any bonus (the score hits show)."""
    lexical = lexical_scores(c, params)
    if params.mode == "rrf":
        runs = [[k for k, _ in ranked(lexical)], [k for k, _ in ranked(c.dense)]]
        fused = rrf(runs, params.rrf_k, [params.bm25, params.dense])
        top = max(fused.values(), default=0.0) or 1.0
        return {k: v / top for k, v in fused.items()}
    return weighted_sum([lexical, max_normalise(c.bigram), dense_scores(c, params)],
                        [params.bm25, params.bigram, params.dense])


def with_bonuses(fused: dict[ArticleKey, float], params: FusionParams, named_docs: Collection[str] = (),
                 subject_docs: Collection[str] = ()) -> dict[ArticleKey, float]:
    """Add the mention bonus for named documents and the subject bonus for subject laws."""
    if named_docs and params.mention:
        fused = {k: v + (params.mention if k[0] in named_docs else 0.0) for k, v in fused.items()}
    if subject_docs and params.subject:
        fused = {k: v + (params.subject if k[0] in subject_docs else 0.0) for k, v in fused.items()}
    return fused


def pool_rows(params: FusionParams, keep: np.ndarray, depth: int, scores: ArticleScores) -> np.ndarray | None:
    """Rows of the articles that fusion needs for the first ``depth`` places of the ranking; None = all.

    Kept: the ``max(POOL, depth)`` best by fused score (ties included), every article of a ``keep``
    document (the named and subject laws, whose bonuses and groups need all of theirs), every dense
    hit, and each component's best article. Fusing the kept articles alone gives each of them the
    score it gets among all (same normalisers), and an article left out has neither bonus nor group
    and is beaten by ``max(POOL, depth)`` kept ones, so no ranking within the first ``depth`` changes.
    Only weighted fusion can be pooled (rank fusion needs every rank).
    """
    size = max(POOL, depth)
    lexical = scores.lexical + params.expansion * scores.expanded
    live = (scores.lexical > 0) | (scores.expanded > 0) | (scores.bigram > 0)
    free = live & ~keep
    free[scores.dense_rows] = False
    if params.mode != "weighted" or np.count_nonzero(free) <= size:
        return None
    fused = _weighted(params, lexical, scores)
    cut = np.partition(fused[free], -size)[-size]
    chosen = (live & keep) | (free & (fused >= cut))
    chosen[scores.dense_rows] = True
    chosen[[int(np.argmax(lexical)), int(np.argmax(scores.bigram))]] = True
    return np.flatnonzero(chosen)


def _weighted(params: FusionParams, lexical: np.ndarray, scores: ArticleScores) -> np.ndarray:
    """:func:`fuse_components` (weighted) over arrays, with the same arithmetic in the same order."""
    fused = params.bm25 * _max_normalised(lexical) + params.bigram * _max_normalised(scores.bigram)
    dense = dense_scores(Components(dense=scores.dense), params)
    fused[scores.dense_rows] += params.dense * np.fromiter(dense.values(), dtype=np.float64, count=len(dense))
    return fused


def _max_normalised(values: np.ndarray) -> np.ndarray:
    top = float(values.max(initial=0.0))
    return values / top if top > 0 else np.zeros_like(values)


def grams(text: str, n: int = 4) -> set[str]:
    """Overlapping character n-grams of the Chinese text of ``text``, with 哪些 read as 下列 as in statutes."""
    chars = chinese(text.replace("哪些", "下列"))
    return {chars[i:i + n] for i in range(len(chars) - n + 1)}


def phrase_overlap(question_grams: set[str], text: str) -> float:
    """Share of the question's 4-grams that occur verbatim in ``text`` (users echo a provision's wording)."""
    if not question_grams:
        return 0.0
    return sum(g in text for g in question_grams) / len(question_grams)


def with_phrases(scores: dict[ArticleKey, float], question: str, texts: Mapping[ArticleKey, str],
                 weight: float, top: int = PHRASE_TOP) -> dict[ArticleKey, float]:
    """Add ``weight`` × :func:`phrase_overlap` to the ``top`` best-scored articles."""
    q = grams(question)
    if weight <= 0 or not q:
        return scores
    best = sorted(scores, key=lambda k: -scores[k])[:top]
    out = dict(scores)
    for key in best:
        out[key] += weight * phrase_overlap(q, texts[key])
    return out


def diversified(scores: dict[ArticleKey, float], groups: list[set[str]]) -> list[ArticleKey]:
    """Ranking that takes turns between document groups (two laws, or two versions, being compared)."""
    order = [k for k, _ in ranked(scores)]
    if len(groups) < 2:
        return order
    per_group = [[k for k in order if k[0] in g] for g in groups]
    rest = [k for k in order if not any(k[0] in g for g in groups)]
    return interleave(per_group) + rest
