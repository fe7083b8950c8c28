"""Per-user study state in one SQLite file (``<data>/study.sqlite3``): plans, sessions, 错题本, cards.

Every table has a ``user`` column and every query in this package filters on it; a store object is
opened per call site, so a new process (or a new :class:`StudyDB` on the same file) sees the same state.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from assistant.errors import AssistantError

DB_NAME = "study.sqlite3"
_USER = re.compile(r"^[\w\u3400-\u9fff.@-]{1,64}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, name TEXT NOT NULL, start TEXT NOT NULL,
    per_day INTEGER NOT NULL, refs TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL,
    UNIQUE (user, name));
CREATE TABLE IF NOT EXISTS reading_log (
    plan_id INTEGER NOT NULL, user TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, mode TEXT NOT NULL, created TEXT NOT NULL, deadline TEXT,
    day TEXT NOT NULL DEFAULT '', items TEXT NOT NULL, finished INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS answers (
    session_id TEXT NOT NULL, user TEXT NOT NULL, item_id TEXT NOT NULL, response TEXT NOT NULL,
    correct INTEGER NOT NULL, in_time INTEGER NOT NULL, at TEXT NOT NULL, PRIMARY KEY (session_id, item_id));
CREATE TABLE IF NOT EXISTS wrong (
    user TEXT NOT NULL, item_id TEXT NOT NULL, item TEXT NOT NULL, doc_id TEXT NOT NULL, label TEXT NOT NULL,
    response TEXT NOT NULL, times INTEGER NOT NULL, last TEXT NOT NULL, cleared INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user, item_id));
CREATE TABLE IF NOT EXISTS cards (
    user TEXT NOT NULL, card_key TEXT NOT NULL, source TEXT NOT NULL, card TEXT NOT NULL, due TEXT NOT NULL,
    updated TEXT NOT NULL, PRIMARY KEY (user, card_key));
"""


class StudyError(AssistantError):
    """A study request cannot be served (unknown plan, session of another user, bad user name…)."""


def utcnow() -> datetime:
    """Timezone-aware now (FSRS requires UTC)."""
    return datetime.now(UTC)


def as_utc(moment: datetime | None) -> datetime:
    """``moment`` in UTC (naive datetimes are taken as UTC); now when None."""
    if moment is None:
        return utcnow()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def check_user(user: str) -> str:
    """A user name: 1–64 letters, digits, CJK, ``. @ - _``."""
    name = user.strip()
    if not _USER.match(name):
        raise StudyError(f"用户名无效：{user!r}", hint="用 1–64 个汉字、字母、数字或 . @ - _")
    return name


class StudyDB:
    """The study database file; each operation opens its own short connection (thread-safe for the UI)."""

    def __init__(self, path: Path) -> None:
        """``path`` is the data folder (the file is ``study.sqlite3`` in it) or a ``.sqlite3`` file."""
        is_file = path.suffix in (".sqlite3", ".sqlite", ".db") and not path.is_dir()
        self.path = path if is_file else path / DB_NAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.connect() as con:
                con.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StudyError(f"无法打开学习记录：{exc}", hint="检查数据文件夹是否可写",
                             path=str(self.path)) from exc

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction (committed on success, rolled back on error)."""
        con = sqlite3.connect(self.path, timeout=10)
        con.row_factory = sqlite3.Row
        try:
            with con:
                yield con
        finally:
            con.close()
