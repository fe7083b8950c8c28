"""Lay words → legal terms: the curated thesaurus, an age rule, and terms mined from the corpus.

* ``resources/thesaurus.tsv`` (documented in its header): 拖欠工资 → 劳动报酬, 打官司 → 诉讼 …
* ages: 17岁 → 未成年人, 70多岁 → 七十周岁以上 (the thresholds statutes use); periods: 两个月 → 六十日
* mined: an abbreviation that never occurs in the corpus is matched to the corpus term it abbreviates
  (家暴 → 家庭暴力, 刑拘 → 刑事拘留: same first character, characters in order), and
  "（以下简称X）" definitions link a short name to the full term.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from assistant.ingest.numerals import cn_to_int

_AGE = re.compile(r"([一二两三四五六七八九十]{1,3}|\d{1,3})\s*(多)?\s*(?:周)?岁")
_MONTHS = re.compile(r"(半|一|两|二|三|四|五|六)\s*个\s*(多)?\s*月")
_MONTH_DAYS = {"半": "十五日", "一": "三十日", "两": "六十日", "二": "六十日", "三": "九十日", "四": "一百二十日",
               "五": "一百五十日", "六": "六个月"}
_SHORT_FOR = re.compile(r"([\u4e00-\u9fff]{3,16})（以下简称“?([\u4e00-\u9fff]{2,8})”?）")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


@cache
def thesaurus() -> dict[str, tuple[str, ...]]:
    """Lay term → legal terms from ``resources/thesaurus.tsv``."""
    text = resources.files("assistant.resources").joinpath("thesaurus.tsv").read_text(encoding="utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        lay, legal = line.split("\t", 1)
        table[lay.strip()] = tuple(t.strip() for t in legal.split("|") if t.strip())
    return table


def age_terms(question: str) -> list[str]:
    """Statutory age wording for ages named in ``question``."""
    terms: list[str] = []
    for match in _AGE.finditer(question):
        age = cn_to_int(match.group(1)) + (5 if match.group(2) else 0)
        if age < 14:
            terms += ["不满十四周岁", "未成年人"]
        elif age < 16:
            terms += ["已满十四周岁不满十六周岁", "未成年人"]
        elif age < 18:
            terms += ["已满十六周岁不满十八周岁", "未成年人"]
        elif age >= 70:
            terms += ["七十周岁以上", "老年人"]
    return list(dict.fromkeys(terms))


def duration_terms(question: str) -> list[str]:
    """Statutes count short periods in days: 两个多月 → 六十日, 半个月 → 十五日."""
    return list(dict.fromkeys(_MONTH_DAYS[m.group(1)] for m in _MONTHS.finditer(question)))


@dataclass(frozen=True)
class MinedTerms:
    """Corpus vocabulary used to expand abbreviations, plus "以下简称" pairs."""

    vocabulary: Counter[str]
    short_forms: dict[str, str]
    by_initial: dict[str, list[tuple[int, str]]]

    @classmethod
    def from_corpus(cls, tokens: Iterable[Iterable[str]], texts: Iterable[str]) -> MinedTerms:
        """Count multi-character tokens; collect （以下简称X） pairs."""
        counts: Counter[str] = Counter()
        for doc in tokens:
            counts.update(doc)  # counted in C; the few distinct tokens are filtered afterwards
        vocab = Counter({t: n for t, n in counts.items() if len(t) >= 2 and _CJK.match(t)})
        short: dict[str, str] = {}
        for text in texts:
            for full, abbr in _SHORT_FOR.findall(text):
                short.setdefault(abbr, full)
        initial: dict[str, list[tuple[int, str]]] = {}
        for term, count in vocab.items():
            if count >= 2 and 3 <= len(term) <= 6:
                initial.setdefault(term[0], []).append((count, term))
        return cls(vocab, short, initial)

    def expand(self, word: str) -> list[str]:
        """Corpus terms for ``word`` when the corpus itself never uses it."""
        if word in self.short_forms:
            return [self.short_forms[word]]
        if word in self.vocabulary or not 2 <= len(word) <= 3 or not _CJK.match(word):
            return []
        best = [(n, t) for n, t in self.by_initial.get(word[0], []) if _abbreviates(word, t)]
        return [max(best)[1]] if best else []


def _abbreviates(short: str, full: str) -> bool:
    """家暴 / 家庭暴力: same first character, the rest in order, the full form at most twice as long."""
    if full[0] != short[0] or not len(short) < len(full) <= 2 * len(short):
        return False
    rest = iter(full[1:])
    return all(char in rest for char in short[1:])


@dataclass(frozen=True)
class Expansion:
    """Legal terms added to a question and the rewritten query shown to the user."""

    terms: tuple[str, ...]
    rewritten: str


def expand(question: str, words: list[str], mined: MinedTerms | None = None) -> Expansion:
    """Add legal terms for lay words in ``question`` (``words`` are its tokens, for the mined part)."""
    terms: list[str] = []
    for lay, legal in thesaurus().items():
        if lay in question:
            terms.extend(legal)
    terms.extend(age_terms(question))
    terms.extend(duration_terms(question))
    if mined is not None:
        for word in words:
            terms.extend(mined.expand(word))
    new = [t for t in dict.fromkeys(terms) if t not in question]
    rewritten = f"{question}（{'、'.join(new)}）" if new else ""
    return Expansion(tuple(new), rewritten)
