"""文件管理 tab: safe upload into the data folder, ingest with progress, per-file results, index status."""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.events import Dependency

from assistant.answering.service import Assistant
from assistant.errors import AssistantError
from assistant.ingest.pipeline import FileResult, file_sha256
from assistant.ui import browse, render

ALLOWED = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")
WORDS = {"indexed": "已入库", "unchanged": "未变化（已在索引中）", "rejected": "已拒收",
         "duplicate": "重复，已跳过", "removed": "已移除", "kept": "读取失败，保留旧版本"}


def check_name(name: str) -> str:
    """The upload's file name if it is a plain, allowed name; AssistantError (in Chinese) otherwise."""
    bad = ("\x00" in name or "/" in name or "\\" in name or name in ("", ".", "..") or ".." in name
           or name.startswith(".") or len(name) > 200 or os.path.isabs(name)
           or any(unicodedata.category(ch) == "Cc" for ch in name))
    if bad:
        raise AssistantError("文件名不安全（含路径、“..”、控制字符或以“.”开头）",
                             hint="重命名为普通文件名后再上传", path=name.replace("\x00", "\\0"))
    if Path(name).suffix.lower() not in ALLOWED:
        raise AssistantError("不支持的文件类型", hint="只能上传 " + "、".join(ALLOWED) + " 文件", path=name)
    return name


def save_upload(source: Path, name: str, folder: Path, max_mb: int) -> Path:
    """Copy one uploaded file into ``folder`` under ``name``; never writes outside ``folder``."""
    check_name(name)
    size = source.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise AssistantError(f"文件过大（{size / 1048576:.1f} MB，上限 {max_mb} MB）",
                             hint="拆分文件，或调大 corpus.max_file_mb", path=name)
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    target = root / name
    if target.parent != root or target.is_symlink() or (target.exists() and not target.is_file()):
        raise AssistantError("目标位置不可写入", hint="换一个文件名", path=name)
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def result_row(r: FileResult) -> tuple[str, str, str]:
    """(file, outcome, detail) of one ingest result, in Chinese."""
    word = WORDS.get(r.status, r.status)
    if r.status in ("indexed", "unchanged"):
        detail = f"《{r.title}》{r.articles} 条，{r.chunks} 块" if r.title else r.message
    else:
        detail = r.message + (f"（处理办法：{r.hint}）" if r.hint else "")
    return Path(r.path).name, word, detail


def ingest_one(assistant: Assistant, source: Path, folder: Path, max_mb: int) -> list[FileResult]:
    """Save one upload into ``folder`` and ingest it (content already indexed elsewhere is skipped)."""
    try:
        twin = _indexed_twin(assistant, source, folder / source.name)
        if twin:
            return [FileResult(source.name, "duplicate", f"与已入库的《{twin}》内容相同，已跳过")]
        saved = save_upload(source, source.name, folder, max_mb)
        report = assistant.ingest([saved], progress=False)
    except AssistantError as exc:
        return [FileResult(source.name, "rejected", exc.message, exc.hint)]
    if any(r.status == "rejected" for r in report.results):
        saved.unlink(missing_ok=True)  # keep the data folder free of files that cannot be indexed
    return report.results


def _indexed_twin(assistant: Assistant, source: Path, target: Path) -> str:
    """Short title of an indexed document with the same bytes from another path, or ''."""
    docs = browse.documents(assistant)
    if not docs or not source.is_file():
        return ""
    sha = file_sha256(source)
    here = str(target.resolve())
    return next((d.short_title for d in docs if d.sha256 == sha and d.path != here), "")


def upload(assistant: Assistant, paths: Sequence[Any] | None, folder: Path, max_mb: int,
           progress: Any = gr.Progress()) -> tuple[str, str, None]:  # noqa: B008 (Gradio's progress hook)
    """Save and ingest the uploaded files one by one; returns (results HTML, status HTML, cleared picker)."""
    files = [Path(getattr(p, "name", p)) for p in paths or []]
    if not files:
        return render.notice("请先选择要上传的文件", "warn"), status_html(assistant), None
    results: list[FileResult] = []
    for i, source in enumerate(files):
        progress((i, len(files)), desc=f"正在入库：{source.name}")
        results.extend(ingest_one(assistant, source, folder, max_mb))
    progress((len(files), len(files)), desc="完成")
    failed = sum(r.status in ("rejected", "kept") for r in results)
    summary = render.notice(f"处理 {len(files)} 个文件，{failed} 个未能入库",
                            "warn" if failed else "ok")
    rows = [result_row(r) for r in results]
    return summary + render.table(("文件", "结果", "说明"), rows), status_html(assistant), None


def status_html(assistant: Assistant) -> str:
    """Index status: documents, versions, embedder, size, and one row per document."""
    try:
        info = assistant.status()
    except AssistantError as exc:
        return render.notice(str(exc), "error")
    docs: list[dict[str, Any]] = list(info.get("documents") or [])  # type: ignore[call-overload]
    if not docs:
        return render.notice("索引为空：请上传文件，或运行 assistant ingest", "warn")
    titles = {d["title"] for d in docs}
    size = float(info.get("bytes") or 0) / 1e6  # type: ignore[arg-type]
    line = (f"共 {len(titles)} 部文件、{len(docs)} 个版本、{info.get('chunks')} 个条文块；"
            f"嵌入模型 {info.get('embedder')}；索引大小 {size:.1f} MB；更新于 {info.get('created', '')}")
    rows = [(d["short_title"], d["version"] or "无日期", d["category"], d["articles"],
             "现行" if d["current"] else "旧版本") for d in docs]
    return render.notice(line, "info") + render.table(("文件", "版本", "分类", "条数", "状态"), rows)


def build(assistant: Assistant, folder: Path, max_mb: int) -> tuple[Dependency, gr.HTML]:
    """Lay out and wire the tab; returns the upload event (to chain refreshes) and the status box."""
    gr.Markdown(f"上传 PDF、DOCX、HTML、TXT、Markdown 文件（每个不超过 {max_mb} MB），"
                "保存到数据文件夹后载入索引。")
    picker = gr.File(label="选择文件", file_count="multiple", file_types=list(ALLOWED), elem_id="zf-upload",
                     height=140)
    go = gr.Button("上传并入库", variant="primary", elem_id="zf-ingest")
    results = gr.HTML("", elem_id="zf-results")
    with gr.Row():
        gr.Markdown("### 索引状态")
        again = gr.Button("刷新", size="sm", scale=0, min_width=60)
    status = gr.HTML("", elem_id="zf-status")
    handler = partial(upload, assistant, folder=folder, max_mb=max_mb)
    event = go.click(handler, picker, [results, status, picker])
    again.click(partial(status_html, assistant), None, status)
    return event, status
