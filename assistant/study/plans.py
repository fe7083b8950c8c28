"""Reading plans (晨学): N articles a day from chosen documents or chapters; progress is resumable."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from assistant.study.facts import key_terms
from assistant.study.items import Source
from assistant.study.progress import StudyDB, StudyError, as_utc, check_user
from assistant.study.selection import ArticleRef, resolve
from assistant.types import Document


@dataclass(frozen=True)
class Plan:
    """A dated reading plan; ``position`` counts the articles already read."""

    id: int
    name: str
    start: date
    per_day: int
    refs: tuple[ArticleRef, ...]
    position: int = 0

    @property
    def total_days(self) -> int:
        """Days the plan takes."""
        return -(-len(self.refs) // self.per_day)

    @property
    def finished(self) -> bool:
        """True when every article was read."""
        return self.position >= len(self.refs)

    @property
    def day(self) -> int:
        """The 0-based day the learner is on."""
        return self.position // self.per_day

    def schedule(self) -> list[tuple[date, tuple[ArticleRef, ...]]]:
        """(date, articles) for every day of the plan."""
        n = self.per_day
        return [(self.start + timedelta(days=i), self.refs[i * n:(i + 1) * n])
                for i in range(self.total_days)]


@dataclass(frozen=True)
class ReadingArticle:
    """One article of today's reading, with its chapter and key terms."""

    source: Source
    text: str
    key_terms: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """Today's reading: the plan day, its scheduled date, how far behind (+) or ahead (−) the learner is."""

    plan: Plan
    day: int  # 1-based
    date: date
    behind: int
    articles: tuple[ReadingArticle, ...]


class Plans:
    """One user's reading plans."""

    def __init__(self, db: StudyDB, user: str) -> None:
        self.db, self.user = db, check_user(user)

    def create(self, name: str, refs: Sequence[ArticleRef], per_day: int, start: date | None = None) -> Plan:
        """A new plan over ``refs``, ``per_day`` articles a day, from ``start`` (default today)."""
        if per_day < 1 or not refs or not name.strip():
            raise StudyError("计划需要名称、至少一条条文，且每天至少 1 条")
        begin = start or as_utc(None).astimezone().date()
        data = json.dumps([[r.doc_id, r.label] for r in refs], ensure_ascii=False)
        try:
            with self.db.connect() as con:
                cur = con.execute(
                    "INSERT INTO plans (user, name, start, per_day, refs, created) VALUES (?,?,?,?,?,?)",
                    (self.user, name.strip(), begin.isoformat(), per_day, data, as_utc(None).isoformat()))
        except sqlite3.IntegrityError:
            raise StudyError(f"已有名为“{name}”的计划", hint="换一个名称，或先删除旧计划") from None
        return Plan(int(cur.lastrowid or 0), name.strip(), begin, per_day, tuple(refs))

    def list(self) -> list[Plan]:
        """All plans of the user, oldest first."""
        with self.db.connect() as con:
            rows = con.execute("SELECT id, name, start, per_day, refs, position FROM plans WHERE user = ? "
                               "ORDER BY id", (self.user,)).fetchall()
        return [Plan(r[0], r[1], date.fromisoformat(r[2]), r[3],
                     tuple(ArticleRef(*x) for x in json.loads(r[4])), r[5]) for r in rows]

    def get(self, name: str = "") -> Plan:
        """A plan by name; without a name, the latest unfinished plan (else the latest)."""
        plans = self.list()
        if name:
            plans = [p for p in plans if p.name == name.strip()]
        open_plans = [p for p in plans if not p.finished] or plans
        if not open_plans:
            raise StudyError(f"没有{'名为“' + name + '”的' if name else ''}学习计划",
                             hint="先用 assistant study plan create 建立计划")
        return open_plans[-1]

    def delete(self, name: str) -> None:
        """Remove a plan and its log."""
        plan = self.get(name)
        with self.db.connect() as con:
            con.execute("DELETE FROM plans WHERE id = ? AND user = ?", (plan.id, self.user))
            con.execute("DELETE FROM reading_log WHERE plan_id = ? AND user = ?", (plan.id, self.user))

    def today(self, plan: Plan, documents: Sequence[Document], on: date | None = None) -> Reading:
        """The next unread day of the plan (resumes where the learner left off)."""
        when = on or as_utc(None).astimezone().date()
        refs = plan.refs[plan.position:plan.position + plan.per_day]
        articles = tuple(ReadingArticle(Source.of(d, p), p.text, tuple(key_terms(p)))
                         for d, p in resolve(documents, refs))
        scheduled = plan.start + timedelta(days=plan.day)
        return Reading(plan, plan.day + 1, scheduled, (when - scheduled).days, articles)

    def done(self, plan: Plan, at: datetime | None = None) -> Plan:
        """Mark the current day read and move on; returns the updated plan."""
        if plan.finished:
            return plan
        last = min(plan.position + plan.per_day, len(plan.refs))
        with self.db.connect() as con:
            con.execute("UPDATE plans SET position = ? WHERE id = ? AND user = ?", (last, plan.id, self.user))
            con.execute("INSERT INTO reading_log (plan_id, user, first, last, at) VALUES (?,?,?,?,?)",
                        (plan.id, self.user, plan.position, last, as_utc(at).isoformat()))
        return replace(plan, position=last)
