"""问答 tab: streamed answers with citation markers, citation cards, scope filters, not-found state."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from functools import partial
from typing import Any

import gradio as gr

from assistant.answering.service import Assistant
from assistant.errors import AssistantError
from assistant.retrieval.scope import Filters
from assistant.types import Answer, Citation
from assistant.ui import browse, panel, render

Message = dict[str, str]
History = list[tuple[str, str]]


def stream_answer(assistant: Assistant, question: str, history: History, filters: Filters,
                  session_id: str | None = None) -> Iterator[str | Answer]:
    """THE streaming seam of the UI: ``str`` preview pieces, then exactly one final, authoritative Answer.

    Delegates to ``Assistant.stream`` (extractive answers arrive as pieces of the finished text; with
    an LLM configured the pieces are generated live). Swap the body to change the answer source.
    """
    yield from assistant.stream(question, history, filters, session_id)


def make_filters(documents: list[str] | None, categories: list[str] | None, include_old: bool) -> Filters:
    """Scope widgets → Filters (empty selections mean everything)."""
    return Filters(tuple(documents or ()), tuple(categories or ()), bool(include_old))


def compose(answer: Answer | None, preview: str) -> str:
    """Markdown of one assistant message: rewrite line, not-found banner, notices, escaped answer text.

    While streaming only ``preview`` exists; once the final Answer arrives its text replaces it.
    """
    if answer is None:
        return render.md_answer(preview) + " ▌"
    lines: list[str] = []
    if answer.rewritten:
        lines.append(f"*已将问题改写为：{render.md(answer.rewritten)}*")
    if not answer.found:
        lines.append("**未找到**：已载入的文件中没有足够相关的规定，下方列出最接近的条文，仅供参考。")
    lines.extend(f"> {render.md(n)}" for n in answer.notices)
    lines.append(render.md_answer(answer.text))
    return "\n\n".join(lines)


def cards_update(answer: Answer | None) -> dict[str, Any]:
    """Citation cards (radio choices ``[n] 《…》第…条``); nearest provisions when nothing was found."""
    if answer is None:
        return gr.update(choices=[], value=None, label="引用条文", visible=False)
    cited: tuple[Citation, ...] = answer.citations if answer.found else answer.nearest
    label = "引用条文（点击查看全文）" if answer.found else "最接近的条文（仅供参考，可能并不相关）"
    choices = [(render.card_label(i, c), browse.make_key(c.doc_id, c.article))
               for i, c in enumerate(cited, 1)]
    return gr.update(choices=choices, value=None, label=label, visible=bool(choices))


FRAME_INTERVAL = 0.08  # seconds between streamed frames: smooth for an LLM, no 25 re-renders of a ready answer


def respond(assistant: Assistant, question: str, messages: list[Message] | None, history: History | None,
            session: str | None, documents: list[str] | None = None, categories: list[str] | None = None,
            include_old: bool = False) -> Iterator[tuple[Any, ...]]:
    """Chat handler: yields (messages, history, session, cards, question box) as the answer streams in."""
    question = (question or "").strip()
    messages, history = list(messages or []), list(history or [])
    session = session or uuid.uuid4().hex
    if not question:
        yield messages, history, session, gr.update(), gr.update()
        return
    messages += [{"role": "user", "content": render.md(question)},
                 {"role": "assistant", "content": "检索中…"}]
    yield list(messages), history, session, cards_update(None), ""
    answer: Answer | None = None
    preview = ""
    shown = time.monotonic()
    try:
        scope = make_filters(documents, categories, include_old)
        for item in stream_answer(assistant, question, history, scope, session):
            if isinstance(item, Answer):
                answer = item
            else:
                preview += item
            if answer is None and time.monotonic() - shown < FRAME_INTERVAL:
                continue  # pieces that arrive together go out as one frame (an extractive answer: one)
            shown = time.monotonic()
            messages[-1] = {"role": "assistant", "content": compose(answer, preview)}
            yield list(messages), history, session, gr.update(), ""  # a fresh list per frame
    except AssistantError as exc:
        messages[-1] = {"role": "assistant", "content": f"**错误**：{render.md(str(exc))}"}
        yield messages, history, session, cards_update(None), ""
        return
    history.append((question, answer.text if answer else preview))
    yield messages, history, session, cards_update(answer), ""


def clear(assistant: Assistant, session: str | None) -> tuple[Any, ...]:
    """清空对话: forget the conversation (also on the server side)."""
    if session:
        assistant.forget(session)
    return [], [], "", cards_update(None)


def scope_choices(assistant: Assistant) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fresh choices for the document and category filters."""
    titles = sorted({d.short_title for d in browse.documents(assistant)})
    return gr.update(choices=titles), gr.update(choices=browse.categories(assistant))


def build(assistant: Assistant) -> dict[str, Any]:
    """Lay out the tab; returns the components other tabs need (filters, cards, article panel)."""
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            bot = gr.Chatbot(label="问答", show_label=False, height=430, latex_delimiters=[], buttons=[],
                             sanitize_html=True, elem_id="zf-chatbot",
                             placeholder="请输入问题，例如：哪些事项可以申请法律援助？")
            with gr.Row():
                box = gr.Textbox(show_label=False, placeholder="输入问题，回车发送", scale=5,
                                 elem_id="zf-question")
                send = gr.Button("发送", variant="primary", scale=1, min_width=70, elem_id="zf-send")
            wipe = gr.Button("清空对话", size="sm")
            with gr.Accordion("检索范围", open=False):
                docs = gr.Dropdown(label="只在这些文件中查找", multiselect=True, choices=[])
                cats = gr.Dropdown(label="分类", multiselect=True, choices=[])
                old = gr.Checkbox(label="包含旧版本", value=False)
        with gr.Column(scale=2, min_width=300):
            cards = gr.Radio(label="引用条文", choices=[], visible=False, elem_classes="zf-cards",
                             elem_id="zf-cards")
            art = panel.build(assistant, "zf-chat-article")
    history, session = gr.State([]), gr.State("")
    inputs = [box, bot, history, session, docs, cats, old]
    outputs = [bot, history, session, cards, box]
    for event in (box.submit, send.click):
        event(partial(respond, assistant), inputs, outputs)
    for event in (wipe.click, bot.clear):
        event(partial(clear, assistant), session, [bot, history, session, cards])
    cards.input(partial(panel.show, assistant), cards, art.outputs)
    return {"docs": docs, "cats": cats, "cards": cards, "panel": art}

