"""FSRS cards: a miss creates a card, it persists across restarts and comes first in 每日一练."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import State

from assistant.study.items import Item
from assistant.study.service import StudyService
from assistant.types import Document

T0 = datetime(2024, 5, 6, 0, 30, tzinfo=UTC)


def miss_one(service: StudyService, user: str = "amy") -> Item:
    learner = service.user(user)
    session = learner.practice(["示范市社区法律服务条例"], n=3, seed=1)
    item = session.items[0]
    assert not learner.answer(session.id, item.item_id, "不知道", at=T0).correct
    return item


def test_missed_article_becomes_a_persistent_card(docs: list[Document], tmp_path: Path) -> None:
    item = miss_one(StudyService(docs, tmp_path))
    restarted = StudyService(docs, tmp_path).user("amy")  # a new store object on the same sqlite file
    (card,) = [c for c in restarted.cards() if c.source == item.source]
    assert card.card.state == State.Learning and card.card.last_review == T0
    assert restarted.due_cards(T0) == [] and restarted.due_cards(T0 + timedelta(minutes=2))
    before = card.due
    again = restarted.reviews.record(item.source, True, at=T0 + timedelta(minutes=2))
    assert again is not None and again.due > before
    third = StudyService(docs, tmp_path).user("amy")
    assert next(c for c in third.cards() if c.source == item.source).card.to_json() == again.card.to_json()


def test_correct_answers_do_not_create_cards(service: StudyService) -> None:
    learner = service.user("bob")
    session = learner.practice(n=2, seed=3)
    item = session.items[0]
    assert learner.answer(session.id, item.item_id, item.answer, at=T0).correct
    assert learner.cards() == []


def test_due_cards_come_first_in_daily(docs: list[Document], tmp_path: Path) -> None:
    service = StudyService(docs, tmp_path)
    item = miss_one(service)
    daily = service.user("amy").daily(at=T0 + timedelta(days=1))
    assert len(daily.items) == 5
    assert daily.items[0].source == item.source
    assert len({(i.source.doc_id, i.source.label) for i in daily.items}) == 5
    assert service.user("amy").daily(at=T0 + timedelta(days=1, minutes=5)).id == daily.id  # one set a day
    review = service.user("amy").review(at=T0 + timedelta(days=1))
    assert [i.source for i in review.items] == [item.source] and review.mode_name == "到期复习"
    assert service.user("amy").review(at=T0).items == ()
