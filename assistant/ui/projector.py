"""晨学 projector tab: one article at a time in large type, next/previous, pick document and chapter."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import gradio as gr

from assistant.answering.service import Assistant
from assistant.errors import AssistantError
from assistant.ui import browse, render

ALL = browse.ALL
EMPTY = "请选择文件，然后用“下一条”（或键盘 → 键）逐条学习"


def frame(assistant: Assistant, key: str | None) -> tuple[str, str]:
    """(projector HTML, key) for one provision."""
    if not key:
        return render.notice(EMPTY), ""
    try:
        here = browse.locate(assistant, key)
    except AssistantError as exc:
        return render.notice(str(exc), "error"), ""
    position = f"{here.index + 1} / {len(here.doc.provisions)}"
    return render.projector_html(here.doc, here.provision, position), key


def pick_doc(assistant: Assistant, doc_id: str | None) -> tuple[Any, ...]:
    """A document was picked: its chapters, and its first provision on screen."""
    try:
        doc = browse.document(assistant, doc_id or "")
    except AssistantError as exc:
        return gr.update(), render.notice(str(exc), "error"), ""
    first = browse.make_key(doc.doc_id, doc.provisions[0].label) if doc.provisions else None
    return (gr.update(choices=[(ALL, ALL), *browse.chapters(doc)], value=ALL), *frame(assistant, first))


def pick_chapter(assistant: Assistant, doc_id: str | None, chapter: str | None) -> tuple[str, str]:
    """A chapter was picked: its first provision on screen."""
    try:
        doc = browse.document(assistant, doc_id or "")
    except AssistantError as exc:
        return render.notice(str(exc), "error"), ""
    items = browse.provisions(doc, chapter)
    return frame(assistant, browse.make_key(doc.doc_id, items[0].label) if items else None)


def move(assistant: Assistant, key: str | None, delta: int) -> tuple[str, str]:
    """下一条 (+1) / 上一条 (-1)."""
    if not key:
        return frame(assistant, None)
    try:
        return frame(assistant, browse.step(assistant, key, delta))
    except AssistantError as exc:
        return render.notice(str(exc), "error"), key


def refresh(assistant: Assistant) -> dict[str, Any]:
    """Document picker choices (after ingest or at page load)."""
    docs = browse.documents(assistant)
    return gr.update(choices=[(browse.doc_label(assistant, d), d.doc_id) for d in docs])


@dataclass(frozen=True)
class Projector:
    """Components refreshed from outside the tab."""

    doc: gr.Dropdown


def build(assistant: Assistant) -> Projector:
    """Lay out and wire the tab."""
    with gr.Row():
        doc = gr.Dropdown(label="文件", choices=[], min_width=220, elem_id="zf-proj-doc")
        chap = gr.Dropdown(label="章节", choices=[ALL], value=ALL, min_width=200, elem_id="zf-proj-chapter")
    screen = gr.HTML(render.notice(EMPTY), elem_id="zf-proj-screen")
    with gr.Row(elem_classes="zf-proj-nav"):
        prev = gr.Button("◀ 上一条", size="lg", min_width=100, elem_id="zf-proj-prev")
        nxt = gr.Button("下一条 ▶", size="lg", variant="primary", min_width=100, elem_id="zf-proj-next")
    key = gr.State("")
    doc.input(partial(pick_doc, assistant), doc, [chap, screen, key])
    chap.input(partial(pick_chapter, assistant), [doc, chap], [screen, key])
    prev.click(partial(move, assistant, delta=-1), key, [screen, key])
    nxt.click(partial(move, assistant, delta=1), key, [screen, key])
    return Projector(doc)
