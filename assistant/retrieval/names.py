"""Law names in questions: indexed documents (with abbreviations) and laws that are not loaded.

Known names come from the index (full title, title without 中华人民共和国, short title, derived
short forms) plus the hand-kept :data:`~assistant.retrieval.aliases.ALIASES`. Unknown names come from
``resources/law_names.txt`` (a gazetteer of Chinese law names) and from any 《…》 that names a law.
Matching is longest-first, so 监察法实施条例 (not loaded) is not mistaken for 监察法.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant.indexing.reader import IndexReader
from assistant.retrieval.aliases import ALIASES, derived_names
from assistant.types import Document

_BRACKETED = re.compile(r"《([^》]{2,40})》")
_LAWLIKE = re.compile(r"(法|法典|条例|规定|办法|规则|细则|决定|解释|准则)$")
# a name followed by one of these is part of a longer word: 刑法学, 宪法宣誓 stays a name but 法定 …
_GLUED = set("定律院官人治制庭务学理典")
_NOISE = re.compile(r"[\s“”\"'「」]")


@dataclass(frozen=True)
class Mention:
    """One law name found in a question; ``title`` is '' for a law that is not indexed."""

    name: str
    title: str
    start: int
    end: int

    @property
    def known(self) -> bool:
        """True when the named law is in the index."""
        return bool(self.title)


@cache
def topic_laws() -> tuple[tuple[str, str], ...]:
    """(topic word, governing law) pairs from ``resources/topic_laws.tsv``."""
    text = resources.files("assistant.resources").joinpath("topic_laws.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return tuple((r[0].strip(), r[1].strip()) for r in rows if len(r) == 2)


@cache
def gazetteer() -> frozenset[str]:
    """Law names from ``resources/law_names.txt`` (comment lines skipped)."""
    text = resources.files("assistant.resources").joinpath("law_names.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def clean(text: str) -> str:
    """Drop spaces and quotes that break name matching (full-width forms are kept)."""
    return _NOISE.sub("", text)


class NameResolver:
    """Maps law names and abbreviations in text to indexed short titles."""

    def __init__(self, source: IndexReader | Iterable[Document]) -> None:
        documents = source.documents() if isinstance(source, IndexReader) else list(source)
        known: dict[str, str] = {}
        for doc in documents:
            for name in derived_names(doc):
                known.setdefault(name, doc.short_title)
        titles = set(known.values())
        known.update({a: t for a, t in ALIASES.items() if t in titles})
        self.known = known
        self.titles = titles
        unknown = {n: "" for n in gazetteer() if n not in known}
        unknown |= {"中华人民共和国" + n: "" for n in unknown}
        self.subjects = _subjects(documents, set(known))
        self._table = {**unknown, **known}
        self._lengths = sorted({len(n) for n in self._table}, reverse=True)

    def mentions(self, text: str) -> list[Mention]:
        """Every law name in ``text`` (after :func:`clean`), longest names first, no overlaps, in order."""
        text = clean(text)
        taken = [False] * len(text)
        found: list[Mention] = []
        for inner in _BRACKETED.finditer(text):
            name = inner.group(1)
            if name not in self._table and _LAWLIKE.search(name):
                found.append(self._take(text, taken, name, "", inner.start(1)))
        for start, name, title in self._candidates(text):
            end = start + len(name)
            if not any(taken[start:end]) and self._bounded(text, end, name):
                found.append(self._take(text, taken, name, title, start))
        return sorted(found, key=lambda x: x.start)

    def _candidates(self, text: str) -> list[tuple[int, str, str]]:
        """(start, name, title) of every table name occurring in ``text``, longest names first."""
        hits = [(i, text[i:i + n]) for n in self._lengths for i in range(len(text) - n + 1)
                if text[i:i + n] in self._table]
        return [(i, name, self._table[name]) for i, name in hits]

    @staticmethod
    def _take(text: str, taken: list[bool], name: str, title: str, start: int) -> Mention:
        for i in range(start, start + len(name)):
            taken[i] = True
        return Mention(name, title, start, start + len(name))

    @staticmethod
    def _bounded(text: str, end: int, name: str) -> bool:
        """False when a name ending in 法 runs on into a longer word (公司法定代表人)."""
        return not (name.endswith("法") and end < len(text) and text[end] in _GLUED)

    def mentioned(self, text: str) -> list[str]:
        """Short titles of indexed laws named in ``text``, in order of first mention."""
        titles: list[str] = []
        for m in self.mentions(text):
            if m.known and m.title not in titles:
                titles.append(m.title)
        return titles

    def unknown(self, text: str) -> list[str]:
        """Names of laws in ``text`` that are not in the index."""
        return list(dict.fromkeys(m.name for m in self.mentions(text) if not m.known))

    def subjects_in(self, text: str) -> list[str]:
        """Loaded laws whose subject is named (法官 → 法官法, 社区矫正 → 社区矫正法), in text order."""
        text = clean(text)
        found = sorted((text.find(s), t) for s, t in self.subjects.items() if s in text)
        return list(dict.fromkeys(t for _, t in found))

    def implied(self, text: str) -> list[str]:
        """Laws that govern a topic named in ``text`` (遗嘱 → 民法典) and are not loaded."""
        text = clean(text)
        laws = [law for topic, law in topic_laws() if topic in text and law not in self.known]
        return list(dict.fromkeys(laws))

    def resolve(self, name: str) -> str:
        """The short title for a whole name or abbreviation (``法援法`` → 法律援助法), or ''."""
        name = clean(name).strip("《》")
        if name in self.known:
            return self.known[name]
        found = [m for m in self.mentions(name) if m.known]
        return found[-1].title if found else ""

    def resolve_suffix(self, text: str) -> str:
        """The known name that ``text`` ends with (``请问法援法`` → 法律援助法), or ''."""
        text = clean(text).rstrip("》")
        found = [m for m in self.mentions(text) if m.end == len(text)]
        return found[-1].title if found and found[-1].known else ""


def _subjects(documents: list[Document], names: set[str]) -> dict[str, str]:
    """What a law is about, from its short title: 法官法 → 法官, 人民法院组织法 → 人民法院."""
    subjects: dict[str, str] = {}
    for doc in documents:
        short = doc.short_title
        if doc.kind != "law" or not short.endswith("法"):
            continue
        subject = short.removesuffix("法").removesuffix("组织")
        if len(subject) >= 2 and subject not in names:
            subjects.setdefault(subject, short)
    return subjects
