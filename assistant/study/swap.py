"""Replacement terms that make a sentence false (判断/多选) or an option wrong (单选 distractors).

A replacement is of the same kind (and unit: 日 for 日, 周岁 for 周岁), differs in value, does not occur
in the source article (so it cannot be "also right" by another clause) and, for bodies, is not of the
same family. :func:`false_variant` additionally checks the corpus: the swapped sentence must occur in
no article of any document.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from assistant.ingest.numerals import cn_to_int, int_to_cn
from assistant.study.corpus import Corpus
from assistant.study.facts import (
    CORE_BODIES,
    DUTY_FLIP,
    FAMILY,
    Fact,
    bodies_in,
    find_terms,
    norm,
    same_family,
    swappable,
    unit,
)
from assistant.study.items import canonical_term

_VALUES: dict[str, tuple[int, ...]] = {
    "日": (3, 5, 7, 10, 15, 20, 30, 60, 90), "个工作日": (3, 5, 7, 10, 15, 20),
    "工作日": (3, 5, 7, 10, 15), "天": (3, 5, 7, 10, 15, 30), "小时": (12, 24, 48, 72),
    "个月": (1, 2, 3, 6, 9), "年": (1, 2, 3, 5, 10, 15), "周": (1, 2, 4),
    "周岁": (14, 16, 18, 22, 25, 28, 30, 35, 45), "元": (100, 200, 500, 1000, 2000, 5000),
    "万元": (1, 5, 10, 20, 50, 100), "倍": (2, 3, 5, 10), "学时": (20, 24, 30, 40, 60),
}
_DEFAULT_VALUES = (2, 3, 5, 7, 9, 10, 15)
_FRACTIONS = ("二分之一", "三分之一", "三分之二", "四分之一", "四分之三", "五分之四")


def _value(term: str) -> int | None:
    digits = term[: len(term) - len(unit(term))]
    try:
        return cn_to_int(digits)
    except ValueError:
        return None


def _synthetic(fact: Fact) -> list[str]:
    """Plausible made-up values of the same unit (used when siblings offer too few)."""
    if fact.kind == "duty":
        return [DUTY_FLIP[fact.term]] if fact.term in DUTY_FLIP else []
    if fact.kind == "body":
        return list(CORE_BODIES)
    if "分之" in fact.term:
        return list(_FRACTIONS)
    suffix = unit(fact.term)
    return [_numeral(v, suffix) + suffix for v in _VALUES.get(suffix, _DEFAULT_VALUES)]


def _numeral(value: int, suffix: str) -> str:
    """两个月, 两名 (as statutes write them), but 二年, 二十日."""
    return "两" if value == 2 and suffix in ("个月", "名", "人", "倍", "个工作日") else int_to_cn(value)


def is_wrong_term(fact: Fact, candidate: str, context: str) -> bool:
    """True when ``candidate`` in place of ``fact.term`` is certainly not what the article says."""
    if fact.kind == "duty":
        return DUTY_FLIP.get(fact.term) == candidate
    if fact.kind == "body":
        return (candidate in FAMILY and norm(candidate) not in context and swappable(fact)
                and not same_family(fact.term, candidate) and FAMILY[candidate] not in bodies_in(context))
    if canonical_term(candidate) in {canonical_term(m.group()) for m in find_terms(fact.kind, context)}:
        return False  # the article itself states this value somewhere
    if "分之" in fact.term or "分之" in candidate:
        return "分之" in fact.term and "分之" in candidate and candidate != fact.term
    return unit(candidate) == unit(fact.term) and canonical_term(candidate) != canonical_term(fact.term) \
        and _value(candidate) != _value(fact.term)


def replacements(fact: Fact, pool: Iterable[str], context: str, rng: random.Random) -> list[str]:
    """Wrong terms for ``fact``: pool terms (same document) first, then synthetic; shuffled within."""
    low, high = _range_bounds(fact)
    first = _distinct(t for t in pool if is_wrong_term(fact, t, context) and _within(t, low, high))
    rest = _distinct(t for t in _synthetic(fact) if is_wrong_term(fact, t, context) and _within(t, low, high))
    rng.shuffle(first)
    rng.shuffle(rest)
    return _distinct([*first, *rest])


def _range_bounds(fact: Fact) -> tuple[int | None, int | None]:
    """For ``五日以上十日以下`` keep a swapped bound on its side of the other (plausible, not only false)."""
    if fact.kind not in ("period", "number"):
        return None, None
    before, after = fact.sentence[: fact.start], fact.sentence[fact.start + len(fact.term):]
    low = high = None
    if after.startswith("以上"):
        upper = next(iter(find_terms(fact.kind, after[2:14])), None)
        high = _value(upper.group()) if upper and unit(upper.group()) == unit(fact.term) else None
    tail = before[-14:]
    lower = next((m for m in find_terms(fact.kind, tail) if tail.endswith(m.group() + "以上")), None)
    if lower and unit(lower.group()) == unit(fact.term):
        low = _value(lower.group())
    return low, high


def _within(candidate: str, low: int | None, high: int | None) -> bool:
    value = _value(candidate)
    if value is None:
        return low is None and high is None
    return (low is None or value > low) and (high is None or value < high)


def _distinct(terms: Iterable[str]) -> list[str]:
    """Drop terms equal in value to an earlier one (两年 = 二年)."""
    seen: dict[str, str] = {}
    for term in terms:
        seen.setdefault(canonical_term(term), term)
    return list(seen.values())


def swapped(fact: Fact, replacement: str) -> str:
    """The sentence with this occurrence of the term replaced."""
    return fact.blanked(replacement)


def false_variant(fact: Fact, corpus: Corpus, context: str, pool: Iterable[str],
                  rng: random.Random) -> tuple[str, str] | None:
    """(false sentence, replacement) or None when no replacement passes the corpus check."""
    for candidate in replacements(fact, pool, context, rng):
        statement = swapped(fact, candidate)
        if not corpus.contains(statement):
            return statement, candidate
    return None
