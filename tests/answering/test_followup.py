"""The rule-based follow-up rewriter on hand-written dialogue cases (no index, no model)."""

from __future__ import annotations

import pytest
from fakes.names import FakeNames

from assistant.answering.conversation import Context
from assistant.answering.followup import core, is_followup, names_other_law, rewrite_followup

LAW = "社区法律援助法"
ART3 = Context(LAW, 3, "", "社区法律援助法第三条")
ART3_2018 = Context(LAW, 3, "2018", "社区法律援助法第三条（2018年版）")
ART1 = Context(LAW, 1, "", "社区法律援助法第一条")
LAW_ONLY = Context(LAW, 0, "", "社区法律援助怎么申请")
SCHOOL = Context("校园安全示范条例", 3, "", "学生在学校受伤了怎么办")
EMPTY = Context()

CASES = [
    # (previous context, follow-up, expected standalone query, kind)
    (ART3, "那第二款呢？", "《社区法律援助法》第三条第二款呢？", "article"),
    (ART3, "第二款呢", "《社区法律援助法》第三条第二款呢", "article"),
    (ART3, "第2款是什么", "《社区法律援助法》第三条第2款是什么", "article"),
    (ART3, "那第五条呢？", "《社区法律援助法》第五条呢？", "article"),
    (ART3, "第5条怎么规定的", "《社区法律援助法》第5条怎么规定的", "article"),
    (ART3, "那第四条第一款呢", "《社区法律援助法》第四条第一款呢", "article"),
    (ART3, "这一条在2018年版里怎么规定的？", "《社区法律援助法》第三条在2018年版里怎么规定的？", "article"),
    (ART3, "这条是什么意思", "《社区法律援助法》第三条是什么意思", "article"),
    (ART3, "该条第二款讲了什么", "《社区法律援助法》第三条第二款讲了什么", "article"),
    (ART3, "本条第一款", "《社区法律援助法》第三条第一款", "article"),
    (ART3, "上一条呢", "《社区法律援助法》第二条呢", "article"),
    (ART3, "下一条呢？", "《社区法律援助法》第四条呢？", "article"),
    (ART3, "2018年版呢？", "《社区法律援助法》第三条2018年版呢？", "article"),
    (ART3_2018, "那第二款呢？", "《社区法律援助法》第三条第二款呢？（2018年版）", "article"),
    (ART3_2018, "下一条呢", "《社区法律援助法》第四条呢（2018年版）", "article"),
    (ART3, "如果是未成年人呢？", "《社区法律援助法》如果是未成年人呢？", "carry"),
    (ART3, "那外地人呢", "《社区法律援助法》外地人呢", "carry"),
    (ART3, "那么如果对方不给钱呢", "《社区法律援助法》如果对方不给钱呢", "carry"),
    (LAW_ONLY, "要多久？", "《社区法律援助法》社区法律援助怎么申请 要多久？", "carry"),
    (ART3, "怎么办？", "社区法律援助法第三条 怎么办？", "carry"),
    (ART3, "这种情况下需要交费吗", "《社区法律援助法》这种情况下需要交费吗", "carry"),
    (LAW_ONLY, "那第二款呢", "《社区法律援助法》第二款呢", "carry"),
    (ART1, "上一条呢", "《社区法律援助法》上一条呢", "carry"),
    (SCHOOL, "如果是校外人员呢", "《校园安全示范条例》如果是校外人员呢", "carry"),
    # standalone: names a law, or reads as a full question, or there is no context
    (ART3, "校园安全示范条例第四条", "校园安全示范条例第四条", "standalone"),
    (ART3, "社区法援法第七条呢", "社区法援法第七条呢", "standalone"),
    (ART3, "那刑法呢？", "那刑法呢？", "standalone"),
    (ART3, "劳动合同法里怎么规定试用期", "劳动合同法里怎么规定试用期", "standalone"),
    (ART3, "《中华人民共和国民事诉讼法》第三条", "《中华人民共和国民事诉讼法》第三条", "standalone"),
    (ART3, "学校食堂的食品来源需要向家长公示吗", "学校食堂的食品来源需要向家长公示吗", "standalone"),
    (ART3, "在学校被同学打伤了，学校应当承担什么责任？", "在学校被同学打伤了，学校应当承担什么责任？",
     "standalone"),
    (EMPTY, "那第二款呢？", "那第二款呢？", "standalone"),
    (EMPTY, "如果是未成年人呢？", "如果是未成年人呢？", "standalone"),
    (ART3, "  ", "", "standalone"),
]


@pytest.mark.parametrize(("ctx", "question", "expected", "kind"), CASES)
def test_rewrite_followup(ctx, question, expected, kind):
    rewrite = rewrite_followup(question, ctx, FakeNames())
    assert (rewrite.query, rewrite.kind) == (expected, kind)


def test_there_are_enough_dialogue_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize(("question", "expected"), [
    ("要多久？", True), ("那外地人呢", True), ("如果是未成年人呢？", True), ("这种情况下需要交费吗", True),
    ("学校食堂的食品来源需要向家长公示吗", False),
    ("居民因经济困难没有委托代理人的可以申请法律援助吗", False),
])
def test_is_followup(question, expected):
    assert is_followup(question) is expected


@pytest.mark.parametrize(("question", "expected"), [
    ("那刑法呢", True), ("《某某规定》怎么说", True), ("道路交通安全法里怎么说", True),
    ("这样违法吗", False), ("有什么办法", False), ("依法应当怎么处理", False), ("如果是未成年人呢", False),
])
def test_names_other_law(question, expected):
    assert names_other_law(question) is expected


def test_core_strips_lead_punctuation_and_ne():
    assert core("那，第二款呢？") == "第二款"
