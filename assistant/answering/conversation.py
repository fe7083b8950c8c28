"""Conversation state: what the last turns were about, kept per session id in a capped store."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from assistant.ingest.numerals import cn_to_int
from assistant.retrieval.lookup import ARTICLE_REF
from assistant.types import Answer

YEAR = re.compile(r"((?:19|20)\d{2})\s*(?=年|版|[）)]|修)")
MAX_SESSIONS = 256
HISTORY_SCAN = 4  # turns of plain history read to rebuild a context
MAX_TURNS = 12


class Names(Protocol):
    """What the rewriter needs to know about law names (``NameResolver`` satisfies it)."""

    def mentioned(self, text: str) -> list[str]:
        """Short titles of the laws named in ``text``."""
        ...

    def resolve_suffix(self, text: str) -> str:
        """The short title ``text`` ends with, or ''."""
        ...

    def unknown(self, text: str) -> list[str]:
        """Names of laws in ``text`` that are not loaded."""
        ...


class MemoNames:
    """Remembers a Names implementation's answers for the texts of one turn (name scans are not free)."""

    def __init__(self, names: Names) -> None:
        self._names = names
        self._lists: dict[tuple[str, str], list[str]] = {}
        self._suffixes: dict[str, str] = {}

    def mentioned(self, text: str) -> list[str]:
        """See :class:`Names`."""
        if ("mentioned", text) not in self._lists:
            self._lists["mentioned", text] = self._names.mentioned(text)
        return self._lists["mentioned", text]

    def unknown(self, text: str) -> list[str]:
        """See :class:`Names`."""
        if ("unknown", text) not in self._lists:
            self._lists["unknown", text] = self._names.unknown(text)
        return self._lists["unknown", text]

    def resolve_suffix(self, text: str) -> str:
        """See :class:`Names`."""
        if text not in self._suffixes:
            self._suffixes[text] = self._names.resolve_suffix(text)
        return self._suffixes[text]


@dataclass(frozen=True)
class Context:
    """What a follow-up may refer to: the last law, article, version year and standalone query."""

    title: str = ""
    article: int = 0
    version: str = ""  # a year asked for explicitly, e.g. "2018"
    query: str = ""


@dataclass(frozen=True)
class Conversation:
    """One session: its context and the (question, answer) turns so far."""

    context: Context = Context()
    turns: tuple[tuple[str, str], ...] = ()

    def record(self, question: str, answer: str, context: Context) -> Conversation:
        """A new conversation with one more turn (only the last MAX_TURNS are kept)."""
        return Conversation(context, (*self.turns, (question, answer))[-MAX_TURNS:])


def year_of(text: str) -> str:
    """The version year named in ``text`` (2018年 / 2018版), or ''."""
    match = YEAR.search(text)
    return match.group(1) if match else ""


def next_context(ctx: Context, query: str, answer: Answer, refs: Sequence[tuple[str, int]],
                 titles: Sequence[str] = ()) -> Context:
    """The context after answering ``query``.

    ``refs`` are the (short title, article number) references found in the query and
    ``titles`` the laws it names. Explicit references win; otherwise the top citation of a
    found answer; otherwise the old context is kept (with the new query).
    """
    version = year_of(query)
    if refs:
        return Context(refs[0][0], refs[0][1], version, query)
    top = answer.citations[0] if answer.found and answer.citations else None
    if titles and (top is None or top.short_title != titles[0]):
        return Context(titles[0], 0, version, query)
    if top is not None:
        return Context(top.short_title, top.article_no, version, query)
    return replace(ctx, query=query, version=version or ctx.version)


def references(text: str, names: Names, limit: int = 0) -> list[tuple[str, int]]:
    """(short title, number) of 《X》第N条 / X第N条 in ``text`` whose law is known (at most ``limit``)."""
    found: list[tuple[str, int]] = []
    for match in ARTICLE_REF.finditer(text):
        if limit and len(found) >= limit:
            break
        title = names.resolve_suffix(text[max(0, match.start() - 24) : match.start()])
        number = cn_to_int(match.group(1))
        if title and 0 < number < 10000 and (title, number) not in found:
            found.append((title, number))
    return found


def context_from_history(history: Sequence[tuple[str, str]], names: Names) -> Context:
    """Rebuild a context from plain (question, answer) history, e.g. from a UI without sessions."""
    ctx = Context()
    for question, answer in list(history)[-HISTORY_SCAN:]:
        refs = references(question, names, 1) or references(answer, names, 1)
        titles = names.mentioned(question)
        if refs:
            ctx = Context(refs[0][0], refs[0][1], year_of(question), question)
        elif titles:
            ctx = Context(titles[0], 0, year_of(question), question)
        else:
            ctx = replace(ctx, query=question)
    return ctx


@dataclass
class SessionStore:
    """In-memory conversations by session id; the least recently used are dropped past ``cap``."""

    cap: int = MAX_SESSIONS
    _items: OrderedDict[str, Conversation] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, session_id: str) -> Conversation:
        """The conversation of ``session_id`` (empty when unknown)."""
        with self._lock:
            conv = self._items.get(session_id)
            if conv is not None:
                self._items.move_to_end(session_id)
            return conv or Conversation()

    def save(self, session_id: str, conversation: Conversation) -> None:
        """Store ``conversation``, evicting the least recently used sessions beyond the cap."""
        with self._lock:
            self._items[session_id] = conversation
            self._items.move_to_end(session_id)
            while len(self._items) > self.cap:
                self._items.popitem(last=False)

    def forget(self, session_id: str) -> None:
        """Drop one session."""
        with self._lock:
            self._items.pop(session_id, None)

    def __len__(self) -> int:
        return len(self._items)
