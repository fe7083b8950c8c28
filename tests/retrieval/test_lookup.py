"""Direct lookup: names, abbreviations, numerals, spaces, versions, and articles that do not exist."""

import pytest

from assistant.retrieval.lookup import VersionIntent, article_number, find_references, normalise
from assistant.retrieval.scope import Filters


@pytest.mark.parametrize("question", [
    "邻里互助法第三条", "中华人民共和国邻里互助法第三条", "邻里互助法第3条", "邻里互助法 第 三 条",
    "邻里互助法第 3 条是什么", "《邻里互助法》第三条", "邻里互助法第３条",
])
def test_lookup_forms_reach_the_current_article(tiny_searcher, question):
    result = tiny_searcher.search(question)
    assert result.mode == "lookup" and result.found
    assert [(h.chunk.short_title, h.chunk.article, h.chunk.version) for h in result.hits] == [
        ("邻里互助法", "第三条", "2023-07-01")]


@pytest.mark.parametrize("question", [
    "邻里互助法第三条（2019年版）", "邻里互助法（2019）第三条", "2019年版邻里互助法第三条"])
def test_year_picks_the_older_version(tiny_searcher, question):
    result = tiny_searcher.search(question)
    assert [h.chunk.version for h in result.hits] == ["2019-05-01"]


def test_comparison_of_versions_returns_both(tiny_searcher):
    result = tiny_searcher.search("2019年和2023年邻里互助法第四条有什么不同")
    assert sorted(h.chunk.version for h in result.hits) == ["2019-05-01", "2023-07-01"]


def test_article_past_the_end_is_not_found_with_a_message(tiny_searcher):
    result = tiny_searcher.search("邻里互助法第九十九条")
    assert not result.found
    assert result.missing == ["《邻里互助法》（2023-07-01版）第九十九条（该文件共 7 条）"]
    assert result.hits, "nearest provisions are still offered"


def test_article_only_in_the_new_version(tiny_searcher):
    assert tiny_searcher.search("邻里互助法第七条").found
    assert not tiny_searcher.search("邻里互助法第七条（2019年版）").found


def test_bare_article_uses_the_filtered_document(tiny_searcher):
    result = tiny_searcher.search("第二条", filters=Filters(documents=("校园安全示范条例",)))
    assert result.mode == "lookup"
    assert [(h.chunk.short_title, h.chunk.article) for h in result.hits] == [("校园安全示范条例", "第二条")]


def test_bare_article_uses_conversation_context(tiny_searcher):
    result = tiny_searcher.search("第四条呢", context="校园安全示范条例第三条说了什么")
    assert [(h.chunk.short_title, h.chunk.article) for h in result.hits] == [("校园安全示范条例", "第四条")]


def test_two_references_each_take_their_law(tiny_searcher):
    refs = find_references("邻里互助法第1条和校园安全示范条例第2条", tiny_searcher.resolver)
    assert [(r.title, r.number) for r in refs] == [("邻里互助法", 1), ("校园安全示范条例", 2)]


def test_reference_to_a_law_that_is_not_loaded(tiny_searcher):
    result = tiny_searcher.search("劳动合同法第十九条")
    assert not result.found
    assert any("劳动合同法" in n for n in result.notices)


def test_normalise_and_numbers():
    assert normalise("第 ３１　条") == "第 31 条"
    assert article_number("第31条") == article_number("三十一") == article_number(" 第三十一条 ") == 31


def test_version_intent():
    assert VersionIntent.of("监察法第二十二条（2018年版）").years == ("2018",)
    assert VersionIntent.of("监察法（2018）第44条").years == ("2018",)
    both = VersionIntent.of("2018年监察法和现行监察法关于搜查的规定一样吗")
    assert both.years == ("2018",) and both.current
    assert VersionIntent.of("新旧监察法有什么不同").compare
