"""The Gradio Blocks app: 问答 · 法规库 · 文件管理 · 晨学 · 学习 tabs over one Assistant."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.answering.service import Assistant
from assistant.ui import chat, files, library, projector, render, study_tab
from assistant.ui.auth import SINGLE_USER, current_user
from assistant.ui.style import CSS

TITLE = "政法学习助手"
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"]
# ←/→ (and a presenter's PageUp/PageDown) turn the page while the 晨学 tab is visible.
HEAD = """<script>
document.addEventListener('keydown', (event) => {
  const screen = document.getElementById('zf-proj-screen');
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement?.tagName);
  if (!screen || screen.offsetParent === null || typing) { return; }
  const next = ['ArrowRight', 'PageDown'].includes(event.key);
  const prev = ['ArrowLeft', 'PageUp'].includes(event.key);
  if (next || prev) {
    document.getElementById(next ? 'zf-proj-next' : 'zf-proj-prev')?.click();
    event.preventDefault();
  }
});
</script>"""


def theme() -> gr.themes.Base:
    """System CJK fonts only (no web-font download), readable sizes."""
    return gr.themes.Soft(primary_hue="indigo", font=FONTS, font_mono=["ui-monospace", "monospace"])


def who(request: gr.Request) -> str:
    """Header line naming the signed-in user (empty in single-user mode)."""
    name = current_user(request)
    return "" if name == SINGLE_USER else f'<span class="zf-user">已登录：{render.esc(name)}</span>'


def build_app(assistant: Assistant, upload_dir: Path, max_mb: int = 50) -> gr.Blocks:
    """Build the Blocks app; uploads are copied into ``upload_dir``."""
    with gr.Blocks(title=TITLE, fill_width=False) as demo:
        with gr.Row(elem_id="zf-header"):
            gr.HTML(f"<h1>{TITLE}</h1>", elem_id="zf-title")
            user = gr.HTML("", elem_id="zf-who")
        with gr.Tabs(elem_id="zf-tabs") as tabs:
            with gr.Tab("问答", id="chat"):
                talk = chat.build(assistant)
            with gr.Tab("法规库", id="library"):
                lib = library.build(assistant)
            with gr.Tab("文件管理", id="files"):
                ingested, status = files.build(assistant, upload_dir, max_mb)
            with gr.Tab("晨学", id="projector"):
                proj = projector.build(assistant)
            with gr.Tab("学习", id="study"):
                study_tab.build(assistant)
        targets = [talk["docs"], talk["cats"], lib.category, lib.doc, proj.doc, status]
        refresh = partial(refresh_all, assistant)
        demo.load(refresh, None, targets)
        demo.load(who, None, user)
        ingested.then(refresh, None, targets)
        goto = talk["panel"].goto
        goto.click(open_in_library(assistant), talk["panel"].ref, [*lib.outputs, tabs])
    return demo


def refresh_all(assistant: Assistant) -> tuple[Any, ...]:
    """New choices for every picker that lists documents, and the index status."""
    return (*chat.scope_choices(assistant), *library.refresh(assistant), projector.refresh(assistant),
            files.status_html(assistant))


def open_in_library(assistant: Assistant) -> Callable[[str | None], tuple[Any, ...]]:
    """Handler of 在法规库中打开: load the article into the library tab and switch to it."""

    def handler(key: str | None) -> tuple[Any, ...]:
        return (*library.open_key(assistant, key), gr.Tabs(selected="library"))

    return handler


def launch(demo: gr.Blocks, host: str, port: int, *, auth: Callable[[str, str], bool] | None = None,
           max_mb: int = 50, block: bool = True) -> None:
    """Serve the app (``block=False`` returns at once, for tests)."""
    demo.queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, auth=auth, auth_message=f"{TITLE}：请登录",
        theme=theme(), css=CSS, head=HEAD,
        max_file_size=f"{max_mb}mb", ssr_mode=False, share=False, inbrowser=False, quiet=True,
        prevent_thread_lock=not block, footer_links=[],
    )
