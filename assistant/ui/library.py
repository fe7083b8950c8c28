"""法规库 tab: browse documents by category and table of contents, open articles, search in a document."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import gradio as gr

from assistant.answering.service import Assistant
from assistant.errors import AssistantError
from assistant.types import Document
from assistant.ui import browse, panel, render

ALL = browse.ALL


def doc_choices(assistant: Assistant, category: str | None) -> list[tuple[str, str]]:
    """(label, doc_id) for the document picker."""
    return [(browse.doc_label(assistant, d), d.doc_id) for d in browse.documents(assistant, category)]


def article_choices(doc: Document, chapter: str | None) -> list[tuple[str, str]]:
    """(label, key) for the article picker of one chapter (or the whole document)."""
    return [(p.label, browse.make_key(doc.doc_id, p.label)) for p in browse.provisions(doc, chapter)]


def refresh(assistant: Assistant) -> tuple[dict[str, Any], dict[str, Any]]:
    """Category and document pickers after an ingest (or at page load)."""
    cats = [ALL, *browse.categories(assistant)]
    return gr.update(choices=cats, value=ALL), gr.update(choices=doc_choices(assistant, ALL), value=None)


def open_key(assistant: Assistant, key: str | None, reset: bool = True) -> tuple[Any, ...]:
    """Everything the tab shows for one provision: pickers, TOC and article panel.

    ``reset`` also puts the category/document pickers on that document (for 在法规库中打开).
    """
    keep = gr.update()
    if not key:
        return (keep,) * 5 + panel.show(assistant, None)
    try:
        here = browse.locate(assistant, key)
    except AssistantError as exc:
        return (keep,) * 4 + (render.notice(str(exc), "error"),) + panel.show(assistant, None)
    doc, chapter = here.doc, browse.chapter_path(here.provision) or ALL
    pickers = (gr.update(value=ALL), gr.update(choices=doc_choices(assistant, ALL), value=doc.doc_id))
    return (*(pickers if reset else (keep, keep)),
            gr.update(choices=[(ALL, ALL), *browse.chapters(doc)], value=chapter),
            gr.update(choices=article_choices(doc, chapter), value=key),
            render.toc_html(doc), *panel.show(assistant, key))


def step_key(assistant: Assistant, key: str | None, delta: int) -> tuple[Any, ...]:
    """上一条/下一条 in the library: move and keep the pickers in step."""
    try:
        return open_key(assistant, browse.step(assistant, key, delta) if key else None, reset=False)
    except AssistantError as exc:
        return (gr.update(),) * 4 + (render.notice(str(exc), "error"),) + panel.show(assistant, None)


def open_doc(assistant: Assistant, doc_id: str | None) -> tuple[Any, ...]:
    """A document was picked: its TOC and its first provision."""
    try:
        doc = browse.document(assistant, doc_id or "")
    except AssistantError as exc:
        return (gr.update(),) * 4 + (render.notice(str(exc), "error"),) + panel.show(assistant, None)
    first = browse.make_key(doc.doc_id, doc.provisions[0].label) if doc.provisions else None
    return open_key(assistant, first, reset=False)


def pick_category(assistant: Assistant, category: str | None) -> tuple[Any, ...]:
    """A category was picked: its documents, and the first one opened."""
    choices = doc_choices(assistant, category)
    first = choices[0][1] if choices else None
    return (gr.update(), gr.update(choices=choices, value=first), *open_doc(assistant, first)[2:])


def pick_chapter(assistant: Assistant, doc_id: str | None, chapter: str | None) -> tuple[Any, ...]:
    """A chapter was picked: its articles, and its first article opened."""
    try:
        doc = browse.document(assistant, doc_id or "")
    except AssistantError as exc:
        return (gr.update(), render.notice(str(exc), "error"), "", "")
    choices = article_choices(doc, chapter)
    first = choices[0][1] if choices else None
    return (gr.update(choices=choices, value=first), *panel.show(assistant, first))


def search(assistant: Assistant, doc_id: str | None, keyword: str) -> dict[str, Any]:
    """Keyword search inside the open document → result choices with a short excerpt."""
    try:
        doc = browse.document(assistant, doc_id or "")
    except AssistantError:
        return gr.update(choices=[], value=None, label="请先选择文件", visible=True)
    hits = browse.search_in(doc, keyword or "")
    choices = [(f"{p.label}：{render.body(p)[:40]}…", browse.make_key(doc.doc_id, p.label)) for p in hits]
    word = (keyword or "").strip()
    label = f"“{word}”在《{doc.short_title}》中找到 {len(hits)} 条" if word else "请输入关键词"
    return gr.update(choices=choices, value=None, label=label, visible=True)


@dataclass(frozen=True)
class Library:
    """Components other tabs update (targets of 在法规库中打开 and of refresh after ingest)."""

    category: gr.Dropdown
    doc: gr.Dropdown
    chapter: gr.Dropdown
    article: gr.Dropdown
    toc: gr.HTML
    panel: panel.Panel

    @property
    def outputs(self) -> list[Any]:
        """Outputs of :func:`open_key`."""
        return [self.category, self.doc, self.chapter, self.article, self.toc, *self.panel.outputs]


def build(assistant: Assistant) -> Library:
    """Lay out and wire the tab."""
    with gr.Row():
        cat = gr.Dropdown(label="分类", choices=[ALL], value=ALL, min_width=140, elem_id="zf-lib-cat")
        doc = gr.Dropdown(label="文件", choices=[], min_width=220, elem_id="zf-lib-doc")
        chap = gr.Dropdown(label="章节", choices=[ALL], value=ALL, min_width=200, elem_id="zf-lib-chapter")
        art = gr.Dropdown(label="条文", choices=[], min_width=120, elem_id="zf-lib-article")
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=260):
            with gr.Row():
                word = gr.Textbox(show_label=False, placeholder="在本文件中搜索关键词", scale=3,
                                  elem_id="zf-lib-word")
                find = gr.Button("搜索", scale=1, min_width=60)
            hits = gr.Radio(label="搜索结果", choices=[], visible=False, elem_classes="zf-cards")
            toc = gr.HTML("", elem_id="zf-toc", max_height=420)
        with gr.Column(scale=2, min_width=300):
            p = panel.build(assistant, "zf-lib-article-view", library=False)
    lib = Library(cat, doc, chap, art, toc, p)
    cat.input(partial(pick_category, assistant), cat, lib.outputs)
    doc.input(partial(open_doc, assistant), doc, lib.outputs)
    chap.input(partial(pick_chapter, assistant), [doc, chap], [art, *p.outputs])
    art.input(partial(panel.show, assistant), art, p.outputs)
    hits.input(partial(open_key, assistant, reset=False), hits, lib.outputs)
    for event in (word.submit, find.click):
        event(partial(search, assistant), [doc, word], hits)
    p.prev.click(partial(step_key, assistant, delta=-1), p.ref, lib.outputs)
    p.next.click(partial(step_key, assistant, delta=1), p.ref, lib.outputs)
    return lib
