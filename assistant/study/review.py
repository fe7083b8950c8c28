"""Spaced review with FSRS: every article a user missed becomes a card; due cards are asked first.

Cards are stored as ``Card.to_json()`` in the ``cards`` table, keyed by user and article, so the
schedule survives restarts. A wrong answer rates the card ``Again``, a right one ``Good``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from assistant.study.items import Source
from assistant.study.progress import StudyDB, as_utc, check_user


def card_key(source: Source) -> str:
    """One card per article of one document version."""
    return f"{source.doc_id}:{source.label}"


@dataclass(frozen=True)
class ReviewCard:
    """A stored card with the article it stands for."""

    source: Source
    card: Card

    @property
    def due(self) -> datetime:
        """When the card is next due (UTC)."""
        return self.card.due

    @property
    def state(self) -> str:
        """学习中 / 复习 / 重学."""
        return {State.Learning: "学习中", State.Review: "复习", State.Relearning: "重学"}[self.card.state]


class Reviews:
    """One user's FSRS cards."""

    def __init__(self, db: StudyDB, user: str, scheduler: Scheduler | None = None) -> None:
        self.db, self.user = db, check_user(user)
        self.scheduler = scheduler or Scheduler(enable_fuzzing=False)

    def get(self, source: Source) -> ReviewCard | None:
        """The card of an article, or None when the user never missed it."""
        with self.db.connect() as con:
            row = con.execute("SELECT source, card FROM cards WHERE user = ? AND card_key = ?",
                              (self.user, card_key(source))).fetchone()
        return None if row is None else _card(row)

    def record(self, source: Source, correct: bool, at: datetime | None = None) -> ReviewCard | None:
        """Rate the article's card; a first miss creates the card. Returns the updated card (if any)."""
        moment = as_utc(at)
        current = self.get(source)
        if current is None and correct:
            return None
        card = current.card if current else Card(card_id=_card_id(self.user, source), due=moment)
        rating = Rating.Good if correct else Rating.Again
        card, _ = self.scheduler.review_card(card, rating, review_datetime=moment)
        with self.db.connect() as con:
            con.execute(
                "INSERT INTO cards (user, card_key, source, card, due, updated) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (user, card_key) DO UPDATE SET card = excluded.card, due = excluded.due, "
                "updated = excluded.updated",
                (self.user, card_key(source), json.dumps(asdict(source), ensure_ascii=False), card.to_json(),
                 card.due.isoformat(), moment.isoformat()))
        return ReviewCard(source, card)

    def due(self, at: datetime | None = None, limit: int | None = None) -> list[ReviewCard]:
        """Cards due at ``at`` (default now), most overdue first."""
        moment = as_utc(at)
        return [c for c in self.cards() if c.due <= moment][:limit]

    def cards(self) -> list[ReviewCard]:
        """All of the user's cards, earliest due first."""
        with self.db.connect() as con:
            rows = con.execute("SELECT source, card FROM cards WHERE user = ? ORDER BY due", (self.user,))
            return sorted(map(_card, rows), key=lambda c: c.due)


def _card(row: tuple[str, str]) -> ReviewCard:
    return ReviewCard(Source(**json.loads(row[0])), Card.from_json(row[1]))


def _card_id(user: str, source: Source) -> int:
    return int(hashlib.sha1(f"{user}\x00{card_key(source)}".encode()).hexdigest()[:12], 16)
