"""Ranked search end to end on the tiny index: speech sections, unknown laws, abstain, reranker off."""

import sys
import types

import pytest

from assistant.errors import BackendUnavailableError
from assistant.retrieval.rerank import load_reranker


def test_speech_section_with_label(tiny_searcher):
    result = tiny_searcher.search("发言材料里智慧政法平台要推进哪些工程")
    assert result.found
    top = result.hits[0].chunk
    assert (top.short_title, top.article) == ("示范区政法工作研讨发言材料", "二、（二）")


def test_unknown_law_abstains_with_nearest(tiny_searcher):
    result = tiny_searcher.search("数据安全法对数据分类分级保护是怎么要求的")
    assert not result.found and result.mode == "unknown-law"
    assert result.notices == ["《数据安全法》未载入，无法引用其条文"]


def test_topic_of_unloaded_law_abstains(tiny_searcher):
    result = tiny_searcher.search("父母去世没留遗嘱，遗产怎么分？")
    assert not result.found
    assert any("民法典" in n for n in result.notices)


def test_off_topic_question_is_not_answered(tiny_searcher):
    assert not tiny_searcher.search("昨晚的足球联赛谁赢了？").found


def test_in_scope_question_is_answered(tiny_searcher):
    result = tiny_searcher.search("志愿者应当保守哪些个人隐私")
    assert result.found and result.hits[0].chunk.article == "第五条"


def test_hits_are_distinct_articles(tiny_searcher):
    result = tiny_searcher.search("互助站 志愿者 社区 调解", k=10)
    keys = [(h.chunk.doc_id, h.chunk.article) for h in result.hits]
    assert len(keys) == len(set(keys))


class FakeCrossEncoder:
    """Scores a pair by how many characters of the question occur in the article."""

    def __init__(self, name, device="cpu"):
        if not name.startswith("fake"):
            raise OSError(f"no model at {name}")

    def predict(self, pairs):
        return [sum(c in text for c in set(q)) for q, text in pairs]


@pytest.fixture
def fake_sentence_transformers(monkeypatch):
    module = types.ModuleType("sentence_transformers")
    module.CrossEncoder = FakeCrossEncoder
    monkeypatch.setitem(sys.modules, "sentence_transformers", module)


def test_reranker_is_optional(fake_sentence_transformers):
    assert load_reranker("") is None
    with pytest.raises(BackendUnavailableError):
        load_reranker("/nonexistent/cross-encoder")


def test_reranker_reorders_hits(tiny_searcher, fake_sentence_transformers):
    reranker = load_reranker("fake-model")
    hits = tiny_searcher.search("志愿者 个人隐私 互助站", k=3).hits
    reordered = reranker.rerank("志愿者应当保守个人隐私", hits, tiny_searcher.reader)
    assert sorted(h.chunk.chunk_id for h in reordered) == sorted(h.chunk.chunk_id for h in hits)
    assert reordered[0].chunk.article == "第五条" and reordered[0].source == "rerank"
