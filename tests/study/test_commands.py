"""CLI: ``study plan create|today|done|list``, ``study wrong|cards|handout``, ``quiz run|export``."""

from __future__ import annotations

from pathlib import Path

import click
import docx
from click.testing import CliRunner

from assistant.study.commands import quiz, study
from assistant.study.service import StudyService
from assistant.types import Document


def invoke(group: click.Group, args: list[str], docs: list[Document], data: Path, stdin: str = "") -> str:
    result = CliRunner().invoke(group, [*args, "--data", str(data)], input=stdin, obj={"documents": docs})
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_commands(docs: list[Document], tmp_path: Path) -> None:
    out = invoke(study, ["plan", "create", "晨学", "--doc", "示范调解员管理办法", "--per-day", "3",
                         "--start", "2024-05-06"], docs, tmp_path)
    assert "8 条，每天 3 条" in out and "2024-05-08" in out
    out = invoke(study, ["plan", "today", "--date", "2024-05-06"], docs, tmp_path)
    assert "第 1/3 天" in out and "第一条" in out and "第三条" in out and "第一章 选任" in out
    assert "关键词：" in out
    assert "已读 3/8 条" in invoke(study, ["plan", "done", "晨学"], docs, tmp_path)
    assert "第四条" in invoke(study, ["plan", "today"], docs, tmp_path)
    assert "3/8 条" in invoke(study, ["plan", "list"], docs, tmp_path)
    assert "没有学习计划" in invoke_fail(study, ["plan", "today", "--user", "bob"], docs, tmp_path)


def invoke_fail(group: click.Group, args: list[str], docs: list[Document], data: Path) -> str:
    result = CliRunner().invoke(group, [*args, "--data", str(data)], obj={"documents": docs})
    assert result.exit_code == 2
    return result.output


def test_quiz_run_reads_answers_and_shows_sources(docs: list[Document], tmp_path: Path) -> None:
    args = ["run", "--mode", "practice", "-n", "3", "--seed", "3", "--user", "amy"]
    out = invoke(quiz, args, docs, tmp_path, stdin="A\n错误\n\n")
    assert out.count("你的答案: ") == 3 and out.count("出处：《") == 3 and out.count("正确答案：") == 3
    assert "专项练习结束：答对" in out
    wrong = StudyService(docs, tmp_path).user("amy").wrong_book()
    assert wrong  # the empty third answer at least is wrong
    listed = invoke(study, ["wrong", "--user", "amy"], docs, tmp_path)
    assert f"共 {len(wrong)} 题" in listed
    assert "张到期卡片" in invoke(study, ["cards", "--user", "amy"], docs, tmp_path)
    assert "错题重做结束" in invoke(quiz, ["run", "--mode", "wrong", "--user", "amy"], docs, tmp_path,
                                   stdin="\n" * len(wrong))


def test_quiz_run_stops_cleanly_when_input_ends(docs: list[Document], tmp_path: Path) -> None:
    out = invoke(quiz, ["run", "--mode", "daily", "--user", "amy"], docs, tmp_path, stdin="A\n")
    assert "已中断" in out
    again = invoke(quiz, ["run", "--mode", "daily", "--user", "amy"], docs, tmp_path, stdin="A\n" * 4)
    assert again.count("你的答案: ") == 4  # resumes after the answered item


def test_quiz_export_and_handout(docs: list[Document], tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.docx"
    args = ["export", "-o", str(sheet), "--doc", "示范市社区法律服务条例", "-n", "8", "--seed", "1"]
    out = invoke(quiz, args, docs, tmp_path)
    assert "已导出 8 题" in out
    assert "答案与出处" in "\n".join(p.text for p in docx.Document(str(sheet)).paragraphs)
    handout = tmp_path / "h.docx"
    args = ["handout", "示范市社区法律服务条例", "--chapter", "第三章", "-o", str(handout)]
    invoke(study, args, docs, tmp_path)
    assert "第十四条" in "\n".join(p.text for p in docx.Document(str(handout)).paragraphs)
