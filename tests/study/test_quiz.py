"""Quiz items from the fixture regulations: every kind, verified keys, grading, tamper detection."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from assistant.study.corpus import Corpus
from assistant.study.facts import norm
from assistant.study.items import BLANK, FALSE, TRUE, Item, Option
from assistant.study.quiz import KINDS, QuizMaker, quiz_refs
from assistant.study.verify import verify_item
from assistant.types import Document


@pytest.fixture(scope="module")
def items(docs: list[Document]) -> list[Item]:
    made: list[Item] = []
    for seed in range(6):
        made += QuizMaker(docs, seed=seed).make(quiz_refs(docs), 40)
    return made


def article_text(docs: list[Document], item: Item) -> str:
    s = item.source
    doc = next(d for d in docs if d.short_title == s.short_title and d.version == s.version)
    return norm(next(p.text for p in doc.provisions if p.label == item.source.label))


def test_every_kind_is_generated_and_verified(docs: list[Document], items: list[Item]) -> None:
    kinds = Counter(i.kind for i in items)
    assert set(kinds) == set(KINDS)
    assert {i.topic for i in items if i.kind == "single"} >= {"period", "body", "article"}
    assert {i.answer for i in items if i.kind == "judge"} == {TRUE, FALSE}
    assert all(verify_item(i, docs) == [] for i in items)


def test_keys_reproduce_the_article(docs: list[Document], items: list[Item]) -> None:
    everything = "\x00".join(norm(p.text) for d in docs for p in d.provisions)
    for item in items:
        text = article_text(docs, item)
        assert norm(item.evidence) in text
        if item.kind == "cloze":
            assert norm(item.body.replace(BLANK, item.answer)) in text
        if item.kind == "judge":
            assert (norm(item.body) in text) == (item.answer == TRUE)
            assert item.answer == TRUE or norm(item.body) not in everything
        if item.kind == "single" and item.topic != "article":
            for o in item.options:
                filled = norm(item.body.replace(BLANK, o.text))
                assert (filled in text) == o.correct
                assert o.correct or (filled not in everything and norm(o.text) not in text)


def test_source_items_name_the_only_article(docs: list[Document], items: list[Item]) -> None:
    for item in (i for i in items if i.kind == "source" or (i.topic == "article" and i.kind == "single")):
        doc = next(d for d in docs if d.doc_id == item.source.doc_id)
        holders = [p.label for p in doc.provisions if norm(item.body) in norm(p.text)]
        assert holders == [item.source.label]
        for o in item.options:
            assert o.source is not None and (o.source.label == item.source.label) == o.correct


def test_json_round_trip_and_grading(items: list[Item]) -> None:
    for item in items:
        again = Item.from_json(item.to_json())
        assert again == item and again.item_id == item.item_id
    cloze = next(i for i in items if i.kind == "cloze" and i.answer == "十五日")
    assert cloze.is_correct("15日") and cloze.is_correct(" 十五日 ") and not cloze.is_correct("三十日")
    source = next(i for i in items if i.kind == "source")
    assert source.is_correct(source.source.label) and source.is_correct(str(source.source.number))
    judge = next(i for i in items if i.kind == "judge" and i.answer == FALSE)
    assert judge.is_correct("错") and judge.is_correct("×") and not judge.is_correct("正确")
    multi = next(i for i in items if i.kind == "multi")
    assert multi.is_correct("、".join(reversed(multi.answer))) and not multi.is_correct("")


def test_verify_catches_tampering(docs: list[Document], items: list[Item]) -> None:
    corpus = Corpus(docs)
    cloze = next(i for i in items if i.kind == "cloze")
    assert verify_item(replace(cloze, answer="九十九日"), corpus)
    assert verify_item(replace(cloze, source=replace(cloze.source, label="第九十九条")), corpus)
    judge = next(i for i in items if i.kind == "judge" and i.answer == TRUE)
    assert verify_item(replace(judge, answer=FALSE), corpus)
    single = next(i for i in items if i.kind == "single" and i.topic == "period")
    right = next(o for o in single.options if o.correct)
    bad = tuple(o if o.correct else replace(o, text=right.text) for o in single.options)
    assert verify_item(replace(single, options=bad), corpus)
    source = next(i for i in items if i.kind == "source")
    assert verify_item(replace(source, answer="第一条" if source.answer != "第一条" else "第二条"), corpus)


def test_distractor_in_the_article_is_rejected(docs: list[Document]) -> None:
    """第十二条 says 三十日; a 单选 offering 三十日 as a wrong answer for another blank there must fail."""
    corpus = Corpus(docs)
    law = next(d for d in docs if d.short_title == "示范市社区法律服务条例")
    art7 = next(p for p in law.provisions if p.label == "第七条")
    sentence = "符合法律援助条件的，社区法律服务站应当在三日内将申请材料转交法律援助机构。"
    body = sentence.replace("三日", BLANK)
    from assistant.study.items import Source

    options = (Option("A", "三日", True), Option("B", "三十日", False), Option("C", "五日", False),
               Option("D", "十日", False))
    item = Item("single", "period", body, "A", Source.of(law, art7), sentence, options)
    problems = verify_item(item, corpus)
    assert problems == ["干扰项“三十日”也可能正确"]
