"""UserStudy: one learner's plans, sessions, 错题本 and review cards.

Everything it returns belongs to its user; plans, sessions, 错题本 and cards of other users are
invisible, and their session ids are reported as unknown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from assistant.study.items import Item, ItemKind
from assistant.study.plans import Plan, Plans, Reading
from assistant.study.progress import as_utc
from assistant.study.quiz import KINDS, QuizMaker, quiz_refs
from assistant.study.review import ReviewCard, Reviews
from assistant.study.selection import ref, select
from assistant.study.sessions import Result, Score, Session, Sessions, WrongEntry
from assistant.types import Document

if TYPE_CHECKING:
    from assistant.study.service import StudyService

DAILY_SIZE = 5


class UserStudy:
    """The study state of one user (get one with ``StudyService.user(name)``)."""

    def __init__(self, service: StudyService, user: str) -> None:
        self.service, self.name = service, user
        self.plans = Plans(service.db, user)
        self.sessions = Sessions(service.db, user)
        self.reviews = Reviews(service.db, user)

    # --- reading plans (晨学) ----------------------------------------------------------------------
    def create_plan(self, name: str, documents: Sequence[str] = (), chapter: str = "", per_day: int = 5,
                    start: date | None = None) -> Plan:
        """A plan over the named documents (or one chapter of them), ``per_day`` provisions a day."""
        picked = select(self.service.documents, documents, chapter)
        return self.plans.create(name, [ref(d, p) for d, p in picked], per_day, start)

    def list_plans(self) -> list[Plan]:
        """The user's plans, oldest first."""
        return self.plans.list()

    def delete_plan(self, name: str) -> None:
        """Remove one of the user's plans (and its reading log)."""
        self.plans.delete(name)

    def today(self, plan: str = "", on: date | None = None) -> Reading:
        """Today's reading of a plan (default: the latest unfinished one); resumes where the user left off."""
        return self.plans.today(self.plans.get(plan), self.service.documents, on)

    def done(self, plan: str = "", at: datetime | None = None) -> Plan:
        """Mark today's reading done; the next :meth:`today` shows the next day."""
        return self.plans.done(self.plans.get(plan), at)

    def my_documents(self) -> list[Document]:
        """Documents in the user's plans (all documents when the user has no plan)."""
        ids = {r.doc_id for p in self.plans.list() for r in p.refs}
        return [d for d in self.service.documents if d.doc_id in ids] or self.service.documents

    # --- sessions ----------------------------------------------------------------------------------
    def daily(self, at: datetime | None = None) -> Session:
        """每日一练: 5 items, due review cards first, then the user's documents; one set per day."""
        moment = as_utc(at)
        day = moment.astimezone().date().isoformat()
        existing = self.sessions.find_day("daily", day)
        if existing is not None:
            return existing
        maker = self.service.maker(_seed(self.name, day))
        items = self._review_items(maker, moment, DAILY_SIZE)
        seen = {(s.doc_id, s.label) for i in items for s in i.sources}
        refs = [(d, p) for d, p in quiz_refs(self.my_documents()) if (d.doc_id, p.label) not in seen]
        items += maker.make(refs, DAILY_SIZE - len(items))
        return self.sessions.create("daily", items, day=day, at=moment)

    def _review_items(self, maker: QuizMaker, at: datetime, limit: int) -> list[Item]:
        items: list[Item] = []
        for card in self.reviews.due(at):
            doc = self.service.corpus.document(card.source)  # by id, else short title + version
            article = self.service.corpus.article(card.source)
            made = maker.any_item(doc, article) if doc and article else None
            if made is not None:
                items.append(made)
            if len(items) >= limit:
                break
        return items

    def practice(self, documents: Sequence[str] = (), chapter: str = "", n: int = 10,
                 kinds: Sequence[ItemKind] = KINDS, seed: int | None = None) -> Session:
        """专项练习 on documents and/or a chapter."""
        return self.sessions.create("practice", self.service.quiz(documents, chapter, n, kinds, seed))

    def challenge(self, n: int = 10, minutes: float = 10, documents: Sequence[str] = (), chapter: str = "",
                  at: datetime | None = None, seed: int | None = None) -> Session:
        """挑战: timed; the deadline is stored and answers after it are not scored."""
        moment = as_utc(at)
        items = self.service.quiz(documents, chapter, n, seed=seed)
        deadline = moment + timedelta(minutes=minutes)
        return self.sessions.create("challenge", items, deadline=deadline, at=moment)

    def redo_wrong(self, n: int = 10) -> Session:
        """错题重做: items from the 错题本; a right answer clears the entry."""
        return self.sessions.create("wrong", [e.item for e in self.sessions.wrong_book()[:n]])

    def review(self, n: int = 10, at: datetime | None = None) -> Session:
        """到期复习: one item for each due review card (most overdue first)."""
        moment = as_utc(at)
        items = self._review_items(self.service.maker(_seed(self.name, moment.isoformat())), moment, n)
        return self.sessions.create("review", items, at=moment)

    def session(self, session_id: str) -> Session:
        """One of this user's sessions (StudyError for unknown ids and other users' sessions)."""
        return self.sessions.get(session_id)

    def answer(self, session_id: str, item_id: str, response: str, at: datetime | None = None) -> Result:
        """Grade one answer; updates the 错题本 and the FSRS cards of the item's articles."""
        session = self.sessions.get(session_id)
        result = self.sessions.answer(session, session.item(item_id), response, at)
        for source in result.item.sources:
            self.reviews.record(source, result.correct, at)
        return result

    def score(self, session_id: str) -> Score:
        """The session's score (挑战: only answers before the deadline count)."""
        return self.sessions.score(self.sessions.get(session_id))

    def wrong_book(self) -> list[WrongEntry]:
        """The 错题本: uncleared wrong items, most recent first."""
        return self.sessions.wrong_book()

    def due_cards(self, at: datetime | None = None) -> list[ReviewCard]:
        """Review cards due now (or at ``at``)."""
        return self.reviews.due(at)

    def cards(self) -> list[ReviewCard]:
        """All review cards, earliest due first."""
        return self.reviews.cards()

    def stats(self, at: datetime | None = None) -> dict[str, int]:
        """Counts for a dashboard: plans, articles read, 错题本 size, cards and due cards."""
        plans, cards = self.plans.list(), self.reviews.cards()
        moment = as_utc(at)
        return {"plans": len(plans), "read": sum(p.position for p in plans), "wrong": len(self.wrong_book()),
                "cards": len(cards), "due": sum(1 for c in cards if c.due <= moment)}


def _seed(user: str, day: str) -> int:
    return int(hashlib.sha1(f"{user}|{day}".encode()).hexdigest()[:8], 16)
