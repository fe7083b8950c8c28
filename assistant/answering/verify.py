"""Citation verification of generated text: pure functions, no index or model needed.

Three checks, each flagging what it cannot confirm:

* markers ``[n]`` must number one of the provided articles (else removed and flagged);
* every ``《X》第N条`` must exist in the index (else removed and flagged); a bare ``第N条`` must be
  one of the provided articles or be mentioned in one (else flagged);
* quoted spans (「…」 or “…”) must be exact substrings of the cited article (else flagged).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.ingest.numerals import CN_NUMBER, article_label, cn_to_int

MARKER = re.compile(r"\[(\d{1,3})\]")
REFERENCE = re.compile(
    rf"《([^《》\n]{{1,40}})》\s*(?:[（(]\d{{4}}\s*年?版?[）)])?\s*第\s*({CN_NUMBER}|\d+)\s*条")
QUOTE = re.compile(r"「([^「」\n]{2,300})」|“([^“”\n]{2,300})”")
BARE_ARTICLE = re.compile(rf"第\s*({CN_NUMBER}|\d+)\s*条")
REMOVED = "〔无法核实的引用已删除〕"
_TRAILING = re.compile(r"[\s，。；：、,.;:）)]{0,3}((?:\[\d{1,3}\]\s*)+)")
_SPACES = re.compile(r"\s+")

ArticleExists = Callable[[str, int], bool]


@dataclass(frozen=True)
class Verified:
    """Checked text plus what could not be verified."""

    text: str
    invalid_citations: list[str] = field(default_factory=list)
    unverified_quotes: list[str] = field(default_factory=list)

    def report(self) -> dict[str, list[str]]:
        """The ``Answer.verification`` dict."""
        return {"invalid_citations": list(self.invalid_citations),
                "unverified_quotes": list(self.unverified_quotes)}


def markers(text: str) -> list[int]:
    """Marker numbers in order of appearance, duplicates kept: ``[1]…[2]…[1]`` → [1, 2, 1]."""
    return [int(m.group(1)) for m in MARKER.finditer(text)]


def check_markers(text: str, count: int) -> tuple[str, list[str]]:
    """Remove markers outside ``1..count``; return the text and the removed markers (once each)."""
    bad: list[str] = []

    def keep(match: re.Match[str]) -> str:
        if 1 <= int(match.group(1)) <= count:
            return match.group(0)
        if match.group(0) not in bad:
            bad.append(match.group(0))
        return ""

    return MARKER.sub(keep, text), bad


def check_references(text: str, exists: ArticleExists) -> tuple[str, list[str]]:
    """Replace every 《X》第N条 that ``exists(X, N)`` rejects; return the text and the rejected ones."""
    bad: list[str] = []

    def keep(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        try:
            number = cn_to_int(match.group(2))
        except ValueError:
            number = 0
        if number > 0 and exists(name, number):
            return match.group(0)
        label = f"《{name}》第{match.group(2)}条"
        if label not in bad:
            bad.append(label)
        return REMOVED

    return REFERENCE.sub(keep, text), bad


def check_bare_articles(text: str, articles: Sequence[str]) -> list[str]:
    """Bare 第N条 (no law named) that is neither a provided article nor mentioned in one."""
    provided = {_label_number(a) for a in articles}
    bodies = "".join(_squash(a) for a in articles)
    bad: list[str] = []
    for match in BARE_ARTICLE.finditer(text):
        if text[: match.start()].rstrip().endswith(("》", "）", ")")):
            continue  # 《X》第N条 and 《X》（2018年版）第N条 are check_references' job
        number = cn_to_int(match.group(1))
        word = _squash(match.group(0))
        known = number in provided or word in bodies or article_label(number) in bodies
        if not known and word not in bad:
            bad.append(word)
    return bad


def _label_number(article: str) -> int:
    match = BARE_ARTICLE.match(article.strip())
    return cn_to_int(match.group(1)) if match else 0


def quotes(text: str) -> list[tuple[str, int]]:
    """Quoted spans with the position just after the closing quote mark."""
    return [(m.group(1) or m.group(2), m.end()) for m in QUOTE.finditer(text)]


def cited_after(text: str, position: int) -> list[int]:
    """Markers standing right after ``position`` (``「…」[1][2]`` → [1, 2])."""
    match = _TRAILING.match(text, position)
    return [int(n) for n in MARKER.findall(match.group(1))] if match else []


def _squash(text: str) -> str:
    return _SPACES.sub("", text)


def check_quotes(text: str, articles: Sequence[str]) -> list[str]:
    """Quotes that are not exact substrings of the article(s) they cite.

    A quote is checked against the articles whose markers follow it; a quote without a marker
    must appear in one of the provided articles. Whitespace is ignored in the comparison.
    """
    bad: list[str] = []
    for span, end in quotes(text):
        numbers = [n for n in cited_after(text, end) if 1 <= n <= len(articles)]
        pool = [articles[n - 1] for n in numbers] or list(articles)
        if not any(_squash(span) in _squash(a) for a in pool) and span not in bad:
            bad.append(span)
    return bad


def verify(text: str, articles: Sequence[str], exists: ArticleExists) -> Verified:
    """Run all checks on generated ``text``; ``articles`` are the provided texts, [1] first."""
    text, bad_markers = check_markers(text, len(articles))
    text, bad_refs = check_references(text, exists)
    bare = check_bare_articles(text, articles)
    return Verified(text.strip(), bad_markers + bad_refs + bare, check_quotes(text, articles))


def cited_numbers(text: str, count: int) -> list[int]:
    """Distinct valid marker numbers in order of first use."""
    seen: list[int] = []
    for n in markers(text):
        if 1 <= n <= count and n not in seen:
            seen.append(n)
    return seen
