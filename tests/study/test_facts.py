"""Key-term extraction: 期限, 机关, 义务词, 数额."""

from __future__ import annotations

from assistant.study.facts import (
    bodies_in,
    facts_in,
    key_terms,
    norm,
    same_family,
    sentences,
    swappable,
    unit,
)
from assistant.types import Document


def terms(sentence: str, kind: str) -> list[str]:
    return [f.term for f in facts_in(sentence) if f.kind == kind]


def test_periods_numbers_bodies_duties() -> None:
    s = "区司法行政部门应当在收到投诉之日起三十日内处理，并处五百元以上两千元以下的罚款，不得少于二十四小时。"
    assert terms(s, "period") == ["三十日", "二十四小时"]
    assert terms(s, "number") == ["五百元", "两千元"]
    assert terms(s, "body") == ["司法行政部门"]
    assert terms(s, "duty") == ["应当", "不得"]


def test_dates_ordinals_and_lookalikes_are_not_terms() -> None:
    assert terms("本条例自2023年5月1日起施行。", "period") == []
    assert terms("期间的最后一日为节假日的，以节假日后的第一日为期满日期。", "period") == []
    assert terms("年满十八周岁的公民", "period") == []
    assert terms("年满十八周岁的公民", "number") == ["十八周岁"]
    assert terms("相应当事人可以不出庭，应当事人的要求", "duty") == []
    assert terms("最高人民法院监督地方各级人民法院", "body") == ["最高人民法院", "人民法院"]


def test_units_and_families() -> None:
    assert unit("十五日") == "日" and unit("三个月") == "个月" and unit("二十三周岁") == "周岁"
    assert same_family("监察机关", "监察委员会") and same_family("人民法院", "最高人民法院")
    assert not same_family("人民法院", "人民检察院")
    assert bodies_in("人民法院、人民检察院和公安机关") == {"court", "procuratorate", "police"}


def test_compound_bodies_are_not_swappable() -> None:
    (f,) = [f for f in facts_in("国务院有关部门应当予以配合。") if f.kind == "body"]
    assert not swappable(f)
    (g,) = [f for f in facts_in("国务院对全国人民代表大会负责。") if f.kind == "body" and f.term == "国务院"]
    assert swappable(g)


def test_sentences_and_key_terms_of_fixture(docs: list[Document]) -> None:
    law = next(d for d in docs if d.short_title == "示范市社区法律服务条例")
    art6 = next(p for p in law.provisions if p.label == "第六条")
    assert sentences(art6) == ["对于申请调解的纠纷，社区法律服务站应当在受理之日起十五日内组织调解。",
                               "调解不成的，应当告知当事人可以向人民法院提起诉讼。"]
    assert key_terms(art6) == ["十五日", "人民法院", "应当", "可以"]
    assert all(norm(s) in norm(art6.text) for s in sentences(art6))
