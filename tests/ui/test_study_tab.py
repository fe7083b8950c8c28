"""学习 tab handlers: 每日一练, feedback with the source article, per-user 错题本."""

from __future__ import annotations

from ui_requests import req

from assistant.study.service import StudyService
from assistant.ui import study_tab


def wrong_response(item) -> tuple[str | None, list[str] | None, str | None]:
    """Inputs (radio, checks, text) that answer ``item`` wrongly."""
    if item.kind == "single":
        return next(c for c, o in zip(item.choices, item.options, strict=True) if not o.correct), None, None
    if item.kind == "judge":
        return ("错误" if item.answer == "正确" else "正确"), None, None
    if item.kind == "multi":
        return None, [], None
    return None, None, "不是答案"


def test_daily_shows_first_item(svc: StudyService) -> None:
    state, question, radio, checks, text, note = study_tab.start_daily(svc, req("alice"))
    assert state and state["pos"] == 0
    assert "第 1/5 题" in question
    assert note == ""
    assert sum(bool(u.get("visible")) for u in (radio, checks, text)) == 1


def test_submit_gives_feedback_with_source_and_moves_on(svc: StudyService) -> None:
    state, *_ = study_tab.start_daily(svc, req("alice"))
    item = svc.user("alice").session(state["session"]).items[0]
    out = study_tab.submit(svc, state, *wrong_response(item), req("alice"))
    new_state, question, note = out[0], out[1], out[5]
    assert new_state["pos"] == 1
    assert "第 2/5 题" in question
    assert "回答错误" in note and "正确答案" in note
    assert item.source.label in note
    article = svc.corpus.article(item.source)
    assert article is not None and article.text.splitlines()[0][:10] in note.replace("\\", "")


def test_wrong_book_is_per_user(svc: StudyService) -> None:
    state, *_ = study_tab.start_daily(svc, req("bob"))
    item = svc.user("bob").session(state["session"]).items[0]
    study_tab.submit(svc, state, *wrong_response(item), req("bob"))
    assert "错题本为空" not in study_tab.wrong_book_md(svc, req("bob"))
    assert study_tab.wrong_book_md(svc, req("alice")) == "错题本为空。"
    # alice cannot answer in bob's session
    out = study_tab.submit(svc, state, *wrong_response(item), req("alice"))
    assert out[0] == state and out[5] == ""


def test_submit_without_session(svc: StudyService) -> None:
    assert "每日一练" in study_tab.submit(svc, None, None, None, None, req("alice"))[1]


def test_finish_shows_score(svc: StudyService) -> None:
    state, *_ = study_tab.start_daily(svc, req("carol"))
    items = svc.user("carol").session(state["session"]).items
    for item in items:
        out = study_tab.submit(svc, state, *wrong_response(item), req("carol"))
        state = out[0]
    assert "已完成" in out[1] and "0/5" in out[1]
    assert study_tab.start_daily(svc, req("carol"))[0]["pos"] == 5
