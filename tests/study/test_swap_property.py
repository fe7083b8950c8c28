"""Property: a 判断 swap always yields a false statement that verify_item accepts."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ingest.numerals import article_label
from assistant.study.builders import swap_extra
from assistant.study.corpus import Corpus
from assistant.study.facts import facts_in, norm, sentences
from assistant.study.items import FALSE, Item, Source
from assistant.study.swap import false_variant, is_wrong_term
from assistant.study.verify import verify_item
from assistant.types import Document, Provision

FILLER = "申请人提交材料审查决定的，予以受理并书面通知当事人之日起内以上以下或者和十二三日年月"
TERMS = ["十五日", "三十日", "七日", "三个月", "二年", "二十四小时", "十八周岁", "五百元", "三分之二",
         "人民法院", "人民检察院", "公安机关", "司法行政部门", "监察机关", "国务院",
         "应当", "不得", "可以", "必须"]

filler = st.text(alphabet=FILLER, min_size=4, max_size=20)
sentence = st.builds(lambda a, t, b: f"{a}{t}{b}。", filler, st.sampled_from(TERMS), filler)
article = st.lists(sentence, min_size=1, max_size=3).map("".join)


def make_doc(bodies: list[str]) -> Document:
    provisions = tuple(
        Provision("article", article_label(i), i, ("第一章 总则",), f"{article_label(i)}\u3000{body}",
                  (body,))
        for i, body in enumerate(bodies, 1))
    return Document("hypo", "假设条例.md", "假设条例", "假设条例", "", "2024-01-01", "law", "0",
                    provisions=provisions)


@settings(max_examples=150, deadline=None)
@given(st.lists(article, min_size=1, max_size=4), st.integers(0, 2**16))
def test_swapped_statement_is_false_and_verifiable(bodies: list[str], seed: int) -> None:
    doc = make_doc(bodies)
    corpus = Corpus([doc])
    rng = random.Random(seed)
    prov = doc.provisions[0]
    context = norm(prov.text)
    for s in sentences(prov):
        for fact in facts_in(s):
            made = false_variant(fact, corpus, context, [], rng)
            if made is None:
                assert fact.kind != "period"  # a 期限 can always be swapped (synthetic values exist)
                continue
            statement, new = made
            assert statement != s and norm(statement) not in norm("".join(p.text for p in doc.provisions))
            assert is_wrong_term(fact, new, context)
            item = Item("judge", fact.kind, statement, FALSE, Source.of(doc, prov), s,
                        extra=swap_extra(fact, new))
            assert verify_item(item, corpus) == []
