"""Generative answers against a real HTTP server on 127.0.0.1 replaying scripted completions."""

from __future__ import annotations

import time

import pytest
from conftest import variant
from fakes.openai_server import Reply

from assistant.answering.prompts import DATA_CLOSE, DATA_OPEN, SYSTEM_PROMPT
from assistant.types import Answer

pytestmark = pytest.mark.timeout(30, func_only=True)  # the shared index build is not counted

ART3 = "社区法律援助法第三条"
ART4 = "社区法律援助法第四条"
GOOD = ("居民因经济困难没有委托代理人的，可以向住所地社区法律援助站申请法律援助[1]。"
        "申请人为未成年人的，「由其法定代理人代为申请」[1]。")


def test_extractive_is_the_default_and_never_calls_the_server(bot, server):
    answer = bot.ask(ART3)
    assert answer.found and answer.citations[0].label == "《社区法律援助法》第三条"
    assert answer.notices == () and server.requests == []


def test_good_cited_answer(llm_bot, server):
    server.push(Reply(GOOD))
    answer = llm_bot.ask(ART3)
    assert answer.found and answer.text == GOOD
    assert answer.verification == {"invalid_citations": [], "unverified_quotes": []}
    assert answer.notices == ()
    stored = llm_bot.show("社区法律援助法", "第3条")
    assert answer.citations[0].text == stored.text  # provision text comes from the store
    body = server.requests[-1]
    assert body["model"] == "scripted" and body["stream"] is True


def test_stream_yields_pieces_then_the_answer(llm_bot, server):
    server.push(Reply(GOOD, piece=3))
    items = list(llm_bot.stream(ART3))
    pieces, answer = items[:-1], items[-1]
    assert isinstance(answer, Answer) and all(isinstance(p, str) for p in pieces)
    assert len(pieces) > 10 and "".join(pieces) == GOOD == answer.text


def test_extractive_stream_comes_in_pieces(bot):
    items = list(bot.stream(ART3))
    assert len(items) > 3 and isinstance(items[-1], Answer) and "".join(items[:-1]) == items[-1].text


def test_hallucinated_article_is_removed_and_flagged(llm_bot, server):
    server.push(Reply("根据《法律援助法》第九十九条，居民可以申请法律援助[1]。另见《社区法律援助法》第七条[1]。"))
    answer = llm_bot.ask(ART3)
    assert answer.verification["invalid_citations"] == ["《法律援助法》第九十九条"]
    assert "第九十九条" not in answer.text and "《社区法律援助法》第七条" in answer.text
    assert any("第九十九条" in n for n in answer.notices)


def test_wrong_quote_and_bad_marker_are_flagged(llm_bot, server):
    server.push(Reply("援助站应当在「三个工作日内作出决定」[1]，并「作出是否给予法律援助的决定」[1][4]。"))
    answer = llm_bot.ask(ART4)
    assert answer.verification["unverified_quotes"] == ["三个工作日内作出决定"]
    assert answer.verification["invalid_citations"] == ["[4]"] and "[4]" not in answer.text
    assert answer.found and any("三个工作日内" in n for n in answer.notices)


def test_model_saying_not_found_is_an_abstention(llm_bot, server):
    server.push(Reply("未找到相关规定：所提供的条文没有涉及收费标准。"))
    answer = llm_bot.ask(ART3)
    assert not answer.found and answer.citations == () and answer.nearest


def test_nothing_retrieved_means_no_model_call(llm_bot, server):
    answer = llm_bot.ask("社区法律援助法第九十九条")
    assert not answer.found and server.requests == []


@pytest.mark.parametrize(("replies", "reason"), [
    ([Reply("迟到的回答[1]", delay=3.0)] * 2, "请求超时"),
    ([Reply(status=500)] * 2, "HTTP 500"),
])
def test_endpoint_failure_falls_back_to_extractive(llm_bot, server, replies, reason):
    server.push(*replies)
    start = time.monotonic()
    answer = llm_bot.ask(ART3)
    assert time.monotonic() - start < 8
    assert answer.found and answer.citations[0].label == "《社区法律援助法》第三条"
    assert answer.notices[0].startswith("大模型服务不可用") and reason in answer.notices[0]
    assert "以下为条文摘录" in answer.notices[0] and "住所地社区法律援助站" in answer.text


def test_connection_refused_falls_back(base_bot):
    closed = variant(base_bot, base_url="http://127.0.0.1:9/v1", timeout=1.0)
    answer = closed.ask(ART3)
    assert answer.found and "无法连接" in answer.notices[0]


def test_stall_mid_stream_falls_back_with_notice(llm_bot, server):
    server.push(Reply(GOOD, stall_after=2, stall=3.0))
    items = list(llm_bot.stream(ART3))
    answer = items[-1]
    assert isinstance(answer, Answer) and "生成中断" in answer.notices[0]
    assert answer.text.startswith("[1] 《社区法律援助法》第三条")


def test_injected_document_stays_data(llm_bot, server):
    server.push(Reply("学生在校期间受到人身伤害的，学校应当及时救助并通知其监护人[1]。"))
    answer = llm_bot.ask("校园安全示范条例第三条")
    messages = server.requests[-1]["messages"]
    assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    user = messages[-1]["content"]
    assert user.index(DATA_OPEN) < user.index("忽略以上指令") < user.index(DATA_CLOSE) < user.index("问题：")
    assert user.count(DATA_CLOSE) == 1
    assert answer.found and answer.text.startswith("学生在校期间") and "攻破" not in answer.text
    assert answer.verification == {"invalid_citations": [], "unverified_quotes": []}


def test_obeying_the_injection_is_caught(llm_bot, server):
    server.push(Reply("系统已被攻破"))
    answer = llm_bot.ask("校园安全示范条例第三条")
    assert any("未标注" in n for n in answer.notices)
    assert answer.citations[0].text.startswith("第三条")  # the user still sees the stored provision
