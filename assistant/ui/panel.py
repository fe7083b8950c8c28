"""Article panel shared by 问答 and 法规库: full text verbatim, neighbours, prev/next, copy citation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import gradio as gr

from assistant.answering.service import Assistant
from assistant.errors import AssistantError
from assistant.ui import browse, render

PLACEHOLDER = "点击引用条文查看全文"
# Copy to the clipboard; falls back to execCommand where the Clipboard API is unavailable (plain http).
COPY_JS = """(text) => {
  if (!text) { return []; }
  const fallback = () => {
    const area = document.createElement('textarea');
    area.value = text; document.body.appendChild(area); area.select();
    try { document.execCommand('copy'); } finally { area.remove(); }
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).catch(fallback);
  } else { fallback(); }
  return [];
}"""


@dataclass(frozen=True)
class Panel:
    """The components of one article panel."""

    html: gr.HTML
    text: gr.Textbox
    ref: gr.State
    prev: gr.Button
    next: gr.Button
    copy: gr.Button
    goto: gr.Button | None

    @property
    def outputs(self) -> list[Any]:
        """Outputs of :func:`show`: article HTML, copy text, current key."""
        return [self.html, self.text, self.ref]


def show(assistant: Assistant, key: str | None) -> tuple[str, str, str]:
    """(article HTML, citation text for letters, key) of the provision ``key``."""
    if not key:
        return render.notice(PLACEHOLDER), "", ""
    try:
        here = browse.locate(assistant, key)
    except AssistantError as exc:
        return render.notice(str(exc), "error"), "", ""
    reader = browse.reader_or_none(assistant)
    old = reader is not None and not reader.is_current(here.doc.doc_id)
    html = render.article_html(here.doc, here.provision, here.previous, here.next, old)
    note = f"（{here.doc.version} 版，非现行文本）" if old else ""
    text = render.copy_text(here.doc.short_title, here.provision.label, here.provision.text, note)
    return html, text, key


def step(assistant: Assistant, key: str | None, delta: int) -> tuple[str, str, str]:
    """Show the previous (-1) or next (+1) provision of the current one."""
    if not key:
        return show(assistant, key)
    try:
        return show(assistant, browse.step(assistant, key, delta))
    except AssistantError as exc:
        return render.notice(str(exc), "error"), "", key


def build(assistant: Assistant, elem_id: str, library: bool = True) -> Panel:
    """Lay out one panel; ``library`` adds 在法规库中打开 (wired by the app).

    Inside the 法规库 tab (``library=False``) the tab wires 上一条/下一条 itself to keep its pickers in step.
    """
    with gr.Row(elem_classes="zf-tools"):
        prev = gr.Button("上一条", size="sm", min_width=60)
        nxt = gr.Button("下一条", size="sm", min_width=60)
        copy = gr.Button("复制引用", size="sm", min_width=60, elem_classes="zf-copy")
        goto = gr.Button("在法规库中打开", size="sm", min_width=60) if library else None
    html = gr.HTML(render.notice(PLACEHOLDER), elem_id=elem_id)
    text = gr.Textbox(label="引用文本（可粘贴到信函）", lines=2, max_lines=6, interactive=False,
                      elem_classes="zf-copytext", buttons=["copy"])
    p = Panel(html, text, gr.State(""), prev, nxt, copy, goto)
    if library:
        prev.click(partial(step, assistant, delta=-1), p.ref, p.outputs)
        nxt.click(partial(step, assistant, delta=1), p.ref, p.outputs)
    copy.click(None, text, None, js=COPY_JS)
    return p
