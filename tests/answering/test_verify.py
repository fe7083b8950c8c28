"""Citation verification: pure functions over generated text and the provided article texts."""

from __future__ import annotations

from assistant.answering.verify import (
    REMOVED,
    check_bare_articles,
    check_markers,
    check_quotes,
    check_references,
    cited_after,
    cited_numbers,
    markers,
    verify,
)

ART3 = "第三条 居民因经济困难没有委托代理人的，可以向住所地社区法律援助站申请法律援助。\n" \
       "申请人为未成年人的，由其法定代理人代为申请。"
ART4 = "第四条 社区法律援助站应当自收到申请之日起五个工作日内作出是否给予法律援助的决定。"
ARTICLES = [ART3, ART4]
INDEX = {("社区法律援助法", 3), ("社区法律援助法", 4), ("社区法律援助法", 7), ("校园安全示范条例", 2)}


def exists(name: str, number: int) -> bool:
    return (name.removeprefix("中华人民共和国"), number) in INDEX


def test_markers_in_order():
    assert markers("甲[1]，乙[2][1]。") == [1, 2, 1]
    assert cited_numbers("甲[2]，乙[9][2][1]。", 2) == [2, 1]


def test_out_of_range_markers_are_removed_and_flagged():
    text, bad = check_markers("可以申请[1]，五日内决定[3]，另见[0][3]。", 2)
    assert text == "可以申请[1]，五日内决定，另见。"
    assert bad == ["[3]", "[0]"]


def test_existing_references_are_kept():
    text, bad = check_references("依照《社区法律援助法》第三条和《中华人民共和国社区法律援助法》第4条。",
                                 exists)
    assert bad == [] and "第三条" in text and "第4条" in text


def test_hallucinated_article_is_removed_and_flagged():
    text, bad = check_references("根据《法律援助法》第九十九条，可以申请；另见《社区法律援助法》第三十条。",
                                 exists)
    assert bad == ["《法律援助法》第九十九条", "《社区法律援助法》第三十条"]
    assert "第九十九条" not in text and "第三十条" not in text and text.count(REMOVED) == 2


def test_reference_with_version_tag_is_checked():
    _, bad = check_references("《社区法律援助法》（2018年版）第三条", exists)
    assert bad == []


def test_exact_quote_passes_and_whitespace_is_ignored():
    assert check_quotes("「可以向住所地社区法律援助站申请法律援助」[1]", ARTICLES) == []
    assert check_quotes("“五个工作日内 作出是否给予法律援助的决定”[2]", ARTICLES) == []


def test_wrong_quote_is_flagged():
    bad = check_quotes("法律规定「三个工作日内作出决定」[2]。", ARTICLES)
    assert bad == ["三个工作日内作出决定"]


def test_quote_must_be_in_the_article_it_cites():
    # true text of [2], but cited as [1]
    assert check_quotes("「五个工作日内」[1]", ARTICLES) == ["五个工作日内"]
    assert check_quotes("「五个工作日内」。[1][2]", ARTICLES) == []


def test_quote_without_marker_may_match_any_article():
    assert check_quotes("条文说“法定代理人代为申请”。", ARTICLES) == []
    assert check_quotes("条文说“监护人代为申请”。", ARTICLES) == ["监护人代为申请"]


def test_cited_after_needs_adjacent_markers():
    text = "「甲乙」，[1][2] 然后 [3]"
    assert cited_after(text, text.index("」") + 1) == [1, 2]
    assert cited_after("「甲乙」而且[1]", 4) == []


def test_verify_combines_all_checks():
    answer = ("居民可以申请法律援助[1]，申请人为未成年人的由「监护人代为申请」[1]；"
              "站点应在「五个工作日内」作出决定[2]。另据《法律援助法》第九十九条可以免费[5]。")
    checked = verify(answer, ARTICLES, exists)
    assert checked.invalid_citations == ["[5]", "《法律援助法》第九十九条"]
    assert checked.unverified_quotes == ["监护人代为申请"]
    assert "[5]" not in checked.text and "第九十九条" not in checked.text
    assert checked.report() == {"invalid_citations": ["[5]", "《法律援助法》第九十九条"],
                                "unverified_quotes": ["监护人代为申请"]}


def test_clean_answer_has_empty_report():
    checked = verify("可以向住所地社区法律援助站申请[1]。", ARTICLES, exists)
    assert checked.report() == {"invalid_citations": [], "unverified_quotes": []}


def test_bare_article_must_be_provided_or_mentioned():
    articles = [ART3, "第六条 不服的，可以依照本法第四条提出异议。"]
    assert check_bare_articles("依照第三条[1]和第6条[2]，以及第四条", articles) == []
    assert check_bare_articles("根据第九十九条，可以申请[1]。", articles) == ["第九十九条"]
    named = "《社区法律援助法》 第七条和《社区法律援助法》（2018年版）第五条"
    assert check_bare_articles(named, articles) == []
