"""Direct lookup: 法律援助法第三十一条 / 法援法第31条 / 监察法第二十二条（2018年版）→ the article, no ranking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.indexing.reader import IndexReader
from assistant.ingest.numerals import CN_NUMBER, article_label, cn_to_int
from assistant.retrieval.aliases import ALIASES
from assistant.types import Document

ARTICLE_REF = re.compile(rf"第\s*({CN_NUMBER}|\d+)\s*条")
YEAR = re.compile(r"(19|20)\d{2}(?=\s*年)|(?<![\d])(19|20)\d{2}(?=\s*版)")
_STRIP = re.compile(r"[《》〈〉\s“”\"'「」]")


@dataclass(frozen=True)
class Reference:
    """One resolved article reference in a question."""

    short_title: str
    number: int
    label: str
    year: str = ""


class NameResolver:
    """Maps law names and abbreviations to indexed short titles."""

    def __init__(self, reader: IndexReader) -> None:
        names: dict[str, str] = {}
        for doc in reader.documents():
            for name in (doc.title, doc.short_title, doc.title.removeprefix("中华人民共和国")):
                names[name] = doc.short_title
        known = set(names.values())
        names.update({a: t for a, t in ALIASES.items() if t in known})
        self.names = dict(sorted(names.items(), key=lambda kv: -len(kv[0])))

    def resolve_suffix(self, text: str) -> str:
        """The longest known name that ``text`` ends with (``请问法援法`` → 法律援助法), or ''."""
        text = _STRIP.sub("", text)
        return next((t for n, t in self.names.items() if text.endswith(n)), "")

    def mentioned(self, text: str) -> list[str]:
        """Short titles of every law named anywhere in ``text`` (longest names first)."""
        text = _STRIP.sub("", text)
        found: list[str] = []
        for name, title in self.names.items():
            if name in text and title not in found:
                found.append(title)
                text = text.replace(name, "")
        return found


def find_references(question: str, resolver: NameResolver, default_title: str = "") -> list[Reference]:
    """Article references in ``question``; a bare 第三十一条 uses ``default_title`` when given."""
    refs: list[Reference] = []
    year_match = YEAR.search(question)
    year = year_match.group(0)[:4] if year_match else ""
    for match in ARTICLE_REF.finditer(question):
        before = question[max(0, match.start() - 24) : match.start()]
        title = resolver.resolve_suffix(before) or default_title
        if not title:
            continue
        number = cn_to_int(match.group(1))
        if 0 < number < 10000:
            refs.append(Reference(title, number, article_label(number), year))
    return refs


def pick_version(docs: list[Document], year: str) -> Document | None:
    """The version named by ``year`` if any, else the newest (docs are newest first)."""
    if year:
        named = [d for d in docs if d.version.startswith(year)]
        if named:
            return named[0]
    return docs[0] if docs else None
