"""Command line: ``assistant ingest | status | show | ask | chat | serve | eval``; thin over Assistant."""

from __future__ import annotations

import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

import click

from assistant.answering.service import Assistant
from assistant.edge import friendly
from assistant.ingest.pipeline import FileResult

STATUS_WORDS = {"indexed": "已入库", "unchanged": "未变化", "rejected": "已拒收", "duplicate": "重复",
                "removed": "已移除", "kept": "读取失败，保留旧版本"}


def _assistant(index: str | None) -> Assistant:
    return Assistant(index_dir=Path(index).resolve() if index else None)


index_option = click.option(
    "--index", "index", type=click.Path(file_okay=False), help="索引文件夹（默认见 assistant.toml）"
)


@click.group()
def main() -> None:
    """政法学习助手：载入法规文件，按条文引用回答问题。"""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # per-file problems are reported by the ingest itself


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--quiet", is_flag=True, help="不显示进度条")
@friendly
def ingest(paths: tuple[Path, ...], index: str | None, quiet: bool) -> None:
    """载入文件或文件夹（默认：配置的语料文件夹）。有文件被拒收时退出码为 1。"""
    signal.signal(signal.SIGTERM, _interrupted)  # `kill` / a service stop ends like Ctrl-C: work done so far is kept
    try:
        report = _assistant(index).ingest(list(paths) or None, progress=not quiet)
    except KeyboardInterrupt:
        click.echo("入库已中断；已解析的文件和已写入的向量会保留，再次运行 ingest 从中断处继续。", err=True)
        sys.exit(130)
    for r in report.results:
        click.echo(_result_line(r), err=r.status in ("rejected", "kept"))
    click.echo(f"完成：{report.documents} 个文件，{report.chunks} 个条文块，新向量化 {report.embedded} 块，"
               f"用时 {report.seconds:.1f} 秒" + ("" if report.published else "（索引无变化）"))
    if report.failed:
        click.echo(f"{len(report.failed)} 个文件未能入库，见上方原因。", err=True)
        sys.exit(1)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _result_line(r: FileResult) -> str:
    name = Path(r.path).name.encode("utf-8", "backslashreplace").decode("utf-8")
    if r.status in ("rejected", "kept"):
        return f"✗ {name}：{r.message}" + (f"（处理办法：{r.hint}）" if r.hint else "")
    detail = f"{r.articles} 条，{r.chunks} 块" if r.chunks else r.message
    return f"✓ {name}：{STATUS_WORDS[r.status]}" + (f"（{detail}）" if detail else "")


@main.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@friendly
def status(index: str | None, as_json: bool) -> None:
    """索引状态：文件、条文数、嵌入模型、大小。"""
    info = _assistant(index).status()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=1))
        return
    docs: list[dict[str, Any]] = info["documents"]  # type: ignore[assignment]
    for d in docs:
        old = "" if d["current"] else "（旧版本）"
        click.echo(f"《{d['short_title']}》{d['version'] or '无日期'}{old}  {d['category']}  {d['articles']} 条")
    click.echo(f"共 {len(docs)} 个文件，{info['chunks']} 块；嵌入模型 {info['embedder']}；"
               f"索引大小 {int(info['bytes']) / 1e6:.1f} MB")  # type: ignore[call-overload]


@main.command()
@click.argument("name")
@click.argument("article")
@click.option("--version", "version", default="", help="版本年份或日期，如 2018")
@index_option
@click.option("--json", "as_json", is_flag=True)
@friendly
def show(name: str, article: str, version: str, index: str | None, as_json: bool) -> None:
    """显示一条条文，如：assistant show 法律援助法 第31条"""
    c = _assistant(index).show(name, article, version)
    if as_json:
        click.echo(json.dumps(c.to_json(), ensure_ascii=False))
        return
    click.echo(f"{c.label}（{c.title}，{c.version or '无日期'}）{c.chapter}\n\n{c.text}")


@main.command()
@click.argument("question", required=False)
@click.option("--batch", type=click.File("r", encoding="utf-8"), help="JSONL 文件，每行 {\"id\",\"question\"}")
@click.option("--json", "as_json", is_flag=True)
@click.option("--k", type=int, default=None, help="返回条文数")
@index_option
@friendly
def ask(question: str | None, batch: Any, as_json: bool, k: int | None, index: str | None) -> None:
    """提问，答案引用具体条文。"""
    bot = _assistant(index)
    if batch is not None:
        for line in filter(str.strip, batch):
            item = json.loads(line)
            answer = bot.ask(item["question"], k=k)
            click.echo(json.dumps(answer.to_json(str(item.get("id"))), ensure_ascii=False))
        return
    if not question:
        raise click.UsageError("请给出问题，或用 --batch FILE.jsonl")
    answer = bot.ask(question, k=k)
    click.echo(json.dumps(answer.to_json(None), ensure_ascii=False) if as_json else answer.text)


def _register_commands() -> None:
    """Commands that live beside their stage (study, quiz, …) join the main group here."""
    from assistant.answering.commands import chat
    from assistant.evaluation.commands import eval_command
    from assistant.study.commands import quiz, study
    from assistant.ui.commands import serve

    for command in (chat, study, quiz, serve, eval_command):
        main.add_command(command)


_register_commands()

if __name__ == "__main__":
    main()
