"""DOCX export: quiz sheet with 答案与出处, chapter handout; both open with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from assistant.study.service import StudyService


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_quiz_sheet_has_every_item_and_source(service: StudyService, tmp_path: Path) -> None:
    items = service.quiz(n=12, seed=8)
    path = service.export_quiz(items, tmp_path / "out" / "quiz.docx", "晨会自测")
    text = text_of(path)
    questions, answers = text.split("二、答案与出处")
    assert "晨会自测" in questions and "一、题目" in questions
    for n, item in enumerate(items, 1):
        assert f"{n}.［{item.kind_name}］{item.question}" in questions
        assert all(o.text in questions for o in item.options)
        assert item.source.full_cite in answers and f"正确答案：{item.answer_text}" in answers
    assert "正确答案" not in questions
    runs = [r for p in docx.Document(str(path)).paragraphs for r in p.runs if r.text]
    fonts = {r.element.get_or_add_rPr().get_or_add_rFonts().get(qn("w:eastAsia")) for r in runs}
    assert fonts <= {"仿宋", "宋体"} and "仿宋" in fonts


def test_chapter_handout(service: StudyService, tmp_path: Path) -> None:
    path = service.export_handout("示范市社区法律服务条例", "第二章", tmp_path / "handout.docx", quiz_items=3)
    text = text_of(path)
    assert "《示范市社区法律服务条例》　第二章学习讲义" in text
    for label in ("第五条", "第六条", "第七条", "第八条", "第九条", "第十条"):
        assert label in text
    assert "第十一条" not in text.split("自测")[0]
    assert "关键词：十五日、人民法院、应当、可以" in text
    assert "自测答案" in text
