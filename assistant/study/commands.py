"""CLI groups ``assistant study …`` and ``assistant quiz …`` (register with ``main.add_command``).

Documents come from the index (``--index``, current versions; all versions are used to check items);
study state lives in ``<data>/study.sqlite3`` (``--data``, default ``settings.ui.data_dir``). Tests can
pass ``obj={"documents": [...]}`` to ``CliRunner.invoke`` instead of an index.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from assistant.errors import AssistantError
from assistant.study.render import feedback, item_text, reading_text
from assistant.study.service import StudyService
from assistant.study.sessions import Session
from assistant.study.user import UserStudy

F = TypeVar("F", bound=Callable[..., Any])
MODES = click.Choice(["daily", "practice", "challenge", "wrong"])


def common(func: F) -> F:
    """--index / --user / --data, and AssistantError → one-line message, exit status 2."""

    @click.option("--index", "index", type=click.Path(file_okay=False), help="索引文件夹")
    @click.option("--user", "user", default="default", show_default=True, help="学习者名称（进度按用户保存）")
    @click.option("--data", "data", type=click.Path(file_okay=False), help="学习记录文件夹（默认 data/）")
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AssistantError as exc:
            click.echo(f"错误：{exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def service(index: str | None, data: str | None) -> StudyService:
    """The study service over the index (or over ``ctx.obj['documents']`` in tests)."""
    obj = click.get_current_context().obj
    if isinstance(obj, dict) and "documents" in obj:
        return StudyService(obj["documents"], Path(data or "data"))
    from assistant.config import load_settings
    from assistant.indexing.reader import IndexReader

    settings = load_settings()
    reader = IndexReader(Path(index).resolve() if index else settings.resolve(settings.index.dir))
    docs = reader.documents()
    current = [d for d in docs if reader.is_current(d.doc_id)]
    data_dir = Path(data) if data else settings.resolve(settings.ui.data_dir)
    return StudyService(current, data_dir, reference=docs)


@click.group("study")
def study() -> None:
    """学习：晨学计划、章节讲义、错题本、复习卡片。"""


@study.group("plan")
def plan() -> None:
    """晨学计划：每天 N 条，按日期排好，可中断后接着读。"""


@plan.command("create")
@click.argument("name")
@click.option("--doc", "docs", multiple=True, help="文件名（简称或全称），可多次给出；默认全部")
@click.option("--chapter", default="", help="只读某一章，如 第二章")
@click.option("--per-day", type=click.IntRange(1, 200), default=5, show_default=True)
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="开始日期，默认今天")
@common
def plan_create(name: str, docs: tuple[str, ...], chapter: str, per_day: int, start: Any,
                index: str | None, user: str, data: str | None) -> None:
    """建立计划，如：assistant study plan create 晨学 --doc 法律援助法 --per-day 3"""
    learner = service(index, data).user(user)
    made = learner.create_plan(name, docs, chapter, per_day, start.date() if start else None)
    end = made.schedule()[-1][0]
    click.echo(f"已建立计划“{made.name}”：{len(made.refs)} 条，每天 {made.per_day} 条，"
               f"{made.start.isoformat()} 至 {end.isoformat()}，共 {made.total_days} 天")


@plan.command("list")
@common
def plan_list(index: str | None, user: str, data: str | None) -> None:
    """列出计划和进度。"""
    for p in service(index, data).user(user).list_plans():
        state = "已完成" if p.finished else f"第 {p.day + 1}/{p.total_days} 天"
        click.echo(f"{p.name}：{p.position}/{len(p.refs)} 条，{state}，开始于 {p.start.isoformat()}")


@plan.command("today")
@click.argument("name", required=False, default="")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="按哪一天计算进度")
@common
def plan_today(name: str, on: Any, index: str | None, user: str, data: str | None) -> None:
    """今天要读的条文（含章节、关键词）。"""
    reading = service(index, data).user(user).today(name, on.date() if on else None)
    click.echo(reading_text(reading))


@plan.command("done")
@click.argument("name", required=False, default="")
@common
def plan_done(name: str, index: str | None, user: str, data: str | None) -> None:
    """标记今天已读，下次显示下一天。"""
    p = service(index, data).user(user).done(name)
    click.echo(f"“{p.name}”：已读 {p.position}/{len(p.refs)} 条" + ("，全部完成！" if p.finished else ""))


@study.command("handout")
@click.argument("doc")
@click.option("--chapter", default="", help="章，如 第二章；默认整部文件")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--items", type=click.IntRange(0, 50), default=5, show_default=True, help="附带自测题数")
@common
def handout(doc: str, chapter: str, output: Path, items: int, index: str | None, user: str,
            data: str | None) -> None:
    """导出一章的学习讲义（DOCX）。"""
    path = service(index, data).export_handout(doc, chapter, output, items)
    click.echo(f"已导出讲义：{path}")


@study.command("wrong")
@common
def wrong(index: str | None, user: str, data: str | None) -> None:
    """错题本。"""
    entries = service(index, data).user(user).wrong_book()
    for n, e in enumerate(entries, 1):
        click.echo(f"{item_text(e.item, n)}\n   你的答案：{e.response or '未作答'}"
                   f"　正确答案：{e.item.answer_text}　出处：{e.item.source.cite}　错 {e.times} 次")
    click.echo(f"共 {len(entries)} 题。用 assistant quiz run --mode wrong 重做。")


@study.command("cards")
@click.option("--all", "show_all", is_flag=True, help="显示全部卡片（默认只显示到期的）")
@common
def cards(show_all: bool, index: str | None, user: str, data: str | None) -> None:
    """复习卡片（FSRS）：答错过的条文及下次复习时间。"""
    learner = service(index, data).user(user)
    shown = learner.cards() if show_all else learner.due_cards()
    for c in shown:
        click.echo(f"{c.source.cite}　{c.state}　下次复习 {c.due.astimezone():%Y-%m-%d %H:%M}")
    click.echo(f"共 {len(shown)} 张{'' if show_all else '到期'}卡片。")


@click.group("quiz")
def quiz() -> None:
    """自测：终端答题、导出可打印的试题。"""


@quiz.command("run")
@click.option("--mode", type=MODES, default="daily", show_default=True,
              help="daily 每日一练 | practice 专项练习 | challenge 限时挑战 | wrong 错题重做")
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
        click.echo("没有可出的题目。" + ("错题本是空的。" if mode == "wrong" else ""))
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
