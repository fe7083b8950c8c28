"""Lay words → legal terms: thesaurus, ages, mined abbreviations, and the rewrite shown to users."""

from collections import Counter

import pytest

from assistant.retrieval.expand import MinedTerms, age_terms, expand, thesaurus


@pytest.mark.parametrize(("question", "term"), [
    ("老板拖欠工资不给怎么办", "劳动报酬"), ("想打官司但没钱", "诉讼"), ("能申请免费律师吗", "法律援助"),
    ("我被打了", "殴打他人"), ("社区矫正的人想去外地", "离开所居住的市、县"),
])
def test_thesaurus_maps_lay_words(question, term):
    assert term in expand(question, []).terms


def test_thesaurus_file_is_well_formed():
    table = thesaurus()
    assert len(table) > 150
    assert all(lay and any(t != lay for t in terms) for lay, terms in table.items())


def test_rewrite_is_shown_only_when_something_was_added():
    assert expand("拖欠工资", []).rewritten == "拖欠工资（劳动报酬、支付劳动报酬）"
    assert expand("法律援助机构的职责", []).rewritten == ""


def test_ages_use_statutory_wording():
    assert age_terms("儿子17岁被抓了")[0] == "已满十六周岁不满十八周岁"
    assert "不满十四周岁" in age_terms("13岁的孩子")
    assert "七十周岁以上" in age_terms("我妈70多岁了")
    assert age_terms("我今年35岁") == []


def test_mined_abbreviations_and_short_forms():
    mined = MinedTerms.from_corpus([["家庭暴力", "家庭暴力", "刑事拘留", "刑事拘留"]],
                                   ["中华人民共和国监察委员会（以下简称国家监察委员会）"])
    assert mined.expand("家暴") == ["家庭暴力"]
    assert mined.expand("刑拘") == ["刑事拘留"]
    assert mined.expand("家庭暴力") == []  # the corpus already uses it
    assert mined.expand("国家监察委员会") == ["中华人民共和国监察委员会"]
    assert MinedTerms(Counter(), {}, {}).expand("abc") == []


def test_search_reports_the_rewrite(tiny_searcher):
    result = tiny_searcher.search("楼上噪音吵得睡不着怎么办")
    assert result.rewritten.startswith("楼上噪音吵得睡不着怎么办（")
    assert "噪声" in result.rewritten
    assert result.hits[0].chunk.article == "第三条"


def test_periods_in_days():
    from assistant.retrieval.expand import duration_terms

    assert duration_terms("收到决定两个多月了") == ["六十日"]
    assert duration_terms("半个月内") == ["十五日"]
    assert duration_terms("今年") == []
