"""问答 handlers over the tiny index: streaming, citation cards, scope filters, not-found, escaping."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from assistant.types import Answer, Citation
from assistant.ui import chat, panel


def run(assistant, question, **scope):
    """All yields of one chat turn, and the last one."""
    steps = list(chat.respond(assistant, question, [], [], "", **scope))
    return steps, steps[-1]


def test_answer_streams_then_shows_cards(assistant):
    steps, (messages, history, session, cards, box) = run(assistant, "哪些事项可以申请法律援助？")
    assert len(steps) >= 3  # placeholder, preview piece(s), final
    assert messages[0] == {"role": "user", "content": "哪些事项可以申请法律援助？"}
    answer = messages[-1]["content"]
    assert r"**\[1\]**" in answer and "《模拟法律援助法》第六条" in answer and "请求支付劳动报酬" in answer
    assert "▌" not in answer  # the final render replaced the preview
    assert history == [("哪些事项可以申请法律援助？", history[0][1])] and "第六条" in history[0][1]
    assert session and box == ""
    assert cards["visible"] and cards["label"].startswith("引用条文")
    label, key = cards["choices"][0]
    assert label.startswith("[1] 《模拟法律援助法》第六条\n2021-08-20 版｜第二章 形式和范围 / 第二节 范围")
    html, text, ref = panel.show(assistant, key)
    assert ref == key and "第六条" in html and "请求支付劳动报酬" in html
    assert text.startswith("《模拟法律援助法》第六条：下列事项的当事人")


def test_preview_is_shown_while_streaming(assistant, monkeypatch):
    real = chat.stream_answer

    def slow(*args, **kwargs):  # pieces arriving like an LLM's tokens
        for item in real(*args, **kwargs):
            time.sleep(0.1)
            yield item

    monkeypatch.setattr(chat, "stream_answer", slow)
    steps, _ = run(assistant, "邻居噪音纠纷怎么调解")
    previews = [s[0][-1]["content"] for s in steps[1:-1]]
    assert any(p.endswith("▌") for p in previews)


def test_a_ready_answer_is_sent_in_few_frames(assistant):
    """An extractive answer is complete at once: its pieces go out together, not as ~25 re-renders."""
    steps, _ = run(assistant, "邻居噪音纠纷怎么调解")
    assert len(steps) <= 4


def test_not_found_shows_nearest(assistant):
    _, (messages, _, _, cards, _) = run(assistant, "火星移民签证怎么办理")
    assert "**未找到**" in messages[-1]["content"]
    assert cards["label"].startswith("最接近的条文")


def test_scope_filter_limits_documents(assistant):
    _, (_, _, _, cards, _) = run(assistant, "申请调解", documents=["社区调解示范条例"])
    assert cards["choices"] and all("《社区调解示范条例》" in label for label, _ in cards["choices"])
    _, (_, _, _, cards, _) = run(assistant, "申请", categories=["法律"])
    assert all("《模拟法律援助法》" in label for label, _ in cards["choices"])


def test_old_versions_only_when_asked(assistant):
    question = "援助范围限于民事案件"
    _, (_, _, _, cards, _) = run(assistant, question)
    assert not any("2018-01-01" in label for label, _ in cards["choices"])
    _, (_, _, _, cards, _) = run(assistant, question, include_old=True)
    assert any("2018-01-01" in label for label, _ in cards["choices"])


def test_document_html_never_reaches_the_chat(assistant):
    _, (messages, _, _, _cards, _) = run(assistant, "调解文书 如实记录当事人陈述 代码")
    content = messages[-1]["content"]
    assert "第三条" in content
    assert "<script" not in content and "<img" not in content
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in content
    assert r"\*\*加粗文字\*\*" in content


def test_rewritten_line_and_notices(assistant, monkeypatch):
    cite = Citation("中华人民共和国模拟法律援助法", "模拟法律援助法", "2021-08-20", "第七条", 7, "第二章",
                    "第七条 …", 1.0)
    fake = Answer("第七条呢", True, "[1] 《模拟法律援助法》第七条：…", (cite,),
                  rewritten="《模拟法律援助法》第七条", notices=("大模型暂不可用，已改为直接引用条文",))
    monkeypatch.setattr(chat, "stream_answer", lambda *a: iter(["[1] 预览", fake]))
    _, (messages, _, _, _cards, _) = run(assistant, "第七条呢")
    content = messages[-1]["content"]
    assert content.startswith("*已将问题改写为：《模拟法律援助法》第七条*")
    assert "> 大模型暂不可用" in content and "预览" not in content
    plain = replace(fake, rewritten="", notices=())
    assert chat.compose(plain, "").startswith(r"**\[1\]**")
    assert chat.compose(None, "[1] 预").endswith("▌")


def test_errors_are_shown_in_chinese(assistant, monkeypatch):
    from assistant.errors import IndexStoreError

    def boom(*_a):
        raise IndexStoreError("索引为空", hint="先运行 assistant ingest")
        yield  # pragma: no cover

    monkeypatch.setattr(chat, "stream_answer", boom)
    _, (messages, _, _, cards, _) = run(assistant, "随便问问")
    assert messages[-1]["content"].startswith("**错误**：索引为空") and not cards["visible"]


def test_empty_question_changes_nothing(assistant):
    steps, (messages, history, _, _, _) = run(assistant, "   ")
    assert len(steps) == 1 and messages == [] and history == []


@pytest.mark.parametrize("follow", ["第七条呢"])
def test_history_is_passed_on(assistant, follow):
    first = list(chat.respond(assistant, "模拟法律援助法第六条", [], [], ""))[-1]
    messages, history, session = first[0], first[1], first[2]
    last = list(chat.respond(assistant, follow, messages, history, session))[-1]
    assert len(last[0]) == 4 and len(last[1]) == 2
    assert "第七条" in last[0][-1]["content"]
    assert chat.clear(assistant, session)[:3] == ([], [], "")


def test_scope_choices(assistant):
    docs, cats = chat.scope_choices(assistant)
    assert docs["choices"] == ["模拟法律援助法", "社区调解示范条例"]
    assert set(cats["choices"]) == {"法律", "地方性法规"}
