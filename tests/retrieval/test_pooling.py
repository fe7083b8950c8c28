"""Pooling (fusing only the articles that can reach the top) never changes the top of the ranking."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.retrieval import ranking
from assistant.retrieval.candidates import ArticleKey, ArticleScores, Components
from assistant.retrieval.ranking import FusionParams, diversified, fuse, fuse_components, pool_rows

DOCS = ("d0", "d1", "d2", "d3")
# few distinct values, many zeros: ties at the pool's edge and articles that score in one component only
VALUES = st.sampled_from([0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 2.0, 3.5])


def _dicts(keys: list[ArticleKey], scores: ArticleScores, rows: np.ndarray | None) -> Components:
    """What CandidateSource.components builds: positive scores of the kept rows."""
    kept = range(len(keys)) if rows is None else rows.tolist()

    def positive(values: np.ndarray) -> dict[ArticleKey, float]:
        return {keys[r]: float(values[r]) for r in kept if values[r] > 0}

    return Components(positive(scores.lexical), positive(scores.expanded), positive(scores.bigram), scores.dense)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[ArticleKey], ArticleScores, FusionParams, set[str], set[str], int]:
    keys = [(d, f"第{i}条") for d in DOCS for i in range(draw(st.integers(0, 8)))]
    arrays = [np.array(draw(st.lists(VALUES, min_size=len(keys), max_size=len(keys))), dtype=np.float64)
              for _ in range(3)]
    dense_rows = sorted(draw(st.sets(st.integers(0, max(len(keys) - 1, 0)), max_size=4))) if keys else []
    dense = {keys[r]: draw(st.floats(-0.3, 1.0)) for r in dense_rows}
    weights = st.sampled_from([0.0, 0.2, 0.5, 0.7, 1.0])
    params = FusionParams(bm25=draw(weights), bigram=draw(weights), dense=draw(weights), expansion=draw(weights),
                          dense_norm=draw(st.sampled_from(["raw", "max", "minmax"])))
    named = draw(st.sets(st.sampled_from(DOCS), max_size=2))
    subject = draw(st.sets(st.sampled_from(DOCS), max_size=1)) - named
    scores = ArticleScores(*arrays, dense, np.array(dense_rows, dtype=np.intp))
    return keys, scores, params, named, subject, draw(st.integers(1, 4))


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(1, 4))
def test_pooled_ranking_has_the_same_top_as_the_full_one(case, pool):
    keys, scores, params, named, subject, depth = case
    keep = np.array([k[0] in named | subject for k in keys], dtype=bool)
    with mock.patch.object(ranking, "POOL", pool):
        rows = pool_rows(params, keep, depth, scores)
    full, pooled = _dicts(keys, scores, None), _dicts(keys, scores, rows)
    groups = [{d} for d in sorted(named)] if len(named) > 1 else []
    top = diversified(fuse(full, params, named, subject), groups)[:depth]
    assert diversified(fuse(pooled, params, named, subject), groups)[:depth] == top
    plain, pooled_plain = fuse_components(full, params), fuse_components(pooled, params)
    assert [pooled_plain[k] for k in top] == [plain[k] for k in top]  # hits show the same scores


def test_pooling_drops_articles_but_not_the_best():
    lexical = np.array([0.0, 5.0, 1.0, 4.0, 0.5, 0.2])
    scores = ArticleScores(lexical, np.zeros(6), np.array([0.0, 0.0, 3.0, 0.0, 0.0, 0.1]), {}, np.array([], np.intp))
    with mock.patch.object(ranking, "POOL", 1):
        rows = pool_rows(FusionParams(), np.zeros(6, dtype=bool), 2, scores)
    assert rows is not None and rows.tolist() == [1, 2, 3]  # the two best fused, and the best bigram article


QUESTIONS = ("志愿者应当保守哪些个人隐私", "发言材料里智慧政法平台要推进哪些工程",
             "邻里互助法2019年版和2023年版有什么不同", "校园安全", "数据安全法对数据分类分级保护是怎么要求的",
             "昨晚的足球联赛谁赢了？")


@pytest.mark.parametrize("question", QUESTIONS)
def test_searcher_pools_without_changing_the_ranking(tiny_searcher, monkeypatch, question):
    monkeypatch.setattr(ranking, "POOL", 1)
    query = tiny_searcher.prepare(question)
    full = tiny_searcher.order(query, tiny_searcher.components(query))
    pooled_comps = tiny_searcher.components(query, 3)
    assert tiny_searcher.order(query, pooled_comps)[:3] == full[:3]
    assert len(pooled_comps.keys()) <= len(tiny_searcher.components(query).keys())


@pytest.mark.parametrize("question", ["志愿者应当保守哪些个人隐私", "校园安全", "邻里之间怎么互相帮助"])
def test_broad_scope_filtered_after_the_query_finds_the_same_chunks(tiny_searcher, monkeypatch, question):
    from assistant.retrieval import candidates

    query = tiny_searcher.prepare(question)
    assert 1 < len(query.scope.allowed_docs) < len(tiny_searcher.reader.docs)  # the old version is left out
    vector = tiny_searcher.source.embed(query.text)
    monkeypatch.setattr(candidates, "BROAD_FILTER", 10**6)  # Chroma's metadata filter
    by_chroma = tiny_searcher.source.dense(vector, query.scope)
    monkeypatch.setattr(candidates, "BROAD_FILTER", 0)  # unfiltered query, filtered here
    monkeypatch.setattr(candidates, "DENSE_POOL", 5)  # fewer than the tiny index has: the overfetch matters
    here = tiny_searcher.source.dense(vector, query.scope)
    monkeypatch.setattr(candidates, "BROAD_FILTER", 10**6)
    assert here == tiny_searcher.source.dense(vector, query.scope)
    assert set(here[0]) <= set(by_chroma[0])
