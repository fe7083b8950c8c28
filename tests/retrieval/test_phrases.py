"""Phrase echo (a question repeating a provision's wording) and sub-word weighting of the question."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.retrieval.ranking import grams, phrase_overlap, with_phrases
from assistant.retrieval.search import split_subwords

CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40), max_size=30)


def test_a_question_echoing_the_statute_matches_fully() -> None:
    q = grams("人民警察不得有哪些行为？")  # 哪些 is read as the statute's 下列
    assert phrase_overlap(q, "第二十二条　人民警察不得有下列行为：（一）散布有损国家声誉的言论") == 1.0
    assert phrase_overlap(q, "第三十六条　人民警察的警用标志、制式服装和警械") == 1 / 8  # 人民警察 only
    assert phrase_overlap(q, "公安机关应当公开办事制度") == 0.0
    assert 0 < phrase_overlap(q, "人民警察不得泄露国家秘密") < 1


def test_only_the_best_articles_get_the_bonus() -> None:
    texts = {("d", "a"): "人民警察不得有下列行为", ("d", "b"): "人民警察不得有下列行为", ("d", "c"): "无关"}
    scores = {("d", "a"): 0.9, ("d", "b"): 0.1, ("d", "c"): 0.5}
    out = with_phrases(scores, "人民警察不得有哪些行为", texts, 0.3, top=2)
    assert out == {("d", "a"): 1.2, ("d", "b"): 0.1, ("d", "c"): 0.5}
    assert with_phrases(scores, "人民警察不得有哪些行为", texts, 0.0) == scores


@given(CJK, CJK)
def test_overlap_is_a_share(question: str, text: str) -> None:
    value = phrase_overlap(grams(question), text)
    assert 0.0 <= value <= 1.0
    assert phrase_overlap(grams(question), question.replace("哪些", "下列")) in (0.0, 1.0)


def test_sub_words_are_split_from_whole_words() -> None:
    whole, parts = split_subwords(["刑事", "刑事案", "刑事案件", "案件", "被告", "被告人", "回避"])
    assert whole == ["刑事案件", "被告人", "回避"]
    assert parts == ["刑事", "刑事案", "案件", "被告"]


@given(st.lists(st.sampled_from(["法律", "法律援助", "援助", "律师", "免费", "免费律师", "申请"]), max_size=8))
def test_every_token_is_whole_or_part(tokens: list[str]) -> None:
    whole, parts = split_subwords(tokens)
    assert sorted(whole + parts) == sorted(tokens)
    assert all(any(p in w and p != w for w in whole) for p in parts)
