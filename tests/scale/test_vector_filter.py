"""A broad doc_id filter (the default scope over a big library) is applied after an unfiltered query:
same hits as Chroma's own filter, without its cost."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scale_fixtures import HashEmbedder

from assistant.indexing import vectors
from assistant.indexing.vectors import open_store

DOCS = 120


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> vectors.ChromaStore:
    embedder = HashEmbedder()
    store = open_store(tmp_path_factory.mktemp("vectors"), embedder.fingerprint)
    texts = [f"第{i % 7}条 第{d}号文件规定的第{i}项义务与{'权利' if i % 2 else '责任'}"
             for d in range(DOCS) for i in range(4)]
    ids = [f"c{k}" for k in range(len(texts))]
    meta: list[vectors.Metadata] = [{"doc_id": f"d{k // 4}"} for k in range(len(texts))]
    store.add(ids, embedder.embed(texts), meta, texts)
    return store


@pytest.mark.parametrize("allowed", [range(0, DOCS - 10), range(0, DOCS, 2), range(0, 70)])
def test_broad_filter_matches_chromas_filter(store: vectors.ChromaStore, allowed: range,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    where = {"doc_id": {"$in": [f"d{d}" for d in allowed]}}
    query = HashEmbedder().embed(["第3号文件规定的权利"])[0]
    fast = store.query(query, 30, where)
    monkeypatch.setattr(vectors, "BROAD_FILTER", 10**9)  # force Chroma's own filter
    slow = store.query(query, 30, where)
    np.testing.assert_allclose([s for _, s in fast], [s for _, s in slow], atol=1e-6)  # same scores, rank by rank
    ties = {round(s, 5) for _, s in fast if sum(abs(s - t) < 1e-5 for _, t in fast) > 1}
    assert [i for i, s in fast if round(s, 5) not in ties] == [i for i, s in slow if round(s, 5) not in ties]


def test_narrow_filter_falls_back_when_too_few_pass(store: vectors.ChromaStore,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors, "BROAD_FILTER", 0)  # take the fast path even for two documents
    where = {"doc_id": {"$in": ["d5", "d77"]}}
    hits = store.query(HashEmbedder().embed(["第5号文件"])[0], 5, where)
    assert len(hits) == 5 and {int(i[1:]) // 4 for i, _ in hits} <= {5, 77}


def test_other_filters_go_to_chroma(tmp_path: Path) -> None:
    assert vectors._broad_doc_filter({"doc_id": {"$in": ["a"] * 100}, "kind": "law"}) is None
    assert vectors._broad_doc_filter({"doc_id": {"$nin": ["a"] * 100}}) is None
    assert vectors._broad_doc_filter({"doc_id": {"$in": ["a"] * 100}}) == frozenset({"a"})
