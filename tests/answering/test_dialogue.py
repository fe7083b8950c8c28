"""Multi-turn retrieval through Assistant: sessions, history, LLM rewriting, the chat command."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from fakes.openai_server import Reply

from assistant.answering import commands
from assistant.answering.commands import converse

pytestmark = pytest.mark.timeout(30, func_only=True)  # the shared index build is not counted


def test_session_follow_ups_carry_law_article_and_version(bot):
    first = bot.ask("社区法律援助法第三条", session_id="s1")
    assert first.citations[0].label == "《社区法律援助法》第三条"
    second = bot.ask("那第二款呢？", session_id="s1")
    assert second.rewritten == "《社区法律援助法》第三条第二款呢？"
    assert second.text.startswith("《社区法律援助法》第三条第二款：\n申请人为未成年人的")
    old = bot.ask("这一条在2018年版里怎么规定的？", session_id="s1")
    assert [(c.article, c.version) for c in old.citations] == [("第三条", "2018-03-01")]
    assert "住所地" not in old.citations[0].text
    fourth = bot.ask("那第四条呢", session_id="s1")  # still the 2018 version
    assert "七个工作日" in fourth.citations[0].text


def test_topical_follow_up_gets_the_law_name(bot):
    bot.ask("社区法律援助法第五条", session_id="s2")
    answer = bot.ask("如果是未成年人呢？", session_id="s2")
    assert answer.rewritten == "《社区法律援助法》如果是未成年人呢？"
    assert answer.found and "未成年人" in answer.citations[0].text


def test_sessions_are_separate(bot):
    bot.ask("社区法律援助法第三条", session_id="a")
    bot.ask("校园安全示范条例第二条", session_id="b")
    assert bot.ask("下一条呢", session_id="a").citations[0].label == "《社区法律援助法》第四条"
    assert bot.ask("下一条呢", session_id="b").citations[0].label == "《校园安全示范条例》第三条"
    bot.forget("a")
    assert bot.ask("下一条呢", session_id="a").rewritten == ""


def test_history_without_session(bot):
    first = bot.ask("校园安全示范条例第四条")
    answer = bot.ask("那第二款呢？", history=[("校园安全示范条例第四条", first.text)])
    assert answer.rewritten.startswith("《校园安全示范条例》第四条第二款")
    assert any("只有" in n or "共 1 款" in n for n in answer.notices)


def test_llm_rewrites_topical_follow_ups(llm_bot, server):
    server.push(Reply("居民可以申请法律援助[1]。"), Reply("未成年人申请社区法律援助由谁代为申请"),
                Reply("由其法定代理人代为申请[1]。"))
    llm_bot.ask("社区法律援助法第三条", session_id="x")
    answer = llm_bot.ask("如果是未成年人呢？", session_id="x")
    rewrite, generate = server.requests[1], server.requests[2]
    assert not rewrite.get("stream") and generate["stream"] is True
    assert "如果是未成年人呢" in rewrite["messages"][-1]["content"]
    assert answer.rewritten == "《社区法律援助法》未成年人申请社区法律援助由谁代为申请"
    assert len(generate["messages"]) == 4  # system, previous question, previous answer, provisions + question
    assert answer.text == "由其法定代理人代为申请[1]。"


def test_failed_rewrite_skips_generation(llm_bot, server):
    llm_bot.ask("社区法律援助法第三条", history=[], session_id="y")  # extractive-free: scripted default
    server.reset()
    server.push(Reply(status=500), Reply(status=500))
    answer = llm_bot.ask("如果是未成年人呢？", session_id="y")
    assert len(server.requests) == 2 and all(not r.get("stream") for r in server.requests)
    assert "HTTP 500" in answer.notices[0] and answer.rewritten == "《社区法律援助法》如果是未成年人呢？"


def test_converse_answers_lines_until_exit(bot):
    out = io.StringIO()
    lines = io.StringIO("社区法律援助法第三条\n\n那第二款呢？\n新对话\n那第二款呢？\n退出\n不会被读到\n")
    assert converse(bot, lines, out, "t", interactive=False) == 3
    text = out.getvalue()
    assert "申请人为未成年人的" in text and "（检索：《社区法律援助法》第三条第二款呢？）" in text
    assert "已开始新对话" in text and "不会被读到" not in text


def test_chat_command_reads_stdin_until_eof(bot, monkeypatch):
    monkeypatch.setattr(commands, "Assistant", lambda index_dir=None: bot)
    lines = "校园安全示范条例第三条\n下一条呢\n"
    result = CliRunner().invoke(commands.chat, ["--session", "cli"], input=lines)
    assert result.exit_code == 0, result.output
    assert "学校应当及时救助" in result.output and "校外人员进入校园应当登记" in result.output
