"""Fusion of the component scores into one article ranking, with the parameters chosen on the dev set.

How the defaults were chosen: ``evals/tune.py`` caches the components of every dev question once and
grid-searches these parameters for MRR (ties → hit@5), see evals/reports/tuning.md.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from assistant.retrieval.candidates import ArticleKey, Components
from assistant.retrieval.fusion import interleave, max_normalise, minmax_normalise, ranked, rrf, weighted_sum

DenseNorm = Literal["raw", "max", "minmax"]


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
    lexical = lexical_scores(c, params)
    if params.mode == "rrf":
        runs = [[k for k, _ in ranked(lexical)], [k for k, _ in ranked(c.dense)]]
        fused = rrf(runs, params.rrf_k, [params.bm25, params.dense])
        top = max(fused.values(), default=0.0) or 1.0
        fused = {k: v / top for k, v in fused.items()}
    else:
        fused = weighted_sum([lexical, max_normalise(c.bigram), dense_scores(c, params)],
                             [params.bm25, params.bigram, params.dense])
    if named_docs and params.mention:
        fused = {k: v + (params.mention if k[0] in named_docs else 0.0) for k, v in fused.items()}
    if subject_docs and params.subject:
        fused = {k: v + (params.subject if k[0] in subject_docs else 0.0) for k, v in fused.items()}
    return fused


def diversified(scores: dict[ArticleKey, float], groups: list[set[str]]) -> list[ArticleKey]:
    """Ranking that takes turns between document groups (two laws, or two versions, being compared)."""
    order = [k for k, _ in ranked(scores)]
    if len(groups) < 2:
        return order
    per_group = [[k for k in order if k[0] in g] for g in groups]
    rest = [k for k in order if not any(k[0] in g for g in groups)]
    return interleave(per_group) + rest
