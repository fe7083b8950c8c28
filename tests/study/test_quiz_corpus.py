"""Generated items on the real study corpus (skipped when ../shared/corpus/study is absent).

Checks are written independently of ``verify.py``: plain substring tests over the article texts.
"""

from __future__ import annotations

import pytest

from assistant.study.corpus import Corpus
from assistant.study.facts import norm
from assistant.study.items import BLANK, TRUE, Item
from assistant.study.quiz import QuizMaker, quiz_refs
from assistant.study.verify import verify_item
from assistant.types import Document


@pytest.fixture(scope="module")
def generated(study_docs: list[Document]) -> tuple[list[Item], QuizMaker]:
    maker = QuizMaker(study_docs, seed=7)
    return maker.make(quiz_refs(study_docs), 300), maker


def _texts(docs: list[Document]) -> dict[tuple[str, str, str], str]:
    return {(d.short_title, d.version, p.label): norm(p.text) for d in docs for p in d.provisions}


def test_items_cover_the_corpus(generated: tuple[list[Item], QuizMaker], study_docs: list[Document]) -> None:
    items, maker = generated
    assert len(items) == 300
    assert {i.kind for i in items} == {"single", "multi", "judge", "cloze", "source"}
    assert len({i.source.short_title for i in items}) >= len(study_docs) - 1
    assert len(maker.rejected) <= len(items) // 20  # builders rarely produce an item the checker refuses


def test_every_source_article_exists(generated: tuple[list[Item], QuizMaker],
                                     study_docs: list[Document]) -> None:
    texts = _texts(study_docs)
    for item in generated[0]:
        for s in item.sources:
            assert (s.short_title, s.version, s.label) in texts, s


def test_keys_are_verified_against_the_article(generated: tuple[list[Item], QuizMaker],
                                               study_docs: list[Document]) -> None:
    texts = _texts(study_docs)
    everything = "\x00".join(texts.values())
    corpus = Corpus(study_docs)
    for item in generated[0]:
        text = texts[(item.source.short_title, item.source.version, item.source.label)]
        assert verify_item(item, corpus) == [], item
        if item.kind in ("cloze", "single") and BLANK in item.body:
            key = item.answer if item.kind == "cloze" else next(o.text for o in item.options if o.correct)
            assert norm(item.body.replace(BLANK, key)) in text
        if item.kind == "judge":
            assert (norm(item.body) in text) if item.answer == TRUE else (norm(item.body) not in everything)


def test_distractors_are_never_also_correct(generated: tuple[list[Item], QuizMaker],
                                            study_docs: list[Document]) -> None:
    texts = _texts(study_docs)
    everything = "\x00".join(texts.values())
    for item in generated[0]:
        wrong = [o for o in item.options if not o.correct]
        if item.kind == "single" and BLANK in item.body:
            for o in wrong:
                assert norm(item.body.replace(BLANK, o.text)) not in everything
        elif item.kind == "single" or item.kind == "source":
            for o in wrong:
                assert o.source is not None
                assert norm(item.body) not in texts[(o.source.short_title, o.source.version, o.source.label)]
        elif item.kind == "multi":
            for o in wrong:
                assert norm(o.text) not in everything and o.original and norm(o.original) in everything
            for o in item.options:
                if o.correct:
                    assert o.source is not None
                    assert norm(o.text) in texts[(o.source.short_title, o.source.version, o.source.label)]
