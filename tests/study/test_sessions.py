"""Sessions: 每日一练, 专项练习, timed 挑战, 错题本 and per-user isolation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.study.progress import StudyError
from assistant.study.render import item_markdown, response_from_choices
from assistant.study.service import StudyService

T0 = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)


def wrong_answer(item_answer: str) -> str:
    return "Z" if item_answer != "Z" else "Y"


def test_daily_draws_from_the_users_documents(service: StudyService) -> None:
    learner = service.user("amy")
    learner.create_plan("调解", ["示范调解员管理办法"], per_day=2)
    daily = learner.daily(at=T0)
    assert len(daily.items) == 5 and daily.mode_name == "每日一练"
    assert {i.source.short_title for i in daily.items} == {"示范调解员管理办法"}


def test_practice_by_chapter(service: StudyService) -> None:
    session = service.user("amy").practice(["示范市社区法律服务条例"], chapter="第二章", n=6, seed=2)
    assert len(session.items) == 6
    assert all(i.source.chapter == "第二章 服务与程序" for i in session.items)


def test_challenge_scores_only_answers_before_the_deadline(service: StudyService) -> None:
    learner = service.user("amy")
    session = learner.challenge(n=4, minutes=5, at=T0, seed=4)
    assert session.deadline == T0 + timedelta(minutes=5)
    a, b, c, _ = session.items
    assert learner.answer(session.id, a.item_id, a.answer, at=T0 + timedelta(minutes=1)).counted
    late = learner.answer(session.id, b.item_id, b.answer, at=T0 + timedelta(minutes=6))
    assert late.correct and not late.counted
    learner.answer(session.id, c.item_id, wrong_answer(c.answer), at=T0 + timedelta(minutes=2))
    score = learner.score(session.id)
    assert (score.total, score.answered, score.correct, score.late) == (4, 2, 1, 1)
    reloaded = StudyService(service.documents, service.data_dir).user("amy").session(session.id)
    assert reloaded.deadline == session.deadline and reloaded.items == session.items


def test_wrong_book_and_redo(service: StudyService) -> None:
    learner = service.user("amy")
    session = learner.practice(n=3, seed=5)
    first = session.items[0]
    learner.answer(session.id, first.item_id, wrong_answer(first.answer), at=T0)
    (entry,) = learner.wrong_book()
    assert entry.item == first and entry.times == 1
    redo = learner.redo_wrong()
    assert redo.items == (first,)
    assert learner.answer(redo.id, first.item_id, first.answer, at=T0).correct
    assert learner.wrong_book() == []


def test_ui_helpers_and_stats(service: StudyService) -> None:
    learner = service.user("amy")
    session = learner.practice(["示范市社区法律服务条例"], n=10, kinds=["single", "multi"], seed=9)
    single = next(i for i in session.items if i.kind == "single")
    right = next(c for c in single.choices if c.startswith(single.answer))
    assert single.is_correct(right) and single.is_correct(response_from_choices(right))
    assert all(o.text in item_markdown(single, 1) for o in single.options) and single.topic_name
    multi = next(i for i in session.items if i.kind == "multi")
    picked = [c for c in multi.choices if c[0] in multi.answer]
    assert learner.answer(session.id, multi.item_id, response_from_choices(picked[::-1]), at=T0).correct
    learner.answer(session.id, single.item_id, "", at=T0)
    assert learner.stats(T0 + timedelta(days=1)) == {"plans": 0, "read": 0, "wrong": 1, "cards": 1, "due": 1}


def test_users_cannot_see_each_other(service: StudyService) -> None:
    amy, bob = service.user("amy"), service.user("bob")
    amy.create_plan("甲的计划", ["示范调解员管理办法"], per_day=2)
    session = amy.practice(n=2, seed=6)
    item = session.items[0]
    amy.answer(session.id, item.item_id, wrong_answer(item.answer), at=T0)
    assert amy.wrong_book() and amy.cards() and amy.list_plans()
    assert bob.wrong_book() == [] and bob.cards() == [] and bob.list_plans() == []
    assert bob.due_cards(T0 + timedelta(days=3)) == []
    with pytest.raises(StudyError):
        bob.session(session.id)
    with pytest.raises(StudyError):
        bob.answer(session.id, item.item_id, item.answer)
    with pytest.raises(StudyError):
        bob.today()
    bob.create_plan("甲的计划", ["示范调解员管理办法"], per_day=3)  # same plan name is fine for another user
    assert amy.list_plans()[0].per_day == 2
