"""学习 tab: 每日一练 (one item at a time, feedback with the source article), the user's 错题本 and
阅读计划 (``plan_tab.py``).

Handlers are plain functions over a :class:`StudyService` and a ``gr.Request`` (the learner is
``auth.current_user(request)``), so progress and 错题本 are per user and testable without a server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.answering.service import Assistant
from assistant.errors import AssistantError
from assistant.study.items import FALSE, TRUE, Item
from assistant.study.render import feedback, response_from_choices
from assistant.study.service import StudyService
from assistant.study.user import UserStudy
from assistant.ui import plan_tab, render
from assistant.ui.auth import current_user

State = dict[str, Any]  # {"session": id, "pos": index of the current item}


def learner(svc: StudyService, request: object) -> UserStudy:
    """The signed-in user's study state."""
    return svc.user(current_user(request))


def item_md(item: Item, number: int, total: int) -> str:
    """The question (escaped) for a Markdown component."""
    return f"**第 {number}/{total} 题**　［{item.kind_name}］{render.md(item.question)}"


def text_md(text: str) -> str:
    """Plain multi-line text (feedback, article) escaped for Markdown, line breaks kept."""
    return "\n\n".join(render.md(line) for line in text.splitlines() if line.strip())


def inputs_for(item: Item | None) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Updates of the radio, checkbox group and textbox: only the one the item needs is visible."""
    radio = gr.update(visible=False, choices=[], value=None)
    checks = gr.update(visible=False, choices=[], value=[])
    text = gr.update(visible=False, value="")
    if item is None:
        return radio, checks, text
    if item.kind == "single":
        radio = gr.update(visible=True, choices=item.choices, value=None)
    elif item.kind == "judge":
        radio = gr.update(visible=True, choices=[TRUE, FALSE], value=None)
    elif item.kind == "multi":
        checks = gr.update(visible=True, choices=item.choices, value=[])
    else:
        hint = "第几条，如 第六条 或 6" if item.kind == "source" else "填写空缺的词语"
        text = gr.update(visible=True, value="", placeholder=hint)
    return radio, checks, text


def response_of(item: Item, choice: str | None, checks: list[str] | None, text: str | None) -> str:
    """The learner's response in the form :meth:`UserStudy.answer` grades."""
    if item.kind == "single":
        return response_from_choices(choice)
    if item.kind == "judge":
        return choice or ""
    if item.kind == "multi":
        return response_from_choices(checks)
    return (text or "").strip()


def _show(user: UserStudy, state: State, note: str = "") -> tuple[Any, ...]:
    """(state, question, radio, checks, text, feedback) for the item at ``state["pos"]``."""
    session = user.session(state["session"])
    pos = state["pos"]
    if pos >= len(session.items):
        score = user.score(session.id)
        done = f"**本次{session.mode_name}已完成**：答对 {score.correct}/{score.total}（{score.percent}%）"
        return (state, done, *inputs_for(None), note)
    item = session.items[pos]
    return (state, item_md(item, pos + 1, len(session.items)), *inputs_for(item), note)


def start_daily(svc: StudyService, request: gr.Request) -> tuple[Any, ...]:
    """每日一练: today's 5 items (resumes at the first unanswered one)."""
    user = learner(svc, request)
    try:
        session = user.daily()
    except AssistantError as exc:
        return (None, render.md(str(exc)), *inputs_for(None), "")
    if not session.items:
        return (None, "索引中暂无可出题的条文。", *inputs_for(None), "")
    answered = user.sessions.answered(session)
    pos = next((i for i, it in enumerate(session.items) if it.item_id not in answered), len(session.items))
    return _show(user, {"session": session.id, "pos": pos})


def submit(svc: StudyService, state: State | None, choice: str | None, checks: list[str] | None,
           text: str | None, request: gr.Request) -> tuple[Any, ...]:
    """提交: grade the current item, show feedback (answer key, source article) and move on."""
    if not state:
        return (state, "请先点击“每日一练”。", *inputs_for(None), "")
    user = learner(svc, request)
    try:
        session = user.session(state["session"])
        if state["pos"] >= len(session.items):
            return _show(user, state)
        item = session.items[state["pos"]]
        result = user.answer(session.id, item.item_id, response_of(item, choice, checks, text))
    except AssistantError as exc:
        return (state, render.md(str(exc)), *inputs_for(None), "")
    return _show(user, {**state, "pos": state["pos"] + 1}, text_md(feedback(result, svc.corpus)))


def wrong_book_md(svc: StudyService, request: gr.Request) -> str:
    """The user's 错题本 as escaped Markdown, most recent first."""
    entries = learner(svc, request).wrong_book()
    if not entries:
        return "错题本为空。"
    blocks = []
    for n, e in enumerate(entries, 1):
        item = e.item
        blocks.append(f"**{n}.** ［{item.kind_name}］{render.md(item.question)}\n\n"
                      f"你的答案：{render.md(e.response or '未作答')}　正确答案：{render.md(item.answer_text)}"
                      f"　出处：{render.md(item.source.full_cite)}　错 {e.times} 次")
    return "\n\n---\n\n".join(blocks)


@dataclass
class StudyTab:
    """Components of the tab (for wiring and tests)."""

    question: gr.Markdown
    feedback: gr.Markdown
    wrong: gr.Markdown


def build(assistant: Assistant, service: Callable[[], StudyService] | None = None) -> StudyTab:
    """Lay out the tab inside the current Blocks; ``service`` defaults to one built from ``assistant``."""

    def svc() -> StudyService:  # rebuilt per event so newly ingested documents are studyable
        return service() if service is not None else StudyService.from_assistant(assistant)

    def on_start(request: gr.Request) -> tuple[Any, ...]:
        return start_daily(svc(), request)

    def on_submit(state: State | None, choice: str | None, checks: list[str] | None, text: str | None,
                  request: gr.Request) -> tuple[Any, ...]:
        return submit(svc(), state, choice, checks, text, request)

    def on_wrong(request: gr.Request) -> str:
        return wrong_book_md(svc(), request)

    state = gr.State(None)
    with gr.Row():
        daily = gr.Button("每日一练", variant="primary")
        show_wrong = gr.Button("错题本")
    question = gr.Markdown("点击“每日一练”开始今天的 5 道题。")
    radio = gr.Radio(choices=[], label="选择答案", visible=False)
    checks = gr.CheckboxGroup(choices=[], label="选择答案（可多选）", visible=False)
    text = gr.Textbox(label="你的答案", visible=False)
    send = gr.Button("提交")
    result = gr.Markdown("")
    wrong = gr.Markdown("")
    outputs = [state, question, radio, checks, text, result]
    daily.click(on_start, None, outputs)
    send.click(on_submit, [state, radio, checks, text], outputs)
    show_wrong.click(on_wrong, None, wrong)
    plan_tab.build(svc)
    return StudyTab(question, result, wrong)
