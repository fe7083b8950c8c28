"""Quiz sessions (每日一练, 专项练习, 挑战, 错题重做), graded answers and the 错题本."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import datetime

from assistant.study.items import Item
from assistant.study.progress import StudyDB, StudyError, as_utc, check_user

MODES = {"daily": "每日一练", "practice": "专项练习", "challenge": "挑战", "wrong": "错题重做",
         "review": "到期复习"}


@dataclass(frozen=True)
class Session:
    """A stored set of items; a 挑战 has a deadline after which answers are not scored."""

    id: str
    mode: str
    created: datetime
    items: tuple[Item, ...]
    deadline: datetime | None = None
    day: str = ""

    @property
    def mode_name(self) -> str:
        """每日一练 / 专项练习 / 挑战 / 错题重做."""
        return MODES.get(self.mode, self.mode)

    def item(self, item_id: str) -> Item:
        """The session's item with this id."""
        for it in self.items:
            if it.item_id == item_id:
                return it
        raise StudyError(f"本次练习中没有题目 {item_id}")


@dataclass(frozen=True)
class Result:
    """A graded answer; ``counted`` is False for 挑战 answers after the deadline."""

    item: Item
    response: str
    correct: bool
    counted: bool


@dataclass(frozen=True)
class Score:
    """Answered, correct and late counts of a session."""

    total: int
    answered: int
    correct: int
    late: int

    @property
    def percent(self) -> int:
        """Correct answers as a percentage of all items."""
        return round(100 * self.correct / self.total) if self.total else 0


@dataclass(frozen=True)
class WrongEntry:
    """An item of the 错题本 with the learner's last wrong response."""

    item: Item
    response: str
    times: int
    last: datetime


class Sessions:
    """One user's sessions, answers and 错题本."""

    def __init__(self, db: StudyDB, user: str) -> None:
        self.db, self.user = db, check_user(user)

    def create(self, mode: str, items: list[Item], deadline: datetime | None = None, day: str = "",
               at: datetime | None = None) -> Session:
        """Store a new session."""
        session = Session(uuid.uuid4().hex[:12], mode, as_utc(at), tuple(items),
                          as_utc(deadline) if deadline else None, day)
        with self.db.connect() as con:
            con.execute("INSERT INTO sessions (id, user, mode, created, deadline, day, items) "
                        "VALUES (?,?,?,?,?,?,?)",
                        (session.id, self.user, mode, session.created.isoformat(),
                         session.deadline.isoformat() if session.deadline else None, day,
                         json.dumps([i.to_dict() for i in items], ensure_ascii=False)))
        return session

    def get(self, session_id: str) -> Session:
        """A session of this user (another user's session id is reported as unknown)."""
        with self.db.connect() as con:
            row = con.execute("SELECT id, mode, created, deadline, day, items FROM sessions "
                              "WHERE id = ? AND user = ?", (session_id, self.user)).fetchone()
        if row is None:
            raise StudyError(f"没有编号为 {session_id} 的练习")
        items = tuple(Item.from_dict(d) for d in json.loads(row[5]))
        deadline = datetime.fromisoformat(row[3]) if row[3] else None
        return Session(row[0], row[1], datetime.fromisoformat(row[2]), items, deadline, row[4])

    def find_day(self, mode: str, day: str) -> Session | None:
        """The user's session of ``mode`` created for ``day`` (每日一练 is one set per day)."""
        with self.db.connect() as con:
            row = con.execute("SELECT id FROM sessions WHERE user = ? AND mode = ? AND day = ? "
                              "ORDER BY created DESC", (self.user, mode, day)).fetchone()
        return None if row is None else self.get(row[0])

    def answer(self, session: Session, item: Item, response: str, at: datetime | None = None) -> Result:
        """Grade and store an answer; wrong answers go to the 错题本, right ones in 错题重做 clear it."""
        moment = as_utc(at)
        correct = item.is_correct(response)
        counted = session.deadline is None or moment <= session.deadline
        with self.db.connect() as con:
            con.execute("INSERT OR REPLACE INTO answers "
                        "(session_id, user, item_id, response, correct, in_time, at) VALUES (?,?,?,?,?,?,?)",
                        (session.id, self.user, item.item_id, response, int(correct), int(counted),
                         moment.isoformat()))
            if not correct:
                _add_wrong(con, self.user, item, response, moment)
            elif session.mode == "wrong":
                con.execute("UPDATE wrong SET cleared = 1 WHERE user = ? AND item_id = ?",
                            (self.user, item.item_id))
        return Result(item, response, correct, counted)

    def answered(self, session: Session) -> dict[str, bool]:
        """item_id → correct, for the answers given so far."""
        with self.db.connect() as con:
            rows = con.execute("SELECT item_id, correct FROM answers WHERE session_id = ? AND user = ?",
                               (session.id, self.user)).fetchall()
        return {r[0]: bool(r[1]) for r in rows}

    def score(self, session: Session) -> Score:
        """Score counting only answers given before the deadline."""
        with self.db.connect() as con:
            rows = con.execute("SELECT correct, in_time FROM answers WHERE session_id = ? AND user = ?",
                               (session.id, self.user)).fetchall()
        return Score(len(session.items), sum(r[1] for r in rows), sum(r[0] and r[1] for r in rows),
                     sum(1 - r[1] for r in rows))

    def wrong_book(self, include_cleared: bool = False) -> list[WrongEntry]:
        """The user's 错题本, most recent first."""
        query = "SELECT item, response, times, last FROM wrong WHERE user = ?" + (
            "" if include_cleared else " AND cleared = 0")
        with self.db.connect() as con:
            rows = con.execute(query + " ORDER BY last DESC", (self.user,)).fetchall()
        return [WrongEntry(Item.from_json(r[0]), r[1], r[2], datetime.fromisoformat(r[3])) for r in rows]


def _add_wrong(con: sqlite3.Connection, user: str, item: Item, response: str, at: datetime) -> None:
    con.execute(
        "INSERT INTO wrong (user, item_id, item, doc_id, label, response, times, last) "
        "VALUES (?,?,?,?,?,?,1,?) "
        "ON CONFLICT (user, item_id) DO UPDATE SET times = times + 1, response = excluded.response, "
        "last = excluded.last, cleared = 0",
        (user, item.item_id, item.to_json(), item.source.doc_id, item.source.label, response, at.isoformat()))
