"""Filters and versions: current text by default, older versions when a year or 旧版 is asked for."""

from assistant.retrieval.lookup import VersionIntent
from assistant.retrieval.scope import Filters, Scope


def versions(searcher, question, filters=None):
    filters = filters or Filters()
    scope = Scope(searcher.reader, filters, VersionIntent.of(question))
    return sorted(searcher.reader.docs[d].document.version for d in scope.allowed_docs
                  if searcher.reader.docs[d].document.short_title == "邻里互助法")


def test_current_version_by_default(tiny_searcher):
    assert versions(tiny_searcher, "互助站多久安排志愿者上门") == ["2023-07-01"]


def test_year_selects_old_version(tiny_searcher):
    assert versions(tiny_searcher, "2019年版互助站多久上门") == ["2019-05-01"]
    assert versions(tiny_searcher, "2019年和现行的规定有什么不同") == ["2019-05-01", "2023-07-01"]
    assert versions(tiny_searcher, "新旧版本有什么不同") == ["2019-05-01", "2023-07-01"]


def test_filters(tiny_searcher):
    assert versions(tiny_searcher, "x", Filters(include_old=True)) == ["2019-05-01", "2023-07-01"]
    assert versions(tiny_searcher, "x", Filters(versions=("2019",))) == ["2019-05-01"]
    assert versions(tiny_searcher, "x", Filters(documents=("校园安全示范条例",))) == []
    only_rules = Scope(tiny_searcher.reader, Filters(categories=("行政法规",)), VersionIntent())
    titles = {tiny_searcher.reader.docs[d].document.short_title for d in only_rules.allowed_docs}
    assert titles == {"校园安全示范条例"}


def test_ranked_search_respects_filters(tiny_searcher):
    result = tiny_searcher.search("殴打他人怎么处理", filters=Filters(documents=("校园安全示范条例",)))
    assert {h.chunk.short_title for h in result.hits} == {"校园安全示范条例"}


def test_old_version_answer_when_year_named(tiny_searcher):
    result = tiny_searcher.search("2019年版邻里互助法规定互助站几日内安排志愿者上门")
    assert result.hits[0].chunk.version == "2019-05-01"
    assert result.hits[0].chunk.article == "第四条"


def test_comparison_returns_both_versions(tiny_searcher):
    result = tiny_searcher.search("2019年和2023年邻里互助法关于互助站上门时间的规定有什么不同", k=4)
    assert {h.chunk.version for h in result.hits[:2]} == {"2019-05-01", "2023-07-01"}
