"""Direct lookup: 法律援助法第三十一条 / 法援法第31条 / 监察法第二十二条（2018年版）→ the article, no ranking."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.ingest.numerals import CN_NUMBER, article_label, cn_to_int
from assistant.retrieval.names import Mention, NameResolver, clean
from assistant.types import Document

ARTICLE_REF = re.compile(rf"第\s*({CN_NUMBER}|\d+)\s*条")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?=年|版|[）)]|修)")
_CURRENT = re.compile(r"现行|最新|目前|现在的|新版|修改后|修正后|修订后")
_BOTH = re.compile(r"新旧|两个版本|两版|前后|修改前|修正前|旧版")


def normalise(question: str) -> str:
    """NFKC (full-width digits and letters → ASCII) and one space at most between words."""
    text = unicodedata.normalize("NFKC", question)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Reference:
    """One article reference in a question; ``title`` is '' when the named law is not indexed."""

    title: str
    number: int
    label: str
    name: str = ""  # the law name as written


@dataclass(frozen=True)
class VersionIntent:
    """Which versions a question asks about: named years, and whether it also wants the current text."""

    years: tuple[str, ...] = ()
    current: bool = False
    compare: bool = False

    @classmethod
    def of(cls, question: str) -> VersionIntent:
        """Years (2018年 / 2018版 / （2018）), 现行/修改后, and 新旧/前后 comparisons in ``question``."""
        years = tuple(dict.fromkeys(_YEAR.findall(question)))
        return cls(years, bool(_CURRENT.search(question)), bool(_BOTH.search(question)))

    def pick(self, versions: list[Document]) -> list[Document]:
        """The versions of one law (newest first) the question means; the current one by default."""
        if not versions:
            return []
        if self.compare and len(versions) > 1 and not self.years:
            return versions[:2]
        named = [d for d in versions if any(d.version.startswith(y) for y in self.years)]
        if not named:
            return versions[:1]
        if self.current and versions[0] not in named:
            named.insert(0, versions[0])
        return named


def find_references(question: str, resolver: NameResolver, default_title: str = "") -> list[Reference]:
    """Article references in ``question``; each takes the nearest law named before it.

    A bare 第三十一条 uses ``default_title`` (the filtered or last-discussed document) when given.
    """
    text = normalise(question)
    mentions = resolver.mentions(text)
    refs: list[Reference] = []
    for match in ARTICLE_REF.finditer(text):
        number = cn_to_int(re.sub(r"\s+", "", match.group(1)))
        if not 0 < number < 10000:
            continue
        before = _nearest_before(mentions, len(_clean_prefix(text, match.start())))
        if before is not None:
            refs.append(Reference(before.title, number, article_label(number), before.name))
        elif default_title:
            refs.append(Reference(default_title, number, article_label(number), default_title))
    return refs


def _clean_prefix(text: str, end: int) -> str:
    return clean(text[:end])


def _nearest_before(mentions: list[Mention], position: int) -> Mention | None:
    before = [m for m in mentions if m.end <= position]
    return before[-1] if before else None


def pick_version(docs: list[Document], year: str) -> Document | None:
    """The version named by ``year`` if any, else the newest (``docs`` are newest first)."""
    named = [d for d in docs if year and d.version.startswith(year)]
    return named[0] if named else (docs[0] if docs else None)


__all__ = ["ARTICLE_REF", "NameResolver", "Reference", "VersionIntent", "find_references", "pick_version"]


def strip_references(question: str) -> str:
    """The question without its article references (what is left to rank on)."""
    return ARTICLE_REF.sub(" ", normalise(question)).strip()


def article_number(text: str) -> int:
    """第31条 / 31 / 第三十一条 / 三十一 → 31 (ValueError when it is not a number)."""
    core = normalise(text).replace(" ", "").removeprefix("第").removesuffix("条")
    return cn_to_int(core)
