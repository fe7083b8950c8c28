"""CLI groups ``assistant study …`` and ``assistant quiz …``; register both with ``main.add_command``.

``study plan create|list|today|done``, ``study handout``, ``study wrong``, ``study cards`` live here;
``quiz run|export`` in :mod:`assistant.study.quiz_commands`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from assistant.study.cli_support import common, service
from assistant.study.quiz_commands import quiz
from assistant.study.render import item_text, reading_text

__all__ = ["quiz", "study"]


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
