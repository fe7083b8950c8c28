"""Conversation context, session store and history replay (no index)."""

from __future__ import annotations

import threading

from fakes.names import FakeNames

from assistant.answering.conversation import (
    Context,
    Conversation,
    SessionStore,
    context_from_history,
    next_context,
    references,
    year_of,
)
from assistant.types import Answer, Citation


def cite(title: str, number: int, label: str) -> Citation:
    return Citation(title, title, "2024-05-01", label, number, "第一章", f"{label} 正文", 1.0, "d")


FOUND = Answer("q", True, "text", (cite("校园安全示范条例", 4, "第四条"),))
NOTHING = Answer("q", False, "未找到")


def test_year_of():
    assert year_of("这一条在2018年版里") == "2018"
    assert year_of("（2024）") == "2024"
    assert year_of("第2018条") == ""


def test_references_resolve_names_before_articles():
    assert references("《社区法援法》第3条和校园安全示范条例第二条", FakeNames()) == [
        ("社区法律援助法", 3), ("校园安全示范条例", 2)]
    assert references("第三条", FakeNames()) == []


def test_next_context_prefers_explicit_reference():
    ctx = next_context(Context(), "《社区法律援助法》第三条（2018年版）", FOUND, [("社区法律援助法", 3)])
    assert ctx == Context("社区法律援助法", 3, "2018", "《社区法律援助法》第三条（2018年版）")


def test_next_context_takes_top_citation_of_found_answer():
    ctx = next_context(Context("社区法律援助法", 3), "校外人员能进学校吗", FOUND, [])
    assert (ctx.title, ctx.article, ctx.version) == ("校园安全示范条例", 4, "")


def test_next_context_named_law_without_article():
    ctx = next_context(Context(), "社区法律援助法规定了什么", NOTHING, [], ["社区法律援助法"])
    assert (ctx.title, ctx.article) == ("社区法律援助法", 0)


def test_next_context_keeps_old_context_when_nothing_found():
    old = Context("社区法律援助法", 3, "", "社区法律援助法第三条")
    ctx = next_context(old, "今天天气怎么样", NOTHING, [])
    assert (ctx.title, ctx.article, ctx.query) == ("社区法律援助法", 3, "今天天气怎么样")


def test_context_from_history_reads_questions_and_answers():
    history = [("社区法律援助法第三条", "[1] 《社区法律援助法》第三条：……"),
               ("学生受伤怎么办", "根据已载入的文件：\n\n[1] 《校园安全示范条例》第三条：……")]
    assert context_from_history(history, FakeNames()) == Context("校园安全示范条例", 3, "", "学生受伤怎么办")
    assert context_from_history([], FakeNames()) == Context()


def test_conversation_keeps_last_turns():
    conv = Conversation()
    for i in range(20):
        conv = conv.record(f"q{i}", f"a{i}", Context(query=f"q{i}"))
    assert len(conv.turns) == 12 and conv.turns[-1] == ("q19", "a19") and conv.context.query == "q19"


def test_session_store_caps_and_evicts_least_recent():
    store = SessionStore(cap=3)
    for sid in "abc":
        store.save(sid, Conversation(Context(title=sid)))
    store.get("a")  # a becomes most recent
    store.save("d", Conversation())
    assert len(store) == 3 and store.get("b") == Conversation() and store.get("a").context.title == "a"
    store.forget("a")
    assert store.get("a") == Conversation()


def test_session_store_is_thread_safe():
    store = SessionStore(cap=50)

    def work(n: int) -> None:
        for i in range(200):
            store.save(f"{n}-{i}", Conversation())
            store.get(f"{n}-{i // 2}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store) == 50
