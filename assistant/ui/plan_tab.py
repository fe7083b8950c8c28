"""学习 tab, 阅读计划 (晨学): plan a document (or one chapter) at N articles a day, read today's articles
with their key terms marked, mark the day read and go on. Plans are per user, like 每日一练.

Article text comes from the index (the study service's documents), escaped for Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.study.plans import Reading
from assistant.study.render import highlight
from assistant.study.service import StudyService
from assistant.ui import render
from assistant.ui.auth import current_user

NO_PLAN = "还没有阅读计划：选择文件（可选某一章）和每天条数，点击“建立计划”。"


def reading_md(reading: Reading) -> str:
    """Today's reading as escaped Markdown: header with the pace, then each article, key terms in bold."""
    plan = reading.plan
    pace = ("按计划" if reading.behind <= 0 else f"落后 {reading.behind} 天")
    lines = [f"### {render.md(plan.name)}：第 {reading.day}/{plan.total_days} 天",
             f"计划日期 {reading.date.isoformat()}，{pace}；已读 {min(plan.position, len(plan.refs))}"
             f"/{len(plan.refs)} 条"]
    if plan.finished:
        lines.append("**本计划已全部读完。**")
    elif not reading.articles:
        lines.append("今日条文已不在索引中，点击“已读完”跳过。")
    for a in reading.articles:
        chapter = f"　{render.md(a.source.chapter)}" if a.source.chapter else ""
        lines += [f"#### {render.md(a.source.cite)}{chapter}", highlight(render.md(a.text), a.key_terms, "**", "**")]
        if a.key_terms:
            lines.append(f"关键词：{'、'.join(render.md(t) for t in a.key_terms)}")
    return "\n\n".join(lines)


def plan_names(svc: StudyService, request: object) -> list[str]:
    """The user's plans, newest first (for the dropdown)."""
    return [p.name for p in reversed(svc.user(current_user(request)).list_plans())]


def create_plan(svc: StudyService, name: str, document: str | None, chapter: str | None, per_day: float | None,
                request: object) -> tuple[str, dict[str, Any]]:
    """建立计划: (today's reading or the error, dropdown update selecting the new plan)."""
    user = svc.user(current_user(request))
    if not document:
        return "请先选择文件。", gr.update()
    title = (name or "").strip() or f"{document}{'·' + chapter if chapter else ''}学习"
    try:
        plan = user.create_plan(title, [document], chapter or "", int(per_day or 5))
        text = reading_md(user.today(plan.name))
    except AssistantError as exc:
        return render.md(str(exc)), gr.update()
    return text, gr.update(choices=plan_names(svc, request), value=plan.name)


def today(svc: StudyService, plan: str | None, request: object) -> str:
    """今日阅读 of the chosen plan (default: the latest unfinished one)."""
    try:
        return reading_md(svc.user(current_user(request)).today(plan or ""))
    except AssistantError as exc:
        return NO_PLAN if not plan_names(svc, request) else render.md(str(exc))


def mark_read(svc: StudyService, plan: str | None, request: object) -> str:
    """已读完: record the day and show the next one."""
    user = svc.user(current_user(request))
    try:
        done = user.done(plan or "")
        return "已记录。\n\n" + reading_md(user.today(done.name))
    except AssistantError as exc:
        return NO_PLAN if not plan_names(svc, request) else render.md(str(exc))


def build(svc: Callable[[], StudyService]) -> None:
    """Lay out the 阅读计划 section inside the current Blocks."""
    names = svc().document_names()
    with gr.Accordion("阅读计划（晨学）", open=False) as section:
        with gr.Row():
            document = gr.Dropdown(names, label="文件", value=None, elem_id="zf-plan-doc")
            chapter = gr.Dropdown([], label="章（可选）", value=None, allow_custom_value=False)
            per_day = gr.Number(5, label="每天条数", precision=0, minimum=1, maximum=50)
            name = gr.Textbox(label="计划名称（可选）")
        create = gr.Button("建立计划", variant="primary", elem_id="zf-plan-create")
        with gr.Row():
            plans = gr.Dropdown([], label="我的计划", value=None)
            show = gr.Button("今日阅读")
            read = gr.Button("已读完，下一天", elem_id="zf-plan-read")
        reading = gr.Markdown("", elem_id="zf-plan-reading")

    def on_document(doc: str | None) -> dict[str, Any]:
        return gr.update(choices=svc().chapters(doc) if doc else [], value=None)

    def on_create(n: str, d: str | None, c: str | None, k: float | None,
                  request: gr.Request) -> tuple[str, dict[str, Any]]:
        return create_plan(svc(), n, d, c, k, request)

    def on_today(plan: str | None, request: gr.Request) -> str:
        return today(svc(), plan, request)

    def on_read(plan: str | None, request: gr.Request) -> str:
        return mark_read(svc(), plan, request)

    def on_plans(request: gr.Request) -> dict[str, Any]:
        return gr.update(choices=plan_names(svc(), request))

    def on_documents() -> dict[str, Any]:
        return gr.update(choices=svc().document_names())  # documents uploaded since the page was built

    section.expand(on_documents, None, document)
    document.change(on_document, document, chapter)
    create.click(on_create, [name, document, chapter, per_day], [reading, plans])
    show.click(on_today, plans, reading)
    read.click(on_read, plans, reading)
    plans.focus(on_plans, None, plans)
