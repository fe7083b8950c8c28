"""Reading plans: dated schedule, today's reading with chapter and key terms, resume after restart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.errors import NotFoundError
from assistant.study.progress import StudyError
from assistant.study.render import reading_text
from assistant.study.service import StudyService
from assistant.types import Document


def test_plan_schedule_today_done_and_resume(docs: list[Document], tmp_path: Path) -> None:
    learner = StudyService(docs, tmp_path).user("amy")
    plan = learner.create_plan("晨学", ["示范市社区法律服务条例"], per_day=4, start=date(2024, 5, 6))
    assert len(plan.refs) == 15 and plan.total_days == 4
    assert [d for d, _ in plan.schedule()] == [date(2024, 5, d) for d in (6, 7, 8, 9)]
    first = learner.today(on=date(2024, 5, 6))
    assert [a.source.label for a in first.articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert first.day == 1 and first.behind == 0
    assert first.articles[2].source.chapter == "第一章 总则"
    assert "司法行政部门" in first.articles[2].key_terms
    learner.done()
    again = StudyService(docs, tmp_path).user("amy")  # restart: resumes at day 2
    second = again.today(on=date(2024, 5, 9))
    assert second.day == 2 and second.behind == 2
    assert [a.source.label for a in second.articles] == ["第五条", "第六条", "第七条", "第八条"]
    text = reading_text(second)
    assert "第 2/4 天" in text and "落后 2 天" in text
    assert "【十五日】" in text and "第二章 服务与程序" in text
    for _ in range(3):
        last = again.done()
    assert last.finished and again.today().articles == ()
    assert "已全部读完" in reading_text(again.today())


def test_chapter_plan_and_errors(service: StudyService) -> None:
    learner = service.user("amy")
    plan = learner.create_plan("第三章", ["社区法律服务条例"], chapter="第三章", per_day=10)
    assert [r.label for r in plan.refs] == ["第十一条", "第十二条", "第十三条", "第十四条", "第十五条"]
    assert service.chapters("示范调解员管理办法") == ["第一章 选任", "第二章 管理"]
    with pytest.raises(StudyError):
        learner.create_plan("第三章", ["社区法律服务条例"], per_day=3)
    with pytest.raises(NotFoundError):
        learner.create_plan("x", ["不存在的法"], per_day=3)
    with pytest.raises(NotFoundError):
        learner.create_plan("y", ["示范调解员管理办法"], chapter="第九章", per_day=3)
    with pytest.raises(StudyError):
        service.user("bob").today()
    with pytest.raises(StudyError):
        service.user("bad user;")
    learner.delete_plan("第三章")
    assert learner.list_plans() == []
