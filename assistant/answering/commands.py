"""``assistant chat``: a terminal conversation (one question per line; EOF or 退出 ends it)."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import click

from assistant.answering.service import Assistant
from assistant.answering.streaming import StreamItem
from assistant.errors import AssistantError
from assistant.types import Answer

EXIT_WORDS = {"退出", "exit", "quit", ":q"}
RESET_WORDS = {"新对话", "/new"}
PROMPT = "问> "


def render_extras(answer: Answer, shown: str) -> str:
    """Notices, verification flags and the cited provisions that the answer text does not already quote."""
    lines: list[str] = [f"（提示：{n}）" for n in answer.notices]
    if answer.rewritten and answer.rewritten != answer.question:
        lines.insert(0, f"（检索：{answer.rewritten}）")
    extra = [c for c in answer.citations if c.text not in shown]
    if extra:
        lines.append("依据条文：")
        lines += [f"[{answer.citations.index(c) + 1}] {c.label}（{c.version or '无日期'}）\n{c.text}"
                  for c in extra]
    return "\n".join(lines)


def print_stream(items: Iterable[StreamItem], out: TextIO) -> Answer:
    """Echo text pieces as they arrive; print the final answer again if verification changed it."""
    shown: list[str] = []
    answer: Answer | None = None
    for item in items:
        if isinstance(item, Answer):
            answer = item
        else:
            shown.append(item)
            out.write(item)
            out.flush()
    assert answer is not None
    streamed = "".join(shown)
    if streamed.strip() != answer.text.strip():
        out.write("\n\n—— 核对后的回答 ——\n" + answer.text)
    extras = render_extras(answer, answer.text)
    out.write("\n" + (extras + "\n" if extras else "") + "\n")
    out.flush()
    return answer


def converse(bot: Assistant, lines: TextIO, out: TextIO, session_id: str, interactive: bool) -> int:
    """Answer each line; return the number of questions answered."""
    count = 0
    while True:
        if interactive:
            out.write(PROMPT)
            out.flush()
        line = lines.readline()
        question = line.strip()
        if not line or question in EXIT_WORDS:
            return count
        if question in RESET_WORDS:
            bot.forget(session_id)
            out.write("（已开始新对话）\n\n")
            continue
        if question:
            _answer_one(bot, question, out, session_id)
            count += 1


def _answer_one(bot: Assistant, question: str, out: TextIO, session_id: str) -> None:
    try:
        print_stream(bot.stream(question, session_id=session_id), out)
    except AssistantError as exc:
        out.write(f"错误：{exc}\n\n")


@click.command("chat")
@click.option("--index", "index", type=click.Path(file_okay=False), help="索引文件夹")
@click.option("--session", "session", default="", help="会话编号（默认每次启动新建）")
def chat(index: str | None, session: str) -> None:
    """在终端里连续对话：每行一个问题，可追问（如“那第二款呢？”）；输入“退出”或 Ctrl-D 结束。"""
    try:
        bot = Assistant(index_dir=Path(index).resolve() if index else None)
        bot.searcher()
    except AssistantError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(2)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("政法学习助手：请输入问题，可以追问；输入“新对话”重新开始，输入“退出”结束。")
    converse(bot, sys.stdin, sys.stdout, session or uuid.uuid4().hex, interactive)
