"""``assistant quiz run|export``: terminal quiz (answers read from stdin) and printable DOCX sheets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from assistant.study.cli_support import common, service
from assistant.study.render import feedback, item_text
from assistant.study.service import StudyService
from assistant.study.sessions import Session
from assistant.study.user import UserStudy

MODES = click.Choice(["daily", "practice", "challenge", "wrong", "review"])


@click.group("quiz")
def quiz() -> None:
    """自测：终端答题、导出可打印的试题。"""


@quiz.command("run")
@click.option("--mode", type=MODES, default="daily", show_default=True,
              help="daily 每日一练|practice 专项练习|challenge 挑战|wrong 错题重做|review 到期复习")
@click.option("--doc", "docs", multiple=True, help="文件名（专项练习/挑战）")
@click.option("--chapter", default="")
@click.option("-n", "count", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--minutes", type=float, default=10, show_default=True, help="挑战时限")
@click.option("--seed", type=int, default=None)
@common
def run(mode: str, docs: tuple[str, ...], chapter: str, count: int, minutes: float, seed: int | None,
        index: str | None, user: str, data: str | None) -> None:
    """在终端答题；每题之后显示答案和出处条文。"""
    svc = service(index, data)
    learner = svc.user(user)
    session = _start(learner, mode, docs, chapter, count, minutes, seed)
    if not session.items:
        empty = {"wrong": "错题本是空的。", "review": "现在没有到期的复习卡片。"}
        click.echo("没有可出的题目。" + empty.get(mode, ""))
        return
    _ask_all(svc, learner, session)
    s = learner.score(session.id)
    late = f"，{s.late} 题超时不计分" if s.late else ""
    click.echo(f"{session.mode_name}结束：答对 {s.correct}/{s.total}（{s.percent}%）{late}")


def _start(learner: UserStudy, mode: str, docs: tuple[str, ...], chapter: str, count: int, minutes: float,
           seed: int | None) -> Session:
    if mode == "daily":
        return learner.daily()
    if mode == "wrong":
        return learner.redo_wrong(count)
    if mode == "review":
        return learner.review(count)
    if mode == "challenge":
        session = learner.challenge(count, minutes, docs, chapter, seed=seed)
        click.echo(f"挑战开始：{len(session.items)} 题，限时 {minutes:g} 分钟")
        return session
    return learner.practice(docs, chapter, count, seed=seed)


def _ask_all(svc: StudyService, learner: UserStudy, session: Session) -> None:
    done = learner.sessions.answered(session)
    for n, item in enumerate(session.items, 1):
        if item.item_id in done:
            continue
        click.echo(item_text(item, n))
        try:
            response = click.prompt("你的答案", default="", show_default=False)
        except click.Abort:
            click.echo("\n（已中断，进度已保存）")
            return
        click.echo(feedback(learner.answer(session.id, item.item_id, response), svc.corpus) + "\n")


@quiz.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--doc", "docs", multiple=True)
@click.option("--chapter", default="")
@click.option("-n", "count", type=click.IntRange(1, 200), default=20, show_default=True)
@click.option("--seed", type=int, default=None)
@click.option("--title", default="", help="标题，默认“《文件》自测题”")
@common
def export(output: Path, docs: tuple[str, ...], chapter: str, count: int, seed: int | None, title: str,
           index: str | None, user: str, data: str | None) -> None:
    """导出可打印的试题（DOCX）：题目 + 答案与出处。"""
    svc = service(index, data)
    items = svc.quiz(docs, chapter, count, seed=seed)
    name = title or f"{'、'.join(f'《{d}》' for d in docs)}{chapter}自测题（{date.today().isoformat()}）"
    click.echo(f"已导出 {len(items)} 题：{svc.export_quiz(items, output, name)}")
